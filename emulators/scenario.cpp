#include "scenario.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <utility>

#include "model/device_catalog.h"
#include "model/diagnostic_codes.h"
#include "model/json_locations.h"
#include "model/json_text.h"
#include "model/machine_file.h"

namespace swivel::emu {

namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;
namespace codes = model::codes;
using model::Diagnostic;
using model::Severity;

constexpr int kFormatVersion = 1;
constexpr std::int64_t kMaxDevicesPerGroup = 1000000;
constexpr std::int64_t kMaxRepeat = 1000000;
constexpr int kIdDigits = 4;

// ---------------------------------------------------------------------------------
// Durations

struct Unit {
    std::string_view name;
    std::int64_t micros;
};
// A bare number is milliseconds: what the *Ms keys of the file use too.
constexpr Unit kUnits[] = {{"us", 1},      {"\xC2\xB5s", 1},  {"ms", 1000},
                           {"s", 1000000}, {"min", 60000000}, {"h", 3600000000}};

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.remove_suffix(1);
    }
    return text;
}

// "1.500" -> "1.5", "1.000" -> "1": the decimals of a fraction of `scale` units.
std::string decimal(std::int64_t whole, std::int64_t fraction, int digits) {
    std::string text = std::to_string(whole);
    if (fraction == 0) {
        return text;
    }
    std::string decimals = std::to_string(fraction);
    decimals.insert(0, static_cast<std::size_t>(digits) - decimals.size(), '0');
    while (decimals.back() == '0') {
        decimals.pop_back();
    }
    return text + "." + decimals;
}

// ---------------------------------------------------------------------------------
// Messages

using model::json_text::describe;
using model::json_text::quote;

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) {
        out += (out.empty() ? "" : ", ") + item;
    }
    return out;
}

// 5 rather than 5.0: the way the user wrote it.
std::string formatNumber(double value) {
    if (std::trunc(value) == value && std::abs(value) < 1e15) {
        return std::to_string(static_cast<std::int64_t>(value));
    }
    return Json(value).dump();
}

// Paths are long but not hostile: show them whole up to a sane length.
std::string quotePath(std::string_view path) {
    return quote(path, 400);
}

// ---------------------------------------------------------------------------------
// Reading

// A place in the scenario file: the path users read ("devices[0].link.loss") and the
// JSON pointer ("/devices/0/link/loss") that finds its line and column.
struct Path {
    std::string display;
    std::string pointer;

    Path key(std::string_view name) const {
        return {display.empty() ? std::string(name) : display + "." + std::string(name),
                pointer + "/" + model::jsonPointerEscape(name)};
    }
    Path index(std::size_t i) const {
        return {display + "[" + std::to_string(i) + "]", pointer + "/" + std::to_string(i)};
    }
    // How messages name it: the whole file, or the path.
    std::string name() const { return display.empty() ? "the scenario" : display; }
};

// The keys one kind of object may have, and which of them it must have.
struct Shape {
    std::string_view what;
    std::vector<std::string_view> keys;
    std::vector<std::string_view> required = {};
};

const Shape kScenarioShape{"scenario",
                           {"format", "name", "description", "machine", "seed", "duration",
                            "devices", "script", "power", "reboots", "host", "store", "services"},
                           {"machine", "devices"}};
const Shape kGroupShape{
    "device group", {"type", "count", "idPrefix", "rateScale", "replies", "link"}, {"type"}};
const Shape kLinkShape{"link",
                       {"latencyMs", "jitterMs", "bandwidthKbps", "loss", "duplication",
                        "reordering", "reorderDelayMs", "messageTtl", "outages"}};
const Shape kWindowShape{"time window", {"from", "to", "devices"}, {"from", "to"}};
const Shape kScriptShape{"scripted event",
                         {"at", "device", "event", "tags", "repeat", "spacing"},
                         {"at", "device", "event"}};
const Shape kPowerShape{"power change", {"at", "devices", "mode"}, {"at", "mode"}};
const Shape kRebootShape{"reboot", {"at", "devices", "downtime"}, {"at"}};
const Shape kHostShape{"host",
                       {"maxInstances", "coldStartMs", "runTimeMs", "timeoutMs", "maxAttempts",
                        "backoffMs", "maxDeliveries", "redeliveryDelayMs", "hubLatencyMs",
                        "crashAfterPut"}};
const Shape kStoreShape{"store", {"latencyMs", "unavailableErrorMs", "faults"}};
const Shape kStoreFaultShape{
    "store fault", {"mode", "from", "to", "devices", "factor"}, {"mode", "from", "to"}};
const Shape kServiceShape{"service", {"service", "latencyMs", "faults", "timeoutMs"}, {"service"}};
const Shape kLatencyShape{"latencyMs", {"min", "max"}, {"min", "max"}};

// Collects the diagnostics of one scenario (elementId: the file; field: the path) and
// reads typed values, reporting what does not fit. Keeps each diagnostic's JSON
// pointer so that a caller holding the text can locate it.
class Reader {
public:
    Reader(const std::string& where, std::vector<Diagnostic>& out,
           std::vector<std::string>* pointers)
        : m_where(where), m_out(out), m_pointers(pointers) {}

    bool failed() const { return m_errors > 0; }

    void report(const char* code, const Path& path, std::string message,
                Severity severity = Severity::Error) {
        Diagnostic diagnostic;
        diagnostic.severity = severity;
        diagnostic.code = code;
        diagnostic.elementId = m_where;
        diagnostic.field = path.display;
        diagnostic.message = std::move(message);
        m_out.push_back(std::move(diagnostic));
        if (m_pointers != nullptr) {
            m_pointers->push_back(path.pointer);
        }
        if (severity == Severity::Error) {
            ++m_errors;
        }
    }

    void wrongType(const Path& path, const Json& json, std::string_view expected) {
        report(codes::WrongType, path,
               (path.display.empty() ? std::string("a scenario file holds ")
                                     : path.display + " must be ") +
                   std::string(expected) + "; found " + describe(json));
    }

    // Unknown keys warn (a typo must not pass silently), missing required keys are
    // errors. False when `json` is not an object at all.
    bool object(const Json& json, const Path& path, const Shape& shape) {
        if (!json.is_object()) {
            wrongType(path, json,
                      path.display.empty() ? std::string("one JSON object")
                                           : "an object (a " + std::string(shape.what) + ")");
            return false;
        }
        for (const auto& [key, value] : json.items()) {
            if (std::find(shape.keys.begin(), shape.keys.end(), key) == shape.keys.end()) {
                std::vector<std::string> known(shape.keys.begin(), shape.keys.end());
                report(codes::UnknownKey, path.key(key),
                       "unknown key " + quote(key) + " in the " + std::string(shape.what) +
                           " is ignored (known keys: " + join(known) + ")",
                       Severity::Warning);
            }
        }
        for (std::string_view key : shape.required) {
            if (!json.contains(key)) {
                report(codes::MissingField, path,
                       "the " + std::string(shape.what) +
                           (path.display.empty() ? "" : " " + path.display) + " has no " +
                           quote(key));
            }
        }
        return true;
    }

