#include "commands/reconnect_transition.h"

#include "commands/machine_tree.h"

namespace swivel::commands {

namespace {

using Kind = document::Change::Kind;

} // namespace

ReconnectTransition::ReconnectTransition(document::Document* document,
                                         const std::string& transitionId, End end,
                                         const std::string& stateId, std::size_t targetIndex)
    : DocumentCommand(document, QStringLiteral("Reconnect Transition")),
      m_transitionId(transitionId), m_end(end), m_stateId(stateId), m_targetIndex(targetIndex) {}

void ReconnectTransition::redo() {
    model::Machine& m = machine();
    const auto index = transitionIndex(m, m_transitionId);
    if (!m_done) {
        m_done = true;
        bool changes = index && m.findState(m_stateId) != nullptr;
        if (changes) {
            const model::Transition& t = m.transitions[*index];
            changes = m_end == End::Source ? t.source != m_stateId
                                           : m_targetIndex >= t.targets.size() ||
                                                 t.targets[m_targetIndex] != m_stateId;
        }
        if (!changes) {
            setObsolete(true);
            return;
        }
    }
    m_applied = true;
    m_index = *index;
    model::Transition& t = m.transitions[m_index];
    m_old = t;
    if (m_end == End::Source)
        t.source = m_stateId;
    else if (m_targetIndex < t.targets.size())
        t.targets[m_targetIndex] = m_stateId;
    else
        t.targets.push_back(m_stateId);
    m_oldEdge = edgeLayout(m, m_transitionId);
    setEdgeLayout(m, m_transitionId, std::nullopt);
    announce({Kind::TransitionsChanged, {m_transitionId}});
    if (m_oldEdge)
        announce({Kind::LayoutChanged, {m_transitionId}});
}

void ReconnectTransition::undo() {
    if (!m_applied)
        return;
    model::Machine& m = machine();
    m.transitions[m_index] = m_old;
    setEdgeLayout(m, m_transitionId, m_oldEdge);
    announce({Kind::TransitionsChanged, {m_transitionId}});
    if (m_oldEdge)
        announce({Kind::LayoutChanged, {m_transitionId}});
}

} // namespace swivel::commands
