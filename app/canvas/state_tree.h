#pragma once
// The nesting of a machine's states as the canvas draws it, made safe for any file:
// a state whose parent is unknown, lies on a parent cycle or nests too deep is drawn
// at the top level, and a duplicated id keeps its first state only. Built from a
// Machine by value; holds indices into machine.states, which must outlive it.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/machine.h"

namespace swivel::canvas {

class StateTree {
public:
    explicit StateTree(const model::Machine& machine);

    const model::Machine& machine() const { return m_machine; }
    // Indices into machine().states of the states drawn, in document order.
    const std::vector<int>& states() const { return m_states; }
    int indexOf(std::string_view id) const;  // -1 if unknown (or a dropped duplicate)
    const model::State& state(int index) const { return m_machine.states[index]; }
    int parent(int index) const { return m_parent[index]; }  // -1: top level
    const std::vector<int>& children(int index) const;        // -1: the top level
    int depth(int index) const { return m_depth[index]; }     // 0: top level
    bool isAncestor(int ancestor, int index) const;            // strict
    // A container is drawn as a box holding its children: compound and parallel states.
    bool isContainer(int index) const;
    // The child a compound state (or, with -1, the machine) starts in; -1 if none.
    int initialChild(int index) const;

private:
    const model::Machine& m_machine;
    std::vector<int> m_states;
    std::vector<int> m_parent;
    std::vector<int> m_depth;
    std::vector<std::vector<int>> m_children;
    std::vector<int> m_topLevel;
    std::unordered_map<std::string_view, int> m_index;
};

} // namespace swivel::canvas
