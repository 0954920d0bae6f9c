#include "canvas/state_tree.h"

namespace swivel::canvas {

namespace {

// Deeper nesting than this is drawn flat; the validator reports it.
constexpr int kMaxDrawnDepth = 100;

} // namespace

StateTree::StateTree(const model::Machine& machine)
    : m_machine(machine), m_parent(machine.states.size(), -1),
      m_depth(machine.states.size(), 0), m_children(machine.states.size()) {
    const int count = static_cast<int>(machine.states.size());
    for (int i = 0; i < count; ++i) {
        if (m_index.emplace(machine.states[i].id, i).second)
            m_states.push_back(i);
    }
    std::vector<int> declaredParent(count, -1);
    for (int i : m_states)
        declaredParent[i] = indexOf(machine.states[i].parent);

    // Follow each parent chain to the top; a chain that loops or runs too deep makes
    // the state a top-level one.
    for (int i : m_states) {
        int depth = 0;
        int at = declaredParent[i];
        while (at >= 0 && at != i && depth <= kMaxDrawnDepth) {
            ++depth;
            at = declaredParent[at];
        }
        if (at < 0)
            m_parent[i] = declaredParent[i];
    }
    for (int i : m_states) {
        int depth = 0;
        for (int at = m_parent[i]; at >= 0; at = m_parent[at])
            ++depth;
        m_depth[i] = depth;
        if (m_parent[i] >= 0)
            m_children[m_parent[i]].push_back(i);
        else
            m_topLevel.push_back(i);
    }
}

int StateTree::indexOf(std::string_view id) const {
    if (id.empty())
        return -1;
    const auto it = m_index.find(id);
    return it == m_index.end() ? -1 : it->second;
}

const std::vector<int>& StateTree::children(int index) const {
    return index < 0 ? m_topLevel : m_children[index];
}

bool StateTree::isAncestor(int ancestor, int index) const {
    for (int at = m_parent[index]; at >= 0; at = m_parent[at]) {
        if (at == ancestor)
            return true;
    }
    return false;
}

bool StateTree::isContainer(int index) const {
    return !m_children[index].empty();
}

int StateTree::initialChild(int index) const {
    const std::string& initial = index < 0 ? m_machine.initial : state(index).initial;
    const int child = indexOf(initial);
    if (child >= 0 && parent(child) == index)
        return child;
    // A compound state without a valid initial starts in its first child (as SCXML).
    if (index >= 0 && state(index).kind == model::StateKind::Parallel)
        return -1;
    const auto& kids = children(index);
    for (int kid : kids) {
        const auto kind = state(kid).kind;
        if (kind != model::StateKind::ShallowHistory && kind != model::StateKind::DeepHistory)
            return kid;
    }
    return -1;
}

} // namespace swivel::canvas
