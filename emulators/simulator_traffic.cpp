#include "simulator_impl.h"

#include "model/state_record.h"

// Everything that travels: devices sending events and answering commands, the
// links they use, the µ-services and their answers.

namespace swivel::emu {

using namespace simulation;

MessageId Simulator::Impl::newMessage(MessageKind kind, int device, Event event, std::int64_t bytes,
                     MessageId causedBy) {
    const MessageId id = nextMessage++;
    Message& m = messages.insert(id);
    m.kind = kind;
    m.device = device;
    m.eventId = id;
    m.event = std::move(event);
    m.bytes = bytes;
    m.sentAt = queue.now();
    m.causedBy = causedBy;
    return id;
}

void Simulator::Impl::recordSent(MessageId id, const Message& m, MessageId duplicateOf, VirtualTime arrival) {
    if (!observed())
        return;
    MessageSentRecord r;
    r.step = steps;
    r.time = queue.now();
    r.id = id;
    r.kind = m.kind;
    r.device = m.device;
    r.event = &m.event;
    r.bytes = m.bytes;
    r.causedBy = m.causedBy;
    r.duplicateOf = duplicateOf;
    r.expectedArrival = arrival;
    notify(r, &SimulationObserver::messageSent);
}

void Simulator::Impl::transmit(MessageId id, bool up) {
    Message& m = messages.at(id);
    Device& d = devices[static_cast<std::size_t>(m.device)];
    const LinkParams& link = links[static_cast<std::size_t>(d.group)];
    const Transmission t = (up ? d.up : d.down).send(link, deviceId(m.device), queue.now(), m.bytes, d.linkRandom);
    recordSent(id, m, 0, t.arrival);
    if (t.expired) {
        queue.schedule(t.arrival, {Job::Expire, 0, id});
        return;
    }
    (up ? summary.bytesUp : summary.bytesDown) += static_cast<std::uint64_t>(m.bytes);
    m.lost = t.lost;
    queue.schedule(t.arrival, {Job::Arrive, 0, id});
    if (t.copyArrival) {
        const MessageId copy = nextMessage++;
        Message duplicate = m;
        duplicate.firstCommand = false;
        duplicate.lost = false;
        Message& stored = messages.insert(copy);
        stored = std::move(duplicate);
        (up ? summary.bytesUp : summary.bytesDown) += static_cast<std::uint64_t>(m.bytes);
        ++summary.messagesDuplicated;
        recordSent(copy, stored, id, *t.copyArrival);
        queue.schedule(*t.copyArrival, {Job::Arrive, 0, copy});
    }
}

void Simulator::Impl::deviceSend(int device, Event event) {
    Device& d = devices[static_cast<std::size_t>(device)];
    if (!behaviourOf(d).answersCommands(d.side) || isDown(d))
        return;
    const std::int64_t bytes = behaviourOf(d).eventBytes(event.name, 256);
    const MessageId id = newMessage(MessageKind::DeviceEvent, device, std::move(event), bytes, 0);
    messages.at(id).originSentAt = queue.now();
    ++summary.deviceEvents;
    transmit(id, true);
}

void Simulator::Impl::deviceTransfer(int device, std::int64_t bytes) {
    // An upload (a photo the cloud asked for) holds back the events behind it.
    Device& d = devices[static_cast<std::size_t>(device)];
    d.up.occupy(links[static_cast<std::size_t>(d.group)], queue.now(), bytes);
    summary.bytesUp += static_cast<std::uint64_t>(bytes);
}

void Simulator::Impl::checkDeviceConditions(int device) {
    Device& d = devices[static_cast<std::size_t>(device)];
    if (isDown(d))
        return;  // seen when it is back up
    scratchEvents.clear();
    behaviourOf(d).checkConditions(d.side, d.random, deviceId(device), scratchEvents);
    for (Event& event : scratchEvents)
        deviceSend(device, std::move(event));
}

void Simulator::Impl::arrive(MessageId id) {
    Message* found = messages.find(id);
    if (!found)
        return;
    Message& m = *found;
    m.inFlight = false;
    if (m.lost) {
        ++summary.messagesLost;
        recordMessageEnd(id, MessageFate::Lost);
        messages.erase(id);
        return;
    }
    switch (m.kind) {
    case MessageKind::DeviceEvent:
    case MessageKind::ServiceReply:
    case MessageKind::Timer:
        recordMessageEnd(id, MessageFate::Delivered);
        hubAccept(id);
        break;
    case MessageKind::Command:
        commandArrived(id, m);
        break;
    case MessageKind::ServiceRequest:
        serviceAnswers(id, m);
        break;
    }
}

void Simulator::Impl::commandArrived(MessageId id, Message& m) {
    Device& d = devices[static_cast<std::size_t>(m.device)];
    if (!behaviourOf(d).answersCommands(d.side) || isDown(d)) {
        ++summary.messagesLost;  // the device is off or rebooting: nobody receives it
        recordMessageEnd(id, MessageFate::Lost);
        messages.erase(id);
        return;
    }
    recordMessageEnd(id, MessageFate::Delivered);
    ++summary.commandsDelivered;
    if (m.firstCommand) {
        latencies.add(queue.now() - m.originSentAt);
        if (recentLatencies)
            recentLatencies->add(queue.now() - m.originSentAt);
    }
    const DeviceGroup& group = scenario.devices[static_cast<std::size_t>(d.group)];
    if (group.replies && behaviourOf(d).answersCommands(d.side)) {
        scratchReactions.clear();
        behaviourOf(d).onCommand(m.event, d.random, scratchReactions);
        for (Reaction& reaction : scratchReactions) {
            const std::uint64_t rid = nextReaction++;
            const VirtualTime at = queue.now() + reaction.delay;
            reactions.emplace(rid, std::move(reaction));
            queue.schedule(at, {Job::DeviceReaction, m.device, rid});
        }
    }
    messages.erase(id);
}

void Simulator::Impl::serviceAnswers(MessageId id, Message& m) {
    recordMessageEnd(id, MessageFate::Delivered);
    for (const auto& service : services) {
        if (service->type().name != m.event.name)
            continue;
        Event reply = service->answer(m.event);
        const int device = m.device;
        messages.erase(id);
        const MessageId replyId = newMessage(MessageKind::ServiceReply, device, std::move(reply),
                                             service->type().reply.sizeBytes, id);
        const VirtualTime at = queue.now() + hostTimes.hubLatency;
        recordSent(replyId, messages.at(replyId), 0, at);
        queue.schedule(at, {Job::Arrive, 0, replyId});
        return;
    }
    messages.erase(id);
}

void Simulator::Impl::scheduleRandom(int device, int source) {
    Device& d = devices[static_cast<std::size_t>(device)];
    const double rate = behaviourOf(d).ratePerSecond(source) *
                        scenario.devices[static_cast<std::size_t>(d.group)].rateScale;
    if (rate <= 0)
        return;
    const double wait = d.random.exponential(rate);
    queue.schedule(queue.now() + std::max<VirtualTime>(1, static_cast<VirtualTime>(wait * 1e6)),
                   {Job::DeviceRandom, device, static_cast<std::uint64_t>(source)});
}

void Simulator::Impl::deviceRandom(int device, int source) {
    Device& d = devices[static_cast<std::size_t>(device)];
    if (behaviourOf(d).sendsRandomEvents(d.side) && !isDown(d)) {
        if (auto event = behaviourOf(d).fireRateSource(source, d.side, d.random, deviceId(device)))
            deviceSend(device, std::move(*event));
        checkDeviceConditions(device);
    }
    scheduleRandom(device, source);
}

void Simulator::Impl::scripted(int device, std::size_t index) {
    const ScriptedEvent& entry = scenario.script[index];
    std::string error;
    std::optional<Event> event = model::eventFromJson(entry.event, entry.tags, &error);
    if (!event)
        return;  // the scenario loader reports such entries
    deviceSend(device, std::move(*event));
}

void Simulator::Impl::powerChange(std::size_t index) {
    const PowerChange& change = scenario.power[index];
    for (std::size_t i = 0; i < devices.size(); ++i) {
        Device& d = devices[i];
        if (!prefixMatches(change.devices, deviceId(i)))
            continue;
        const int mode = behaviourOf(d).powerModeIndex(change.mode);
        if (mode < 0)
            continue;
        // The announcement goes out in the new mode unless that is Off; a device
        // switching off says so first.
        const bool wasSending = behaviourOf(d).answersCommands(d.side);
        DeviceSideState before = d.side;
        std::optional<Event> event = behaviourOf(d).setPowerMode(d.side, mode);
        if (event) {
            if (!behaviourOf(d).answersCommands(d.side) && wasSending) {
                std::swap(d.side, before);
                deviceSend(static_cast<int>(i), std::move(*event));
                std::swap(d.side, before);
            } else {
                deviceSend(static_cast<int>(i), std::move(*event));
            }
        }
    }
}

} // namespace swivel::emu

