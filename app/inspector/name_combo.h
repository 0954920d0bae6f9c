#pragma once
// An editable combo box for a name chosen from a vocabulary (the device type's events,
// its commands, the µ-services, the machine's variables) that also takes a name not
// in it: the list drops down, a completer pops up while typing, and the text commits
// like a CommitLineEdit (Enter, focus out, or picking an entry; Escape reverts).

#include <QComboBox>
#include <QStringList>

#include "inspector/commit_line_edit.h"

class QCompleter;
class QStringListModel;

namespace swivel::inspector {

class NameCombo : public QComboBox {
    Q_OBJECT
public:
    explicit NameCombo(QWidget* parent = nullptr);

    // The names offered; keeps the text.
    void setNames(const QStringList& names);
    QStringList names() const { return m_names; }
    void setValue(const QString& value) { m_edit->setValue(value); }
    void resetValue(const QString& value) { m_edit->resetValue(value); }
    CommitLineEdit* edit() const { return m_edit; }
    QCompleter* nameCompleter() const { return m_completer; }

signals:
    void committed(const QString& text);

private:
    void pick(const QString& text);

    CommitLineEdit* m_edit;
    QCompleter* m_completer;
    QStringListModel* m_completions;
    QStringList m_names;
};

} // namespace swivel::inspector
