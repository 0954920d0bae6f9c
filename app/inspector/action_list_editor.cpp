#include "inspector/action_list_editor.h"

#include <algorithm>

#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QRegularExpressionValidator>
#include <QSignalBlocker>
#include <QStringListModel>
#include <QToolButton>
#include <QVBoxLayout>

#include "inspector/commit_line_edit.h"
#include "inspector/qt_text.h"
#include "inspector/expression_field.h"
#include "inspector/name_combo.h"
#include "model/labels.h"

namespace swivel::inspector {
namespace {

using model::ActionKind;

constexpr ActionKind kKinds[] = {ActionKind::Send, ActionKind::Assign, ActionKind::Raise,
                                 ActionKind::Log, ActionKind::Call};


bool usesName(ActionKind kind) {
    return kind != ActionKind::Log;
}
bool usesArguments(ActionKind kind) {
    return kind == ActionKind::Send || kind == ActionKind::Call || kind == ActionKind::Raise;
}
bool usesExpr(ActionKind kind) {
    return kind == ActionKind::Assign || kind == ActionKind::Log;
}

QString nameLabel(ActionKind kind) {
    switch (kind) {
    case ActionKind::Send:
        return QObject::tr("Command:");
    case ActionKind::Assign:
        return QObject::tr("Variable:");
    case ActionKind::Raise:
        return QObject::tr("Event:");
    case ActionKind::Call:
        return QObject::tr("Service:");
    case ActionKind::Log:
        break;
    }
    return QObject::tr("Name:");
}

QToolButton* toolButton(const QString& name, const QString& text, const QString& tip,
                        QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setObjectName(name);
    button->setText(text);
    button->setToolTip(tip);
    button->setAutoRaise(false);
    return button;
}

} // namespace

ActionListEditor::ActionListEditor(const QString& name, QWidget* parent)
    : QWidget(parent), m_list(new QListWidget(this)),
      m_add(toolButton(QStringLiteral("addAction"), tr("Add"), tr("Add an action"), this)),
      m_remove(toolButton(QStringLiteral("removeAction"), tr("Remove"),
                          tr("Remove the selected action"), this)),
      m_up(toolButton(QStringLiteral("moveActionUp"), tr("Up"), tr("Run this action earlier"),
                      this)),
      m_down(toolButton(QStringLiteral("moveActionDown"), tr("Down"), tr("Run this action later"),
                        this)),
      m_detail(new QWidget(this)), m_form(new QFormLayout(m_detail)),
      m_kind(new QComboBox(m_detail)), m_name(new NameCombo(m_detail)),
      m_label(new CommitLineEdit(m_detail)),
      m_expr(new ExpressionField(QStringLiteral("actionExpr"), m_detail)),
      m_delay(new CommitLineEdit(m_detail)), m_arguments(new QWidget(m_detail)),
      m_argumentLayout(new QVBoxLayout(m_arguments)),
      m_addArgument(toolButton(QStringLiteral("addArgument"), tr("Add argument"),
                               tr("Add an argument (name = expression)"), m_arguments)) {
    setObjectName(name);
    m_list->setObjectName(QStringLiteral("actionList"));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_kind->setObjectName(QStringLiteral("actionKind"));
    for (ActionKind kind : kKinds)
        m_kind->addItem(qs(model::actionKindName(kind)), static_cast<int>(kind));
    m_name->setObjectName(QStringLiteral("actionName"));
    m_name->edit()->setObjectName(QStringLiteral("actionNameEdit"));
    m_label->setObjectName(QStringLiteral("actionLabel"));
    m_label->setPlaceholderText(tr("what the log line says first"));
    m_delay->setObjectName(QStringLiteral("actionDelay"));
    m_delay->setPlaceholderText(tr("none: raised at once"));
    m_delay->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,12}")), m_delay));

    auto* buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addWidget(m_up);
    buttons->addWidget(m_down);
    buttons->addStretch();

