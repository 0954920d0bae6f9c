#include "handled_events.h"

#include <unordered_map>
#include <unordered_set>

#include "document_order.h"
#include "semantics.h"

namespace swivel::model {

namespace {

bool isHistory(const State& state) {
    return state.kind == StateKind::ShallowHistory || state.kind == StateKind::DeepHistory;
}

// Taking the transition leaves the machine in its source state: nothing is exited for
// good. (An external self-transition does exit and re-enter the source, resetting its
// children, but for "does this state react to the event" it is still a loop.)
bool keepsSource(const Transition& transition) {
    for (const std::string& target : transition.targets) {
        if (target != transition.source)
            return false;
    }
    return true;
}

// The transitions of one state, grouped once so that the matrix is
// O(states x events x own transitions) rather than a scan of all transitions per cell.
using TransitionsBySource =
    std::unordered_map<std::string_view, std::vector<const Transition*>>;

TransitionsBySource eventTransitionsBySource(const Machine& machine) {
    TransitionsBySource bySource;
    for (const Transition& transition : machine.transitions) {
        // Timer and eventless transitions never consume a device event.
        if (transition.afterMs || transition.event.empty())
            continue;
        bySource[transition.source].push_back(&transition);
    }
    return bySource;
}

// The transitions of `state` that step() may select for `event`, in document order:
// the matching ones up to the first unguarded one. Empty: the state does not react.
std::vector<const Transition*> candidates(const TransitionsBySource& bySource,
                                          std::string_view state, std::string_view event) {
    std::vector<const Transition*> found;
    const auto it = bySource.find(state);
    if (it == bySource.end())
        return found;
    for (const Transition* transition : it->second) {
        if (!eventDescriptorsMatch(transition->event, event))
            continue;
        found.push_back(transition);
        if (transition->guard.empty())
            break;
    }
    return found;
}

EventHandling cellFor(const std::vector<const Transition*>& matching, const std::string& handler,
                      bool own) {
    EventHandling cell;
    cell.handler = handler;
    bool loops = true;
    cell.conditional = true;
    for (const Transition* transition : matching) {
        cell.transitions.push_back(transition->id);
        loops = loops && keepsSource(*transition);
        cell.conditional = cell.conditional && !transition->guard.empty();
    }
    if (!own)
        cell.status = HandledStatus::HandledByAncestor;
    else
        cell.status = loops ? HandledStatus::SelfLoop : HandledStatus::Handled;
    return cell;
}

} // namespace

const EventHandling* HandledEvents::find(std::string_view state, std::string_view event) const {
    std::size_t column = 0;
    while (column < events.size() && events[column] != event)
        ++column;
    if (column == events.size())
        return nullptr;
    for (const HandledEventsRow& row : rows) {
        if (row.state == state)
            return &row.cells[column];
    }
    return nullptr;
}

HandledEvents handledEvents(const Machine& machine, const DeviceType& deviceType) {
    HandledEvents matrix;
    for (const EventType& event : deviceType.events)
        matrix.events.push_back(event.name);

    std::unordered_map<std::string_view, const State*> byId;
    for (const State& state : machine.states)
        byId.emplace(state.id, &state);
    const TransitionsBySource bySource = eventTransitionsBySource(machine);

    for (std::size_t index : documentOrder(machine.states)) {
        const State& state = machine.states[index];
        if (isHistory(state))
            continue;
        HandledEventsRow row;
        row.state = state.id;
        for (const std::string& event : matrix.events) {
            EventHandling cell;
            // Inner state first, as step() selects; `seen` ends a walk up a parent cycle.
            std::unordered_set<std::string_view> seen;
            for (const State* level = &state; level && seen.insert(level->id).second;) {
                const auto matching = candidates(bySource, level->id, event);
                if (!matching.empty()) {
                    cell = cellFor(matching, level->id, level == &state);
                    break;
                }
                const auto parent = byId.find(level->parent);
                level = parent == byId.end() ? nullptr : parent->second;
            }
            row.cells.push_back(std::move(cell));
        }
        matrix.rows.push_back(std::move(row));
    }
    return matrix;
}

std::string_view handledStatusName(HandledStatus status) {
    switch (status) {
    case HandledStatus::Unhandled:
        return "unhandled";
    case HandledStatus::Handled:
        return "handled";
    case HandledStatus::SelfLoop:
        return "self-loop";
    case HandledStatus::HandledByAncestor:
        return "handled by an ancestor";
    }
    return "unhandled";
}

} // namespace swivel::model
