#pragma once
// An expression field of the inspector: an ExpressionEditor (one line of QScintilla
// that commits like a line edit) over a red error line. The text is parsed and
// type-checked on every keystroke against the rules its page sets (the scope of the
// transition or state); the first problem is underlined in the editor, with its
// message on hover, and shown under the field, naming its column. The text is
// committed as typed, even with an error: the model keeps what the user wrote and
// validation reports it. The rules' scope also colours the text and feeds completion.
//
// Object names: the editor gets the field's name (e.g. "transitionGuard"), the
// error label the name + "Error" ("transitionGuardError").

#include <QWidget>

#include "inspector/expression_editor.h"
#include "inspector/expression_problem.h"

class QLabel;

namespace swivel::inspector {

class ExpressionField : public QWidget {
    Q_OBJECT
public:
    explicit ExpressionField(const QString& name, QWidget* parent = nullptr);

    void setRules(ExpressionRules rules);
    void setValue(const QString& value) { m_edit->setValue(value); }
    void resetValue(const QString& value) { m_edit->resetValue(value); }
    void setPlaceholderText(const QString& text) { m_edit->setPlaceholderText(text); }
    ExpressionEditor* editor() const { return m_edit; }
    QLabel* errorLabel() const { return m_error; }
    bool hasProblem() const;

signals:
    void committed(const QString& text);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void recheck();
    void fitErrorHeight();

    ExpressionEditor* m_edit;
    QLabel* m_error;
    ExpressionRules m_rules;
};

} // namespace swivel::inspector
