#pragma once
// The baseline: the camera example written by hand as a switch over an enum, what a
// student would write without Swivel. It does the work the Swivel machine does for
// the benchmark's events (states, variables, the commands with their arguments, and
// the timeout each shooting state arms) and no more: no SCXML semantics, no history,
// no power modes or storage warnings (the sequence has none).

#include <cstdint>
#include <string>
#include <vector>

#include "command.h"
#include "model/semantics.h"

namespace swivel::bench {

// The whole state of one camera: a few bytes and the photo UIDs. Small and flat, so
// it is also the hand-written store's record.
struct HandCamera {
    enum class State : std::uint8_t { Idle, Swivel, Focus, TakePhoto, Off };
    State state = State::Idle;
    std::uint8_t focusTries = 0;
    std::uint32_t armedTimer = 0; // token of the state's timeout; 0: none armed
    std::uint32_t nextTimer = 1;
    std::string lastUID, fullUID, dullUID;
};

// Takes `event` through the machine; appends the commands it sends to `out`.
void handStep(HandCamera& camera, const model::Event& event, std::vector<Command>& out);

} // namespace swivel::bench
