#pragma once
// What the handler needs of a state machine: its initial state and one step, both
// over the state's JSON form. The handler sees nothing else of the machine, so its
// loop (read, step, conditional put, retry) can be tested with a small fake machine.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "statechart/statechart.h"

namespace handler {

struct StepOutcome {
    nlohmann::json state;                    // the new state, as it is stored
    std::vector<statechart::Action> actions; // everything step() did, in order
    bool live = true;                        // false: a stale timer; nothing changed
    std::vector<std::string> configuration;  // the active atomic states after the step
};

class MachineModel {
public:
    virtual ~MachineModel() = default;
    // The state of a device that has no record yet.
    virtual nlohmann::json initialState() const = 0;
    // Throws std::runtime_error when `state` is not a state of this machine.
    virtual StepOutcome step(const nlohmann::json& state, const statechart::Event& event) const = 0;
    // The active atomic states of `state` (for reporting a redelivery); throws
    // std::runtime_error like step().
    virtual std::vector<std::string> configuration(const nlohmann::json& state) const = 0;
};

} // namespace handler
