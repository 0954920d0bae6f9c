#include "inspector/transition_page.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QRegularExpressionValidator>
#include <QSignalBlocker>

#include "commands/change_transition.h"
#include "commands/change_transition_id.h"
#include "document/document.h"
#include "document/selection.h"
#include "inspector/action_context.h"
#include "inspector/action_list_editor.h"
#include "inspector/commit_line_edit.h"
#include "inspector/id_refusal.h"
#include "inspector/expression_field.h"
#include "inspector/name_combo.h"
#include "inspector/push_edit.h"
#include "model/expression_scope.h"

namespace swivel::inspector {

TransitionPage::TransitionPage(document::Document* document, document::Selection* selection,
                               const model::DeviceCatalog& catalog, QWidget* parent)
    : QWidget(parent), m_document(document), m_selection(selection), m_catalog(catalog),
      m_transitionId(new CommitLineEdit(this)), m_idError(new QLabel(this)),
      m_ends(new QLabel(this)),
      m_event(new NameCombo(this)),
      m_guard(new ExpressionField(QStringLiteral("transitionGuard"), this)),
      m_after(new CommitLineEdit(this)), m_type(new QComboBox(this)),
      m_actions(new ActionListEditor(QStringLiteral("transitionActions"), this)) {
    m_transitionId->setObjectName(QStringLiteral("transitionId"));
    m_transitionId->setToolTip(tr("Timers, the step output and the generated code name the "
                                  "transition by this id."));
    m_idError->setObjectName(QStringLiteral("transitionIdError"));
    m_idError->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_idError->setWordWrap(true);
    m_idError->hide();
    m_ends->setObjectName(QStringLiteral("transitionEnds"));
    m_ends->setWordWrap(true);
    m_ends->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_event->setObjectName(QStringLiteral("transitionEvent"));
    m_event->edit()->setObjectName(QStringLiteral("transitionEventEdit"));
    m_event->edit()->setPlaceholderText(tr("none: eventless"));
    m_guard->setPlaceholderText(tr("none: always"));
    m_after->setObjectName(QStringLiteral("transitionAfter"));
    m_after->setPlaceholderText(tr("none: waits for the event"));
    m_after->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,12}")), m_after));
    m_type->setObjectName(QStringLiteral("transitionType"));
    m_type->addItem(tr("external"), static_cast<int>(model::TransitionType::External));
    m_type->addItem(tr("internal"), static_cast<int>(model::TransitionType::Internal));
    m_type->setToolTip(tr("An internal transition does not leave and re-enter its source "
                          "when it targets a descendant."));

    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Id:"), m_transitionId);
    form->addRow(QString(), m_idError);
    form->addRow(tr("From → to:"), m_ends);
    form->addRow(tr("&Event:"), m_event);
    form->addRow(tr("&Guard:"), m_guard);
    form->addRow(tr("&After (ms):"), m_after);
    form->addRow(tr("T&ype:"), m_type);
    // The actions take the whole width: their own form is nested inside.
    form->addRow(new QLabel(tr("Actions:"), this));
    form->addRow(m_actions);

    connect(m_transitionId, &CommitLineEdit::committed, this, &TransitionPage::rename);
    connect(m_transitionId, &CommitLineEdit::reverted, m_idError, &QLabel::hide);
    connect(m_event, &NameCombo::committed, this, [this](const QString& text) {
        const std::string event = text.simplified().toStdString();
        const model::Transition* t = m_document->machine().findTransition(m_id);
        if (t && t->event != event)
            pushEdit(m_document, new commands::ChangeTransitionEvent(m_document, {m_id}, event));
    });
    connect(m_guard, &ExpressionField::committed, this, [this](const QString& text) {
        const model::Transition* t = m_document->machine().findTransition(m_id);
        if (t && t->guard.text != text.toStdString())
            pushEdit(m_document,
                     new commands::ChangeTransitionGuard(m_document, {m_id}, text.toStdString()));
    });
    connect(m_after, &CommitLineEdit::committed, this, [this](const QString& text) {
        std::optional<std::int64_t> after;
        if (!text.isEmpty())
            after = text.toLongLong();
        const model::Transition* t = m_document->machine().findTransition(m_id);
        if (t && t->afterMs != after)
            pushEdit(m_document, new commands::ChangeTransitionAfter(m_document, {m_id}, after));
    });
    connect(m_type, &QComboBox::activated, this, [this](int index) {
        const auto type = static_cast<model::TransitionType>(m_type->itemData(index).toInt());
        const model::Transition* t = m_document->machine().findTransition(m_id);
        if (t && t->type != type)
            pushEdit(m_document, new commands::ChangeTransitionType(m_document, {m_id}, type));
    });
    connect(m_actions, &ActionListEditor::actionsEdited, this,
            [this](const std::vector<model::Action>& actions) {
                pushEdit(m_document,
                         new commands::ChangeTransitionActions(m_document, {m_id}, actions));
            });
}

