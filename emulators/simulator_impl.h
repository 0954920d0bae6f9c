#pragma once
// The simulator's insides, shared by its three parts: simulator.cpp (set-up, the
// event loop, records, the public API), simulator_host.cpp (the hub, the function
// instances and the handler pattern) and simulator_traffic.cpp (devices, links,
// µ-services). Nothing outside emulators/ includes this.

#include <algorithm>
#include <cmath>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "device_behaviour.h"
#include "event_queue.h"
#include "latency_histogram.h"
#include "link_model.h"
#include "mock_service.h"
#include "name_dictionary.h"
#include "random.h"
#include "ring_deque.h"
#include "simulator.h"
#include "slot_table.h"
#include "timer_heap.h"
#include "versioned_store.h"

namespace swivel::emu {

namespace simulation {

using model::Configuration;
using model::EmittedAction;
using model::Event;


// What the queue holds: a kind and two numbers; everything else lives in the
// simulator's tables (a closure per event would cost an allocation each).
enum class Job : std::uint8_t {
    DeviceRandom,    // a: device, b: rate source
    DeviceReaction,  // b: pending reaction id
    Scripted,        // a: device, b: script entry
    Workload,        // a: device, b: workload index
    PowerChange,     // b: power entry
    RaiseDue,        // b: delayed raise slot: its message goes to the hub
    Arrive,          // b: message: reaches its receiver (or is lost there)
    Expire,          // b: message: waited too long for the link
    Redeliver,       // b: message: the hub tries again
    ColdStartDone,   // a: instance, b: invocation
    ReadDone,        // a: instance, b: invocation
    StoreError,      // a: instance, b: invocation
    PutDone,         // a: instance, b: invocation
    BackoffDone,     // a: instance, b: invocation
    RebootStart,     // b: reboot entry
    RebootDone,      // a: device: back up
    ServiceTimeout,  // b: service request: its caller gives up
};

struct Payload {
    Job job = Job::DeviceRandom;
    std::int32_t a = 0;
    std::uint64_t b = 0;
};

// An `after` timer the host holds for a device until it is due (its message is made
// then) or cancelled by the put that disarmed it.
struct PendingTimer {
    int device = -1;
    std::uint64_t token = 0;
    MessageId cause = 0;      // the delivery whose put armed it
    int transition = -1;      // the `after` transition (compiled machine's index)
    std::uint32_t nextOfDevice = kNoTimer;  // the device's next pending timer
    static constexpr std::uint32_t kNoTimer = ~std::uint32_t{0};
};
using Timers = TimerHeap<PendingTimer>;

// A delayed `raise` the host holds until it is due; like a timer's, its message (and
// so its id) is made then, so that ids keep growing in the order messages are sent.
struct PendingRaise {
    int device = -1;
    MessageId cause = 0;
    Event event;
};

// One per device of the fleet, so kept small: its id is in deviceInfos, its
// behaviour that of its group (Simulator::Impl::deviceId, behaviourOf).
struct Device {
    DeviceSideState side;
    Random random;
    Random linkRandom;
    LinkDirection up;
    LinkDirection down;
    int group = 0;
    Timers::Handle firstTimer = PendingTimer::kNoTimer;  // its pending timers, linked
    // A reboot: dark until then; the replies it was preparing (reaction ids below
    // reactionsFrom) died with it.
    VirtualTime downUntil = 0;
    std::uint64_t reactionsFrom = 0;
};

// The invariant checker's bookkeeping per event id (Simulator::checkInvariants): a
// window of ids from `base` on, slid forward as events settle (no live message
// carries them any more), so that it holds what is in flight, not the whole run.
class EventLedger {
public:
    enum Flag : std::uint8_t {
        Applied = 1,  // a put applied it
        Issued = 2,   // its side effects were sent (commands: `commands` of them)
        Failed = 4,   // reported failed: dead-lettered, or effectsForgotten
    };
    struct Entry {
        std::uint8_t flags = 0;
        std::uint8_t commands = 0;  // Send actions of the first sending (capped at 255)
    };
    // The entry of `id`; null for an id that settled already (below the window).
    Entry* at(MessageId id) {
        if (id < m_base)
            return nullptr;
        const MessageId offset = id - m_base;
        if (offset >= m_entries.size())
            m_entries.resize(static_cast<std::size_t>(offset) + 1024);
        return &m_entries[static_cast<std::size_t>(offset)];
    }
    // Drops the entries of ids below `settled`, calling `done(id, entry)` for each.
    template <class Done>
    void settle(MessageId settled, Done done) {
        while (m_base < settled && !m_entries.empty()) {
            done(m_base, m_entries.front());
            m_entries.pop_front();
            ++m_base;
        }
        if (m_entries.empty() && m_base < settled)
            m_base = settled;
    }
    template <class Each>
    void forEach(Each each) const {
        for (std::size_t i = 0; i < m_entries.size(); ++i)
            each(m_base + i, m_entries[i]);
    }
    std::size_t size() const { return m_entries.size(); }

private:
    MessageId m_base = 1;
    RingDeque<Entry> m_entries;  // every applied event looks itself up twice
};

struct Message {
    MessageKind kind = MessageKind::DeviceEvent;
    int device = -1;
    MessageId eventId = 0;       // idempotency key: the original of a link duplicate
    Event event;
    std::int64_t bytes = 0;
    VirtualTime sentAt = 0;
    VirtualTime originSentAt = -1;  // commands: when the device sent the causing event
    MessageId causedBy = 0;
    int deliveries = 0;
    bool inFlight = true;
    bool lost = false;
    bool firstCommand = false;   // the first command an applied event caused
    bool atHub = false;          // held by the hub (waiting, handled, or to redeliver)
    VirtualTime atHubSince = 0;
};

struct Invocation {
    InvocationId id = 0;
    int device = -1;
    MessageId message = 0;
    int delivery = 1;
    int attempt = 1;
    int conflicts = 0;
    std::uint64_t readVersion = 0;
    VirtualTime startedAt = 0;
    // Put: when the request left (compute ends then); the phase is Put from the
    // read's end on, since the put is scheduled then.
    VirtualTime putAt = 0;
    InvocationPhase phase = InvocationPhase::Read;
    // No copy of the record read nor of step()'s result: the put succeeds only if
    // nobody wrote since the read, and then the record is still the one read, so the
    // step is taken when the put lands (applyPut), on the simulator's scratch space.
};

// A function timeout, due at `at` unless the invocation ended before.
struct PendingTimeout {
    VirtualTime at = 0;
    int instance = 0;
    InvocationId invocation = 0;
};

struct Instance {
    bool busy = false;
    bool warm = false;
    Invocation invocation;
};

inline bool prefixMatches(const std::string& prefix, const std::string& id) {
    return prefix.empty() || id.compare(0, prefix.size(), prefix) == 0;
}

} // namespace simulation

struct Simulator::Impl {
    using Job = simulation::Job;
    using Payload = simulation::Payload;
    using Device = simulation::Device;
    using Message = simulation::Message;
    using Invocation = simulation::Invocation;
    using Instance = simulation::Instance;
    using PendingTimeout = simulation::PendingTimeout;
    using Timers = simulation::Timers;
    using PendingTimer = simulation::PendingTimer;
    using PendingRaise = simulation::PendingRaise;
    using Configuration = model::Configuration;
    using EmittedAction = model::EmittedAction;
    using Event = model::Event;