    static const Json* find(const Json& object, std::string_view key) {
        if (!object.is_object()) {
            return nullptr;
        }
        const auto it = object.find(key);
        return it == object.end() ? nullptr : &*it;
    }

    bool string(const Json& json, const Path& path, std::string& out) {
        if (!json.is_string()) {
            wrongType(path, json, "a string");
            return false;
        }
        out = json.get<std::string>();
        return true;
    }

    bool boolean(const Json& json, const Path& path, bool& out) {
        if (!json.is_boolean()) {
            wrongType(path, json, "true or false");
            return false;
        }
        out = json.get<bool>();
        return true;
    }

    bool number(const Json& json, const Path& path, double& out, double min, double max,
                std::string_view unit = "") {
        const std::string suffix = unit.empty() ? "" : " (" + std::string(unit) + ")";
        if (!json.is_number()) {
            wrongType(path, json, "a number" + suffix);
            return false;
        }
        const double value = json.get<double>();
        if (!std::isfinite(value) || value < min || value > max) {
            std::string range = max < HUGE_VAL
                                    ? "from " + formatNumber(min) + " to " + formatNumber(max)
                                    : "of at least " + formatNumber(min);
            report(codes::WrongType, path,
                   path.name() + " must be a number " + range + suffix + "; found " +
                       describe(json));
            return false;
        }
        out = value;
        return true;
    }

    bool probability(const Json& json, const Path& path, double& out) {
        if (json.is_number() && (json.get<double>() < 0 || json.get<double>() > 1)) {
            report(codes::WrongType, path,
                   path.name() + " is a probability: it must be from 0 to 1; found " +
                       describe(json));
            return false;
        }
        return number(json, path, out, 0, 1, "a probability");
    }

    bool integer(const Json& json, const Path& path, std::int64_t& out, std::int64_t min,
                 std::int64_t max) {
        const bool integral =
            json.is_number_integer() ||
            (json.is_number_float() && std::trunc(json.get<double>()) == json.get<double>() &&
             std::abs(json.get<double>()) < 9e18);
        const bool fits = integral &&
                          !(json.is_number_unsigned() && json.get<std::uint64_t>() > INT64_MAX) &&
                          json.get<double>() >= static_cast<double>(min) &&
                          json.get<double>() <= static_cast<double>(max);
        if (!fits) {
            wrongType(path, json,
                      "a whole number from " + std::to_string(min) + " to " + std::to_string(max));
            return false;
        }
        out = json.is_number_float() ? static_cast<std::int64_t>(json.get<double>())
                                     : json.get<std::int64_t>();
        return true;
    }

    bool integer(const Json& json, const Path& path, int& out, int min, int max) {
        std::int64_t value = 0;
        if (!integer(json, path, value, min, max)) {
            return false;
        }
        out = static_cast<int>(value);
        return true;
    }

    // A string with a unit ("250ms", "3s", "2min") or a number of milliseconds.
    bool duration(const Json& json, const Path& path, VirtualTime& out) {
        std::optional<VirtualTime> value;
        if (json.is_string()) {
            value = parseDuration(json.get_ref<const std::string&>());
        } else if (json.is_number_unsigned()) {
            const std::uint64_t ms = json.get<std::uint64_t>();
            if (ms <= static_cast<std::uint64_t>(INT64_MAX / 1000)) {
                value = milliseconds(static_cast<std::int64_t>(ms));
            }
        } else if (json.is_number()) {
            value = parseDuration(json.dump()); // the shortest exact decimal of the number
        }
        if (!value) {
            const bool negative =
                json.is_number()
                    ? json.get<double>() < 0
                    : json.is_string() && trim(json.get_ref<const std::string&>()).starts_with('-');
            wrongType(path, json,
                      negative
                          ? std::string("a duration that is not negative")
                          : std::string("a number with a unit (\"800us\", \"250ms\", \"1.5s\", "
                                        "\"2min\", \"1h\") or a number of milliseconds"));
            return false;
        }
        out = *value;
        return true;
    }

    // Optional members: absent leaves `out` alone.
    template <typename Read, typename T>
    void optional(const Json& object, const Path& path, std::string_view key, T& out, Read read) {
        if (const Json* value = find(object, key)) {
            read(*value, path.key(key), out);
        }
    }

private:
    const std::string& m_where;
    std::vector<Diagnostic>& m_out;
    std::vector<std::string>* m_pointers;
    int m_errors = 0;
};

// ---------------------------------------------------------------------------------
// Device ids

// Does some id of the group (prefix + number) start with `text`?
bool anyIdStartsWith(const DeviceGroup& group, std::string_view text) {
    if (group.count < 1) {
        return false;
    }
    if (text.size() <= group.idPrefix.size()) {
        return std::string_view(group.idPrefix).starts_with(text);
    }
    if (!text.starts_with(group.idPrefix)) {
        return false;
    }
    const std::string_view digits = text.substr(group.idPrefix.size());
    for (int number = 1; number <= group.count; ++number) {
        if (std::string_view(deviceId(group, number))
                .substr(group.idPrefix.size())
                .starts_with(digits)) {
            return true;
        }
    }
    return false;
}

bool hasId(const DeviceGroup& group, std::string_view id) {
    if (!id.starts_with(group.idPrefix)) {
        return false;
    }
    const std::string_view digits = id.substr(group.idPrefix.size());
    if (digits.size() < static_cast<std::size_t>(kIdDigits) || digits.size() > 10 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return false;
    }
    const std::int64_t number = std::stoll(std::string(digits));
    return number >= 1 && number <= group.count && deviceId(group, static_cast<int>(number)) == id;
}

// The groups a pattern reaches: an exact id, or a prefix ending in '*'.
std::vector<const DeviceGroup*> groupsMatching(const std::vector<DeviceGroup>& groups,
                                               std::string_view pattern) {
    std::vector<const DeviceGroup*> out;
    const bool prefix = pattern.ends_with('*');
    if (prefix) {
        pattern.remove_suffix(1);
    }
    for (const DeviceGroup& group : groups) {
        if (prefix ? anyIdStartsWith(group, pattern) : hasId(group, pattern)) {
            out.push_back(&group);
        }
    }
    return out;
}