    m_argumentLayout->setContentsMargins(0, 0, 0, 0);
    m_argumentLayout->setSpacing(2);
    m_argumentLayout->addWidget(m_addArgument, 0, Qt::AlignLeft);

    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->addRow(tr("Kind:"), m_kind);
    m_form->addRow(tr("Name:"), m_name);
    m_form->addRow(tr("Label:"), m_label);
    m_form->addRow(tr("Value:"), m_expr);
    m_form->addRow(tr("Delay (ms):"), m_delay);
    m_form->addRow(tr("Arguments:"), m_arguments);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_list);
    layout->addLayout(buttons);
    layout->addWidget(m_detail);
    // The selected action's fields, indented under the list they belong to.
    m_form->setContentsMargins(12, 0, 0, 0);

    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row == m_current)
            return;
        m_current = row;
        showCurrent(true);
    });
    connect(m_add, &QToolButton::clicked, this, &ActionListEditor::addAction);
    connect(m_remove, &QToolButton::clicked, this, &ActionListEditor::removeAction);
    connect(m_up, &QToolButton::clicked, this, [this] { moveAction(-1); });
    connect(m_down, &QToolButton::clicked, this, [this] { moveAction(1); });
    connect(m_kind, &QComboBox::activated, this, &ActionListEditor::changeKind);
    connect(m_name, &NameCombo::committed, this, [this](const QString& text) {
        editCurrent([&](model::Action& a) { a.name = text.trimmed().toStdString(); });
    });
    connect(m_label, &CommitLineEdit::committed, this, [this](const QString& text) {
        editCurrent([&](model::Action& a) { a.label = text.toStdString(); });
    });
    connect(m_expr, &ExpressionField::committed, this, [this](const QString& text) {
        editCurrent([&](model::Action& a) { a.expr.text = text.toStdString(); });
    });
    connect(m_delay, &CommitLineEdit::committed, this, [this](const QString& text) {
        editCurrent([&](model::Action& a) {
            if (text.isEmpty())
                a.delayMs.reset();
            else
                a.delayMs = text.toLongLong();
        });
    });
    connect(m_addArgument, &QToolButton::clicked, this, &ActionListEditor::addArgument);

    fillList();
    showCurrent(true);
}

void ActionListEditor::setActions(const std::vector<model::Action>& actions, bool otherElement) {
    m_actions = actions;
    if (otherElement)
        m_current = m_actions.empty() ? -1 : 0;
    m_current = std::min(m_current, static_cast<int>(m_actions.size()) - 1);
    if (m_current < 0 && !m_actions.empty())
        m_current = 0;
    fillList();
    showCurrent(otherElement);
}

void ActionListEditor::setContext(ActionContext context) {
    m_context = std::move(context);
    showCurrent(false);
}

void ActionListEditor::fillList() {
    const QSignalBlocker blocker(m_list);
    while (m_list->count() > static_cast<int>(m_actions.size()))
        delete m_list->takeItem(m_list->count() - 1);
    for (std::size_t i = 0; i < m_actions.size(); ++i) {
        const QString summary = qs(model::actionSummary(m_actions[i]));
        const int row = static_cast<int>(i);
        if (row < m_list->count())
            m_list->item(row)->setText(summary);
        else
            m_list->addItem(summary);
    }
    m_list->setCurrentRow(m_current);
    // As tall as its actions (two rows at least, six at most; more scroll).
    const int rows = std::clamp(m_list->count(), 2, 6);
    const int rowHeight = std::max(m_list->sizeHintForRow(0), fontMetrics().height() + 4);
    m_list->setFixedHeight(rows * rowHeight + 2 * m_list->frameWidth() + 4);
    const bool any = m_current >= 0;
    m_remove->setEnabled(any);
    m_up->setEnabled(any && m_current > 0);
    m_down->setEnabled(any && m_current + 1 < static_cast<int>(m_actions.size()));
}

const std::vector<model::Field>*
ActionListEditor::declaredArguments(const model::Action& action) const {
    if (action.kind == ActionKind::Send && m_context.device && action.target.empty()) {
        if (const model::CommandType* command = m_context.device->findCommand(action.name))
            return &command->args;
    } else if (action.kind == ActionKind::Call && m_context.catalog) {
        if (const model::ServiceType* service = m_context.catalog->findService(action.name))
            return &service->request;
    }
    return nullptr;
}

ExpressionRules ActionListEditor::argumentRules(const model::Action& action,
                                                const std::string& name) const {
    ExpressionRules rules;
    rules.scope = m_context.scope;
    rules.required = true;
    rules.what = tr("argument '%1'").arg(QString::fromStdString(name));
    if (const auto* declared = declaredArguments(action))
        for (const model::Field& field : *declared)
            if (field.name == name) {
                rules.expected = field.type;
                // An enumerated argument's values, offered by completion as literals.
                for (const std::string& value : field.values)
                    rules.values << (field.type == model::Type::String
                                         ? QStringLiteral("\"%1\"").arg(qs(value))
                                         : qs(value));
            }
    return rules;
}

ExpressionRules ActionListEditor::exprRules(const model::Action& action) const {
    ExpressionRules rules;
    rules.scope = m_context.scope;
    if (action.kind == ActionKind::Assign) {
        rules.required = true;
        rules.what = tr("the value of '%1'").arg(QString::fromStdString(action.name));
        for (const model::Variable& variable : m_context.variables)
            if (variable.name == action.name) {
                rules.expected = variable.type;
                break;
            }
    }
    return rules;
}