namespace swivel::emu {

void Simulator::Impl::rebootStart(std::size_t index) {
    const Reboot& reboot = scenario.reboots[index];
    for (std::size_t i = 0; i < devices.size(); ++i) {
        if (!prefixMatches(reboot.devices, deviceId(i)))
            continue;
        Device& d = devices[i];
        d.downUntil = std::max(d.downUntil, queue.now() + std::max<VirtualTime>(1, reboot.downtime));
        d.reactionsFrom = nextReaction;  // the replies it was preparing die with it
        ++summary.reboots;
        queue.schedule(d.downUntil, {Job::RebootDone, static_cast<int>(i), 0});
    }
}

void Simulator::Impl::rebootDone(int device) {
    Device& d = devices[static_cast<std::size_t>(device)];
    if (d.downUntil == 0 || isDown(d))
        return;  // up already, or rebooted again meanwhile: a later RebootDone brings it up
    d.downUntil = 0;
    // Back with the catalog's initial device state (variables, power mode); it says
    // which mode it is in, so that the cloud's record can catch up.
    const DeviceBehaviour& behaviour = behaviourOf(d);
    d.side = behaviour.initialState();
    if (std::optional<Event> announcement = behaviour.setPowerMode(d.side, d.side.powerMode))
        deviceSend(device, std::move(*announcement));
    checkDeviceConditions(device);
}

} // namespace swivel::emu