// Windows and power changes name a prefix; a trailing '*' reads the same.
std::string prefixOf(std::string text) {
    if (!text.empty() && text.back() == '*') {
        text.pop_back();
    }
    return text;
}

// ---------------------------------------------------------------------------------
// The scenario

class ScenarioReader {
    // Readers for Reader::optional (defined first: their return types are deduced).
    auto stringReader() {
        return [this](const Json& json, const Path& path, std::string& out) {
            m_reader.string(json, path, out);
        };
    }
    auto durationReader() {
        return [this](const Json& json, const Path& path, VirtualTime& out) {
            m_reader.duration(json, path, out);
        };
    }
    // Milliseconds of a *Ms key, never negative.
    auto millisecondsReader() {
        return [this](const Json& json, const Path& path, double& out) {
            m_reader.number(json, path, out, 0, HUGE_VAL, "milliseconds");
        };
    }

public:
    ScenarioReader(const std::string& where, const std::string& baseDirectory,
                   std::vector<Diagnostic>& diagnostics, std::vector<std::string>* pointers)
        : m_reader(where, diagnostics, pointers), m_baseDirectory(baseDirectory) {}

    std::optional<Scenario> read(const Json& json) {
        const Path root;
        if (!m_reader.object(json, root, kScenarioShape)) {
            return std::nullopt;
        }
        Scenario scenario;
        scenario.source = json;
        readFormat(json);
        m_reader.optional(json, root, "name", scenario.name, stringReader());
        m_reader.optional(json, root, "description", scenario.description, stringReader());
        readMachine(json, scenario);
        if (const Json* seed = Reader::find(json, "seed")) {
            readSeed(*seed, root.key("seed"), scenario.seed);
        }
        if (const Json* duration = Reader::find(json, "duration")) {
            if (m_reader.duration(*duration, root.key("duration"), scenario.duration) &&
                scenario.duration <= 0) {
                m_reader.report(codes::WrongType, root.key("duration"),
                                "duration must be longer than 0");
            }
        }
        readArray(json, root, "devices", [&](const Json& item, const Path& path) {
            if (auto group = readGroup(item, path, scenario)) {
                scenario.devices.push_back(std::move(*group));
            } else {
                m_someGroupUnusable = true;
            }
        });
        if (const Json* devices = Reader::find(json, "devices");
            devices != nullptr && devices->is_array() && devices->empty()) {
            m_reader.report(codes::MissingField, root.key("devices"),
                            "devices is empty: a scenario needs at least one device group");
        }
        m_devicesRead = true;
        for (const auto& [prefix, path] : m_pendingPrefixes) {
            warnIfNoDevice(prefix, path, scenario);
        }
        checkUniquePrefixes(scenario);
        readArray(json, root, "script", [&](const Json& item, const Path& path) {
            if (auto event = readScripted(item, path, scenario)) {
                scenario.script.push_back(std::move(*event));
            }
        });
        readArray(json, root, "power", [&](const Json& item, const Path& path) {
            if (auto change = readPower(item, path, scenario)) {
                scenario.power.push_back(std::move(*change));
            }
        });
        readArray(json, root, "reboots", [&](const Json& item, const Path& path) {
            if (auto reboot = readReboot(item, path, scenario)) {
                scenario.reboots.push_back(std::move(*reboot));
            }
        });
        if (const Json* host = Reader::find(json, "host")) {
            readHost(*host, root.key("host"), scenario.host);
        }
        if (const Json* store = Reader::find(json, "store")) {
            readStore(*store, root.key("store"), scenario);
        }
        readArray(json, root, "services", [&](const Json& item, const Path& path) {
            if (auto service = readService(item, path, scenario)) {
                scenario.services.push_back(std::move(*service));
            }
        });
        if (m_reader.failed()) {
            return std::nullopt;
        }
        return scenario;
    }

private:
    template <typename Each>
    void readArray(const Json& object, const Path& path, std::string_view key, Each each) {
        const Json* array = Reader::find(object, key);
        if (array == nullptr) {
            return;
        }
        const Path at = path.key(key);
        if (!array->is_array()) {
            m_reader.wrongType(at, *array, "an array");
            return;
        }
        for (std::size_t i = 0; i < array->size(); ++i) {
            each((*array)[i], at.index(i));
        }
    }

    void readFormat(const Json& json) {
        const Path path = Path().key("format");
        const Json* format = Reader::find(json, "format");
        if (format == nullptr) {
            m_reader.report(codes::FormatVersion, Path(),
                            "missing \"format\": read as format " + std::to_string(kFormatVersion) +
                                "; write \"format\": " + std::to_string(kFormatVersion),
                            Severity::Warning);
            return;
        }
        if (!format->is_number_integer() || format->get<std::int64_t>() != kFormatVersion) {
            m_reader.report(codes::FormatVersion, path,
                            "unsupported format " + format->dump() +
                                ": this Swivel reads scenario format " +
                                std::to_string(kFormatVersion));
        }
    }

    void readSeed(const Json& json, const Path& path, std::uint64_t& out) {
        if (json.is_number_unsigned()) {
            out = json.get<std::uint64_t>();
        } else if (json.is_number_integer() && json.get<std::int64_t>() >= 0) {
            out = static_cast<std::uint64_t>(json.get<std::int64_t>());
        } else {
            m_reader.wrongType(path, json, "a whole number of at least 0");
        }
    }

    // The machine file, and the device type its events and commands belong to.
    void readMachine(const Json& json, Scenario& scenario) {
        const Path path = Path().key("machine");
        const Json* machine = Reader::find(json, "machine");
        if (machine == nullptr || !m_reader.string(*machine, path, scenario.machinePath)) {
            return;
        }
        if (scenario.machinePath.empty()) {
            m_reader.report(codes::MissingField, path,
                            "machine is empty: name a *.swivel.json file");
            return;
        }
        scenario.machineFile = (fs::path(m_baseDirectory) / fs::path(scenario.machinePath))
                                   .lexically_normal()
                                   .string();
        std::error_code error;
        if (!fs::is_regular_file(scenario.machineFile, error)) {
            m_reader.report(codes::FileUnreadable, path,
                            "the machine file " + quotePath(scenario.machinePath) +
                                " does not exist (looked for " + scenario.machineFile + ")");
            return;
        }
        const model::LoadResult loaded = model::loadMachineFile(scenario.machineFile);
        if (!loaded.machine) {
            std::string first = "it is not a machine file";
            for (const Diagnostic& d : loaded.diagnostics) {
                if (d.severity == Severity::Error) {
                    first = (d.line > 0 ? "line " + std::to_string(d.line) + ": " : std::string()) +
                            d.message;
                    break;
                }
            }
            m_reader.report(codes::FileUnreadable, path,
                            "the machine file " + quotePath(scenario.machinePath) +
                                " cannot be loaded: " + first);
            return;
        }
        m_machineDeviceType = loaded.machine->deviceType;
    }

