#include "commands/add_transition.h"

#include <algorithm>

#include "commands/id_generator.h"
#include "commands/machine_tree.h"

namespace swivel::commands {

AddTransition::AddTransition(document::Document* document, const std::string& source,
                             std::vector<std::string> targets, const std::string& event,
                             const std::string& transitionId)
    : DocumentCommand(document, QStringLiteral("Add Transition")) {
    m_transition.source = source;
    m_transition.targets = std::move(targets);
    m_transition.event = event;
    m_transition.id = transitionId.empty()
                          ? IdGenerator(document->machine()).next(IdGenerator::kTransitionBase)
                          : transitionId;
}

void AddTransition::redo() {
    model::Machine& m = machine();
    if (!m_done) {
        m_done = true;
        const bool endsOk =
            m.findState(m_transition.source) != nullptr &&
            std::all_of(m_transition.targets.begin(), m_transition.targets.end(),
                        [&](const std::string& target) { return m.findState(target) != nullptr; });
        if (!endsOk || m_transition.id.empty() || IdGenerator(m).isUsed(m_transition.id)) {
            setObsolete(true);
            return;
        }
    }
    m_index = m.transitions.size();
    for (std::size_t i = m.transitions.size(); i-- > 0;) {
        if (m.transitions[i].source == m_transition.source) {
            m_index = i + 1;
            break;
        }
    }
    insertAt(m.transitions, m_index, m_transition);
    m_oldEdge = edgeLayout(m, m_transition.id);
    setEdgeLayout(m, m_transition.id, std::nullopt);
    announce({document::Change::Kind::TransitionsAdded, {m_transition.id}});
}

void AddTransition::undo() {
    model::Machine& m = machine();
    takeAt(m.transitions, m_index);
    setEdgeLayout(m, m_transition.id, m_oldEdge);
    announce({document::Change::Kind::TransitionsRemoved, {m_transition.id}});
}

} // namespace swivel::commands
