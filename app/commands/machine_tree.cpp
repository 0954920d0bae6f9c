#include "commands/machine_tree.h"

#include <algorithm>
#include <unordered_map>

namespace swivel::commands {

namespace {

using ChildMap = std::unordered_map<std::string_view, std::vector<std::size_t>>;

ChildMap childrenByParent(const std::vector<model::State>& states) {
    ChildMap children;
    for (std::size_t i = 0; i < states.size(); ++i)
        if (!states[i].parent.empty())
            children[states[i].parent].push_back(i);
    return children;
}

} // namespace

std::optional<std::size_t> stateIndex(const model::Machine& machine, std::string_view id) {
    for (std::size_t i = 0; i < machine.states.size(); ++i)
        if (machine.states[i].id == id)
            return i;
    return std::nullopt;
}

std::optional<std::size_t> transitionIndex(const model::Machine& machine, std::string_view id) {
    for (std::size_t i = 0; i < machine.transitions.size(); ++i)
        if (machine.transitions[i].id == id)
            return i;
    return std::nullopt;
}

std::unordered_set<std::string> withDescendants(const model::Machine& machine,
                                                const std::vector<std::string>& roots) {
    const ChildMap children = childrenByParent(machine.states);
    std::unordered_set<std::string> result;
    std::vector<std::string_view> work;
    for (const std::string& root : roots)
        if (machine.findState(root))
            work.push_back(root);
    while (!work.empty()) {
        const std::string_view id = work.back();
        work.pop_back();
        if (!result.insert(std::string(id)).second)
            continue; // already seen: a repeated root, or a cycle
        if (const auto it = children.find(id); it != children.end())
            for (std::size_t child : it->second)
                work.push_back(machine.states[child].id);
    }
    return result;
}

bool isDescendant(const model::Machine& machine, std::string_view id, std::string_view ancestor) {
    std::unordered_set<std::string_view> seen;
    const model::State* state = machine.findState(id);
    while (state != nullptr && !state->parent.empty() && seen.insert(state->id).second) {
        if (state->parent == ancestor)
            return true;
        state = machine.findState(state->parent);
    }
    return false;
}

std::size_t childInsertIndex(const model::Machine& machine, std::string_view parentId) {
    const auto parent = parentId.empty() ? std::nullopt : stateIndex(machine, parentId);
    if (!parent)
        return machine.states.size();
    const auto subtree = withDescendants(machine, {std::string(parentId)});
    std::size_t last = *parent;
    for (std::size_t i = *parent; i < machine.states.size(); ++i)
        if (subtree.count(machine.states[i].id) != 0)
            last = i;
    return last + 1;
}

std::string* initialSlot(model::Machine& machine, std::string_view parentId) {
    if (parentId.empty())
        return &machine.initial;
    model::State* state = machine.findState(parentId);
    return state != nullptr ? &state->initial : nullptr;
}

const std::string* initialSlot(const model::Machine& machine, std::string_view parentId) {
    return initialSlot(const_cast<model::Machine&>(machine), parentId);
}

bool takesInitial(const model::Machine& machine, std::string_view parentId) {
    if (parentId.empty())
        return true;
    const model::State* state = machine.findState(parentId);
    return state != nullptr && state->kind == model::StateKind::State;
}

bool canBeInitial(model::StateKind kind) {
    return kind != model::StateKind::ShallowHistory && kind != model::StateKind::DeepHistory;
}

std::optional<model::Rect> stateRect(const model::Machine& machine, const std::string& id) {
    const auto it = machine.layout.states.find(id);
    return it == machine.layout.states.end() ? std::nullopt : std::optional(it->second);
}

void setStateRect(model::Machine& machine, const std::string& id,
                  const std::optional<model::Rect>& rect) {
    if (rect)
        machine.layout.states[id] = *rect;
    else
        machine.layout.states.erase(id);
}

std::optional<model::EdgeLayout> edgeLayout(const model::Machine& machine, const std::string& id) {
    const auto it = machine.layout.transitions.find(id);
    return it == machine.layout.transitions.end() ? std::nullopt : std::optional(it->second);
}

void setEdgeLayout(model::Machine& machine, const std::string& id,
                   const std::optional<model::EdgeLayout>& edge) {
    if (edge)
        machine.layout.transitions[id] = *edge;
    else
        machine.layout.transitions.erase(id);
}

} // namespace swivel::commands
