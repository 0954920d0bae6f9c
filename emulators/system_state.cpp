#include "system_state.h"

namespace swivel::emu {

nlohmann::ordered_json toJson(const SystemState& state) {
    using nlohmann::ordered_json;
    ordered_json devices = ordered_json::array();
    for (const DeviceStateSnapshot& device : state.devices) {
        ordered_json item;
        item["id"] = device.id;
        item["version"] = device.version;
        item["configuration"] = device.configuration;
        item["record"] = device.record;
        devices.push_back(std::move(item));
    }
    ordered_json inFlight = ordered_json::array();
    for (const MessageSnapshot& message : state.inFlight) {
        ordered_json item;
        item["id"] = message.id;
        item["kind"] = toString(message.kind);
        item["device"] = message.device;
        item["name"] = message.name;
        item["payload"] = message.payload;
        item["sentAt_us"] = message.sentAt;
        inFlight.push_back(std::move(item));
    }
    ordered_json running = ordered_json::array();
    for (const InstanceSnapshot& instance : state.running) {
        ordered_json item;
        item["invocation"] = instance.invocation;
        item["instance"] = instance.instance;
        item["device"] = instance.device;
        item["message"] = instance.message;
        item["startedAt_us"] = instance.startedAt;
        item["phase"] = toString(instance.phase);
        item["attempt"] = instance.attempt;
        running.push_back(std::move(item));
    }
    ordered_json out;
    out["step"] = state.step;
    out["time_us"] = state.time;
    out["devices"] = std::move(devices);
    out["inFlight"] = std::move(inFlight);
    out["running"] = std::move(running);
    return out;
}

} // namespace swivel::emu
