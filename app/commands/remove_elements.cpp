#include "commands/remove_elements.h"

#include <algorithm>
#include <unordered_set>

#include "commands/machine_tree.h"

namespace swivel::commands {

namespace {

using Kind = document::Change::Kind;

QString removeText(std::size_t states, std::size_t transitions) {
    if (transitions == 0)
        return states == 1 ? QStringLiteral("Delete State")
                           : QStringLiteral("Delete %1 States").arg(states);
    if (states == 0)
        return transitions == 1 ? QStringLiteral("Delete Transition")
                                : QStringLiteral("Delete %1 Transitions").arg(transitions);
    return QStringLiteral("Delete %1 Elements").arg(states + transitions);
}

template <class Element>
std::vector<std::string> idsOf(const std::vector<std::pair<std::size_t, Element>>& items) {
    std::vector<std::string> ids;
    for (const auto& [index, item] : items)
        ids.push_back(item.id);
    return ids;
}

} // namespace

RemoveElements::RemoveElements(document::Document* document, std::vector<std::string> stateIds,
                               std::vector<std::string> transitionIds)
    : DocumentCommand(document, removeText(stateIds.size(), transitionIds.size())),
      m_stateIds(std::move(stateIds)), m_transitionIds(std::move(transitionIds)) {}

void RemoveElements::redo() {
    model::Machine& m = machine();
    m_states.clear();
    m_transitions.clear();
    m_rects.clear();
    m_edges.clear();
    m_clearedInitials.clear();
    m_clearedMachineInitial.reset();
    m_changedStates.clear();

    const std::unordered_set<std::string> states = withDescendants(m, m_stateIds);
    const std::unordered_set<std::string> chosen(m_transitionIds.begin(), m_transitionIds.end());
    for (std::size_t i = 0; i < m.states.size(); ++i)
        if (states.count(m.states[i].id) != 0)
            m_states.emplace_back(i, m.states[i]);
    for (std::size_t i = 0; i < m.transitions.size(); ++i) {
        const model::Transition& t = m.transitions[i];
        const bool touches =
            states.count(t.source) != 0 ||
            std::any_of(t.targets.begin(), t.targets.end(),
                        [&](const std::string& target) { return states.count(target) != 0; });
        if (touches || chosen.count(t.id) != 0)
            m_transitions.emplace_back(i, t);
    }
    if (m_states.empty() && m_transitions.empty()) {
        if (!m_done)
            setObsolete(true); // nothing to delete: not an edit
        m_done = true;
        return;
    }
    m_done = true;

    // References into the removed part: cleared, remembered.
    if (states.count(m.initial) != 0) {
        m_clearedMachineInitial = m.initial;
        m.initial.clear();
    }
    std::unordered_set<std::string> changed;
    for (std::size_t i = 0; i < m.states.size(); ++i) {
        model::State& state = m.states[i];
        if (states.count(state.id) != 0)
            continue;
        if (!state.initial.empty() && states.count(state.initial) != 0) {
            m_clearedInitials.emplace_back(i, state.initial);
            state.initial.clear();
            changed.insert(state.id);
        }
    }
    for (const auto& [index, state] : m_states)
        if (!state.parent.empty() && states.count(state.parent) == 0 && m.findState(state.parent))
            changed.insert(state.parent); // loses children: may become atomic
    for (const model::State& state : m.states)
        if (changed.count(state.id) != 0)
            m_changedStates.push_back(state.id);

    for (auto it = m_transitions.rbegin(); it != m_transitions.rend(); ++it)
        takeAt(m.transitions, it->first);
    for (auto it = m_states.rbegin(); it != m_states.rend(); ++it)
        takeAt(m.states, it->first);
    for (const auto& [index, state] : m_states) {
        if (const auto rect = stateRect(m, state.id)) {
            m_rects.emplace_back(state.id, *rect);
            setStateRect(m, state.id, std::nullopt);
        }
    }
    for (const auto& [index, transition] : m_transitions) {
        if (const auto edge = edgeLayout(m, transition.id)) {
            m_edges.emplace_back(transition.id, *edge);
            setEdgeLayout(m, transition.id, std::nullopt);
        }
    }

    // Edges go before the states they hang on.
    if (!m_transitions.empty())
        announce({Kind::TransitionsRemoved, idsOf(m_transitions)});
    if (!m_states.empty())
        announce({Kind::StatesRemoved, idsOf(m_states)});
    if (!m_changedStates.empty())
        announce({Kind::StatesChanged, m_changedStates});
    if (m_clearedMachineInitial)
        announce({Kind::MachineProperties, {}});
}

void RemoveElements::undo() {
    model::Machine& m = machine();
    if (m_states.empty() && m_transitions.empty())
        return;
    // Ascending indices: each element lands where it was, because every element before
    // it is back already.
    for (const auto& [index, state] : m_states)
        insertAt(m.states, index, state);
    for (const auto& [index, transition] : m_transitions)
        insertAt(m.transitions, index, transition);
    for (const auto& [id, rect] : m_rects)
        setStateRect(m, id, rect);
    for (const auto& [id, edge] : m_edges)
        setEdgeLayout(m, id, edge);
    for (const auto& [index, initial] : m_clearedInitials)
        m.states[index].initial = initial; // the index from before redo: all are back
    if (m_clearedMachineInitial)
        m.initial = *m_clearedMachineInitial;

    if (!m_states.empty())
        announce({Kind::StatesAdded, idsOf(m_states)});
    if (!m_transitions.empty())
        announce({Kind::TransitionsAdded, idsOf(m_transitions)});
    if (!m_changedStates.empty())
        announce({Kind::StatesChanged, m_changedStates});
    if (m_clearedMachineInitial)
        announce({Kind::MachineProperties, {}});
}

} // namespace swivel::commands