    std::optional<DeviceGroup> readGroup(const Json& json, const Path& path,
                                         const Scenario& scenario) {
        if (!m_reader.object(json, path, kGroupShape)) {
            return std::nullopt;
        }
        DeviceGroup group;
        bool usable = true;
        if (const Json* type = Reader::find(json, "type")) {
            usable = m_reader.string(*type, path.key("type"), group.type) &&
                     checkDeviceType(group.type, path.key("type"), scenario);
        } else {
            usable = false;
        }
        if (const Json* count = Reader::find(json, "count")) {
            if (count->is_number() && count->get<double>() < 1) {
                m_reader.report(codes::WrongType, path.key("count"),
                                path.key("count").display + " must be at least 1; found " +
                                    describe(*count));
                usable = false;
            } else {
                usable &= m_reader.integer(*count, path.key("count"), group.count, 1,
                                           static_cast<int>(kMaxDevicesPerGroup));
            }
        }
        group.idPrefix = group.type + "-";
        if (const Json* prefix = Reader::find(json, "idPrefix")) {
            if (m_reader.string(*prefix, path.key("idPrefix"), group.idPrefix) &&
                group.idPrefix.empty()) {
                m_reader.report(
                    codes::BadIdentifier, path.key("idPrefix"),
                    path.key("idPrefix").display +
                        " is empty: device ids would be bare numbers; leave it out for \"" +
                        group.type + "-\"");
                usable = false;
            } else if (group.idPrefix.find('*') != std::string::npos) {
                m_reader.report(
                    codes::BadIdentifier, path.key("idPrefix"),
                    path.key("idPrefix").display +
                        " must not contain '*': the script uses it to name many devices");
                usable = false;
            }
        }
        m_reader.optional(json, path, "rateScale", group.rateScale,
                          [this](const Json& j, const Path& p, double& out) {
                              m_reader.number(j, p, out, 0, HUGE_VAL, "a factor");
                          });
        m_reader.optional(
            json, path, "replies", group.replies,
            [this](const Json& j, const Path& p, bool& out) { m_reader.boolean(j, p, out); });
        if (const Json* link = Reader::find(json, "link")) {
            readLink(*link, path.key("link"), group.link, scenario);
        }
        return usable ? std::optional<DeviceGroup>(std::move(group)) : std::nullopt;
    }

    bool checkDeviceType(const std::string& type, const Path& path, const Scenario& scenario) {
        const model::DeviceCatalog& catalog = model::DeviceCatalog::builtin();
        if (catalog.findDevice(type) == nullptr) {
            std::vector<std::string> known;
            for (const model::DeviceType& device : catalog.devices()) {
                known.push_back(device.id);
            }
            m_reader.report(codes::UnknownDeviceType, path,
                            "the device catalog has no device type " + quote(type) +
                                (known.empty()
                                     ? std::string(" (the catalog is empty: is SWIVEL_RESOURCES "
                                                   "set to a folder without devices/?)")
                                     : " (known: " + join(known) + ")"));
            return false;
        }
        if (!m_machineDeviceType.empty() && type != m_machineDeviceType) {
            m_reader.report(codes::UnknownDeviceType, path,
                            "the machine " + quotePath(scenario.machinePath) + " is written for " +
                                quote(m_machineDeviceType) + ", not " + quote(type) +
                                ": its events and commands would not match this device");
            return false;
        }
        return true;
    }

    void readLink(const Json& json, const Path& path, LinkSettings& link,
                  const Scenario& scenario) {
        if (!m_reader.object(json, path, kLinkShape)) {
            return;
        }
        auto optionalNumber = [&](std::string_view key, std::optional<double>& out, double min,
                                  std::string_view unit) {
            if (const Json* value = Reader::find(json, key)) {
                double read = 0;
                if (m_reader.number(*value, path.key(key), read, min, HUGE_VAL, unit)) {
                    out = read;
                }
            }
        };
        optionalNumber("latencyMs", link.latencyMs, 0, "milliseconds");
        optionalNumber("jitterMs", link.jitterMs, 0, "milliseconds");
        if (const Json* value = Reader::find(json, "bandwidthKbps")) {
            double read = 0;
            if (m_reader.number(*value, path.key("bandwidthKbps"), read, 0, HUGE_VAL,
                                "kilobits per second")) {
                if (read <= 0) {
                    m_reader.report(codes::WrongType, path.key("bandwidthKbps"),
                                    path.key("bandwidthKbps").display +
                                        " must be more than 0: nothing would ever arrive");
                } else {
                    link.bandwidthKbps = read;
                }
            }
        }
        if (const Json* value = Reader::find(json, "loss")) {
            double read = 0;
            if (m_reader.probability(*value, path.key("loss"), read)) {
                link.loss = read;
            }
        }
        m_reader.optional(
            json, path, "duplication", link.duplication,
            [this](const Json& j, const Path& p, double& out) { m_reader.probability(j, p, out); });
        m_reader.optional(
            json, path, "reordering", link.reordering,
            [this](const Json& j, const Path& p, double& out) { m_reader.probability(j, p, out); });
        m_reader.optional(json, path, "reorderDelayMs", link.reorderDelayMs, millisecondsReader());
        m_reader.optional(json, path, "messageTtl", link.messageTtl, durationReader());
        readArray(json, path, "outages", [&](const Json& item, const Path& at) {
            if (auto window = readWindow(item, at, kWindowShape, scenario)) {
                link.outages.push_back(std::move(*window));
            }
        });
    }