    Scenario scenario;
    std::shared_ptr<const model::CompiledMachine> machine;
    std::vector<std::shared_ptr<const DeviceBehaviour>> behaviours;  // by group
    std::vector<LinkParams> links;                                   // by group
    std::vector<std::shared_ptr<const MockService>> services;
    std::vector<const ServiceSettings*> serviceSettings;             // by service, may be null
    std::vector<SimulationObserver*> observers;

    Random hostRandom;
    VersionedStore store;
    Random serviceRandom;
    EventQueue<Payload> queue;
    std::uint64_t steps = 0;
    bool begun = false;
    bool ended = false;

    std::vector<Device> devices;
    // Events applied to each device's record (the invariant: its version), apart from
    // Device: the put is the only step of an invocation that touches it, and a dense
    // array stays in the cache where a fleet's Device structs do not.
    std::vector<std::uint64_t> appliedCounts;
    std::vector<DeviceInfo> deviceInfos;
    std::vector<int> devicesByName;  // device indices sorted by id

    const DeviceBehaviour& behaviourOf(const Device& d) const {
        return *behaviours[static_cast<std::size_t>(d.group)];
    }
    const std::string& deviceId(std::size_t device) const { return deviceInfos[device].id; }
    const std::string& deviceId(int device) const { return deviceInfos[static_cast<std::size_t>(device)].id; }
    // The index of the device named `id`, or -1.
    int findDevice(std::string_view id) const {
        const auto found = std::lower_bound(devicesByName.begin(), devicesByName.end(), id,
                                            [this](int device, std::string_view name) { return deviceId(device) < name; });
        return found != devicesByName.end() && deviceId(*found) == id ? *found : -1;
    }
    SlotTable<MessageId, Message> messages;
    MessageId nextMessage = 1;
    std::unordered_map<std::uint64_t, Reaction> reactions;
    std::uint64_t nextReaction = 1;
    // Events scheduled from outside (injected, or a benchmark's workload), in slots
    // reused once sent, so that memory follows what is pending.
    std::vector<Event> workload;
    std::vector<std::uint64_t> workloadFree;  // slots of `workload` already sent
    std::vector<simulation::PendingRaise> raises;  // delayed raises, in reused slots
    std::vector<std::uint64_t> raisesFree;

