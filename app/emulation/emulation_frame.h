#pragma once
// One picture of a running (or paused) emulation, made on the emulation's thread and
// handed to the views, which draw it as it is: the whole system at a step, the run's
// figures so far, and what each device did last.

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <QMetaType>
#include <QString>

#include "emulators/history.h"
#include "emulators/scenario.h"
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
    std::size_t hubQueue = 0;  // deliveries waiting at the hub for an instance
    // Messages the hub holds: waiting, being handled, or waiting to be delivered again
    // (a store outage fills it long before the instances run out).
    std::size_t hubBacklog = 0;
    // Event -> command latency (as SimulationSummary defines it) of the events whose
    // first command arrived since the sample before, in microseconds; 0 when none did.
    double latencyP50Us = 0, latencyP95Us = 0, latencyP99Us = 0;
    std::uint64_t latencySamples = 0;

    // How far apart a run of `duration` is sampled: about 500 samples a run, at least
    // 10 ms of virtual time apart (live runs and recorded sessions alike).
    static emu::VirtualTime intervalFor(emu::VirtualTime duration) {
        return std::max<emu::VirtualTime>(emu::milliseconds(10), duration / 500);
    }
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
    std::shared_ptr<const std::vector<RunSample>> samples;  // since the start, up to this moment
    // The followed device's messages, invocations and store versions, and the fleet's
    // invocations over the last instance window, at this step (null: no device).
    int followedDevice = -1;
    std::shared_ptr<const emu::DeviceHistory> history;
    std::shared_ptr<const emu::InstanceHistory> instances;
    // The scenario run (or recorded): the device table reads its links' outages.
    std::shared_ptr<const emu::Scenario> scenario;
    QString stopReason;   // why it paused by itself ("entering Focus on camera-1 at step 12")
    QString scenarioName;
    QString sessionPath;  // where this run is recorded

    double progress() const {
        return duration > 0 ? std::min(1.0, static_cast<double>(time) / static_cast<double>(duration))
                            : 0.0;
    }
};

using FramePtr = std::shared_ptr<const EmulationFrame>;

// How much history the views are given: the followed device's last messages,
// invocations and versions (a live run of a big fleet keeps fewer: HistoryKeeper),
// and the fleet's invocations over the instance window.
inline constexpr emu::HistoryLimits kViewHistoryLimits{200, 100, 100};
inline constexpr std::size_t kViewInstanceLimit = 2000;
inline constexpr emu::VirtualTime kDefaultInstanceWindow = 20'000'000;

} // namespace swivel::emulation

Q_DECLARE_METATYPE(swivel::emulation::FramePtr)
