#include "document_order.h"

#include <string_view>
#include <unordered_map>

namespace swivel::model {

// Document order: pre-order of the parent tree, siblings in their given order. States
// whose parent does not exist count as top level; states caught in a parent cycle
// follow the rest, in their given order. Iterative: nesting may be deep.
std::vector<std::size_t> documentOrder(const std::vector<State>& states) {
    std::unordered_map<std::string_view, std::size_t> firstIndex;
    for (std::size_t i = 0; i < states.size(); ++i) {
        firstIndex.emplace(states[i].id, i);
    }
    std::unordered_map<std::string_view, std::vector<std::size_t>> children;
    std::vector<std::size_t> roots;
    for (std::size_t i = 0; i < states.size(); ++i) {
        const std::string& parent = states[i].parent;
        if (parent.empty() || firstIndex.count(parent) == 0) {
            roots.push_back(i);
        } else {
            children[parent].push_back(i);
        }
    }
    std::vector<std::size_t> order;
    order.reserve(states.size());
    std::vector<bool> visited(states.size(), false);
    std::vector<std::size_t> stack;
    const auto visit = [&](std::size_t start) {
        stack.push_back(start);
        while (!stack.empty()) {
            const std::size_t index = stack.back();
            stack.pop_back();
            if (visited[index]) {
                continue;
            }
            visited[index] = true;
            order.push_back(index);
            // The first state visited with an id takes its children (ids may repeat).
            const auto it = children.find(states[index].id);
            if (it != children.end()) {
                for (auto child = it->second.rbegin(); child != it->second.rend(); ++child) {
                    stack.push_back(*child);
                }
                children.erase(it);
            }
        }
    };
    for (std::size_t root : roots) {
        visit(root);
    }
    for (std::size_t i = 0; i < states.size(); ++i) {
        if (!visited[i]) {
            visit(i);
        }
    }
    return order;
}

} // namespace swivel::model