    std::uint64_t addWorkload(Event event) {
        if (workloadFree.empty()) {
            workload.push_back(std::move(event));
            return workload.size() - 1;
        }
        const std::uint64_t slot = workloadFree.back();
        workloadFree.pop_back();
        workload[slot] = std::move(event);
        return slot;
    }

    std::deque<MessageId> pending;  // deliveries waiting for an instance
    // The longest the hub keeps trying to deliver a message (see redeliveryHorizon).
    VirtualTime horizon = 0;
    // The host's fixed durations (scenario.host's, in µs), converted once instead of
    // several times per event.
    struct HostTimes {
        VirtualTime hubLatency = 0, coldStart = 0, timeout = 0, runTime = 0;
    } hostTimes;
    std::uint64_t backlog = 0;      // messages the hub holds
    std::vector<Instance> instances;
    std::vector<int> idle;          // warm idle instances (LIFO: the warmest first)
    std::vector<int> killed;        // instances killed by a timeout, free to restart cold
    std::deque<PendingTimeout> timeouts;  // by due time
    Timers timers;
    int busyInstances = 0;
    InvocationId nextInvocation = 1;
    // Invocations killed by their timeout while their put was on its way: the store
    // still applies the put when it arrives; nobody sends the commands.
    std::unordered_map<InvocationId, Invocation> orphanedPuts;

    // Per-transition facts for visit counting: targets and whether external.
    std::vector<std::vector<int>> transitionTargets;
    std::vector<bool> transitionExternal;
    // The machine's transitions by id, for the timers step() arms (an id in each
    // TimerStart), numbered here: a lookup in the compiled machine's std::unordered_map
    // took about 200 instructions.
    ValuesByName<int> transitionsById;  // CompiledMachine::transitionIndex of each id
    int transitionNamed(std::string_view id) const {
        const int* transition = transitionsById.find(id);
        return transition ? *transition : -1;
    }
    std::vector<std::uint64_t> visitCounts;
    LatencyHistogram latencies;  // event -> first command, per applied device event
    // The same latencies since the studio's charts last took them (null until they do).
    std::unique_ptr<LatencyHistogram> recentLatencies;
    // Invariant bookkeeping (see Simulator::checkInvariants), slid every kSettleSteps.
    simulation::EventLedger ledger;
    static constexpr std::uint64_t kSettleSteps = 1 << 16;
    std::vector<std::string> violations;  // found during the run (at most kMaxViolations)
    std::uint64_t violationCount = 0;
    static constexpr std::size_t kMaxViolations = 100;
    bool provisioning = false;  // beginRun sends the machine's start actions
    Sabotage sabotage = Sabotage::None;

    void violation(std::string text) {
        ++violationCount;
        if (violations.size() < kMaxViolations)
            violations.push_back(std::move(text));
    }
    simulation::EventLedger::Entry* ledgerEntry(MessageId eventId) { return ledger.at(eventId); }
    void markFailed(MessageId eventId) {
        if (auto* entry = ledger.at(eventId))
            entry->flags |= simulation::EventLedger::Failed;
    }
    // Slides the ledger past the events no live message carries any more, checking
    // each one's side effects on its way out.
    void settleLedger();
    // An applied event whose commands were never sent nor reported failed.
    static bool unsent(const simulation::EventLedger::Entry& entry) {
        using L = simulation::EventLedger;
        return (entry.flags & L::Applied) && !(entry.flags & (L::Issued | L::Failed));
    }
    bool isDown(const Device& d) const { return d.downUntil > queue.now(); }

    SimulationSummary summary;
    std::vector<Event> scratchEvents;
    std::vector<Reaction> scratchReactions;
    // applyPut's step: the configuration, the active states before, the result.
    Configuration scratchConfiguration;
    std::vector<int> scratchBefore;
    model::StepResult scratchResult;
    // A duplicate's side effects, as the record kept them.
    std::vector<EmittedAction> scratchEffects;

    // ---------------------------------------------------------------- set-up
    Impl(const Scenario& s, const model::Machine& m, const model::DeviceCatalog& catalog);

    // Every delivery of a message fits in this span after it reached the hub: the
    // redelivery delays, a full run with cold start per delivery, and a minute for
    // waiting on an instance. Later the hub dead-letters it.
    static VirtualTime redeliveryHorizon(const HostSettings& host) {
        double ms = 60000;
        for (int n = 1; n < std::max(1, host.maxDeliveries); ++n)
            ms += host.redeliveryDelayMs * std::pow(2.0, std::min(n - 1, 5));
        ms += std::max(1, host.maxDeliveries) * (host.timeoutMs + host.coldStartMs + host.hubLatencyMs);
        return fromMilliseconds(ms);
    }

    // ---------------------------------------------------------------- records
    bool observed() const { return !observers.empty(); }

