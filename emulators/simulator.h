#pragma once
// The discrete-event simulator: virtual devices (driven by their catalog entries)
// send events over their links to a hub; an elastic pool of stateless function
// instances handles each delivery with the handler pattern of DESIGN.md (read the
// record and its version, step(), put-if-version, on conflict re-read with backoff,
// only then send the commands); the versioned store, the mock µ-services and the
// timers of the records run in virtual time. One seed, one run: the same scenario and
// seed give the same records in the same order, so the same session file.
//
// Run it as fast as possible (run, runUntil), one event at a time (stepOnce), or
// paced against the wall clock (advanceWallClock, called from a GUI timer).

#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/device_catalog.h"
#include "model/machine.h"
#include "model/semantics.h"
#include "scenario.h"
#include "system_state.h"
#include "trace.h"

namespace swivel::emu {

class LatencyHistogram;

// What a run did, for the CLI's summary and the benchmarks.
struct SimulationSummary {
    std::uint64_t steps = 0;
    VirtualTime time = 0;
    std::uint64_t deviceEvents = 0;       // events devices sent (copies a link made excluded)
    std::uint64_t deliveries = 0;         // hub -> instance deliveries (redeliveries included)
    std::uint64_t invocations = 0;
    std::uint64_t applied = 0;            // events that moved a machine (version + 1)
    std::uint64_t conflicts = 0;          // puts that met a newer version
    std::uint64_t retries = 0;            // re-reads after a conflict
    std::uint64_t duplicatesSuppressed = 0;  // deliveries of an event already applied
    std::uint64_t staleTimers = 0;        // timer messages whose token was no longer armed
    std::uint64_t timersCancelled = 0;    // pending timers cancelled by the put that disarmed them
    std::uint64_t redeliveries = 0;       // failed invocations the hub delivered again
    std::uint64_t deadLettered = 0;
    // Duplicates of events applied so long ago that the record no longer holds their
    // commands: not re-sent (lost if the first instance died before sending them).
    std::uint64_t effectsForgotten = 0;
    std::uint64_t timeouts = 0;
    // Fault injection: instances that died after their put and before their commands
    // (host.crashAfterPut), service calls given up after the service's timeoutMs, and
    // device reboots (scenario's reboots, one per device rebooted).
    std::uint64_t crashes = 0;
    std::uint64_t serviceTimeouts = 0;
    std::uint64_t reboots = 0;
    std::uint64_t coldStarts = 0;
    std::uint64_t commands = 0;           // commands sent to devices (re-sends included)
    std::uint64_t commandsDelivered = 0;
    std::uint64_t serviceCalls = 0;
    std::uint64_t messagesLost = 0;
    std::uint64_t messagesDuplicated = 0;
    std::uint64_t bytesUp = 0;            // device -> cloud, over the links
    std::uint64_t bytesDown = 0;          // cloud -> device
    // Event -> command latency: from a device sending an event to the first command
    // its handler sent arriving at the device, in microseconds.
    double latencyP50Us = 0, latencyP95Us = 0, latencyP99Us = 0;
    std::uint64_t latencySamples = 0;
    // Most messages the hub held at once (waiting for an instance, being handled, or
    // waiting to be delivered again): Simulator::hubBacklog()'s highest.
    std::uint64_t longestQueue = 0;
    int peakInstances = 0;
    // Entries into each state over the fleet, in the machine's document order.
    std::vector<std::pair<std::string, std::uint64_t>> visits;
    std::uint64_t visitsOf(std::string_view state) const;  // 0 for an unknown state

    // {"steps", "time_us", "deviceEvents", ..., "latency_us": {"p50", "p95", "p99",
    //  "samples"}, "visits": {...}}; field names as above.
    nlohmann::ordered_json toJson() const;
};

class Simulator {
public:
    // The machine must compile and every device group's type must be in `catalog`;
    // otherwise throws std::invalid_argument with a message naming the fault.
    Simulator(const Scenario& scenario, const model::Machine& machine,
              const model::DeviceCatalog& catalog);
    ~Simulator();
    Simulator(const Simulator&) = delete;
    Simulator& operator=(const Simulator&) = delete;