    // from < to, both within reach; `devices` a prefix that names some device.
    std::optional<TimeWindow> readWindow(const Json& json, const Path& path, const Shape& shape,
                                         const Scenario& scenario) {
        if (!m_reader.object(json, path, shape)) {
            return std::nullopt;
        }
        TimeWindow window;
        bool usable = json.contains("from") && json.contains("to");
        if (const Json* from = Reader::find(json, "from")) {
            usable &= m_reader.duration(*from, path.key("from"), window.from);
        }
        if (const Json* to = Reader::find(json, "to")) {
            usable &= m_reader.duration(*to, path.key("to"), window.to);
        }
        if (usable && window.from >= window.to) {
            m_reader.report(codes::WrongType, path.key("to"),
                            path.name() + " ends (" + formatDuration(window.to) +
                                ") before it starts (" + formatDuration(window.from) +
                                "): \"to\" must be later than \"from\"");
            usable = false;
        }
        if (usable && window.from >= scenario.duration) {
            m_reader.report(codes::WrongType, path.key("from"),
                            path.name() + " starts at " + formatDuration(window.from) +
                                ", after the scenario's end (" + formatDuration(scenario.duration) +
                                "): it never happens",
                            Severity::Warning);
        }
        if (const Json* devices = Reader::find(json, "devices")) {
            if (m_reader.string(*devices, path.key("devices"), window.devices)) {
                window.devices = prefixOf(window.devices);
                warnIfNoDevice(window.devices, path.key("devices"), scenario);
            } else {
                usable = false;
            }
        }
        return usable ? std::optional<TimeWindow>(std::move(window)) : std::nullopt;
    }

    void warnIfNoDevice(const std::string& prefix, const Path& path, const Scenario& scenario) {
        if (!m_devicesRead) {
            m_pendingPrefixes.emplace_back(prefix, path); // a group's own link windows
            return;
        }
        if (!prefix.empty() && !m_someGroupUnusable &&
            groupsMatching(scenario.devices, prefix + "*").empty()) {
            m_reader.report(codes::DanglingReference, path,
                            path.display + " " + quote(prefix) + " starts no device id (ids are " +
                                idExamples(scenario) + "): it applies to no device",
                            Severity::Warning);
        }
    }

    std::string idExamples(const Scenario& scenario) const {
        std::vector<std::string> examples;
        for (const DeviceGroup& group : scenario.devices) {
            examples.push_back(group.count > 1
                                   ? deviceId(group, 1) + " to " + deviceId(group, group.count)
                                   : deviceId(group, 1));
        }
        return join(examples);
    }

    void checkUniquePrefixes(const Scenario& scenario) {
        for (std::size_t i = 0; i < scenario.devices.size(); ++i) {
            for (std::size_t j = 0; j < i; ++j) {
                if (scenario.devices[i].idPrefix == scenario.devices[j].idPrefix) {
                    m_reader.report(codes::DuplicateId, Path().key("devices").index(i),
                                    "devices[" + std::to_string(i) + "] and devices[" +
                                        std::to_string(j) + "] both name their devices " +
                                        quote(scenario.devices[i].idPrefix + "0001") +
                                        " and on: give one of them another idPrefix");
                }
            }
        }
    }

    std::optional<ScriptedEvent> readScripted(const Json& json, const Path& path,
                                              const Scenario& scenario) {
        if (!m_reader.object(json, path, kScriptShape)) {
            return std::nullopt;
        }
        ScriptedEvent event;
        bool usable = json.contains("at") && json.contains("device") && json.contains("event");
        if (const Json* at = Reader::find(json, "at")) {
            usable &= m_reader.duration(*at, path.key("at"), event.at);
        }
        if (const Json* repeat = Reader::find(json, "repeat")) {
            usable &= m_reader.integer(*repeat, path.key("repeat"), event.repeat, 1,
                                       static_cast<int>(kMaxRepeat));
        }
        if (const Json* spacing = Reader::find(json, "spacing")) {
            usable &= m_reader.duration(*spacing, path.key("spacing"), event.spacing);
        }
        if (usable && event.at >= scenario.duration) {
            m_reader.report(codes::WrongType, path.key("at"),
                            path.name() + " is at " + formatDuration(event.at) +
                                ", after the scenario's end (" + formatDuration(scenario.duration) +
                                "): it is never sent",
                            Severity::Warning);
        }
        std::vector<const DeviceGroup*> groups;
        if (const Json* device = Reader::find(json, "device")) {
            if (m_reader.string(*device, path.key("device"), event.device)) {
                groups = groupsMatching(scenario.devices, event.device);
                if (groups.empty() && !m_someGroupUnusable) {
                    m_reader.report(codes::DanglingReference, path.key("device"),
                                    path.key("device").display + " " + quote(event.device) +
                                        " names no device (ids are " + idExamples(scenario) +
                                        "; end a prefix with '*' to name many)");
                    usable = false;
                }
            } else {
                usable = false;
            }
        }
        if (const Json* name = Reader::find(json, "event")) {
            usable &= m_reader.string(*name, path.key("event"), event.event);
        }
        if (const Json* tags = Reader::find(json, "tags")) {
            if (tags->is_object()) {
                event.tags = *tags;
            } else {
                m_reader.wrongType(path.key("tags"), *tags, "an object of tag values");
                usable = false;
            }
        }
        if (usable) {
            usable = checkEvent(event, path, groups);
        }
        return usable ? std::optional<ScriptedEvent>(std::move(event)) : std::nullopt;
    }

    // The event must be one the devices send, with tags of its types: a scripted event
    // the machine cannot read would fail in the middle of a run.
    bool checkEvent(const ScriptedEvent& event, const Path& path,
                    const std::vector<const DeviceGroup*>& groups) {
        const model::DeviceCatalog& catalog = model::DeviceCatalog::builtin();
        std::vector<std::string> checkedTypes;
        for (const DeviceGroup* group : groups) {
            if (std::find(checkedTypes.begin(), checkedTypes.end(), group->type) !=
                checkedTypes.end()) {
                continue;
            }
            checkedTypes.push_back(group->type);
            const model::DeviceType* type = catalog.findDevice(group->type);
            if (type == nullptr) {
                continue; // reported with the group
            }
            const model::EventType* eventType = type->findEvent(event.event);
            if (eventType == nullptr) {
                std::vector<std::string> known;
                for (const model::EventType& e : type->events) {
                    known.push_back(e.name);
                }
                m_reader.report(codes::UnknownEvent, path.key("event"),
                                quote(type->id) + " devices never send " + quote(event.event) +
                                    " (they send: " + join(known) + ")");
                return false;
            }
            if (!checkTags(event, path.key("tags"), *eventType)) {
                return false;
            }
        }
        return true;
    }

