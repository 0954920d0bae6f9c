#pragma once
// Keeps, while a simulation runs, what the studio's views of the live run draw
// (history.h): each device's recent messages, invocations and store versions, and
// the invocations of the last minute of virtual time over the whole fleet. Bounded:
// a device keeps its latest `capacity` messages (and half as many invocations and
// versions), so a thousand devices cost a few megabytes. Texts are kept as the
// recorder writes them and parsed only for the history asked for, so that the
// histories of a live run and of its recorded session are equal.

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "compact_json.h"
#include "history.h"
#include "trace.h"

namespace swivel::emu {

class HistoryKeeper : public SimulationObserver {
public:
    // The longest window instances() can be asked for.
    static constexpr VirtualTime kInstanceWindow = 60'000'000;

    void begin(const model::CompiledMachine& machine, const std::vector<DeviceInfo>& devices,
               const std::string& scenarioJson, std::uint64_t seed) override;
    void messageSent(const MessageSentRecord& record) override;
    void messageEnded(const MessageEndedRecord& record) override;
    void invocationStarted(const InvocationStartedRecord& record) override;
    void invocationPhase(const InvocationPhaseRecord& record) override;
    void invocationEnded(const InvocationEndedRecord& record) override;
    void stateWritten(const StateWrittenRecord& record) override;
    void stepDone(std::uint64_t step, VirtualTime time) override;
    void end(std::uint64_t lastStep, VirtualTime time, const std::string& summaryJson) override;

    // Messages a device keeps (invocations and versions: half as many, at least 16).
    std::size_t capacity() const { return m_capacity; }
    // The device's history now; each list at most its limit long (and the capacity).
    DeviceHistory deviceHistory(int device, const HistoryLimits& limits) const;
    // The invocations that ran during the last `window` (at most kInstanceWindow).
    InstanceHistory instances(VirtualTime window, std::size_t limit) const;

private:
    struct Message {
        MessageHistory history;  // payload left null; in payloadText
        std::string payloadText;
    };
    struct Version {
        VersionHistory history;  // record, event, transitions, actions left empty
        std::string recordText, eventText, transitionsText, actionsText;
    };
    using Invocation = std::shared_ptr<InvocationHistory>;
    struct DeviceLog {
        std::deque<Message> messages;
        std::deque<Invocation> invocations;
        std::deque<Version> versions;
    };

    Message* findMessage(MessageId id);
    Invocation findRunning(InvocationId id) const;
    void forgetOldInvocations();

    std::optional<compact_json::MachineTexts> m_texts;
    std::size_t m_capacity = 400;
    std::vector<DeviceLog> m_devices;
    std::unordered_map<MessageId, int> m_messageDevice;  // messages in flight -> device
    std::unordered_map<InvocationId, Invocation> m_running;
    std::deque<Invocation> m_recent;  // the fleet's, by id, for instances()
    std::uint64_t m_step = 0;
    VirtualTime m_time = 0;
};

} // namespace swivel::emu