    // Observers see every record from step 0 on; attach before the first step.
    void addObserver(SimulationObserver* observer);

    // Takes the next event from the queue; false when the run is over (duration
    // reached or nothing left).
    bool stepOnce();
    // Runs until virtual time `until` (or the end); returns the steps taken.
    std::uint64_t runUntil(VirtualTime until);
    // Runs to the end. `progress`, if set, is called now and then with the fraction done.
    void run(const std::function<void(double)>& progress = {});
    // Paced run: advances virtual time by `wallSeconds * speed` (speed 1: real time).
    std::uint64_t advanceWallClock(double wallSeconds, double speed);
    // Ends the run now: observers get end(); further steps do nothing.
    void finish();

    // When the next event is due: nullopt once the run is over. A paced run (the
    // studio) steps only what is due by the wall clock, then runUntil() that time.
    std::optional<VirtualTime> nextEventTime();

    bool finished() const;
    std::uint64_t step() const;      // steps taken so far
    VirtualTime now() const;
    VirtualTime duration() const;    // the scenario's
    const SimulationSummary& summary() const;  // percentiles up to date after finish()
    // How many handler instances are busy, and how many messages are on their way,
    // now: the studio's charts sample them (cheaper than a whole systemState()).
    int busyInstances() const;
    std::size_t messagesInFlight() const;
    // Deliveries waiting at the hub for an instance, now (all instances busy).
    std::size_t hubQueueLength() const;
    // Messages the hub holds now: waiting for an instance, being handled, or waiting to
    // be delivered again after a failure (summary().longestQueue is its highest).
    std::size_t hubBacklog() const;
    // The event -> command latencies (as summary() defines them) of the first commands
    // that arrived since the last call, moved into `into` (emptied first): the studio's
    // charts take them at each sample. Kept only from the first call on, so that runs
    // without charts pay nothing.
    void takeRecentLatencies(LatencyHistogram& into);
    // Entries into each state so far (summary().visits is filled at the end).
    std::vector<std::pair<std::string, std::uint64_t>> visits() const;
    SystemState systemState() const;
    const std::vector<DeviceInfo>& devices() const;
    const model::CompiledMachine& machine() const;

    // The studio's event injection: `device` sends `event` now (over its link).
    void injectEvent(int device, const model::Event& event);
    // The benchmarks' workload: device events at given times instead of the devices'
    // own spontaneous events; replies to commands still follow `Scenario` settings.
    void scheduleDeviceEvent(VirtualTime at, int device, model::Event event);

    // Checks the invariants of issue 9 (run it at the end of a run; the tests do it at
    // the end of every simulation). Empty when they hold, else one line per violation:
    //  * each device's version equals the events applied to it;
    //  * no event (idempotency key: a link copy shares its original's) applied twice;
    //  * every applied event's commands sent exactly once after de-duplication, or
    //    reported failed. A command's identity is (its causing event, its position among
    //    that event's commands), which is what a device de-duplicates by; so every
    //    sending of an event's commands (the first instance's, or a redelivery's or a
    //    link copy's re-send of what the record kept, at least once) must send the same
    //    positions, and an applied event whose commands were never sent must have been
    //    reported failed (dead-lettered, or effectsForgotten) or still be held by the
    //    hub (its redelivery will send them). Commands sent for an event never applied
    //    are a violation too;
    //  * no timer fires on a stale state: a timer message whose token the record no
    //    longer arms is discarded (staleTimers), never stepped.
    // The bookkeeping is a window of two bytes per recent event id, slid on as events
    // settle: its memory follows what is in flight, not the length of the run.
    std::vector<std::string> checkInvariants() const;

    // Tests of the checker itself: makes the simulator break one rule of the handler
    // pattern on purpose, so that checkInvariants() must report it. Never in a real run.
    enum class Sabotage {
        None,
        ApplyDuplicates,   // a delivery of an applied event is applied again
        FireStaleTimers,   // a timer whose token is gone is stepped anyway
        DropCommands,      // a successful put's commands are not sent
        MiscountApplied,   // an applied event is left out of the device's count
    };
    void sabotageForTesting(Sabotage sabotage);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace swivel::emu