    bool checkTags(const ScriptedEvent& event, const Path& path, const model::EventType& type) {
        bool ok = true;
        for (const auto& [name, value] : event.tags.items()) {
            const model::Field* field = type.findTag(name);
            if (field == nullptr) {
                std::vector<std::string> known;
                for (const model::Field& tag : type.tags) {
                    known.push_back(tag.name);
                }
                m_reader.report(codes::UnknownArgument, path.key(name),
                                quote(event.event) + " has no tag " + quote(name) + " (its tags: " +
                                    (known.empty() ? std::string("none") : join(known)) + ")");
                ok = false;
                continue;
            }
            const auto converted = model::fromJson(value, field->type);
            if (!converted) {
                m_reader.report(
                    codes::ArgumentType, path.key(name),
                    "tag " + quote(name) + " of " + quote(event.event) + " must be of type " +
                        std::string(model::typeName(field->type)) + "; found " + describe(value));
                ok = false;
                continue;
            }
            if (!field->values.empty() && value.is_string() &&
                std::find(field->values.begin(), field->values.end(), value.get<std::string>()) ==
                    field->values.end()) {
                m_reader.report(codes::ArgumentType, path.key(name),
                                "tag " + quote(name) + " of " + quote(event.event) + " is one of " +
                                    join(field->values) + "; found " + describe(value));
                ok = false;
            }
        }
        for (const model::Field& tag : type.tags) {
            if (!event.tags.contains(tag.name)) {
                m_reader.report(codes::UnknownArgument, path,
                                quote(event.event) + " is sent without its tag " + quote(tag.name) +
                                    ": a guard or action that reads event." + tag.name + " fails",
                                Severity::Warning);
            }
        }
        return ok;
    }

    std::optional<PowerChange> readPower(const Json& json, const Path& path,
                                         const Scenario& scenario) {
        if (!m_reader.object(json, path, kPowerShape)) {
            return std::nullopt;
        }
        PowerChange change;
        bool usable = json.contains("at") && json.contains("mode");
        if (const Json* at = Reader::find(json, "at")) {
            usable &= m_reader.duration(*at, path.key("at"), change.at);
        }
        if (const Json* devices = Reader::find(json, "devices")) {
            if (m_reader.string(*devices, path.key("devices"), change.devices)) {
                change.devices = prefixOf(change.devices);
                warnIfNoDevice(change.devices, path.key("devices"), scenario);
            } else {
                usable = false;
            }
        }
        if (const Json* mode = Reader::find(json, "mode")) {
            usable &= m_reader.string(*mode, path.key("mode"), change.mode) &&
                      checkPowerMode(change, path.key("mode"), scenario);
        }
        return usable ? std::optional<PowerChange>(std::move(change)) : std::nullopt;
    }

    std::optional<Reboot> readReboot(const Json& json, const Path& path, const Scenario& scenario) {
        if (!m_reader.object(json, path, kRebootShape)) {
            return std::nullopt;
        }
        Reboot reboot;
        bool usable = json.contains("at");
        if (const Json* at = Reader::find(json, "at")) {
            usable &= m_reader.duration(*at, path.key("at"), reboot.at);
        }
        if (const Json* devices = Reader::find(json, "devices")) {
            if (m_reader.string(*devices, path.key("devices"), reboot.devices)) {
                reboot.devices = prefixOf(reboot.devices);
                warnIfNoDevice(reboot.devices, path.key("devices"), scenario);
            } else {
                usable = false;
            }
        }
        if (const Json* downtime = Reader::find(json, "downtime")) {
            usable &= m_reader.duration(*downtime, path.key("downtime"), reboot.downtime);
        }
        return usable ? std::optional<Reboot>(std::move(reboot)) : std::nullopt;
    }

    bool checkPowerMode(const PowerChange& change, const Path& path, const Scenario& scenario) {
        const model::DeviceCatalog& catalog = model::DeviceCatalog::builtin();
        for (const DeviceGroup* group : groupsMatching(scenario.devices, change.devices + "*")) {
            const model::DeviceType* type = catalog.findDevice(group->type);
            if (type == nullptr) {
                continue;
            }
            const Json* modes = nullptr;
            if (const Json* power = Reader::find(type->behaviour, "powerModes")) {
                modes = Reader::find(*power, "modes");
            }
            if (modes == nullptr || !modes->is_array()) {
                m_reader.report(codes::UnknownValue, path,
                                quote(type->id) + " devices have no power modes");
                return false;
            }
            std::vector<std::string> known;
            for (const Json& mode : *modes) {
                known.push_back(mode.is_string() ? mode.get<std::string>() : mode.dump());
            }
            if (std::find(known.begin(), known.end(), change.mode) == known.end()) {
                m_reader.report(codes::UnknownValue, path,
                                quote(type->id) + " devices have no power mode " +
                                    quote(change.mode) + " (their modes: " + join(known) + ")");
                return false;
            }
        }
        return true;
    }

    void readHost(const Json& json, const Path& path, HostSettings& host) {
        if (!m_reader.object(json, path, kHostShape)) {
            return;
        }
        auto count = [this](int min, int max) {
            return [this, min, max](const Json& j, const Path& p, int& out) {
                m_reader.integer(j, p, out, min, max);
            };
        };
        m_reader.optional(json, path, "maxInstances", host.maxInstances, count(1, 1000000));
        m_reader.optional(json, path, "coldStartMs", host.coldStartMs, millisecondsReader());
        m_reader.optional(json, path, "runTimeMs", host.runTimeMs, millisecondsReader());
        m_reader.optional(json, path, "timeoutMs", host.timeoutMs, millisecondsReader());
        m_reader.optional(json, path, "maxAttempts", host.maxAttempts, count(1, 1000));
        m_reader.optional(json, path, "backoffMs", host.backoffMs, millisecondsReader());
        m_reader.optional(json, path, "maxDeliveries", host.maxDeliveries, count(1, 1000));
        m_reader.optional(json, path, "redeliveryDelayMs", host.redeliveryDelayMs,
                          millisecondsReader());
        m_reader.optional(json, path, "hubLatencyMs", host.hubLatencyMs, millisecondsReader());
        m_reader.optional(
            json, path, "crashAfterPut", host.crashAfterPut,
            [this](const Json& j, const Path& p, double& out) { m_reader.probability(j, p, out); });
        if (json.contains("timeoutMs") && host.timeoutMs <= 0) {
            m_reader.report(codes::WrongType, path.key("timeoutMs"),
                            "host.timeoutMs must be more than 0: every invocation would be killed");
        }
    }

