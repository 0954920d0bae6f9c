#include "document/selection.h"

#include <algorithm>

namespace swivel::document {

namespace {

bool has(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::vector<std::string> kept(const std::vector<std::string>& ids,
                              const std::vector<std::string>& existing) {
    std::vector<std::string> result;
    for (const auto& id : ids)
        if (has(existing, id))
            result.push_back(id);
    return result;
}

} // namespace

bool Selection::contains(const std::string& id) const {
    return has(m_states, id) || has(m_transitions, id);
}

std::string Selection::single() const {
    if (m_states.size() + m_transitions.size() != 1)
        return {};
    return m_states.empty() ? m_transitions.front() : m_states.front();
}

void Selection::set(std::vector<std::string> states, std::vector<std::string> transitions) {
    if (states == m_states && transitions == m_transitions)
        return;
    m_states = std::move(states);
    m_transitions = std::move(transitions);
    emit changed();
}

void Selection::prune(const std::vector<std::string>& existingStates,
                      const std::vector<std::string>& existingTransitions) {
    set(kept(m_states, existingStates), kept(m_transitions, existingTransitions));
}

} // namespace swivel::document
