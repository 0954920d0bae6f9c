#pragma once
// Questions about the state tree that several commands ask before they edit it:
// descendants, where a new child goes in document order, which `initial` a parent
// has. Iterative and cycle-safe, because a loaded machine may nest deeply or even be
// broken (a parent cycle is a diagnostic, not a reason to hang the editor).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "model/document_order.h"
#include "model/machine.h"

namespace swivel::commands {

std::optional<std::size_t> stateIndex(const model::Machine& machine, std::string_view id);
std::optional<std::size_t> transitionIndex(const model::Machine& machine, std::string_view id);

// `roots` and every state below them (ids that name no state are left out).
std::unordered_set<std::string> withDescendants(const model::Machine& machine,
                                                const std::vector<std::string>& roots);

// True when `id` lies strictly below `ancestor`.
bool isDescendant(const model::Machine& machine, std::string_view id, std::string_view ancestor);

// Where a new last child of `parentId` goes in `states` so that document order holds:
// right after the parent's last descendant; at the end for the top level ("") or a
// parent that does not exist.
std::size_t childInsertIndex(const model::Machine& machine, std::string_view parentId);

// The `initial` that chooses among the children of `parentId`: the machine's for "",
// else the state's; nullptr when there is no such state.
std::string* initialSlot(model::Machine& machine, std::string_view parentId);
const std::string* initialSlot(const model::Machine& machine, std::string_view parentId);

// Whether the children of `parentId` start at an initial child: the top level and
// plain states do; parallel states enter all their regions, the rest have no children.
bool takesInitial(const model::Machine& machine, std::string_view parentId);

// Whether a state of this kind may be an initial child (a history state may not).
bool canBeInitial(model::StateKind kind);

// Layout entries as optional values (nullopt: no entry), so that a command can put back
// exactly what was there, absence included.
std::optional<model::Rect> stateRect(const model::Machine& machine, const std::string& id);
void setStateRect(model::Machine& machine, const std::string& id,
                  const std::optional<model::Rect>& rect);
std::optional<model::EdgeLayout> edgeLayout(const model::Machine& machine, const std::string& id);
void setEdgeLayout(model::Machine& machine, const std::string& id,
                   const std::optional<model::EdgeLayout>& edge);

// Inserts or erases one element of a vector by index.
template <class T> void insertAt(std::vector<T>& items, std::size_t index, T item) {
    items.insert(items.begin() + static_cast<std::ptrdiff_t>(index), std::move(item));
}
template <class T> T takeAt(std::vector<T>& items, std::size_t index) {
    T item = std::move(items[index]);
    items.erase(items.begin() + static_cast<std::ptrdiff_t>(index));
    return item;
}

} // namespace swivel::commands