    // {"min", "max"} in milliseconds, min <= max.
    bool readLatency(const Json& json, const Path& path, double& min, double& max) {
        if (!m_reader.object(json, path, kLatencyShape)) {
            return false;
        }
        bool ok = json.contains("min") && json.contains("max");
        if (const Json* value = Reader::find(json, "min")) {
            ok &= m_reader.number(*value, path.key("min"), min, 0, HUGE_VAL, "milliseconds");
        }
        if (const Json* value = Reader::find(json, "max")) {
            ok &= m_reader.number(*value, path.key("max"), max, 0, HUGE_VAL, "milliseconds");
        }
        if (ok && min > max) {
            m_reader.report(codes::WrongType, path.key("max"),
                            path.name() + " has max " + formatNumber(max) + " below min " +
                                formatNumber(min));
            ok = false;
        }
        return ok;
    }

    void readStore(const Json& json, const Path& path, Scenario& scenario) {
        if (!m_reader.object(json, path, kStoreShape)) {
            return;
        }
        StoreSettings& store = scenario.store;
        if (const Json* latency = Reader::find(json, "latencyMs")) {
            double min = store.latencyMinMs, max = store.latencyMaxMs;
            if (readLatency(*latency, path.key("latencyMs"), min, max)) {
                store.latencyMinMs = min;
                store.latencyMaxMs = max;
            }
        }
        m_reader.optional(json, path, "unavailableErrorMs", store.unavailableErrorMs,
                          millisecondsReader());
        readArray(json, path, "faults", [&](const Json& item, const Path& at) {
            if (auto fault = readStoreFault(item, at, scenario)) {
                store.faults.push_back(std::move(*fault));
            }
        });
    }

    std::optional<StoreFault> readStoreFault(const Json& json, const Path& path,
                                             const Scenario& scenario) {
        if (!m_reader.object(json, path, kStoreFaultShape)) {
            return std::nullopt;
        }
        StoreFault fault;
        bool usable = json.contains("mode");
        if (const Json* mode = Reader::find(json, "mode")) {
            std::string name;
            if (!m_reader.string(*mode, path.key("mode"), name)) {
                usable = false;
            } else if (name == "slow") {
                fault.mode = StoreFault::Mode::Slow;
            } else if (name == "unavailable") {
                fault.mode = StoreFault::Mode::Unavailable;
            } else {
                m_reader.report(codes::UnknownValue, path.key("mode"),
                                path.key("mode").display +
                                    " must be \"slow\" or \"unavailable\"; found " +
                                    describe(*mode));
                usable = false;
            }
        }
        if (const Json* factor = Reader::find(json, "factor")) {
            if (json.contains("mode") && fault.mode == StoreFault::Mode::Unavailable) {
                m_reader.report(codes::UnknownKey, path.key("factor"),
                                path.key("factor").display +
                                    " only applies to a \"slow\" store; ignored",
                                Severity::Warning);
            }
            usable &= m_reader.number(*factor, path.key("factor"), fault.factor, 1, HUGE_VAL,
                                      "a latency multiplier");
        }
        // The window's keys are the fault's own: read them from the same object.
        Json window = Json::object();
        for (const char* key : {"from", "to", "devices"}) {
            if (json.contains(key)) {
                window[key] = json[key];
            }
        }
        if (!json.contains("from") || !json.contains("to")) {
            return std::nullopt; // reported as missing
        }
        if (auto read = readWindow(window, path, kWindowShape, scenario)) {
            fault.window = std::move(*read);
        } else {
            usable = false;
        }
        return usable ? std::optional<StoreFault>(std::move(fault)) : std::nullopt;
    }

    std::optional<ServiceSettings> readService(const Json& json, const Path& path,
                                               const Scenario& scenario) {
        if (!m_reader.object(json, path, kServiceShape)) {
            return std::nullopt;
        }
        ServiceSettings service;
        bool usable = json.contains("service");
        if (const Json* name = Reader::find(json, "service")) {
            usable &= m_reader.string(*name, path.key("service"), service.service) &&
                      checkService(service.service, path.key("service"));
        }
        if (const Json* latency = Reader::find(json, "latencyMs")) {
            double min = 0, max = 0;
            if (readLatency(*latency, path.key("latencyMs"), min, max)) {
                service.latencyMinMs = min;
                service.latencyMaxMs = max;
            } else {
                usable = false;
            }
        }
        readArray(json, path, "faults", [&](const Json& item, const Path& at) {
            if (auto window = readWindow(item, at, kWindowShape, scenario)) {
                service.faults.push_back(std::move(*window));
            }
        });
        if (const Json* timeout = Reader::find(json, "timeoutMs")) {
            double ms = 0;
            if (!m_reader.number(*timeout, path.key("timeoutMs"), ms, 0, HUGE_VAL, "milliseconds")) {
                usable = false;
            } else if (ms > 0) {
                service.timeoutMs = ms;
            } else {
                m_reader.report(codes::WrongType, path.key("timeoutMs"),
                                path.key("timeoutMs").display +
                                    " must be more than 0: every call would time out");
                usable = false;
            }
        }
        return usable ? std::optional<ServiceSettings>(std::move(service)) : std::nullopt;
    }

    bool checkService(const std::string& name, const Path& path) {
        const model::DeviceCatalog& catalog = model::DeviceCatalog::builtin();
        if (catalog.findService(name) != nullptr) {
            return true;
        }
        std::vector<std::string> known;
        for (const model::ServiceType& service : catalog.services()) {
            known.push_back(service.name);
        }
        m_reader.report(codes::UnknownService, path,
                        "the device catalog has no service " + quote(name) +
                            " (services are named as "
                            "call actions name them: " +
                            join(known) + ")");
        return false;
    }

    Reader m_reader;
    const std::string& m_baseDirectory;
    std::string m_machineDeviceType; // empty: the machine names none, or is unreadable
    // Ids cannot be checked against groups that could not be read: no false alarms.
    bool m_someGroupUnusable = false;
    // Device prefixes named before every group is known, checked once they are.
    bool m_devicesRead = false;
    std::vector<std::pair<std::string, Path>> m_pendingPrefixes;
};

std::optional<Scenario> readScenario(const Json& json, const std::string& where,
                                     const std::string& baseDirectory,
                                     std::vector<Diagnostic>& diagnostics,
                                     std::vector<std::string>* pointers) {
    return ScenarioReader(where, baseDirectory, diagnostics, pointers).read(json);
}

Diagnostic fileDiagnostic(const char* code, const std::string& where, std::string message) {
    Diagnostic diagnostic;
    diagnostic.code = code;
    diagnostic.elementId = where;
    diagnostic.message = std::move(message);
    return diagnostic;
}

} // namespace

std::string deviceId(const DeviceGroup& group, int number) {
    std::string digits = std::to_string(number);
    if (digits.size() < static_cast<std::size_t>(kIdDigits)) {
        digits.insert(0, static_cast<std::size_t>(kIdDigits) - digits.size(), '0');
    }
    return group.idPrefix + digits;
}

