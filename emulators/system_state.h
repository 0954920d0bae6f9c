#pragma once
// The whole emulated system at one step: what `swivel-cli replay` prints and what the
// studio shows when a session is scrubbed. The live simulator and a replayed session
// build the same SystemState for the same step (the replay tests compare them).

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "trace.h"

namespace swivel::emu {

struct DeviceStateSnapshot {
    std::string id;                          // "camera-0001"
    std::uint64_t version = 0;               // the store's version of its record
    std::vector<std::string> configuration;  // active atomic states, document order
    nlohmann::json record;                   // model::configurationToJson of the record
    bool operator==(const DeviceStateSnapshot&) const = default;
};

struct MessageSnapshot {
    MessageId id = 0;
    MessageKind kind = MessageKind::DeviceEvent;
    std::string device;      // device id
    std::string name;        // event or command name
    nlohmann::json payload;  // tags or arguments as a JSON object
    VirtualTime sentAt = 0;
    bool operator==(const MessageSnapshot&) const = default;
};

struct InstanceSnapshot {
    InvocationId invocation = 0;
    int instance = 0;
    std::string device;
    MessageId message = 0;
    VirtualTime startedAt = 0;
    InvocationPhase phase = InvocationPhase::Read;  // the phase last entered
    int attempt = 1;
    bool operator==(const InstanceSnapshot&) const = default;
};

struct SystemState {
    std::uint64_t step = 0;
    VirtualTime time = 0;
    std::vector<DeviceStateSnapshot> devices;  // in device order
    std::vector<MessageSnapshot> inFlight;     // sent, not yet delivered/lost; by id
    std::vector<InstanceSnapshot> running;     // invocations started, not ended; by id
    bool operator==(const SystemState&) const = default;
};

// {"step", "time_us", "devices": [{"id", "version", "configuration", "record"}],
//  "inFlight": [{"id", "kind", "device", "name", "payload", "sentAt_us"}],
//  "running": [{"invocation", "instance", "device", "message", "startedAt_us", "phase",
//  "attempt"}]}; kinds and phases as toString() spells them.
nlohmann::ordered_json toJson(const SystemState& state);

} // namespace swivel::emu