    template <class Record, class Call>
    void notify(const Record& record, Call call) {
        for (SimulationObserver* observer : observers)
            (observer->*call)(record);
    }

    // `at`: when the phase starts, if not now.
    void recordPhase(const Invocation& inv, InvocationPhase phase, std::uint64_t version = 0,
                     std::optional<VirtualTime> at = std::nullopt);

    void recordMessageEnd(MessageId id, MessageFate fate);

    void recordState(int device, const Configuration& configuration, const Invocation* inv,
                     const model::StepResult* result);

    // ---------------------------------------------------------------- messages
    MessageId newMessage(MessageKind kind, int device, Event event, std::int64_t bytes,
                         MessageId causedBy);

    void recordSent(MessageId id, const Message& m, MessageId duplicateOf, VirtualTime arrival);

    // Puts a message on its device's link, up (device -> hub) or down (hub -> device).
    void transmit(MessageId id, bool up);

    void deviceSend(int device, Event event);

    void deviceTransfer(int device, std::int64_t bytes);

    void checkDeviceConditions(int device);

    // ---------------------------------------------------------------- hub and host
    void hubAccept(MessageId id);

    void hubRelease(MessageId id);

    void dispatch();

    void startInvocation(int index, MessageId message, bool cold);

    // The function timeout counts the handler's own run, not the instance's boot.
    void armTimeout(int index, VirtualTime delay);

    // Schedules a store operation's completion (`done`) or its failure.
    void storeOperation(int index, VirtualTime startDelay, Job done);

    void beginRead(int index, VirtualTime delay = 0);

    // The instance's job for `id` is still current (not ended by a timeout). Inline:
    // every step asks it of the earliest function timeout.
    Instance* current(int index, InvocationId id) {
        if (index < 0 || static_cast<std::size_t>(index) >= instances.size())
            return nullptr;
        Instance& instance = instances[static_cast<std::size_t>(index)];
        return instance.busy && instance.invocation.id == id ? &instance : nullptr;
    }

    void readDone(int index);

    // The conditional put reaches the store: it lands only if nobody wrote since the
    // read; then step() runs on the record read and scratchResult holds its actions.
    bool applyPut(const Invocation& inv);

    void countVisits(const std::vector<int>& before, const std::vector<int>& after,
                     const std::vector<int>& transitions);
    // A timer event whose token the record no longer arms.
    bool isStaleTimer(const Event& event, std::size_t device) const;
    // The next thing to do, when, and where it waits (the queue, the timers or the
    // function timeouts), dropping moot timeouts on the way.
    enum class DueSource : std::uint8_t { Queue, Timer, Timeout };
    struct Due {
        VirtualTime time = 0;
        DueSource source = DueSource::Queue;
    };
    std::optional<Due> nextDue();
    std::optional<VirtualTime> nextTime();

    void putDone(int index);

    // Carries out the side effects (isSideEffect) among `effects`, in step()'s order.
    // Moves names and arguments out of `effects` into the messages it sends.
    void issueEffects(int device, MessageId cause, std::vector<EmittedAction>& effects,
                      bool firstTime);

    void callService(int device, MessageId cause, const EmittedAction& action);

    // The handler cancels the timers its put disarmed; one already on its way to the
    // hub is found stale when read.
    void cancelTimer(int device, std::uint64_t token);

    // A timer is due: the host sends its message to the hub.
    void timerFires(Timers::Handle handle);
    // A delayed raise is due: the same.
    void raiseDue(std::uint64_t slot);
    // A message the host itself sends to the hub now (a timer, a delayed raise).
    void sendToHub(int device, Event event, MessageId cause);

    void endInvocation(int index, InvocationOutcome outcome);

    // The hub is done with a message: handled, or given up.
    void finishMessage(MessageId id);

    // The invocation failed: the hub delivers the message again later (at least once),
    // until it has tried maxDeliveries times.
    void fail(int index, InvocationOutcome outcome);

    void timeout(int index);

    // ---------------------------------------------------------------- arrivals
    void arrive(MessageId id);

    void commandArrived(MessageId id, Message& m);

    void serviceAnswers(MessageId id, Message& m);

    // ---------------------------------------------------------------- device jobs
    void scheduleRandom(int device, int source);

    void deviceRandom(int device, int source);

    // ---------------------------------------------------------------- set-up run
    void beginRun();

    void scripted(int device, std::size_t index);

    void powerChange(std::size_t index);

    void rebootStart(std::size_t index);

    void rebootDone(int device);

    // ---------------------------------------------------------------- the loop
    void handle(const Payload& p);

    bool stepOnce();
    // Takes the step nextDue() returned, if it is within the run (else the run ends).
    bool stepTo(const std::optional<Due>& next);

    void finish();

    SystemState systemState() const;
};

} // namespace swivel::emu
