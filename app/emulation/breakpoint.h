#pragma once
// Where a running emulation stops by itself: a device entering a state, taking a
// transition, an optimistic-concurrency conflict, or a condition over a device's
// variables (an expression of the machine's language, as in a guard).

#include <string>

namespace swivel::emulation {

struct Breakpoint {
    enum class Kind { EnterState, Transition, Conflict, Condition };
    Kind kind = Kind::EnterState;
    std::string target;  // state id, transition id or expression; unused for Conflict
    std::string device;  // empty: any device
    bool operator==(const Breakpoint&) const = default;

    // "entering Focus", "transition t3 on camera-1", "a conflict", "when focusTries > 2"
    std::string describe() const;
};

} // namespace swivel::emulation
