#include "commands/id_generator.h"

#include <algorithm>

namespace swivel::commands {

IdGenerator::IdGenerator(const model::Machine& machine) {
    for (const model::State& state : machine.states)
        m_used.insert(state.id);
    for (const model::Transition& transition : machine.transitions)
        m_used.insert(transition.id);
}

bool IdGenerator::isUsed(std::string_view id) const {
    return m_used.count(std::string(id)) != 0;
}

std::string IdGenerator::next(std::string_view base) {
    return numbered(base, 1);
}

std::string IdGenerator::fresh(std::string_view wanted) {
    if (!wanted.empty() && !isUsed(wanted)) {
        m_used.insert(std::string(wanted));
        return std::string(wanted);
    }
    std::string_view base = wanted;
    while (!base.empty() && base.back() >= '0' && base.back() <= '9')
        base.remove_suffix(1);
    return numbered(base.empty() ? baseFor(model::StateKind::State) : base, 2);
}

std::string IdGenerator::numbered(std::string_view base, int from) {
    // Remembering where the search stopped keeps a paste of n states linear.
    int& next = m_next[std::string(base)];
    next = std::max(next, from);
    std::string id;
    do {
        id = std::string(base) + std::to_string(next++);
    } while (isUsed(id));
    m_used.insert(id);
    return id;
}

std::string_view IdGenerator::baseFor(model::StateKind kind) {
    switch (kind) {
    case model::StateKind::State:
        return "State";
    case model::StateKind::Parallel:
        return "Parallel";
    case model::StateKind::Final:
        return "Final";
    case model::StateKind::ShallowHistory:
        return "History";
    case model::StateKind::DeepHistory:
        return "DeepHistory";
    }
    return "State";
}

} // namespace swivel::commands
