#pragma once
// The whole emulator on the benchmark's sequence: one group of cameras that send only
// the workload (no spontaneous events, no replies), a perfect link, a host with
// enough instances, the PhotoInterest service silent (its answers would add events
// the workload does not have), each device event scheduled 10 µs after the previous
// one, fed to the simulator a round at a time (so its queue holds the next round, not
// the whole million). Optionally recorded into a session file.

#include <cstdint>
#include <string>
#include <vector>

#include "emulators/simulator.h"
#include "model/machine.h"

namespace swivel::bench {

struct EmulatorRun {
    const model::Machine* machine = nullptr;
    std::string machineFile;
    const std::vector<model::Event>* events = nullptr;
    const std::vector<std::uint32_t>* order = nullptr; // roundRobinOrder(.., devices)
    int devices = 1;
    std::string recordPath;        // empty: no recording
    double wallBudgetSeconds = 60; // stops feeding events after this long
};

struct EmulatorFigures {
    double eventsPerSecond = 0;         // device events sent / wall time of feeding and running
    bool complete = false;              // every event of the sequence ran within the budget
    double setupSeconds = 0;            // building the simulator (its devices)
    double peakHeapBytesPerDevice = 0;  // heap in use above the baseline, at its highest
    double finalHeapBytesPerDevice = 0; // the same at the end of the run (what it keeps)
    double residentBytesPerDevice = 0;  // resident set after the run above the baseline
    emu::SimulationSummary summary;
    std::vector<std::string> invariantViolations;
};

// Throws std::invalid_argument (from the simulator) when the scenario cannot run.
EmulatorFigures runEmulator(const EmulatorRun& run);

} // namespace swivel::bench
