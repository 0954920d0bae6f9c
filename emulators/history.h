#pragma once
// What happened up to a moment, as the studio's views draw it: one device's recent
// messages, invocations and store versions (the sequence chart and the store panel),
// and every handler instance's invocations over a window of virtual time (the
// instance timeline). A running simulation (an observer keeps them) and a recorded
// session (Session::deviceHistory, Session::invocationsAround) give the same
// history for the same step.
//
// "At step N" means after every record of steps 0..N: a message sent later is not
// there; one that ended later is still in flight (no fate); an invocation that ended
// later is still running, with the phases it had entered by then.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "trace.h"

namespace swivel::emu {

struct MessageHistory {
    MessageId id = 0;
    MessageKind kind = MessageKind::DeviceEvent;
    int device = -1;
    std::string name;        // event or command name
    nlohmann::json payload;  // tags or arguments, an object
    std::int64_t bytes = 0;
    MessageId causedBy = 0;
    MessageId duplicateOf = 0;
    std::uint64_t sentStep = 0;
    VirtualTime sentTime = 0;
    VirtualTime expectedArrival = 0;
    std::optional<MessageFate> fate;  // none: in flight at the moment
    std::uint64_t endStep = 0;
    VirtualTime endTime = 0;
    bool operator==(const MessageHistory&) const = default;
};

struct PhaseHistory {
    std::uint64_t step = 0;
    VirtualTime time = 0;  // start of the phase; it ends where the next one starts
    InvocationPhase phase = InvocationPhase::Read;
    int attempt = 1;
    std::uint64_t version = 0;
    bool operator==(const PhaseHistory&) const = default;
};

struct InvocationHistory {
    InvocationId id = 0;
    int instance = 0;
    int device = -1;
    MessageId message = 0;
    int delivery = 1;
    bool coldStart = false;
    std::uint64_t startStep = 0;
    VirtualTime startTime = 0;
    std::vector<PhaseHistory> phases;          // entered by the moment
    std::optional<InvocationOutcome> outcome;  // none: running at the moment
    std::uint64_t endStep = 0;
    VirtualTime endTime = 0;
    int attempts = 0;
    int conflicts = 0;
    bool operator==(const InvocationHistory&) const = default;
};

// A version of a device's state record in the store (version 0: the initial record).
struct VersionHistory {
    std::uint64_t version = 0;
    std::uint64_t step = 0;
    VirtualTime time = 0;
    InvocationId invocation = 0;  // 0 for the initial record
    MessageId message = 0;        // the event applied (0 for the initial record)
    nlohmann::json record;        // model::configurationToJson of the record
    nlohmann::json event;         // {"event", "tags"}; null for the initial record
    std::vector<std::string> transitions;  // ids taken
    nlohmann::json actions;       // step()'s actions (model::actionToJson), an array
    bool operator==(const VersionHistory&) const = default;
};

// One device's last messages, invocations and versions at a moment, each list in id
// (or version) order, each at most its limit long (the latest kept).
struct DeviceHistory {
    int device = -1;
    std::uint64_t step = 0;
    VirtualTime time = 0;
    std::vector<MessageHistory> messages;
    std::vector<InvocationHistory> invocations;
    std::vector<VersionHistory> versions;
    bool operator==(const DeviceHistory&) const = default;
};

struct HistoryLimits {
    std::size_t messages = 200;
    std::size_t invocations = 100;
    std::size_t versions = 100;
};

// The invocations of every device that ran during [from, to] (to: the moment's time),
// in id order, at most `limit` (the latest kept).
struct InstanceHistory {
    std::uint64_t step = 0;
    VirtualTime from = 0, to = 0;
    std::vector<InvocationHistory> invocations;
    bool operator==(const InstanceHistory&) const = default;
};

} // namespace swivel::emu