QStringList ActionListEditor::namesFor(ActionKind kind) const {
    QStringList names;
    switch (kind) {
    case ActionKind::Send:
        if (m_context.device)
            for (const model::CommandType& command : m_context.device->commands)
                names << QString::fromStdString(command.name);
        break;
    case ActionKind::Call:
        if (m_context.catalog)
            for (const model::ServiceType& service : m_context.catalog->services())
                names << QString::fromStdString(service.name);
        break;
    case ActionKind::Assign:
        for (const model::Variable& variable : m_context.variables)
            names << QString::fromStdString(variable.name);
        break;
    case ActionKind::Raise:
        names = m_context.events;
        break;
    case ActionKind::Log:
        break;
    }
    return names;
}

void ActionListEditor::showCurrent(bool otherAction) {
    const bool any = m_current >= 0 && m_current < static_cast<int>(m_actions.size());
    m_detail->setVisible(any);
    if (!any) {
        setArgumentRows(0);
        return;
    }
    const model::Action& action = m_actions[static_cast<std::size_t>(m_current)];
    auto set = [otherAction](auto* field, const QString& value) {
        if (otherAction)
            field->resetValue(value);
        else
            field->setValue(value);
    };

    m_kind->setCurrentIndex(m_kind->findData(static_cast<int>(action.kind)));
    m_form->setRowVisible(m_name, usesName(action.kind));
    m_form->setRowVisible(m_label, action.kind == ActionKind::Log);
    m_form->setRowVisible(m_expr, usesExpr(action.kind));
    m_form->setRowVisible(m_delay, action.kind == ActionKind::Raise);
    m_form->setRowVisible(m_arguments, usesArguments(action.kind));
    if (auto* label = qobject_cast<QLabel*>(m_form->labelForField(m_name)))
        label->setText(nameLabel(action.kind));
    if (auto* label = qobject_cast<QLabel*>(m_form->labelForField(m_expr)))
        label->setText(action.kind == ActionKind::Log ? tr("Message:") : tr("Value:"));
    if (auto* label = qobject_cast<QLabel*>(m_form->labelForField(m_arguments)))
        label->setText(action.kind == ActionKind::Raise ? tr("Tags:") : tr("Arguments:"));

    m_name->setNames(namesFor(action.kind));
    set(m_name, QString::fromStdString(action.name));
    set(m_label, QString::fromStdString(action.label));
    m_expr->setRules(exprRules(action));
    set(m_expr, QString::fromStdString(action.expr.text));
    set(m_delay, action.delayMs ? QString::number(*action.delayMs) : QString());

    const bool withArguments = usesArguments(action.kind);
    setArgumentRows(withArguments ? static_cast<int>(action.args.size()) : 0);
    QStringList declaredNames;
    if (const auto* declared = declaredArguments(action))
        for (const model::Field& field : *declared)
            declaredNames << QString::fromStdString(field.name);
    for (std::size_t i = 0; withArguments && i < action.args.size(); ++i) {
        ArgumentRow& row = m_argumentRows[i];
        const model::Argument& argument = action.args[i];
        if (auto* names = qobject_cast<QStringListModel*>(row.name->completer()->model()))
            names->setStringList(declaredNames);
        set(row.name, QString::fromStdString(argument.name));
        row.value->setRules(argumentRules(action, argument.name));
        set(row.value, QString::fromStdString(argument.value.text));
    }
}

// Rows are kept while their count stays, so that a refresh never takes the widget the
// user is typing in; removed rows go later (their button may be the caller).
void ActionListEditor::setArgumentRows(int count) {
    while (static_cast<int>(m_argumentRows.size()) > count) {
        m_argumentRows.back().row->hide();
        m_argumentRows.back().row->deleteLater();
        m_argumentRows.pop_back();
    }
    while (static_cast<int>(m_argumentRows.size()) < count) {
        const int i = static_cast<int>(m_argumentRows.size());
        ArgumentRow row;
        row.row = new QWidget(m_arguments);
        auto* layout = new QHBoxLayout(row.row);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(4);
        row.name = new CommitLineEdit(row.row);
        row.name->setObjectName(QStringLiteral("argumentName%1").arg(i));
        row.name->setPlaceholderText(tr("name"));
        row.name->setMaximumWidth(100);
        auto* names = new QCompleter(new QStringListModel(row.name), row.name);
        names->setCaseSensitivity(Qt::CaseInsensitive);
        row.name->setCompleter(names);
        row.value = new ExpressionField(QStringLiteral("argumentValue%1").arg(i), row.row);
        row.remove = toolButton(QStringLiteral("removeArgument%1").arg(i), QStringLiteral("\u2212"),
                                tr("Remove this argument"), row.row);
        auto* equals = new QLabel(QStringLiteral("="), row.row);
        layout->addWidget(row.name, 0, Qt::AlignTop);
        layout->addWidget(equals, 0, Qt::AlignTop);
        layout->addWidget(row.value, 1);
        layout->addWidget(row.remove, 0, Qt::AlignTop);
        m_argumentLayout->insertWidget(i, row.row);

        connect(row.name, &CommitLineEdit::committed, this, [this, i](const QString& text) {
            editCurrent([&](model::Action& a) {
                if (i < static_cast<int>(a.args.size()))
                    a.args[static_cast<std::size_t>(i)].name = text.trimmed().toStdString();
            });
        });
        connect(row.value, &ExpressionField::committed, this, [this, i](const QString& text) {
            editCurrent([&](model::Action& a) {
                if (i < static_cast<int>(a.args.size()))
                    a.args[static_cast<std::size_t>(i)].value.text = text.toStdString();
            });
        });
        connect(row.remove, &QToolButton::clicked, this, [this, i] {
            editCurrent([&](model::Action& a) {
                if (i < static_cast<int>(a.args.size()))
                    a.args.erase(a.args.begin() + i);
            });
        });
        // Rows come and go: keep Tab going through them in order, before "Add argument".
        QWidget* previous =
            m_argumentRows.empty() ? static_cast<QWidget*>(m_delay) : m_argumentRows.back().remove;
        setTabOrder(previous, row.name);
        setTabOrder(row.name, row.value->editor());
        setTabOrder(row.value->editor(), row.remove);
        setTabOrder(row.remove, m_addArgument);
        m_argumentRows.push_back(row);
    }
}

