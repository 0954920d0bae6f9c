#pragma once
// A line edit that commits, not types: the inspector writes its text into the model
// only when the user finishes (Enter, Tab, focus out) and only if it differs from the
// value last shown; Escape puts that value back. While the user is typing, a new
// value from the model does not overwrite the text (setValue keeps it for Escape).

#include <QLineEdit>

namespace swivel::inspector {

class CommitLineEdit : public QLineEdit {
    Q_OBJECT
public:
    explicit CommitLineEdit(QWidget* parent = nullptr);

    // The model's value. Shown at once unless the user is editing this field.
    void setValue(const QString& value);
    // Shows `value` even over the user's typing: another element is being shown.
    void resetValue(const QString& value);
    const QString& value() const { return m_value; }
    // True while the text differs from the value and is not yet committed.
    bool isEditing() const { return text() != m_value; }

signals:
    // The user finished with a text that differs from value(); value() is the new text.
    void committed(const QString& text);
    // Escape put value() back.
    void reverted();

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void finishEditing();

    QString m_value;
};

} // namespace swivel::inspector
