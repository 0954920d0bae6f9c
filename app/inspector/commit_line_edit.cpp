#include "inspector/commit_line_edit.h"

#include <QKeyEvent>

namespace swivel::inspector {

CommitLineEdit::CommitLineEdit(QWidget* parent) : QLineEdit(parent) {
    connect(this, &QLineEdit::editingFinished, this, &CommitLineEdit::finishEditing);
}

void CommitLineEdit::setValue(const QString& value) {
    m_value = value;
    if (hasFocus() && isModified())
        return; // the user's typing wins until it is committed or reverted
    resetValue(value);
}

void CommitLineEdit::resetValue(const QString& value) {
    m_value = value;
    if (text() != value)
        setText(value);
    setModified(false);
}

void CommitLineEdit::finishEditing() {
    setModified(false);
    if (text() == m_value)
        return;
    m_value = text();
    emit committed(m_value);
}

void CommitLineEdit::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Escape && text() != m_value) {
        resetValue(m_value);
        emit reverted();
        event->accept();
        return;
    }
    QLineEdit::keyPressEvent(event);
}

} // namespace swivel::inspector
