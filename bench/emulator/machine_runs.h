#pragma once
// The benchmark's (a), (b) and (c) for one fleet size: the hand-written switch machine
// and Swivel's stepInPlace alone, then both through the handler pattern with a
// versioned store, over the same sequence in the same order.

#include <cstdint>
#include <string>
#include <vector>

#include "model/semantics.h"

namespace swivel::bench {

struct MachineFigures {
    double handSwitch = 0;    // (a) events/s
    double swivelStep = 0;    // (b)
    double handHandler = 0;   // (c)'s baseline
    double swivelHandler = 0; // (c)
};

// Runs the four `passes` times, alternating (one preempted slice on a shared machine
// would otherwise swing a ratio), and keeps each one's best pass. Every variant must
// send the same commands and leave every device in Idle with one version per event,
// or the comparison would be of different work: then `error` says how they differ and
// the result is false.
bool measureMachines(const model::CompiledMachine& machine, const std::vector<model::Event>& events,
                     const std::vector<std::uint32_t>& order, int devices, int passes,
                     MachineFigures& figures, std::string& error);

} // namespace swivel::bench