template <typename F> void ActionListEditor::editCurrent(F&& change) {
    if (m_current < 0 || m_current >= static_cast<int>(m_actions.size()))
        return;
    std::vector<model::Action> actions = m_actions;
    change(actions[static_cast<std::size_t>(m_current)]);
    if (actions == m_actions)
        return;
    emitEdited(std::move(actions), m_current);
}

void ActionListEditor::emitEdited(std::vector<model::Action> actions, int current) {
    m_current = current;
    emit actionsEdited(actions);
}

// A new action is a command to the device when it takes any (the usual thing to do
// in a device's machine), else a log line; its kind is one click away.
void ActionListEditor::addAction() {
    std::vector<model::Action> actions = m_actions;
    model::Action action;
    action.kind = m_context.device && !m_context.device->commands.empty() ? ActionKind::Send
                                                                          : ActionKind::Log;
    const int at = m_current < 0 ? static_cast<int>(actions.size()) : m_current + 1;
    actions.insert(actions.begin() + at, action);
    emitEdited(std::move(actions), at);
    m_name->setFocus(Qt::OtherFocusReason);
}

void ActionListEditor::removeAction() {
    if (m_current < 0 || m_current >= static_cast<int>(m_actions.size()))
        return;
    std::vector<model::Action> actions = m_actions;
    actions.erase(actions.begin() + m_current);
    emitEdited(std::move(actions), std::min(m_current, static_cast<int>(actions.size()) - 1));
}

void ActionListEditor::moveAction(int by) {
    const int to = m_current + by;
    if (m_current < 0 || to < 0 || to >= static_cast<int>(m_actions.size()))
        return;
    std::vector<model::Action> actions = m_actions;
    std::swap(actions[static_cast<std::size_t>(m_current)], actions[static_cast<std::size_t>(to)]);
    emitEdited(std::move(actions), to);
}

// A new kind keeps what both kinds use (the name, the arguments, the expression).
void ActionListEditor::changeKind(int index) {
    const auto kind = static_cast<ActionKind>(m_kind->itemData(index).toInt());
    editCurrent([&](model::Action& a) {
        if (a.kind == kind)
            return;
        model::Action changed;
        changed.kind = kind;
        if (usesName(kind) && usesName(a.kind))
            changed.name = a.name;
        if (usesArguments(kind) && usesArguments(a.kind))
            changed.args = a.args;
        if (usesExpr(kind) && usesExpr(a.kind))
            changed.expr = a.expr;
        a = changed;
    });
}

// The new argument takes the first declared name not given yet, if any.
void ActionListEditor::addArgument() {
    editCurrent([&](model::Action& a) {
        model::Argument argument;
        if (const auto* declared = declaredArguments(a)) {
            for (const model::Field& field : *declared) {
                const bool given =
                    std::any_of(a.args.begin(), a.args.end(),
                                [&](const model::Argument& g) { return g.name == field.name; });
                if (!given) {
                    argument.name = field.name;
                    break;
                }
            }
        }
        a.args.push_back(argument);
    });
    if (!m_argumentRows.empty()) {
        ArgumentRow& row = m_argumentRows.back();
        if (row.name->text().isEmpty())
            row.name->setFocus(Qt::OtherFocusReason);
        else
            row.value->editor()->setFocus(Qt::OtherFocusReason);
    }
}

} // namespace swivel::inspector
