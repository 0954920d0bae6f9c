#include "inspector/state_page.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QSignalBlocker>

#include "commands/change_state.h"
#include "commands/change_state_id.h"
#include "document/document.h"
#include "document/selection.h"
#include "inspector/action_context.h"
#include "inspector/qt_text.h"
#include "inspector/action_list_editor.h"
#include "inspector/commit_line_edit.h"
#include "inspector/id_refusal.h"
#include "inspector/push_edit.h"

namespace swivel::inspector {
namespace {

using model::StateKind;

constexpr StateKind kKinds[] = {StateKind::State, StateKind::Parallel, StateKind::Final,
                                StateKind::ShallowHistory, StateKind::DeepHistory};


} // namespace

StatePage::StatePage(document::Document* document, document::Selection* selection,
                     const model::DeviceCatalog& catalog, QWidget* parent)
    : QWidget(parent), m_document(document), m_selection(selection), m_catalog(catalog),
      m_form(new QFormLayout(this)), m_stateId(new CommitLineEdit(this)),
      m_idError(new QLabel(this)), m_parent(new QLabel(this)), m_kind(new QComboBox(this)),
      m_initial(new QComboBox(this)), m_description(new CommitLineEdit(this)),
      m_entry(new ActionListEditor(QStringLiteral("entryActions"), this)),
      m_exit(new ActionListEditor(QStringLiteral("exitActions"), this)) {
    m_stateId->setObjectName(QStringLiteral("stateId"));
    m_idError->setObjectName(QStringLiteral("stateIdError"));
    m_idError->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_idError->setWordWrap(true);
    m_idError->hide();
    m_parent->setObjectName(QStringLiteral("stateParent"));
    m_kind->setObjectName(QStringLiteral("stateKind"));
    for (StateKind kind : kKinds)
        m_kind->addItem(qs(model::stateKindName(kind)), static_cast<int>(kind));
    m_initial->setObjectName(QStringLiteral("stateInitial"));
    m_description->setObjectName(QStringLiteral("stateDescription"));
    m_description->setPlaceholderText(tr("what the device is doing here"));

    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->addRow(tr("&Id:"), m_stateId);
    m_form->addRow(QString(), m_idError);
    m_form->addRow(tr("Parent:"), m_parent);
    m_form->addRow(tr("&Kind:"), m_kind);
    m_form->addRow(tr("I&nitial child:"), m_initial);
    m_form->addRow(tr("&Description:"), m_description);
    // The action lists take the whole width: their own form is nested inside.
    m_form->addRow(new QLabel(tr("On entry:"), this));
    m_form->addRow(m_entry);
    m_form->addRow(new QLabel(tr("On exit:"), this));
    m_form->addRow(m_exit);

    connect(m_stateId, &CommitLineEdit::committed, this, &StatePage::rename);
    connect(m_stateId, &CommitLineEdit::reverted, m_idError, &QLabel::hide);
    connect(m_kind, &QComboBox::activated, this, [this](int index) {
        const auto kind = static_cast<StateKind>(m_kind->itemData(index).toInt());
        const model::State* state = m_document->machine().findState(m_id);
        if (state && state->kind != kind)
            pushEdit(m_document, new commands::ChangeStateKind(m_document, {m_id}, kind));
    });
    connect(m_initial, &QComboBox::activated, this, [this](int index) {
        const std::string child = m_initial->itemData(index).toString().toStdString();
        const model::State* state = m_document->machine().findState(m_id);
        if (state && state->initial != child)
            pushEdit(m_document, new commands::ChangeStateInitial(m_document, m_id, child));
    });
    connect(m_description, &CommitLineEdit::committed, this, [this](const QString& text) {
        pushEdit(m_document,
                 new commands::ChangeStateDescription(m_document, {m_id}, text.toStdString()));
    });
    connect(m_entry, &ActionListEditor::actionsEdited, this,
            [this](const std::vector<model::Action>& actions) {
                pushEdit(m_document, new commands::ChangeStateActions(
                                         m_document, {m_id},
                                         commands::ChangeStateActions::Which::OnEntry, actions));
            });
    connect(m_exit, &ActionListEditor::actionsEdited, this,
            [this](const std::vector<model::Action>& actions) {
                pushEdit(m_document, new commands::ChangeStateActions(
                                         m_document, {m_id},
                                         commands::ChangeStateActions::Which::OnExit, actions));
            });
}

void StatePage::show(const std::string& id, bool again) {
    m_id = id;
    const model::Machine& machine = m_document->machine();
    const model::State* state = machine.findState(id);
    if (!state)
        return;
    if (again) {
        m_stateId->setValue(QString::fromStdString(state->id));
        m_description->setValue(QString::fromStdString(state->description));
    } else {
        m_stateId->resetValue(QString::fromStdString(state->id));
        m_description->resetValue(QString::fromStdString(state->description));
        m_idError->hide();
    }
    m_parent->setText(state->parent.empty() ? tr("(top level)")
                                            : QString::fromStdString(state->parent));
    {
        const QSignalBlocker blocker(m_kind);
        m_kind->setCurrentIndex(m_kind->findData(static_cast<int>(state->kind)));
    }
    fillInitial();
    const ActionContext context = actionContext(machine, m_catalog, nullptr);
    m_entry->setContext(context);
    m_exit->setContext(context);
    m_entry->setActions(state->onEntry, !again);
    m_exit->setActions(state->onExit, !again);
}

void StatePage::fillInitial() {
    const model::Machine& machine = m_document->machine();
    const model::State* state = machine.findState(m_id);
    const bool compound = state && machine.isCompound(*state);
    m_form->setRowVisible(m_initial, compound);
    const QSignalBlocker blocker(m_initial);
    m_initial->clear();
    if (!compound)
        return;
    m_initial->addItem(tr("(first child)"), QString());
    for (const model::State* child : machine.children(m_id))
        m_initial->addItem(QString::fromStdString(child->id), QString::fromStdString(child->id));
    int index = m_initial->findData(QString::fromStdString(state->initial));
    if (index < 0) {
        m_initial->addItem(tr("%1 (not a child)").arg(QString::fromStdString(state->initial)),
                           QString::fromStdString(state->initial));
        index = m_initial->count() - 1;
    }
    m_initial->setCurrentIndex(index);
}

void StatePage::rename(const QString& text) {
    const std::string newId = text.trimmed().toStdString();
    const model::Machine& machine = m_document->machine();
    if (newId == m_id) {
        m_stateId->resetValue(QString::fromStdString(m_id));
        m_idError->hide();
        return;
    }
    const QString refusal =
        idRefusal(text, tr("state"), QString::fromStdString(m_id),
                  commands::ChangeStateId::canRename(machine, m_id, newId));
    if (!refusal.isEmpty()) {
        m_idError->setText(refusal);
        m_idError->show();
        m_stateId->resetValue(QString::fromStdString(m_id));
        return;
    }
    m_idError->hide();
    const std::string oldId = m_id;
    pushEdit(m_document, new commands::ChangeStateId(m_document, oldId, newId));
    // Keeping the selection on the renamed state is the caller's business.
    if (m_selection->states() == std::vector<std::string>{oldId})
        m_selection->selectState(newId);
}

} // namespace swivel::inspector
