#include "simulator_impl.h"

#include "model/state_record.h"

// The hub and the function host: deliveries wait for an instance; each invocation
// runs the stateless handler pattern (read, step, put-if-version, retry on conflict,
// then the side effects); failures go back to the hub for a later redelivery.

namespace swivel::emu {

using namespace simulation;

void Simulator::Impl::hubAccept(MessageId id) {
    Message& m = messages.at(id);
    m.atHub = true;
    m.atHubSince = queue.now();
    ++backlog;
    summary.longestQueue = std::max(summary.longestQueue, backlog);
    pending.push_back(id);
    dispatch();
}

void Simulator::Impl::hubRelease(MessageId id) {
    messages.at(id).atHub = false;
    --backlog;
}

void Simulator::Impl::dispatch() {
    while (!pending.empty()) {
        const MessageId id = pending.front();
        if (queue.now() - messages.at(id).atHubSince > horizon) {
            // Too old to deliver: the host's retry policy has given up on it.
            pending.pop_front();
            ++summary.deadLettered;
            markFailed(messages.at(id).eventId);
            finishMessage(id);
            continue;
        }
        int instance = -1;
        bool cold = false;
        if (!idle.empty()) {
            instance = idle.back();
            idle.pop_back();
        } else if (static_cast<int>(instances.size()) < scenario.host.maxInstances) {
            instance = static_cast<int>(instances.size());
            instances.emplace_back();
            cold = true;
        } else if (!killed.empty()) {
            instance = killed.back();  // a killed instance restarts cold
            killed.pop_back();
            cold = true;
        } else {
            return;  // every instance is busy: the delivery waits
        }
        pending.pop_front();
        startInvocation(instance, id, cold);
    }
}

void Simulator::Impl::startInvocation(int index, MessageId message, bool cold) {
    Instance& instance = instances[static_cast<std::size_t>(index)];
    Message& m = messages.at(message);
    instance.busy = true;
    ++busyInstances;
    summary.peakInstances = std::max(summary.peakInstances, busyInstances);
    Invocation& inv = instance.invocation;
    inv.id = nextInvocation++;
    inv.device = m.device;
    inv.message = message;
    inv.delivery = ++m.deliveries;
    inv.attempt = 1;
    inv.conflicts = 0;
    inv.startedAt = queue.now();
    ++summary.deliveries;
    ++summary.invocations;
    if (observed()) {
        InvocationStartedRecord r;
        r.step = steps;
        r.time = queue.now();
        r.id = inv.id;
        r.instance = index;
        r.device = inv.device;
        r.message = message;
        r.delivery = inv.delivery;
        r.coldStart = cold;
        notify(r, &SimulationObserver::invocationStarted);
    }
    const VirtualTime dispatchDelay = hostTimes.hubLatency;
    if (cold) {
        ++summary.coldStarts;
        inv.phase = InvocationPhase::ColdStart;
        recordPhase(inv, InvocationPhase::ColdStart);
        queue.schedule(queue.now() + dispatchDelay + hostTimes.coldStart,
                       {Job::ColdStartDone, index, inv.id});
    } else {
        beginRead(index, dispatchDelay);
    }
}

void Simulator::Impl::armTimeout(int index, VirtualTime delay) {
    // Kept apart from the queue: one per invocation, almost all of them moot by the
    // time they are due, and nearly in order already (one duration for all).
    const Invocation& inv = instances[static_cast<std::size_t>(index)].invocation;
    const PendingTimeout timeout{queue.now() + delay + hostTimes.timeout, index, inv.id};
    auto at = timeouts.end();
    while (at != timeouts.begin() && std::prev(at)->at > timeout.at)
        --at;
    timeouts.insert(at, timeout);
}

bool Simulator::Impl::isStaleTimer(const Event& event, std::size_t device) const {
    if (event.name.compare(0, model::kTimerEventPrefix.size(), model::kTimerEventPrefix) != 0)
        return false;  // a delayed raise: no token to check
    const model::Value* token = event.tag("token");
    if (!token || !std::holds_alternative<std::int64_t>(*token))
        return false;
    return !store.armsTimer(device, static_cast<std::uint64_t>(std::get<std::int64_t>(*token)));
}

void Simulator::Impl::storeOperation(int index, VirtualTime startDelay, Job done) {
    Invocation& inv = instances[static_cast<std::size_t>(index)].invocation;
    const VirtualTime at = queue.now() + startDelay;
    const std::optional<VirtualTime> latency =
        store.latency(deviceId(inv.device), at);
    if (!latency)
        queue.schedule(at + store.unavailableError(), {Job::StoreError, index, inv.id});
    else
        queue.schedule(at + *latency, {done, index, inv.id});
}

void Simulator::Impl::beginRead(int index, VirtualTime delay) {
    Invocation& inv = instances[static_cast<std::size_t>(index)].invocation;
    if (inv.attempt == 1)
        armTimeout(index, delay);
    inv.phase = InvocationPhase::Read;
    if (observed()) {
        // The phase starts when the request leaves; record it at its own step.
        InvocationPhaseRecord r;
        r.step = steps;
        r.time = queue.now() + delay;
        r.id = inv.id;
        r.phase = InvocationPhase::Read;
        r.attempt = inv.attempt;
        r.version = store.get(static_cast<std::size_t>(inv.device)).version;
        notify(r, &SimulationObserver::invocationPhase);
    }
    storeOperation(index, delay, Job::ReadDone);
}

void Simulator::Impl::readDone(int index) {
    Invocation& inv = instances[static_cast<std::size_t>(index)].invocation;
    Message& m = messages.at(inv.message);
    const auto device = static_cast<std::size_t>(inv.device);
    inv.readVersion = store.get(device).version;
    AppliedLookup lookup = store.lookup(device, m.eventId, scratchEffects);
    if (sabotage == Sabotage::ApplyDuplicates && lookup == AppliedLookup::Applied)
        lookup = AppliedLookup::NotApplied;
    switch (lookup) {
    case AppliedLookup::Applied:
        // Applied before (a redelivery, or a link's copy): the commands go out
        // again, the machine does not move a second time.
        ++summary.duplicatesSuppressed;
        inv.phase = InvocationPhase::Send;
        recordPhase(inv, InvocationPhase::Send);
        issueEffects(inv.device, inv.message, scratchEffects, false);
        endInvocation(index, InvocationOutcome::Duplicate);
        return;
    case AppliedLookup::Forgotten:
        // Older than the events the record remembers: it may have been applied, so
        // it is not applied now; what it caused, if anything, is not sent again.
        // Reported, as a real handler would log it.
        ++summary.effectsForgotten;
        markFailed(m.eventId);
        endInvocation(index, InvocationOutcome::Duplicate);
        return;
    case AppliedLookup::NotApplied:
        break;
    }
    if (m.kind == MessageKind::Timer && sabotage != Sabotage::FireStaleTimers &&
        isStaleTimer(m.event, device)) {
        // A timer whose arming is gone (the state was left, or re-armed): step() would
        // ignore it; the record is not written.
        ++summary.staleTimers;
        endInvocation(index, InvocationOutcome::StaleTimer);
        return;
    }
    // The put leaves when step() is done: its landing is scheduled now, which saves
    // the queue an event (and a cold look at the instance) per invocation. Both
    // phases are recorded here, the put's at the time it starts.
    const VirtualTime run = hostTimes.runTime;
    recordPhase(inv, InvocationPhase::Compute, inv.readVersion);
    inv.putAt = queue.now() + run;
    inv.phase = InvocationPhase::Put;
    recordPhase(inv, InvocationPhase::Put, inv.readVersion, inv.putAt);
    storeOperation(index, run, Job::PutDone);
}

bool Simulator::Impl::applyPut(const Invocation& inv) {
    const auto device = static_cast<std::size_t>(inv.device);
    if (!store.checkVersion(device, inv.readVersion))
        return false;
    const Message& m = messages.at(inv.message);
    // The record is still the one read (the version matched), so a timer found stale
    // now was stale at the read: it should have been discarded there.
    if (m.kind == MessageKind::Timer && isStaleTimer(m.event, device))
        violation("a timer of " + deviceId(device) + " (" + m.event.name + ") fired on a stale state, version " +
                  std::to_string(inv.readVersion));
    store.readConfiguration(device, scratchConfiguration);
    scratchBefore = scratchConfiguration.active;
    model::stepInPlace(*machine, scratchConfiguration, m.event, scratchResult);
    store.putIfVersion(device, inv.readVersion, scratchConfiguration, m.eventId, scratchResult.actions);
    countVisits(scratchBefore, scratchConfiguration.active, scratchResult.transitions);
    if (sabotage != Sabotage::MiscountApplied)
        ++appliedCounts[device];
    ++summary.applied;
    if (simulation::EventLedger::Entry* entry = ledger.at(m.eventId)) {
        if (entry->flags & simulation::EventLedger::Applied)
            violation("event " + std::to_string(m.eventId) + " of " + deviceId(device) + " applied twice");
        entry->flags |= simulation::EventLedger::Applied;
    }
    recordState(inv.device, scratchConfiguration, &inv, &scratchResult);
    return true;
}

void Simulator::Impl::countVisits(const std::vector<int>& before, const std::vector<int>& after,
                                  const std::vector<int>& transitions) {
    // Both lists are in document order (ascending): one walk finds the states entered.
    auto was = before.begin();
    for (int state : after) {
        while (was != before.end() && *was < state)
            ++was;
        if (was == before.end() || *was != state)
            ++visitCounts[static_cast<std::size_t>(state)];
    }
    // A self-transition leaves and re-enters its state: a visit too.
    for (int t : transitions) {
        if (!transitionExternal[static_cast<std::size_t>(t)])
            continue;
        for (int target : transitionTargets[static_cast<std::size_t>(t)]) {
            if (target >= 0 && std::binary_search(before.begin(), before.end(), target))
                ++visitCounts[static_cast<std::size_t>(target)];
        }
    }
}

void Simulator::Impl::putDone(int index) {
    Invocation& inv = instances[static_cast<std::size_t>(index)].invocation;
    if (applyPut(inv)) {
        if (scenario.host.crashAfterPut > 0 && hostRandom.bernoulli(scenario.host.crashAfterPut)) {
            // The instance dies with the put landed and nothing sent, not even the
            // cancels of the timers it disarmed (they fire, and are found stale). The
            // host sees no answer, as after a timeout: the hub redelivers, and the
            // redelivery re-sends what the record kept.
            ++summary.crashes;
            fail(index, InvocationOutcome::TimedOut);
            return;
        }
        if (sabotage == Sabotage::DropCommands) {
            endInvocation(index, InvocationOutcome::Applied);
            return;
        }
        for (const EmittedAction& action : scratchResult.actions) {
            if (action.kind == EmittedAction::Kind::TimerCancel)
                cancelTimer(inv.device, action.token);
        }
        inv.phase = InvocationPhase::Send;
        recordPhase(inv, InvocationPhase::Send, store.get(static_cast<std::size_t>(inv.device)).version);
        // The side effects are among step()'s actions; issueEffects skips the rest.
        issueEffects(inv.device, inv.message, scratchResult.actions, true);
        endInvocation(index, InvocationOutcome::Applied);
        return;
    }
    ++summary.conflicts;
    ++inv.conflicts;
    if (inv.attempt >= scenario.host.maxAttempts) {
        fail(index, InvocationOutcome::ConflictsExhausted);
        return;
    }
    // Back off before re-reading: exponential with jitter, so that racing
    // instances do not collide again in lock step.
    ++summary.retries;
    inv.phase = InvocationPhase::Backoff;
    recordPhase(inv, InvocationPhase::Backoff);
    const double base = scenario.host.backoffMs * std::pow(2.0, inv.attempt - 1);
    const VirtualTime wait = std::max<VirtualTime>(1, fromMilliseconds(base * hostRandom.uniform(0.5, 1.5)));
    queue.schedule(queue.now() + wait, {Job::BackoffDone, index, inv.id});
}

void Simulator::Impl::issueEffects(int device, MessageId cause, std::vector<EmittedAction>& effects,
                                   bool firstTime) {
    const Message& causeMessage = messages.at(cause);
    const MessageId eventId = causeMessage.eventId;
    const VirtualTime originSentAt =
        causeMessage.kind == MessageKind::DeviceEvent ? causeMessage.originSentAt : -1;
    bool first = firstTime;
    int commandsSent = 0;
    for (EmittedAction& action : effects) {
        switch (action.kind) {
        case EmittedAction::Kind::Send: {
            ++commandsSent;
            int target = device;
            if (!action.target.empty()) {
                target = findDevice(action.target);
                if (target < 0)
                    break;  // no such device in this run: nothing to send to
            }
            const Device& d = devices[static_cast<std::size_t>(target)];
            const std::int64_t bytes = behaviourOf(d).commandBytes(action.name, 128);
            const MessageId id = newMessage(MessageKind::Command, target,
                                            Event{std::move(action.name), std::move(action.args)},
                                            bytes, cause);
            Message& m = messages.at(id);
            m.originSentAt = originSentAt;
            m.firstCommand = first && originSentAt >= 0;
            first = false;
            ++summary.commands;
            transmit(id, false);
            break;
        }
        case EmittedAction::Kind::Call: {
            callService(device, cause, action);
            break;
        }
        case EmittedAction::Kind::TimerStart: {
            const int transition = transitionNamed(action.name);
            if (transition < 0)
                break;  // step() arms only transitions of its own machine
            const VirtualTime at = queue.now() + action.delayMs * 1000;
            Device& d = devices[static_cast<std::size_t>(device)];
            d.firstTimer =
                timers.arm(at, PendingTimer{device, action.token, cause, transition, d.firstTimer});
            break;
        }
        case EmittedAction::Kind::Raise: {
            if (action.delayMs <= 0)
                break;  // handled inside step()
            std::uint64_t slot = raises.size();
            if (raisesFree.empty()) {
                raises.emplace_back();
            } else {
                slot = raisesFree.back();
                raisesFree.pop_back();
            }
            raises[slot] = PendingRaise{device, cause,
                                        Event{std::move(action.name), std::move(action.args)}};
            queue.schedule(queue.now() + action.delayMs * 1000, {Job::RaiseDue, device, slot});
            break;
        }
        default:
            break;
        }
    }
    if (provisioning)
        return;
    // The same commands every time: a device tells them apart by (event, position).
    if (simulation::EventLedger::Entry* entry = ledger.at(eventId)) {
        const auto commands = static_cast<std::uint8_t>(std::min(commandsSent, 255));
        if (!(entry->flags & simulation::EventLedger::Applied))
            violation("commands sent for event " + std::to_string(eventId) + " of " + deviceId(device) +
                      ", which was never applied");
        else if ((entry->flags & simulation::EventLedger::Issued) && entry->commands != commands)
            violation("event " + std::to_string(eventId) + " of " + deviceId(device) + " sent " +
                      std::to_string(commands) + " commands again, " + std::to_string(entry->commands) +
                      " the first time");
        entry->flags |= simulation::EventLedger::Issued;
        entry->commands = commands;
    }
}

void Simulator::Impl::callService(int device, MessageId cause, const EmittedAction& action) {
    for (std::size_t s = 0; s < services.size(); ++s) {
        if (services[s]->type().name != action.name)
            continue;
        const ServiceSettings* settings = serviceSettings[s];
        const VirtualTime latency =
            settings ? services[s]->drawLatency(serviceRandom, settings->latencyMinMs, settings->latencyMaxMs)
                     : services[s]->drawLatency(serviceRandom);
        const MessageId id = newMessage(MessageKind::ServiceRequest, device,
                                        Event{action.name, action.args}, 0, cause);
        Message& m = messages.at(id);
        ++summary.serviceCalls;
        const bool down = settings && std::any_of(settings->faults.begin(), settings->faults.end(),
                                                  [&](const TimeWindow& window) {
                                                      return window.contains(queue.now()) &&
                                                             prefixMatches(window.devices, deviceId(device));
                                                  });
        if (settings && settings->timeoutMs) {
            const VirtualTime timeout = fromMilliseconds(*settings->timeoutMs);
            if (down || latency > timeout) {
                // No answer in time: the caller gives up then and reports the call
                // failed; a late answer would be dropped, so none is made.
                recordSent(id, m, 0, queue.now() + timeout);
                queue.schedule(queue.now() + timeout, {Job::ServiceTimeout, 0, id});
                return;
            }
        }
        if (down) {
            // The service is down: the request goes nowhere and no answer ever comes.
            recordSent(id, m, 0, queue.now());
            ++summary.messagesLost;
            recordMessageEnd(id, MessageFate::Lost);
            messages.erase(id);
            return;
        }
        recordSent(id, m, 0, queue.now() + latency);
        queue.schedule(queue.now() + latency, {Job::Arrive, 0, id});
        return;
    }
}

void Simulator::Impl::cancelTimer(int device, std::uint64_t token) {
    Timers::Handle* link = &devices[static_cast<std::size_t>(device)].firstTimer;
    while (*link != PendingTimer::kNoTimer) {
        const Timers::Handle handle = *link;
        PendingTimer& timer = timers.timer(handle);
        if (timer.token != token) {
            link = &timer.nextOfDevice;
            continue;
        }
        *link = timer.nextOfDevice;
        timers.cancel(handle);
        ++summary.timersCancelled;
    }
}

void Simulator::Impl::timerFires(Timers::Handle handle) {
    const PendingTimer timer = timers.timer(handle);
    Timers::Handle* link = &devices[static_cast<std::size_t>(timer.device)].firstTimer;
    while (*link != handle)
        link = &timers.timer(*link).nextOfDevice;
    *link = timer.nextOfDevice;
    timers.cancel(handle);
    sendToHub(timer.device, model::timerEvent(machine->transitionId(timer.transition), timer.token),
              timer.cause);
}

void Simulator::Impl::raiseDue(std::uint64_t slot) {
    PendingRaise raise = std::move(raises[slot]);
    raises[slot] = PendingRaise{};
    raisesFree.push_back(slot);
    sendToHub(raise.device, std::move(raise.event), raise.cause);
}

void Simulator::Impl::sendToHub(int device, Event event, MessageId cause) {
    const MessageId id = newMessage(MessageKind::Timer, device, std::move(event), 0, cause);
    Message& m = messages.at(id);
    recordSent(id, m, 0, queue.now());
    m.inFlight = false;
    recordMessageEnd(id, MessageFate::Delivered);
    hubAccept(id);
}

void Simulator::Impl::endInvocation(int index, InvocationOutcome outcome) {
    Instance& instance = instances[static_cast<std::size_t>(index)];
    Invocation& inv = instance.invocation;
    if (observed()) {
        InvocationEndedRecord r{steps, queue.now(), inv.id, outcome, inv.attempt, inv.conflicts};
        notify(r, &SimulationObserver::invocationEnded);
    }
    if (outcome == InvocationOutcome::Applied || outcome == InvocationOutcome::Duplicate ||
        outcome == InvocationOutcome::StaleTimer || outcome == InvocationOutcome::DeadLettered)
        finishMessage(inv.message);
    inv.id = 0;
    instance.busy = false;
    --busyInstances;
    if (outcome == InvocationOutcome::TimedOut) {
        instance.warm = false;  // killed: the next job on it starts cold
        killed.push_back(index);
    } else {
        instance.warm = true;
        idle.push_back(index);
    }
    dispatch();
}

void Simulator::Impl::finishMessage(MessageId id) {
    hubRelease(id);
    messages.erase(id);
}

void Simulator::Impl::fail(int index, InvocationOutcome outcome) {
    Invocation& inv = instances[static_cast<std::size_t>(index)].invocation;
    const MessageId message = inv.message;
    const Message& m = messages.at(message);
    if (m.deliveries >= scenario.host.maxDeliveries) {
        ++summary.deadLettered;  // reported failed: its commands, if it was applied, too
        markFailed(m.eventId);
        endInvocation(index, InvocationOutcome::DeadLettered);
        return;
    }
    const int deliveries = m.deliveries;
    endInvocation(index, outcome);
    ++summary.redeliveries;
    // Exponential backoff between deliveries (capped at 32x), as the Functions
    // host's retry policy does, so that a long outage is ridden out.
    const double wait = scenario.host.redeliveryDelayMs * std::pow(2.0, std::min(deliveries - 1, 5));
    queue.schedule(queue.now() + fromMilliseconds(wait), {Job::Redeliver, 0, message});
}

void Simulator::Impl::timeout(int index) {
    Instance& instance = instances[static_cast<std::size_t>(index)];
    Invocation& inv = instance.invocation;
    ++summary.timeouts;
    if (inv.phase == InvocationPhase::Put && queue.now() > inv.putAt) {
        // The put is on its way to the store and will land; the commands will not
        // be sent by this instance (a redelivery re-sends them). At putAt itself the
        // timeout comes first: the handler was still computing.
        orphanedPuts[inv.id] = inv;
    }
    fail(index, InvocationOutcome::TimedOut);
}

} // namespace swivel::emu
