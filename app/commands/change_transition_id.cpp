#include "commands/change_transition_id.h"

#include "commands/id_generator.h"
#include "commands/machine_tree.h"

namespace swivel::commands {

using Kind = document::Change::Kind;

ChangeTransitionId::ChangeTransitionId(document::Document* document, const std::string& oldId,
                                       const std::string& newId)
    : DocumentCommand(document, QStringLiteral("Rename Transition")), m_from(oldId), m_to(newId) {}

bool ChangeTransitionId::canRename(const model::Machine& machine, const std::string& oldId,
                                   const std::string& newId) {
    return transitionIndex(machine, oldId).has_value() && !newId.empty() && newId != oldId &&
           !IdGenerator(machine).isUsed(newId);
}

void ChangeTransitionId::redo() {
    if (!m_checked) {
        m_checked = true;
        if (!canRename(machine(), m_from, m_to)) {
            setObsolete(true);
            return;
        }
    }
    rename(m_from, m_to);
}

void ChangeTransitionId::undo() {
    rename(m_to, m_from);
}

void ChangeTransitionId::rename(const std::string& from, const std::string& to) {
    model::Machine& m = machine();
    m.transitions[*transitionIndex(m, from)].id = to;
    // The stale entry under `to` cannot exist: `to` was unused when the command ran.
    const std::optional<model::EdgeLayout> edge = edgeLayout(m, from);
    setEdgeLayout(m, from, std::nullopt);
    setEdgeLayout(m, to, edge);
    announce({Kind::TransitionsRemoved, {from}});
    announce({Kind::TransitionsAdded, {to}});
    announce({Kind::TransitionRenamed, {from, to}});
}

} // namespace swivel::commands
