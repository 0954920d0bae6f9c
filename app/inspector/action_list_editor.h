#pragma once
// Edits one list of actions (a transition's, or a state's entry or exit actions):
// the list of summaries with Add / Remove / Up / Down, and below it the selected
// action's kind, name (completed from the device type's commands, the µ-services, the
// variables or the known events, by kind), label, expression, delay and arguments.
// Every edit emits actionsEdited() with the whole new list; the page pushes the undo
// command and the document's change comes back through setActions().
//
// Child object names (find them from the editor, e.g. entryActions->findChild(...)):
//   actionList (QListWidget), addAction, removeAction, moveActionUp, moveActionDown
//   (QToolButton), actionKind (QComboBox: send, assign, raise, log, call),
//   actionName (NameCombo; its line edit actionNameEdit), actionLabel, actionDelay
//   (CommitLineEdit), actionExpr (ExpressionEditor, + actionExprError), addArgument
//   (QToolButton), and per argument i: argumentName<i>, argumentValue<i>
//   (ExpressionEditor, + argumentValue<i>Error), removeArgument<i>.

#include <vector>

#include <QStringList>
#include <QWidget>

#include "inspector/expression_problem.h"
#include "model/device_catalog.h"
#include "model/machine.h"

class QComboBox;
class QFormLayout;
class QListWidget;
class QToolButton;
class QVBoxLayout;

namespace swivel::inspector {

class CommitLineEdit;
class ExpressionField;
class NameCombo;

// What the names and expressions of the actions may refer to.
struct ActionContext {
    const model::DeviceType* device = nullptr; // null: unknown device type
    const model::DeviceCatalog* catalog = nullptr;
    std::vector<model::Variable> variables;
    QStringList events; // names a raise may use
    model::TypeScope scope;
};

class ActionListEditor : public QWidget {
    Q_OBJECT
public:
    explicit ActionListEditor(const QString& name, QWidget* parent = nullptr);

    // `otherElement`: the actions of another element than before (select the first).
    void setActions(const std::vector<model::Action>& actions, bool otherElement);
    void setContext(ActionContext context);
    const std::vector<model::Action>& actions() const { return m_actions; }
    int currentIndex() const { return m_current; }

signals:
    void actionsEdited(const std::vector<model::Action>& actions);

private:
    struct ArgumentRow {
        QWidget* row = nullptr;
        CommitLineEdit* name = nullptr;
        ExpressionField* value = nullptr;
        QToolButton* remove = nullptr;
    };

    void fillList();
    void showCurrent(bool otherAction);
    void setArgumentRows(int count);
    const std::vector<model::Field>* declaredArguments(const model::Action& action) const;
    ExpressionRules argumentRules(const model::Action& action, const std::string& name) const;
    ExpressionRules exprRules(const model::Action& action) const;
    QStringList namesFor(model::ActionKind kind) const;

    // Editing: a copy of the list with the current action changed, emitted.
    template <typename F> void editCurrent(F&& change);
    void emitEdited(std::vector<model::Action> actions, int current);
    void addAction();
    void removeAction();
    void moveAction(int by);
    void changeKind(int index);
    void addArgument();

    std::vector<model::Action> m_actions;
    ActionContext m_context;
    int m_current = -1;

    QListWidget* m_list;
    QToolButton* m_add;
    QToolButton* m_remove;
    QToolButton* m_up;
    QToolButton* m_down;
    QWidget* m_detail;
    QFormLayout* m_form;
    QComboBox* m_kind;
    NameCombo* m_name;
    CommitLineEdit* m_label;
    ExpressionField* m_expr;
    CommitLineEdit* m_delay;
    QWidget* m_arguments;
    QVBoxLayout* m_argumentLayout;
    QToolButton* m_addArgument;
    std::vector<ArgumentRow> m_argumentRows;
};

} // namespace swivel::inspector
