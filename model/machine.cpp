#include "machine.h"

#include <algorithm>
#include <array>
#include <utility>

namespace swivel::model {

namespace {

template <typename Item, typename Key> auto* findById(Item& items, std::string_view id, Key key) {
    auto it =
        std::find_if(items.begin(), items.end(), [&](const auto& item) { return item.*key == id; });
    return it == items.end() ? nullptr : &*it;
}

constexpr std::array<std::pair<ActionKind, std::string_view>, 5> kActionKindNames{{
    {ActionKind::Send, "send"},
    {ActionKind::Assign, "assign"},
    {ActionKind::Raise, "raise"},
    {ActionKind::Log, "log"},
    {ActionKind::Call, "call"},
}};

constexpr std::array<std::pair<StateKind, std::string_view>, 5> kStateKindNames{{
    {StateKind::State, "state"},
    {StateKind::Parallel, "parallel"},
    {StateKind::Final, "final"},
    {StateKind::ShallowHistory, "history"},
    {StateKind::DeepHistory, "deepHistory"},
}};

template <typename Kind, std::size_t N>
std::string_view nameOf(const std::array<std::pair<Kind, std::string_view>, N>& names, Kind kind) {
    for (const auto& [k, name] : names) {
        if (k == kind) {
            return name;
        }
    }
    return "unknown";
}

template <typename Kind, std::size_t N>
std::optional<Kind> kindOf(const std::array<std::pair<Kind, std::string_view>, N>& names,
                           std::string_view name) {
    for (const auto& [k, n] : names) {
        if (n == name) {
            return k;
        }
    }
    return std::nullopt;
}

} // namespace

const State* Machine::findState(std::string_view id) const {
    return findById(states, id, &State::id);
}

State* Machine::findState(std::string_view id) {
    return findById(states, id, &State::id);
}

const Transition* Machine::findTransition(std::string_view id) const {
    return findById(transitions, id, &Transition::id);
}

const Variable* Machine::findVariable(std::string_view name) const {
    return findById(variables, name, &Variable::name);
}

std::vector<const State*> Machine::children(std::string_view parentId) const {
    std::vector<const State*> result;
    for (const State& state : states) {
        if (state.parent == parentId) {
            result.push_back(&state);
        }
    }
    return result;
}

std::vector<const Transition*> Machine::transitionsFrom(std::string_view stateId) const {
    std::vector<const Transition*> result;
    for (const Transition& transition : transitions) {
        if (transition.source == stateId) {
            result.push_back(&transition);
        }
    }
    return result;
}

bool Machine::isCompound(const State& state) const {
    if (state.kind != StateKind::State) {
        return false;
    }
    return std::any_of(states.begin(), states.end(),
                       [&](const State& s) { return s.parent == state.id; });
}

bool Machine::isAtomic(const State& state) const {
    if (state.kind == StateKind::Final) {
        return true;
    }
    return state.kind == StateKind::State && !isCompound(state);
}

std::string_view actionKindName(ActionKind kind) {
    return nameOf(kActionKindNames, kind);
}

std::optional<ActionKind> actionKindFromName(std::string_view name) {
    return kindOf(kActionKindNames, name);
}

std::string_view stateKindName(StateKind kind) {
    return nameOf(kStateKindNames, kind);
}

std::optional<StateKind> stateKindFromName(std::string_view name) {
    return kindOf(kStateKindNames, name);
}

} // namespace swivel::model
