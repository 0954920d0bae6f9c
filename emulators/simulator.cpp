#include "simulator_impl.h"

#include <stdexcept>

#include "model/state_record.h"
#include "record_codec.h"

namespace swivel::emu {

using namespace simulation;

nlohmann::ordered_json SimulationSummary::toJson() const {
    nlohmann::ordered_json json;
    json["steps"] = steps;
    json["time_us"] = time;
    json["deviceEvents"] = deviceEvents;
    json["deliveries"] = deliveries;
    json["invocations"] = invocations;
    json["applied"] = applied;
    json["conflicts"] = conflicts;
    json["retries"] = retries;
    json["duplicatesSuppressed"] = duplicatesSuppressed;
    json["staleTimers"] = staleTimers;
    json["timersCancelled"] = timersCancelled;
    json["redeliveries"] = redeliveries;
    json["deadLettered"] = deadLettered;
    json["effectsForgotten"] = effectsForgotten;
    json["timeouts"] = timeouts;
    json["crashes"] = crashes;
    json["serviceTimeouts"] = serviceTimeouts;
    json["reboots"] = reboots;
    json["coldStarts"] = coldStarts;
    json["commands"] = commands;
    json["commandsDelivered"] = commandsDelivered;
    json["serviceCalls"] = serviceCalls;
    json["messagesLost"] = messagesLost;
    json["messagesDuplicated"] = messagesDuplicated;
    json["bytesUp"] = bytesUp;
    json["bytesDown"] = bytesDown;
    json["latency_us"] = {{"p50", latencyP50Us}, {"p95", latencyP95Us}, {"p99", latencyP99Us},
                          {"samples", latencySamples}};
    json["longestQueue"] = longestQueue;
    json["peakInstances"] = peakInstances;
    nlohmann::ordered_json visitsJson = nlohmann::ordered_json::object();
    for (const auto& [state, count] : visits)
        visitsJson[state] = count;
    json["visits"] = visitsJson;
    return json;
}

std::uint64_t SimulationSummary::visitsOf(std::string_view state) const {
    for (const auto& [id, count] : visits) {
        if (id == state)
            return count;
    }
    return 0;
}

Simulator::Impl::Impl(const Scenario& s, const model::Machine& m, const model::DeviceCatalog& catalog)
    : scenario(s), hostRandom(Random(s.seed).fork(1)), store(s.store, Random(s.seed).fork(2)),
      serviceRandom(Random(s.seed).fork(3)) {
    std::vector<model::Diagnostic> diagnostics;
    machine = model::CompiledMachine::compile(m, &diagnostics);
    if (!machine) {
        std::string message = "the machine '" + m.name + "' does not compile";
        for (const model::Diagnostic& d : diagnostics) {
            if (d.severity == model::Severity::Error) {
                message += ": " + (d.elementId.empty() ? "" : d.elementId + ": ") + d.message;
                break;
            }
        }
        throw std::invalid_argument(message);
    }
    const Random root(s.seed);
    std::size_t fleet = 0;
    for (const DeviceGroup& group : s.devices)
        fleet += static_cast<std::size_t>(std::max(0, group.count));
    devices.reserve(fleet);
    deviceInfos.reserve(fleet);
    for (std::size_t g = 0; g < s.devices.size(); ++g) {
        const DeviceGroup& group = s.devices[g];
        const model::DeviceType* type = catalog.findDevice(group.type);
        if (!type)
            throw std::invalid_argument("device type '" + group.type + "' is not in the catalog");
        std::string error;
        auto behaviour = DeviceBehaviour::compile(*type, &error);
        if (!behaviour)
            throw std::invalid_argument("device type '" + group.type + "': " + error);
        behaviours.push_back(behaviour);
        links.push_back(LinkParams::resolve(type->link, group.link));
        const std::string prefix = group.idPrefix.empty() ? group.type + "-" : group.idPrefix;
        for (int i = 1; i <= group.count; ++i) {
            char number[16];
            std::snprintf(number, sizeof number, "%04d", i);
            Device device;
            device.group = static_cast<int>(g);
            device.side = behaviour->initialState();
            const std::uint64_t index = devices.size();
            device.random = root.fork(1000 + 2 * index);
            device.linkRandom = root.fork(1001 + 2 * index);
            deviceInfos.push_back({prefix + number, group.type});
            devices.push_back(std::move(device));
        }
    }
    appliedCounts.assign(devices.size(), 0);
    devicesByName.resize(devices.size());
    for (std::size_t i = 0; i < devices.size(); ++i)
        devicesByName[i] = static_cast<int>(i);
    std::sort(devicesByName.begin(), devicesByName.end(),
              [this](int a, int b) { return deviceId(a) < deviceId(b); });
    const auto twin = std::adjacent_find(devicesByName.begin(), devicesByName.end(),
                                         [this](int a, int b) { return deviceId(a) == deviceId(b); });
    if (twin != devicesByName.end())
        throw std::invalid_argument("two devices are named '" + deviceId(*twin) +
                                    "': give the groups different id prefixes");
    for (const model::ServiceType& type : catalog.services()) {
        std::string error;
        auto service = MockService::compile(type, &error);
        if (!service)
            throw std::invalid_argument("service '" + type.name + "': " + error);
        services.push_back(service);
        const ServiceSettings* settings = nullptr;
        for (const ServiceSettings& candidate : scenario.services) {
            if (candidate.service == type.name)
                settings = &candidate;
        }
        serviceSettings.push_back(settings);
    }
    const model::Machine& source = machine->machine();
    for (const model::Transition& t : source.transitions) {
        std::vector<int> targets;
        for (const std::string& target : t.targets)
            targets.push_back(machine->stateIndex(target));
        transitionTargets.push_back(std::move(targets));
        transitionExternal.push_back(t.type == model::TransitionType::External);
        transitionsById.add(t.id, machine->transitionIndex(t.id));
    }
    visitCounts.assign(static_cast<std::size_t>(machine->stateCount()), 0);
    horizon = redeliveryHorizon(scenario.host);
    hostTimes = {fromMilliseconds(scenario.host.hubLatencyMs), fromMilliseconds(scenario.host.coldStartMs),
                 fromMilliseconds(scenario.host.timeoutMs), std::max<VirtualTime>(0, fromMilliseconds(scenario.host.runTimeMs))};
    instances.reserve(static_cast<std::size_t>(std::max(1, scenario.host.maxInstances)));
}

void Simulator::Impl::recordPhase(const Invocation& inv, InvocationPhase phase, std::uint64_t version,
                                  std::optional<VirtualTime> at) {
    if (!observed())
        return;
    InvocationPhaseRecord r;
    r.step = steps;
    r.time = at.value_or(queue.now());
    r.id = inv.id;
    r.phase = phase;
    r.attempt = inv.attempt;
    r.version = version;
    notify(r, &SimulationObserver::invocationPhase);
}

void Simulator::Impl::recordMessageEnd(MessageId id, MessageFate fate) {
    if (!observed())
        return;
    MessageEndedRecord r{steps, queue.now(), id, fate};
    notify(r, &SimulationObserver::messageEnded);
}

void Simulator::Impl::recordState(int device, const Configuration& configuration, const Invocation* inv,
                                  const model::StepResult* result) {
    if (!observed())
        return;
    StateWrittenRecord r;
    r.step = steps;
    r.time = queue.now();
    r.device = device;
    r.version = store.get(static_cast<std::size_t>(device)).version;
    r.configuration = &configuration;
    if (inv) {
        r.invocation = inv->id;
        r.message = inv->message;
        r.event = &messages.at(inv->message).event;
    }
    if (result) {
        r.transitions = &result->transitions;
        r.actions = &result->actions;
    }
    notify(r, &SimulationObserver::stateWritten);
}

void Simulator::Impl::beginRun() {
    begun = true;
    const std::string scenarioJson = scenario.source.dump();
    for (SimulationObserver* observer : observers)
        observer->begin(*machine, deviceInfos, scenarioJson, scenario.seed);
    const model::StepResult initial = model::start(*machine);
    store.provision(devices.size(), initial.configuration);
    for (int state : initial.configuration.active)  // every device enters them at start
        visitCounts[static_cast<std::size_t>(state)] += devices.size();
    for (std::size_t i = 0; i < devices.size(); ++i)
        recordState(static_cast<int>(i), initial.configuration, nullptr, &initial);
    // The machine's start actions (commands, timers) go out for every device as if
    // an invocation had applied them.
    std::vector<EmittedAction> startEffects;
    for (const EmittedAction& action : initial.actions) {
        if (isSideEffect(action))
            startEffects.push_back(action);
    }
    provisioning = true;  // not events: the ledger leaves them out
    for (std::size_t i = 0; i < devices.size(); ++i) {
        const int device = static_cast<int>(i);
        if (!startEffects.empty()) {
            const MessageId provisioning =
                newMessage(MessageKind::Timer, device, Event{"provisioned", {}}, 0, 0);
            std::vector<EmittedAction> effects = startEffects;
            issueEffects(device, provisioning, effects, false);
            messages.erase(provisioning);
        }
        const DeviceGroup& group = scenario.devices[static_cast<std::size_t>(devices[i].group)];
        const DeviceBehaviour& behaviour = behaviourOf(devices[i]);
        if (group.rateScale > 0) {
            for (int source = 0; source < behaviour.rateSourceCount(); ++source)
                scheduleRandom(device, source);
        }
        checkDeviceConditions(device);
    }
    provisioning = false;
    for (std::size_t s = 0; s < scenario.script.size(); ++s) {
        const ScriptedEvent& entry = scenario.script[s];
        const bool many = !entry.device.empty() && entry.device.back() == '*';
        const std::string prefix = many ? entry.device.substr(0, entry.device.size() - 1) : entry.device;
        for (std::size_t i = 0; i < devices.size(); ++i) {
            if (many ? !prefixMatches(prefix, deviceId(i)) : deviceId(i) != entry.device)
                continue;
            for (int r = 0; r < std::max(1, entry.repeat); ++r)
                queue.schedule(entry.at + r * entry.spacing, {Job::Scripted, static_cast<int>(i), s});
        }
    }
    for (std::size_t p = 0; p < scenario.power.size(); ++p)
        queue.schedule(scenario.power[p].at, {Job::PowerChange, 0, p});
    for (std::size_t r = 0; r < scenario.reboots.size(); ++r)
        queue.schedule(scenario.reboots[r].at, {Job::RebootStart, 0, r});
    for (SimulationObserver* observer : observers)
        observer->stepDone(0, queue.now());
}

void Simulator::Impl::handle(const Payload& p) {
    switch (p.job) {
    case Job::DeviceRandom:
        deviceRandom(p.a, static_cast<int>(p.b));
        break;
    case Job::DeviceReaction: {
        auto found = reactions.find(p.b);
        if (found == reactions.end())
            break;
        const Reaction reaction = std::move(found->second);
        reactions.erase(found);
        Device& d = devices[static_cast<std::size_t>(p.a)];
        if (!behaviourOf(d).answersCommands(d.side) || isDown(d) || p.b < d.reactionsFrom)
            break;  // off, rebooting, or prepared before a reboot: the reply is lost
        Firing firing = behaviourOf(d).fire(reaction, d.side, d.random, deviceId(p.a));
        if (firing.transferBytes > 0)
            deviceTransfer(p.a, firing.transferBytes);
        if (firing.event)
            deviceSend(p.a, std::move(*firing.event));
        checkDeviceConditions(p.a);
        break;
    }
    case Job::Scripted:
        scripted(p.a, static_cast<std::size_t>(p.b));
        break;
    case Job::Workload: {
        Event event = std::move(workload[p.b]);
        workload[p.b] = Event{};
        workloadFree.push_back(p.b);
        deviceSend(p.a, std::move(event));
        break;
    }
    case Job::PowerChange:
        powerChange(static_cast<std::size_t>(p.b));
        break;
    case Job::RaiseDue:
        raiseDue(p.b);
        break;
    case Job::Arrive:
        arrive(p.b);
        break;
    case Job::Expire: {
        if (!messages.contains(p.b))
            break;
        ++summary.messagesLost;
        recordMessageEnd(p.b, MessageFate::Expired);
        messages.erase(p.b);
        break;
    }
    case Job::Redeliver:
        if (messages.contains(p.b))
            pending.push_back(p.b), dispatch();
        break;
    case Job::ColdStartDone:
        if (current(p.a, p.b))
            beginRead(p.a);
        break;
    case Job::ReadDone:
        if (current(p.a, p.b))
            readDone(p.a);
        break;
    case Job::StoreError:
        if (current(p.a, p.b))
            fail(p.a, InvocationOutcome::StoreUnavailable);
        break;
    case Job::PutDone:
        if (current(p.a, p.b)) {
            putDone(p.a);
        } else if (auto orphan = orphanedPuts.find(p.b); orphan != orphanedPuts.end()) {
            // Applied without its commands: the ledger expects a redelivery to send
            // them, or the event to be reported failed.
            if (messages.contains(orphan->second.message))
                applyPut(orphan->second);
            orphanedPuts.erase(orphan);
        }
        break;
    case Job::BackoffDone:
        if (Instance* instance = current(p.a, p.b)) {
            ++instance->invocation.attempt;
            beginRead(p.a);
        }
        break;
    case Job::RebootStart:
        rebootStart(static_cast<std::size_t>(p.b));
        break;
    case Job::RebootDone:
        rebootDone(p.a);
        break;
    case Job::ServiceTimeout:
        if (messages.contains(p.b)) {
            // The caller gave up: the call is reported failed; no answer will come.
            ++summary.serviceTimeouts;
            recordMessageEnd(p.b, MessageFate::Expired);
            messages.erase(p.b);
        }
        break;
    }
}

std::optional<Simulator::Impl::Due> Simulator::Impl::nextDue() {
    while (!timeouts.empty() && !current(timeouts.front().instance, timeouts.front().invocation))
        timeouts.pop_front();  // that invocation ended in time: nothing to do
    std::optional<Due> next;
    if (const std::optional<VirtualTime> queued = queue.nextTime())
        next = Due{*queued, DueSource::Queue};
    // At one time a function timeout comes first, then a timer, then the queue.
    if (const std::optional<VirtualTime> timer = timers.nextDue(); timer && (!next || *timer <= next->time))
        next = Due{*timer, DueSource::Timer};
    if (!timeouts.empty() && (!next || timeouts.front().at <= next->time))
        next = Due{timeouts.front().at, DueSource::Timeout};
    return next;
}

std::optional<VirtualTime> Simulator::Impl::nextTime() {
    const std::optional<Due> next = nextDue();
    return next ? std::optional<VirtualTime>(next->time) : std::nullopt;
}

bool Simulator::Impl::stepOnce() {
    if (ended)
        return false;
    if (!begun)
        beginRun();
    return stepTo(nextDue());
}

bool Simulator::Impl::stepTo(const std::optional<Due>& next) {
    if (!next || next->time > scenario.duration) {
        finish();
        return false;
    }
    ++steps;
    switch (next->source) {
    case DueSource::Timeout: {
        const PendingTimeout due = timeouts.front();
        timeouts.pop_front();
        queue.advanceTo(due.at);
        timeout(due.instance);
        break;
    }
    case DueSource::Timer:
        queue.advanceTo(next->time);
        timerFires(timers.next());
        break;
    case DueSource::Queue: {
        auto entry = queue.pop();
        handle(entry->payload);
        break;
    }
    }
    if (steps % kSettleSteps == 0)
        settleLedger();
    for (SimulationObserver* observer : observers)
        observer->stepDone(steps, queue.now());
    return true;
}

void Simulator::Impl::settleLedger() {
    // Every later apply or sending of side effects is for an event some live message
    // carries (a delivery waiting, handled or to be redelivered; a link copy).
    MessageId oldestLive = nextMessage;
    messages.forEach([&](MessageId, const Message& m) { oldestLive = std::min(oldestLive, m.eventId); });
    ledger.settle(oldestLive, [this](MessageId id, const simulation::EventLedger::Entry& entry) {
        if (unsent(entry))
            violation("event " + std::to_string(id) +
                      " was applied but its commands were never sent nor reported failed");
    });
}

void Simulator::Impl::finish() {
    if (ended)
        return;
    if (!begun)
        beginRun();
    ended = true;
    if (nextTime())
        queue.advanceTo(scenario.duration);
    summary.steps = steps;
    summary.time = queue.now();
    summary.latencySamples = latencies.count();
    summary.latencyP50Us = latencies.percentile(0.50);
    summary.latencyP95Us = latencies.percentile(0.95);
    summary.latencyP99Us = latencies.percentile(0.99);
    summary.visits.clear();
    for (int s = 0; s < machine->stateCount(); ++s)
        summary.visits.emplace_back(machine->stateId(s), visitCounts[static_cast<std::size_t>(s)]);
    const std::string summaryJson = summary.toJson().dump();
    for (SimulationObserver* observer : observers)
        observer->end(steps, queue.now(), summaryJson);
}

SystemState Simulator::Impl::systemState() const {
    SystemState state;
    state.step = steps;
    state.time = queue.now();
    for (std::size_t i = 0; i < devices.size(); ++i) {
        model::Configuration configuration;
        store.readConfiguration(i, configuration);
        DeviceStateSnapshot snapshot;
        snapshot.id = deviceId(i);
        snapshot.version = store.get(i).version;
        snapshot.configuration = model::activeAtomicStates(*machine, configuration);
        snapshot.record = model::configurationToJson(*machine, configuration);
        state.devices.push_back(std::move(snapshot));
    }
    messages.forEach([&](MessageId id, const Message& m) {
        if (!m.inFlight)
            return;
        MessageSnapshot snapshot;
        snapshot.id = id;
        snapshot.kind = m.kind;
        snapshot.device = deviceId(m.device);
        snapshot.name = m.event.name;
        snapshot.payload = nlohmann::json::object();
        for (const model::EventTag& tag : m.event.tags)
            snapshot.payload[tag.name] = model::toJson(tag.value);
        snapshot.sentAt = m.sentAt;
        state.inFlight.push_back(std::move(snapshot));
    });
    for (std::size_t i = 0; i < instances.size(); ++i) {
        const Instance& instance = instances[i];
        if (!instance.busy)
            continue;
        const Invocation& inv = instance.invocation;
        InstanceSnapshot snapshot;
        snapshot.invocation = inv.id;
        snapshot.instance = static_cast<int>(i);
        snapshot.device = deviceId(inv.device);
        snapshot.message = inv.message;
        snapshot.startedAt = inv.startedAt;
        snapshot.phase = inv.phase;
        snapshot.attempt = inv.attempt;
        state.running.push_back(std::move(snapshot));
    }
    std::sort(state.running.begin(), state.running.end(),
              [](const InstanceSnapshot& a, const InstanceSnapshot& b) { return a.invocation < b.invocation; });
    return state;
}


Simulator::Simulator(const Scenario& scenario, const model::Machine& machine,
                     const model::DeviceCatalog& catalog)
    : m_impl(std::make_unique<Impl>(scenario, machine, catalog)) {}

Simulator::~Simulator() = default;

void Simulator::addObserver(SimulationObserver* observer) {
    m_impl->observers.push_back(observer);
}

std::optional<VirtualTime> Simulator::nextEventTime() {
    if (!m_impl->begun)
        m_impl->beginRun();
    if (m_impl->ended)
        return std::nullopt;
    const std::optional<VirtualTime> next = m_impl->nextTime();
    // Nothing left before the end: the end itself is the next thing to reach.
    if (!next || *next > m_impl->scenario.duration)
        return m_impl->scenario.duration;
    return next;
}

bool Simulator::stepOnce() {
    return m_impl->stepOnce();
}

std::uint64_t Simulator::runUntil(VirtualTime until) {
    const std::uint64_t before = m_impl->steps;
    if (!m_impl->begun)
        m_impl->beginRun();
    while (!m_impl->ended) {
        const std::optional<Impl::Due> next = m_impl->nextDue();
        // Nothing due before `until`: wait there (an injected event may still come)
        // unless the run's time is up.
        if ((!next || next->time > until) && until < m_impl->scenario.duration)
            break;
        if (!m_impl->stepTo(next))  // what nextDue() found: it is not asked twice
            break;
    }
    if (!m_impl->ended)
        m_impl->queue.advanceTo(std::min(until, m_impl->scenario.duration));
    return m_impl->steps - before;
}

void Simulator::run(const std::function<void(double)>& progress) {
    const VirtualTime duration = std::max<VirtualTime>(1, m_impl->scenario.duration);
    std::uint64_t sinceReport = 0;
    if (progress)
        progress(0.0);
    while (m_impl->stepOnce()) {
        if (progress && ++sinceReport >= 65536) {
            sinceReport = 0;
            progress(std::min(1.0, static_cast<double>(m_impl->queue.now()) / static_cast<double>(duration)));
        }
    }
    if (progress)
        progress(1.0);
}

std::uint64_t Simulator::advanceWallClock(double wallSeconds, double speed) {
    const VirtualTime span = roundToMicroseconds(wallSeconds * speed * 1e6);
    return runUntil(m_impl->queue.now() + std::max<VirtualTime>(0, span));
}

void Simulator::finish() {
    m_impl->finish();
}

bool Simulator::finished() const {
    return m_impl->ended;
}

std::uint64_t Simulator::step() const {
    return m_impl->steps;
}

VirtualTime Simulator::now() const {
    return m_impl->queue.now();
}

VirtualTime Simulator::duration() const {
    return m_impl->scenario.duration;
}

const SimulationSummary& Simulator::summary() const {
    return m_impl->summary;
}

int Simulator::busyInstances() const {
    int busy = 0;
    for (const auto& instance : m_impl->instances)
        busy += instance.busy ? 1 : 0;
    return busy;
}

std::size_t Simulator::messagesInFlight() const {
    std::size_t count = 0;
    m_impl->messages.forEach([&](MessageId, const auto& m) { count += m.inFlight ? 1 : 0; });
    return count;
}

std::size_t Simulator::hubQueueLength() const {
    return m_impl->pending.size();
}

std::size_t Simulator::hubBacklog() const {
    return static_cast<std::size_t>(m_impl->backlog);
}

void Simulator::takeRecentLatencies(LatencyHistogram& into) {
    into.clear();
    if (!m_impl->recentLatencies) {
        m_impl->recentLatencies = std::make_unique<LatencyHistogram>();
        return;
    }
    std::swap(into, *m_impl->recentLatencies);
}

std::vector<std::pair<std::string, std::uint64_t>> Simulator::visits() const {
    std::vector<std::pair<std::string, std::uint64_t>> counts;
    for (int s = 0; s < m_impl->machine->stateCount(); ++s)
        counts.emplace_back(m_impl->machine->stateId(s), m_impl->visitCounts[static_cast<std::size_t>(s)]);
    return counts;
}

SystemState Simulator::systemState() const {
    return m_impl->systemState();
}

const std::vector<DeviceInfo>& Simulator::devices() const {
    return m_impl->deviceInfos;
}

const model::CompiledMachine& Simulator::machine() const {
    return *m_impl->machine;
}

void Simulator::injectEvent(int device, const model::Event& event) {
    if (device < 0 || static_cast<std::size_t>(device) >= m_impl->devices.size())
        return;
    if (!m_impl->begun)
        m_impl->beginRun();
    m_impl->queue.schedule(m_impl->queue.now(),
                           {Job::Workload, device, m_impl->addWorkload(event)});
}

void Simulator::scheduleDeviceEvent(VirtualTime at, int device, model::Event event) {
    if (device < 0 || static_cast<std::size_t>(device) >= m_impl->devices.size())
        return;
    m_impl->queue.schedule(at, {Job::Workload, device, m_impl->addWorkload(std::move(event))});
}

void Simulator::sabotageForTesting(Sabotage sabotage) {
    m_impl->sabotage = sabotage;
}

std::vector<std::string> Simulator::checkInvariants() const {
    const Impl& impl = *m_impl;
    std::vector<std::string> problems = impl.violations;
    if (impl.violationCount > impl.violations.size())
        problems.push_back(std::to_string(impl.violationCount - impl.violations.size()) +
                           " more violations found during the run");
    for (std::size_t i = 0; i < impl.devices.size(); ++i) {
        const std::uint64_t applied = impl.appliedCounts[i];
        const std::uint64_t version = impl.store.size() > i ? impl.store.get(i).version : 0;
        if (version != applied)
            problems.push_back(impl.deviceId(i) + ": version " + std::to_string(version) + " but " +
                               std::to_string(applied) + " applied events");
    }
    // Events the hub still holds: a redelivery will send their commands.
    std::vector<MessageId> live;
    impl.messages.forEach([&](MessageId, const Message& m) { live.push_back(m.eventId); });
    std::sort(live.begin(), live.end());
    impl.ledger.forEach([&](MessageId id, const simulation::EventLedger::Entry& entry) {
        if (Impl::unsent(entry) && !std::binary_search(live.begin(), live.end(), id))
            problems.push_back("event " + std::to_string(id) +
                               " was applied but its commands were never sent nor reported failed");
    });
    return problems;
}

} // namespace swivel::emu
