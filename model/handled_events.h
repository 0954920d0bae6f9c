#pragma once
// The handled-events matrix: for every state of a machine and every event its device
// type sends, whether the state reacts to the event and with which transitions. The
// designer's catalog dock draws it so that a forgotten event ("what happens if
// FocusWarning arrives while Swivelling?") shows as an empty cell. Pure data computed
// from a Machine and a DeviceType; matching follows step() (eventDescriptorsMatch).

#include <string>
#include <string_view>
#include <vector>

#include "device_catalog.h"
#include "machine.h"

namespace swivel::model {

enum class HandledStatus {
    Unhandled,          // neither the state nor any ancestor has a matching transition
    Handled,            // a transition of the state itself moves somewhere else
    SelfLoop,           // the state's own matching transitions keep it where it is:
                        // targetless, or targeting only the source (exit and re-entry)
    HandledByAncestor,  // no transition of its own; an enclosing state's matches
};

// One cell of the matrix.
struct EventHandling {
    HandledStatus status = HandledStatus::Unhandled;
    // The state whose transitions match: the state itself, or the nearest ancestor
    // with a matching transition; empty when unhandled.
    std::string handler;
    // The handler's matching transitions that step() may select, document order: up
    // to and including the first one without a guard (later ones can never be taken).
    std::vector<std::string> transitions;
    // Every one of `transitions` has a guard: when all guards are false the event
    // falls through to the ancestors (or is dropped).
    bool conditional = false;
    bool operator==(const EventHandling&) const = default;
};

struct HandledEventsRow {
    std::string state;
    std::vector<EventHandling> cells;  // one per HandledEvents::events entry
};

struct HandledEvents {
    std::vector<std::string> events;  // the device type's events, catalog order
    // Every state except history pseudo-states (never active themselves), in document
    // order (document_order.h); the ancestor walk stops at a parent cycle.
    std::vector<HandledEventsRow> rows;

    // The cell of `state` and `event`; null when either is not in the matrix.
    const EventHandling* find(std::string_view state, std::string_view event) const;
};

HandledEvents handledEvents(const Machine& machine, const DeviceType& deviceType);

std::string_view handledStatusName(HandledStatus status);  // "handled", "self-loop", ...

} // namespace swivel::model
