#pragma once
// Device types ("device drivers") and µ-services: the vocabulary a machine is
// checked against and the behaviour the emulator plays. Loaded from JSON data files
// (resources/devices/*.json, resources/services/*.json); new device types need no C++.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "diagnostic.h"
#include "value.h"

namespace swivel::model {

// A typed field: an event tag, a command argument, a service request or reply field.
// A string field may be limited to `values` (an enumeration such as On|Off|Idle).
struct Field {
    std::string name;
    Type type = Type::String;
    std::vector<std::string> values;
    std::string description;
    bool operator==(const Field&) const = default;
};

struct EventType {
    std::string name;
    std::vector<Field> tags;
    std::string description;
    std::int64_t sizeBytes = 256;  // message size on the link
    const Field* findTag(std::string_view tag) const;
    bool operator==(const EventType&) const = default;
};

struct CommandType {
    std::string name;
    std::vector<Field> args;
    std::string description;
    std::int64_t sizeBytes = 128;
    const Field* findArg(std::string_view arg) const;
    bool operator==(const CommandType&) const = default;
};

struct LinkProfile {
    double latencyMs = 20;
    double jitterMs = 5;
    double bandwidthKbps = 1000;  // kilobits per second, both directions
    double loss = 0;              // probability a message is lost
    bool operator==(const LinkProfile&) const = default;
};

struct DeviceType {
    std::string id;        // e.g. "canon-eos-rebel"; what a machine's deviceType names
    std::string name;      // e.g. "Camera"
    std::string vendor;
    std::string model;
    std::string description;
    std::vector<EventType> events;
    std::vector<CommandType> commands;
    LinkProfile link;
    // The emulated behaviour, kept as JSON: its schema is checked on load (see
    // checkBehaviour) and the emulator interprets it.
    nlohmann::json behaviour = nlohmann::json::object();

    const EventType* findEvent(std::string_view name) const;
    const CommandType* findCommand(std::string_view name) const;
    bool operator==(const DeviceType&) const = default;
};

// A mock µ-service: a call with `request` fields answers later with event `reply`.
struct ServiceType {
    std::string id;
    std::string name;  // what a call action names
    std::string description;
    std::vector<Field> request;
    EventType reply;
    double latencyMinMs = 50;
    double latencyMaxMs = 200;
    nlohmann::json behaviour = nlohmann::json::object();
    const Field* findRequest(std::string_view field) const;
    bool operator==(const ServiceType&) const = default;
};

class DeviceCatalog {
public:
    // Loads every *.json in `devicesDir` and `servicesDir` (sorted by file name).
    // Problems become diagnostics (with the file name in Diagnostic::elementId); broken
    // files are skipped, never fatal.
    static DeviceCatalog loadDirectories(const std::string& devicesDir,
                                         const std::string& servicesDir,
                                         std::vector<Diagnostic>* diagnostics = nullptr);
    // The catalog shipped in resources/, found next to the executable or in the
    // source tree (see resources.h).
    static const DeviceCatalog& builtin();

    void addDevice(DeviceType device);
    void addService(ServiceType service);

    const std::vector<DeviceType>& devices() const { return m_devices; }
    const std::vector<ServiceType>& services() const { return m_services; }
    const DeviceType* findDevice(std::string_view id) const;
    const ServiceType* findService(std::string_view name) const;

private:
    std::vector<DeviceType> m_devices;
    std::vector<ServiceType> m_services;
};

// Parsing single entries; diagnostics carry `where` in elementId.
std::optional<DeviceType> deviceTypeFromJson(const nlohmann::json& json, const std::string& where,
                                             std::vector<Diagnostic>& diagnostics);
std::optional<ServiceType> serviceTypeFromJson(const nlohmann::json& json,
                                               const std::string& where,
                                               std::vector<Diagnostic>& diagnostics);

} // namespace swivel::model
