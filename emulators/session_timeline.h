#pragma once
// What the charts of a recorded run are made of: when each device event, command,
// applied put and conflict happened; the spans in which each invocation ran, each
// message was on its way and each delivery waited at the hub for an instance; and each
// event -> command latency with the time its command arrived. Read in one pass over
// each table, with a connection of its own to the file (open the file with Session
// first: that checks it). The studio bins it into the samples its charts draw
// (app/emulation/session_samples.h).
//
// The definitions are the simulator's (SimulationSummary's counters and latency,
// Simulator::busyInstances, messagesInFlight, hubQueueLength, hubBacklog), so that a
// recorded run's charts are those its live run drew.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "virtual_time.h"

namespace swivel::emu {

// A quantity that rises and falls: how many spans [start, end) hold a moment.
class LevelTimeline {
public:
    void add(VirtualTime start, VirtualTime end);  // an empty span counts nowhere
    void addOpen(VirtualTime start);               // a span that never ended
    void sort();
    // How many spans hold `time` (start <= time < end); after sort().
    std::size_t at(VirtualTime time) const;

private:
    std::vector<VirtualTime> m_starts, m_ends;
};

struct SessionTimeline {
    VirtualTime end = 0;  // the run's clock when it ended
    std::vector<VirtualTime> stepTimes;  // by step, from step 0
    // Each sorted, one entry per occurrence (what SimulationSummary counts).
    std::vector<VirtualTime> deviceEvents;  // sent by devices (copies a link made excluded)
    std::vector<VirtualTime> commands;      // sent to devices (re-sends included, copies not)
    std::vector<VirtualTime> applied;       // puts that moved a machine
    std::vector<VirtualTime> conflicts;     // puts that met a newer version
    LevelTimeline busyInstances;  // invocations running
    LevelTimeline inFlight;       // messages on their way
    // Deliveries waiting at the hub for an instance. A message that reached the hub and
    // was never delivered waits until the end (also one the hub gave up on waiting,
    // which the session does not record: rare, after a minute in the queue).
    LevelTimeline hubQueue;
    // Messages the hub holds: from their arrival until an invocation is done with them
    // (applied, a duplicate, a stale timer, or given up on), so also while they are
    // handled or wait to be delivered again after a failure. Its highest is
    // SimulationSummary::longestQueue.
    LevelTimeline hubBacklog;
    struct Latency {
        VirtualTime arrived = 0;  // when the event's first command reached the device
        VirtualTime latency = 0;  // from the device sending the event
    };
    std::vector<Latency> latencies;  // by arrival

    // The number of entries of a sorted list at or before `time`.
    static std::size_t countUpTo(const std::vector<VirtualTime>& times, VirtualTime time);
};

// Throws std::runtime_error naming the file when it cannot be read.
SessionTimeline readSessionTimeline(const std::string& path);

} // namespace swivel::emu