std::optional<VirtualTime> parseDuration(std::string_view text) {
    text = trim(text);
    // Digits, an optional fraction, then a unit: kept exact in integers.
    std::size_t i = 0;
    unsigned __int128 mantissa = 0;
    int significant = 0, fractionDigits = 0, digits = 0;
    bool point = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '.' && !point) {
            point = true;
            continue;
        }
        if (c < '0' || c > '9') {
            break;
        }
        ++digits;
        if (point) {
            ++fractionDigits;
        }
        if (mantissa == 0 && c == '0' && !point) {
            continue; // leading zeros
        }
        if (++significant > 28) {
            return std::nullopt; // far beyond what 64 bits of microseconds hold
        }
        mantissa = mantissa * 10 + static_cast<unsigned>(c - '0');
    }
    if (digits == 0) {
        return std::nullopt;
    }
    // Trailing zeros of the fraction say nothing.
    while (fractionDigits > 0 && mantissa % 10 == 0 && mantissa != 0) {
        mantissa /= 10;
        --fractionDigits;
    }
    if (mantissa == 0) {
        fractionDigits = 0;
    }
    if (fractionDigits > 18) {
        return std::nullopt; // finer than a microsecond in any unit
    }
    const std::string_view unitName = trim(text.substr(i));
    std::int64_t unit = 0;
    if (unitName.empty()) {
        unit = 1000;
    } else {
        for (const Unit& candidate : kUnits) {
            if (candidate.name == unitName) {
                unit = candidate.micros;
            }
        }
    }
    if (unit == 0) {
        return std::nullopt;
    }
    unsigned __int128 scale = 1;
    for (int d = 0; d < fractionDigits; ++d) {
        scale *= 10;
    }
    const unsigned __int128 scaled = mantissa * static_cast<unsigned __int128>(unit);
    if (scaled % scale != 0) {
        return std::nullopt; // not a whole number of microseconds
    }
    const unsigned __int128 micros = scaled / scale;
    if (micros > static_cast<unsigned __int128>(std::numeric_limits<VirtualTime>::max())) {
        return std::nullopt;
    }
    return static_cast<VirtualTime>(micros);
}

std::string formatDuration(VirtualTime time) {
    if (time < 0) {
        // -(INT64_MIN) does not exist; the last microsecond does not matter there.
        return "-" + formatDuration(time == std::numeric_limits<VirtualTime>::min() ? -(time + 1)
                                                                                    : -time);
    }
    if (time == 0) {
        return "0s";
    }
    // Hours and minutes only when whole: "90s" reads better than "1.5min".
    if (time % 3600000000 == 0) {
        return std::to_string(time / 3600000000) + "h";
    }
    if (time % 60000000 == 0) {
        return std::to_string(time / 60000000) + "min";
    }
    if (time >= 1000000 && time % 1000 == 0) {
        return decimal(time / 1000000, (time % 1000000) / 1000, 3) + "s";
    }
    if (time >= 1000) {
        return decimal(time / 1000, time % 1000, 3) + "ms";
    }
    return std::to_string(time) + "us";
}

std::optional<Scenario> scenarioFromJson(const nlohmann::json& json, const std::string& where,
                                         const std::string& baseDirectory,
                                         std::vector<model::Diagnostic>& diagnostics) {
    return readScenario(json, where, baseDirectory, diagnostics, nullptr);
}

std::optional<Scenario> loadScenarioFile(const std::string& path,
                                         std::vector<model::Diagnostic>& diagnostics) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        diagnostics.push_back(
            fileDiagnostic(codes::FileUnreadable, path,
                           "cannot open the scenario file " + path + ": " + std::strerror(errno)));
        return std::nullopt;
    }
    std::string text;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > model::kMaxFileBytes) {
            diagnostics.push_back(
                fileDiagnostic(codes::FileTooLarge, path,
                               "the scenario file is larger than " +
                                   std::to_string(model::kMaxFileBytes / (1024 * 1024)) + " MiB"));
            return std::nullopt;
        }
    }
    if (in.bad()) {
        diagnostics.push_back(
            fileDiagnostic(codes::FileUnreadable, path, "cannot read the scenario file " + path));
        return std::nullopt;
    }
    return loadScenarioText(text, path, diagnostics);
}

std::optional<Scenario> loadScenarioText(std::string_view text, const std::string& path,
                                         std::vector<model::Diagnostic>& diagnostics) {
    const auto parsed = model::parseJsonWithLocations(text);
    if (parsed.error) {
        Diagnostic diagnostic =
            fileDiagnostic(codes::JsonSyntax, path,
                           "the scenario file is not valid JSON: " + parsed.error->message);
        diagnostic.line = parsed.error->position.line;
        diagnostic.column = parsed.error->position.column;
        diagnostics.push_back(std::move(diagnostic));
        return std::nullopt;
    }
    const std::size_t first = diagnostics.size();
    std::vector<std::string> pointers;
    const std::string baseDirectory = fs::path(path).parent_path().string();
    auto scenario = readScenario(parsed.value, path, baseDirectory, diagnostics, &pointers);
    for (std::size_t i = 0; i < pointers.size(); ++i) {
        const auto node = parsed.locations.findNearest(pointers[i]);
        if (node != model::JsonLocations::npos) {
            const model::TextPosition position = parsed.locations.position(node);
            diagnostics[first + i].line = position.line;
            diagnostics[first + i].column = position.column;
        }
    }
    return scenario;
}

Scenario quickScenario(const std::string& machineFile, const std::string& deviceType) {
    Scenario scenario;
    const std::string fileName = fs::path(machineFile).filename().string();
    scenario.name = "Quick run of " + fileName;
    scenario.description = "One " + deviceType + " device running " + fileName +
                           " for a minute over the catalog's link, with no faults.";
    scenario.machinePath = machineFile;
    scenario.machineFile = fs::path(machineFile).lexically_normal().string();
    DeviceGroup group;
    group.type = deviceType;
    group.count = 1;
    group.idPrefix = deviceType + "-";
    scenario.devices.push_back(group);
    scenario.duration = seconds(60);
    scenario.seed = 1;
    scenario.source = {{"format", kFormatVersion},
                       {"name", scenario.name},
                       {"description", scenario.description},
                       {"machine", machineFile},
                       {"seed", scenario.seed},
                       {"duration", formatDuration(scenario.duration)},
                       {"devices", Json::array({{{"type", deviceType}, {"count", 1}}})}};
    return scenario;
}

} // namespace swivel::emu
