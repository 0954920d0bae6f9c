#include "history_keeper.h"

#include <algorithm>

namespace swivel::emu {

namespace {

nlohmann::json parsed(const std::string& text) {
    if (text.empty())
        return nullptr;
    nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    return json.is_discarded() ? nlohmann::json() : json;
}

std::vector<std::string> idsOf(const std::string& text) {
    std::vector<std::string> ids;
    const nlohmann::json json = parsed(text);
    if (json.is_array()) {
        for (const nlohmann::json& id : json) {
            if (id.is_string())
                ids.push_back(id.get<std::string>());
        }
    }
    return ids;
}

template <typename List>
auto lastOf(const List& list, std::size_t limit) {
    return list.begin() + static_cast<std::ptrdiff_t>(list.size() - std::min(limit, list.size()));
}

} // namespace

void HistoryKeeper::begin(const model::CompiledMachine& machine, const std::vector<DeviceInfo>& devices,
                          const std::string&, std::uint64_t) {
    m_texts.emplace(machine);
    m_devices.assign(devices.size(), {});
    // About 20,000 messages over the fleet: a camera alone keeps 400, each of a
    // thousand keeps 32.
    m_capacity = std::clamp<std::size_t>(20'000 / std::max<std::size_t>(devices.size(), 1), 32, 400);
    m_messageDevice.clear();
    m_running.clear();
    m_recent.clear();
    m_step = 0;
    m_time = 0;
}

void HistoryKeeper::messageSent(const MessageSentRecord& record) {
    if (record.device < 0 || record.device >= static_cast<int>(m_devices.size()))
        return;
    std::deque<Message>& messages = m_devices[static_cast<std::size_t>(record.device)].messages;
    if (messages.size() >= m_capacity) {
        m_messageDevice.erase(messages.front().history.id);
        messages.pop_front();
    }
    Message& message = messages.emplace_back();
    MessageHistory& h = message.history;
    h.id = record.id;
    h.kind = record.kind;
    h.device = record.device;
    h.bytes = record.bytes;
    h.causedBy = record.causedBy;
    h.duplicateOf = record.duplicateOf;
    h.sentStep = record.step;
    h.sentTime = record.time;
    h.expectedArrival = record.expectedArrival;
    if (record.event) {
        h.name = record.event->name;
        compact_json::appendTags(message.payloadText, record.event->tags);
    } else {
        message.payloadText = "{}";
    }
    m_messageDevice.emplace(record.id, record.device);
}

HistoryKeeper::Message* HistoryKeeper::findMessage(MessageId id) {
    const auto device = m_messageDevice.find(id);
    if (device == m_messageDevice.end())
        return nullptr;
    std::deque<Message>& messages = m_devices[static_cast<std::size_t>(device->second)].messages;
    const auto at = std::lower_bound(messages.begin(), messages.end(), id,
                                     [](const Message& m, MessageId wanted) { return m.history.id < wanted; });
    return at != messages.end() && at->history.id == id ? &*at : nullptr;
}

void HistoryKeeper::messageEnded(const MessageEndedRecord& record) {
    if (Message* message = findMessage(record.id)) {
        message->history.fate = record.fate;
        message->history.endStep = record.step;
        message->history.endTime = record.time;
    }
    m_messageDevice.erase(record.id);
}

void HistoryKeeper::invocationStarted(const InvocationStartedRecord& record) {
    auto invocation = std::make_shared<InvocationHistory>();
    invocation->id = record.id;
    invocation->instance = record.instance;
    invocation->device = record.device;
    invocation->message = record.message;
    invocation->delivery = record.delivery;
    invocation->coldStart = record.coldStart;
    invocation->startStep = record.step;
    invocation->startTime = record.time;
    m_running.emplace(record.id, invocation);
    m_recent.push_back(invocation);
    if (record.device >= 0 && record.device < static_cast<int>(m_devices.size())) {
        std::deque<Invocation>& invocations = m_devices[static_cast<std::size_t>(record.device)].invocations;
        if (invocations.size() >= std::max<std::size_t>(m_capacity / 2, 16))
            invocations.pop_front();
        invocations.push_back(std::move(invocation));
    }
}

HistoryKeeper::Invocation HistoryKeeper::findRunning(InvocationId id) const {
    const auto at = m_running.find(id);
    return at != m_running.end() ? at->second : nullptr;
}

void HistoryKeeper::invocationPhase(const InvocationPhaseRecord& record) {
    if (const Invocation invocation = findRunning(record.id))
        invocation->phases.push_back({record.step, record.time, record.phase, record.attempt, record.version});
}

void HistoryKeeper::invocationEnded(const InvocationEndedRecord& record) {
    if (const Invocation invocation = findRunning(record.id)) {
        invocation->outcome = record.outcome;
        invocation->endStep = record.step;
        invocation->endTime = record.time;
        invocation->attempts = record.attempts;
        invocation->conflicts = record.conflicts;
    }
    m_running.erase(record.id);
}

void HistoryKeeper::stateWritten(const StateWrittenRecord& record) {
    if (record.device < 0 || record.device >= static_cast<int>(m_devices.size()) || !m_texts)
        return;
    std::deque<Version>& versions = m_devices[static_cast<std::size_t>(record.device)].versions;
    if (versions.size() >= std::max<std::size_t>(m_capacity / 2, 16))
        versions.pop_front();
    Version& version = versions.emplace_back();
    version.history.version = record.version;
    version.history.step = record.step;
    version.history.time = record.time;
    version.history.invocation = record.invocation;
    version.history.message = record.message;
    // As the recorder writes them, so that a session gives the same.
    if (record.configuration)
        m_texts->appendConfiguration(version.recordText, *record.configuration);
    else
        version.recordText = "{}";
    if (record.event)
        compact_json::appendEvent(version.eventText, *record.event);
    if (record.transitions)
        m_texts->appendTransitions(version.transitionsText, *record.transitions);
    if (record.actions)
        compact_json::appendActions(version.actionsText, *record.actions);
}

void HistoryKeeper::stepDone(std::uint64_t step, VirtualTime time) {
    m_step = step;
    m_time = time;
    forgetOldInvocations();
}

void HistoryKeeper::end(std::uint64_t lastStep, VirtualTime time, const std::string&) {
    m_step = lastStep;
    m_time = std::max(m_time, time);
}

void HistoryKeeper::forgetOldInvocations() {
    // Ids are in order of starting; one that ended long ago may sit behind a running
    // one, so only the front is pruned (a slow invocation holds a few back a while).
    while (!m_recent.empty()) {
        const InvocationHistory& oldest = *m_recent.front();
        const bool gone = oldest.outcome && oldest.endTime < m_time - kInstanceWindow;
        if (!gone && m_recent.size() <= 20'000)
            break;
        m_recent.pop_front();
    }
}

DeviceHistory HistoryKeeper::deviceHistory(int device, const HistoryLimits& limits) const {
    DeviceHistory history;
    history.device = device;
    history.step = m_step;
    history.time = m_time;
    if (device < 0 || device >= static_cast<int>(m_devices.size()))
        return history;
    const DeviceLog& log = m_devices[static_cast<std::size_t>(device)];
    for (auto at = lastOf(log.messages, limits.messages); at != log.messages.end(); ++at) {
        MessageHistory& message = history.messages.emplace_back(at->history);
        message.payload = parsed(at->payloadText);
    }
    for (auto at = lastOf(log.invocations, limits.invocations); at != log.invocations.end(); ++at)
        history.invocations.push_back(**at);
    for (auto at = lastOf(log.versions, limits.versions); at != log.versions.end(); ++at) {
        VersionHistory& version = history.versions.emplace_back(at->history);
        version.record = parsed(at->recordText);
        version.event = parsed(at->eventText);
        version.transitions = idsOf(at->transitionsText);
        version.actions = at->actionsText.empty() ? nlohmann::json::array() : parsed(at->actionsText);
    }
    return history;
}

InstanceHistory HistoryKeeper::instances(VirtualTime window, std::size_t limit) const {
    InstanceHistory history;
    history.step = m_step;
    history.to = m_time;
    history.from = m_time - std::min(window, kInstanceWindow);
    for (auto at = m_recent.rbegin(); at != m_recent.rend() && history.invocations.size() < limit; ++at) {
        const InvocationHistory& invocation = **at;
        if (!invocation.outcome || invocation.endTime >= history.from)
            history.invocations.push_back(invocation);
    }
    std::reverse(history.invocations.begin(), history.invocations.end());
    return history;
}

} // namespace swivel::emu