// The device type's events first, in the catalog's order, then every other event the
// machine knows of or already waits for.
QStringList TransitionPage::eventNames() const {
    const model::Machine& machine = m_document->machine();
    QStringList names;
    if (const model::DeviceType* device = m_catalog.findDevice(machine.deviceType))
        for (const model::EventType& event : device->events)
            names << QString::fromStdString(event.name);
    QStringList others;
    for (const auto& [name, tags] : model::knownEvents(machine, m_catalog))
        others << QString::fromStdString(name);
    for (const model::Transition& t : machine.transitions)
        for (std::string_view token : model::descriptorTokens(t.event))
            others << QString::fromUtf8(token.data(), static_cast<qsizetype>(token.size()));
    others.sort();
    others.removeDuplicates();
    for (const QString& name : others)
        if (!names.contains(name))
            names << name;
    return names;
}

void TransitionPage::show(const std::string& id, bool again) {
    m_id = id;
    const model::Machine& machine = m_document->machine();
    const model::Transition* t = machine.findTransition(id);
    if (!t)
        return;
    QStringList targets;
    for (const std::string& target : t->targets)
        targets << QString::fromStdString(target);
    m_ends->setText(targets.isEmpty()
                        ? tr("%1 (targetless)").arg(QString::fromStdString(t->source))
                        : QStringLiteral("%1 → %2").arg(QString::fromStdString(t->source),
                                                        targets.join(QStringLiteral(", "))));

    if (again) {
        m_transitionId->setValue(QString::fromStdString(t->id));
    } else {
        m_transitionId->resetValue(QString::fromStdString(t->id));
        m_idError->hide();
    }
    m_event->setNames(eventNames());
    ExpressionRules guardRules;
    guardRules.scope = model::transitionScope(machine, m_catalog, *t);
    guardRules.expected = model::Type::Bool;
    guardRules.what = tr("a guard");
    m_guard->setRules(std::move(guardRules));
    const QString event = QString::fromStdString(t->event);
    const QString guard = QString::fromStdString(t->guard.text);
    const QString after = t->afterMs ? QString::number(*t->afterMs) : QString();
    if (again) {
        m_event->setValue(event);
        m_guard->setValue(guard);
        m_after->setValue(after);
    } else {
        m_event->resetValue(event);
        m_guard->resetValue(guard);
        m_after->resetValue(after);
    }
    {
        const QSignalBlocker blocker(m_type);
        m_type->setCurrentIndex(m_type->findData(static_cast<int>(t->type)));
    }
    m_actions->setContext(actionContext(machine, m_catalog, t));
    m_actions->setActions(t->actions, !again);
}

void TransitionPage::rename(const QString& text) {
    const std::string newId = text.trimmed().toStdString();
    if (newId == m_id) {
        m_transitionId->resetValue(QString::fromStdString(m_id));
        m_idError->hide();
        return;
    }
    const QString refusal = idRefusal(
        text, tr("transition"), QString::fromStdString(m_id),
        commands::ChangeTransitionId::canRename(m_document->machine(), m_id, newId));
    if (!refusal.isEmpty()) {
        m_idError->setText(refusal);
        m_idError->show();
        m_transitionId->resetValue(QString::fromStdString(m_id));
        return;
    }
    m_idError->hide();
    const std::string oldId = m_id;
    pushEdit(m_document, new commands::ChangeTransitionId(m_document, oldId, newId));
    // The selection follows the transition to its new id, as it does for a state.
    if (m_selection->transitions() == std::vector<std::string>{oldId})
        m_selection->selectTransition(newId);
}

} // namespace swivel::inspector
