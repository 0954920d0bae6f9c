#pragma once
// A scenario (*.scenario.json): which machine runs, on how many devices of which
// types, how busy they are, how good their links are, how the function host and the
// store behave, which faults strike when, for how long, with which seed. Everything
// the simulator needs besides the machine and the catalog; see docs/scenarios.md.
//
// Times in scenario files are strings with a unit ("250ms", "3s", "2min", "1h") or
// numbers of milliseconds.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/diagnostic.h"
#include "virtual_time.h"

namespace swivel::emu {

// A window of virtual time; `devices` limits it to device ids with that prefix
// (empty: every device).
struct TimeWindow {
    VirtualTime from = 0;
    VirtualTime to = 0;
    std::string devices;
    bool contains(VirtualTime t) const { return t >= from && t < to; }
    bool operator==(const TimeWindow&) const = default;
};

// Per-device link; unset fields come from the device type's catalog link.
struct LinkSettings {
    std::optional<double> latencyMs, jitterMs, bandwidthKbps, loss;
    double duplication = 0;   // probability a message arrives twice
    double reordering = 0;    // probability a message is held back (and overtaken)
    double reorderDelayMs = 200;  // how long such a message is held back, at most
    VirtualTime messageTtl = 0;   // 0: messages wait out an outage; else they expire
    std::vector<TimeWindow> outages;  // the link is down: messages wait (or expire)
    bool operator==(const LinkSettings&) const = default;
};

struct DeviceGroup {
    std::string type;         // catalog id
    int count = 1;
    std::string idPrefix;     // ids are idPrefix + 4-digit number from 0001; default:
                              // the type's id + "-"
    double rateScale = 1.0;   // multiplies every spontaneous ratePerMinute of the type
    bool replies = true;      // the device answers commands as its behaviour says
    LinkSettings link;
    bool operator==(const DeviceGroup&) const = default;
};

// The id of a group's device `number` (1-based): idPrefix + the number, zero-padded to
// 4 digits ("camera-0001"; "camera-12345" past 9,999).
std::string deviceId(const DeviceGroup& group, int number);

// An event a device sends at a fixed time (the walk-through's script, a burst).
struct ScriptedEvent {
    VirtualTime at = 0;
    std::string device;       // a device id, or a prefix ending in '*' for many
    std::string event;
    nlohmann::json tags = nlohmann::json::object();
    int repeat = 1;           // a burst: this many copies...
    VirtualTime spacing = 0;  // ...this far apart
    bool operator==(const ScriptedEvent&) const = default;
};

// A device changes its power mode (the catalog's powerModes): it then sends its
// power-mode event; Off devices send nothing and ignore commands.
struct PowerChange {
    VirtualTime at = 0;
    std::string devices;   // id prefix; empty: all
    std::string mode;
    bool operator==(const PowerChange&) const = default;
};

// A device reboots: it goes dark for `downtime` (sends nothing, loses the commands
// sent to it and the replies it was preparing), then comes back with its catalog's
// initial device state and announces its power mode.
struct Reboot {
    VirtualTime at = 0;
    std::string devices;   // id prefix; empty: all
    VirtualTime downtime = seconds(5);
    bool operator==(const Reboot&) const = default;
};

struct HostSettings {
    int maxInstances = 64;
    double coldStartMs = 400;
    double runTimeMs = 2;          // compute time of one step
    double timeoutMs = 10000;      // an invocation running longer is killed
    int maxAttempts = 5;           // read-step-put attempts per invocation
    double backoffMs = 20;         // first backoff; doubles per conflict, with jitter
    int maxDeliveries = 10;        // deliveries of one message before dead-lettering
    double redeliveryDelayMs = 1000;  // the hub's wait before redelivering a failure
    double hubLatencyMs = 5;       // hub -> instance dispatch
    // Fault injection: the probability that an instance dies right after its put
    // landed and before it sent the commands (the put stands; the hub redelivers and
    // the redelivery re-sends the commands the record kept).
    double crashAfterPut = 0;
    bool operator==(const HostSettings&) const = default;
};

struct StoreFault {
    enum class Mode { Slow, Unavailable };
    Mode mode = Mode::Slow;
    TimeWindow window;
    double factor = 20;  // Slow: latency multiplier
    bool operator==(const StoreFault&) const = default;
};

struct StoreSettings {
    double latencyMinMs = 2;
    double latencyMaxMs = 8;
    double unavailableErrorMs = 50;  // an unavailable store answers with an error after this
    std::vector<StoreFault> faults;
    bool operator==(const StoreSettings&) const = default;
};

struct ServiceSettings {
    std::string service;  // the service's call name ("PhotoInterest")
    std::optional<double> latencyMinMs, latencyMaxMs;
    std::vector<TimeWindow> faults;  // requests in a window get no answer
    // The caller gives up on an answer after this long: the call is reported failed
    // (a service timeout) and a later answer is dropped. Unset: it waits forever.
    std::optional<double> timeoutMs;
    bool operator==(const ServiceSettings&) const = default;
};

struct Scenario {
    std::string name;
    std::string description;
    std::string machinePath;  // as written in the file
    std::string machineFile;  // resolved against the scenario's folder
    std::vector<DeviceGroup> devices;
    std::vector<ScriptedEvent> script;
    std::vector<PowerChange> power;
    std::vector<Reboot> reboots;
    HostSettings host;
    StoreSettings store;
    std::vector<ServiceSettings> services;
    VirtualTime duration = seconds(60);
    std::uint64_t seed = 1;
    nlohmann::json source;  // the file's JSON as read (recorded with the session)
    bool operator==(const Scenario&) const = default;
};

// Reads a scenario file; nullopt with diagnostics (file name in elementId, the JSON
// path in field, line/column in the message) when it cannot be used.
std::optional<Scenario> loadScenarioFile(const std::string& path,
                                         std::vector<model::Diagnostic>& diagnostics);
// The same from the file's text; `path` names it in diagnostics and its folder
// resolves the machine file.
std::optional<Scenario> loadScenarioText(std::string_view text, const std::string& path,
                                         std::vector<model::Diagnostic>& diagnostics);
std::optional<Scenario> scenarioFromJson(const nlohmann::json& json, const std::string& where,
                                         const std::string& baseDirectory,
                                         std::vector<model::Diagnostic>& diagnostics);

// "250ms", "3s", "1.5s", "2min", "1h", "800us"; a bare number is milliseconds.
std::optional<VirtualTime> parseDuration(std::string_view text);
std::string formatDuration(VirtualTime time);  // "1.5s", "250ms", "2min"

// A scenario with one device of the machine's type and no faults: the studio's
// quick start and `simulate MACHINE.swivel.json`.
Scenario quickScenario(const std::string& machineFile, const std::string& deviceType);

} // namespace swivel::emu
