#include "inspector/name_combo.h"

#include <QCompleter>
#include <QSignalBlocker>
#include <QStringListModel>

namespace swivel::inspector {

NameCombo::NameCombo(QWidget* parent)
    : QComboBox(parent), m_edit(new CommitLineEdit(this)), m_completer(new QCompleter(this)),
      m_completions(new QStringListModel(this)) {
    setEditable(true);
    setLineEdit(m_edit);
    setInsertPolicy(QComboBox::NoInsert);
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(8);
    m_completer->setModel(m_completions);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setFilterMode(Qt::MatchContains);
    setCompleter(m_completer);
    connect(m_edit, &CommitLineEdit::committed, this, &NameCombo::committed);
    connect(this, &QComboBox::textActivated, this, &NameCombo::pick);
}

void NameCombo::setNames(const QStringList& names) {
    if (names == m_names)
        return;
    m_names = names;
    m_completions->setStringList(names);
    // Replacing the items would replace the text: keep what is shown (or typed).
    const QString text = m_edit->text();
    const bool modified = m_edit->isModified();
    const QSignalBlocker blocker(this);
    clear();
    addItems(names);
    setCurrentIndex(-1);
    m_edit->setText(text);
    m_edit->setModified(modified);
}

void NameCombo::pick(const QString& text) {
    if (text == m_edit->value())
        return;
    m_edit->resetValue(text);
    emit committed(text);
}

} // namespace swivel::inspector
