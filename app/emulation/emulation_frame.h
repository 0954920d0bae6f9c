#pragma once
// One picture of a running (or paused) emulation, made on the emulation's thread and
// handed to the views, which draw it as it is: the whole system at a step, the run's
// figures so far, and what each device did last.

#include <memory>
#include <string>
#include <vector>

#include <QMetaType>
#include <QString>

#include "emulators/simulator.h"
#include "emulators/system_state.h"

namespace swivel::emulation {

// The run's figures at one moment of virtual time, for the charts: counters since
// the start (rates come from two samples) and levels at that moment.
struct RunSample {
    emu::VirtualTime time = 0;
    std::uint64_t deviceEvents = 0;
    std::uint64_t applied = 0;
    std::uint64_t conflicts = 0;
    std::uint64_t commands = 0;
    int busyInstances = 0;
    std::size_t inFlight = 0;
};

struct EmulationFrame {
    std::uint64_t step = 0;
    emu::VirtualTime time = 0;
    emu::VirtualTime duration = 0;
    bool running = false;   // playing (not paused)
    bool finished = false;  // the run's time is up; only Reset goes on
    bool replay = false;    // a moment of a recorded session (scrubbing), not the live run
    std::uint64_t lastStep = 0;  // replay: the session's last step
    emu::SystemState state;
    emu::SimulationSummary summary;
    std::vector<std::vector<std::string>> lastTransitions;  // by device: ids taken last
    std::vector<std::string> lastEvents;                    // by device: last event applied
    std::shared_ptr<const std::vector<RunSample>> samples;  // since the start, live runs only
    QString stopReason;   // why it paused by itself ("entering Focus on camera-1 at step 12")
    QString scenarioName;
    QString sessionPath;  // where this run is recorded

    double progress() const {
        return duration > 0 ? std::min(1.0, static_cast<double>(time) / static_cast<double>(duration))
                            : 0.0;
    }
};

using FramePtr = std::shared_ptr<const EmulationFrame>;

} // namespace swivel::emulation

Q_DECLARE_METATYPE(swivel::emulation::FramePtr)
