// The device catalog: the shipped devices and services load cleanly and say what the
// lecture says; every malformed field of an entry gives a diagnostic at its place,
// never a crash.
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <random>

#include "model/device_catalog.h"
#include "model/diagnostic_codes.h"
#include "model/resources.h"

using namespace swivel::model;
using Json = nlohmann::json;

namespace {

std::string render(const std::vector<Diagnostic>& diagnostics) {
    std::string out;
    for (const Diagnostic& d : diagnostics) {
        out += std::string(severityName(d.severity)) + " " + d.code + " " + d.elementId + " " +
               std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.field + ": " + d.message + "\n";
    }
    return out;
}

// "Name{Tag: type, Enum: A|B}" for comparing a vocabulary at a glance.
template <typename Message>
std::string signature(const Message& message, const std::vector<Field>& fields) {
    std::string out = message.name;
    if (fields.empty()) {
        return out;
    }
    out += "{";
    for (std::size_t i = 0; i < fields.size(); ++i) {
        out += (i ? ", " : "") + fields[i].name + ": ";
        if (fields[i].values.empty()) {
            out += std::string(typeName(fields[i].type));
        } else {
            for (std::size_t k = 0; k < fields[i].values.size(); ++k) {
                out += (k ? "|" : "") + fields[i].values[k];
            }
        }
    }
    return out + "}";
}

QStringList eventSignatures(const DeviceType& device) {
    QStringList out;
    for (const EventType& e : device.events) {
        out << QString::fromStdString(signature(e, e.tags));
    }
    return out;
}

QStringList commandSignatures(const DeviceType& device) {
    QStringList out;
    for (const CommandType& c : device.commands) {
        out << QString::fromStdString(signature(c, c.args));
    }
    return out;
}

const char* kTestDevice = R"({
  "id": "test-device", "name": "Test", "vendor": "V", "model": "M", "description": "d",
  "events": [
    {"name": "Ping", "sizeBytes": 50, "tags": [{"name": "N", "type": "int"},
                                               {"name": "Mode", "type": "string", "values": ["A", "B"]}]},
    {"name": "Done", "tags": []}
  ],
  "commands": [
    {"name": "Go", "args": [{"name": "Speed", "type": "double"},
                            {"name": "Quality", "type": "string", "values": ["Low", "High"]}]}
  ],
  "link": {"latencyMs": 10, "jitterMs": 1, "bandwidthKbps": 100, "loss": 0.1},
  "behaviour": {
    "variables": {"Count": {"type": "int", "initial": 0}},
    "spontaneous": [{"event": "Ping", "ratePerMinute": 1,
                     "tags": {"N": {"uniformInt": [1, 5]}, "Mode": {"const": "A"}}}],
    "onCommand": {"Go": [
      {"delayMs": {"uniform": [10, 20]}, "send": "Done", "set": {"Count": "Count + 1"}},
      {"delayMs": {"const": 5}, "choose": [
        {"probability": 0.5, "send": "Done"},
        {"probability": 0.5, "send": "Ping", "tags": {"N": {"expr": "Count"}, "Mode": {"const": "B"}}}]},
      {"transferBytes": {"byArg": "Quality", "cases": {"Low": 10, "High": 100}}}]},
    "powerModes": {"initial": "A", "modes": ["A", "B"], "event": "Ping", "tag": "Mode"}
  }
})";

// Sets (or, for "<remove>", removes) the value at `pointer`.
Json patched(const std::string& pointer, const std::string& value) {
    Json json = Json::parse(kTestDevice);
    const Json::json_pointer at(pointer);
    if (value == "<remove>") {
        json.at(at.parent_pointer()).erase(at.back());
    } else {
        json[at] = Json::parse(value);
    }
    return json;
}

} // namespace

class TestDeviceCatalog : public QObject {
    Q_OBJECT
private slots:
    void shippedCatalogLoadsCleanly() {
        const std::string root = resourcesDirectory();
        std::vector<Diagnostic> diagnostics;
        const DeviceCatalog catalog =
            DeviceCatalog::loadDirectories(root + "/devices", root + "/services", &diagnostics);
        QVERIFY2(diagnostics.empty(), render(diagnostics).c_str());
        QCOMPARE(catalog.devices().size(), std::size_t(5));
        QCOMPARE(catalog.services().size(), std::size_t(3));
    }

    void builtinHasFiveDevicesAndThreeServices() {
        const DeviceCatalog& catalog = DeviceCatalog::builtin();
        QCOMPARE(&catalog, &DeviceCatalog::builtin());
        QStringList devices;
        for (const DeviceType& device : catalog.devices()) {
            devices << QString::fromStdString(device.id);
        }
        QCOMPARE(devices, (QStringList{"canon-eos-rebel", "card-reader-door", "field-drone",
                                       "motion-sensor", "soil-moisture-sensor"}));
        for (const char* name : {"PhotoInterest", "Authorize", "PlanSweep"}) {
            QVERIFY2(catalog.findService(name), name);
        }
        QVERIFY(!catalog.findService("photo-interest"));  // found by name, not by id
        QVERIFY(!catalog.findDevice("no-such-device"));
        for (const DeviceType& device : catalog.devices()) {
            QVERIFY(!device.name.empty() && !device.vendor.empty() && !device.description.empty());
            QVERIFY(device.behaviour.is_object() && !device.behaviour.empty());
            QVERIFY(device.link.bandwidthKbps > 0);
        }
    }

    void cameraSaysWhatTheLectureSays() {
        const DeviceType* camera = DeviceCatalog::builtin().findDevice("canon-eos-rebel");
        QVERIFY(camera);
        QCOMPARE(eventSignatures(*camera),
                 (QStringList{"PowerUp{Status: success|failure, FreeSpaceMB: int}", "PowerMode{Mode: On|Off|Idle}",
                              "Motion{Bearing: int}", "MoveDone", "FocusDone", "FocusWarning",
                              "NewIMG{UID: string, GPS: string, SizeBytes: int}", "StorageWarning{FreeSpaceMB: int}"}));
        QCOMPARE(commandSignatures(*camera),
                 (QStringList{"TurnOn", "SetCaptureRate{PerSecond: double}", "Swivel{Bearing: int}", "Focus",
                              "TakePhoto", "DownloadPhoto{UID: string, Quality: Thumbnail|Full}",
                              "DeletePhoto{UID: string}"}));
        QVERIFY(camera->findEvent("NewIMG")->findTag("UID"));
        QVERIFY(!camera->findEvent("NewIMG")->findTag("Image"));  // metadata, not the photo
        QVERIFY(camera->findCommand("DownloadPhoto")->findArg("Quality"));
    }

    void otherDevicesHaveTheirVocabulary() {
        const DeviceCatalog& catalog = DeviceCatalog::builtin();
        QCOMPARE(eventSignatures(*catalog.findDevice("motion-sensor")),
                 (QStringList{"Motion{Zone: int, Confidence: double}", "Heartbeat{BatteryPct: int}",
                              "BatteryLow{BatteryPct: int}"}));
        QCOMPARE(commandSignatures(*catalog.findDevice("motion-sensor")),
                 (QStringList{"SetSensitivity{Level: int}", "Arm", "Disarm"}));
        QCOMPARE(eventSignatures(*catalog.findDevice("card-reader-door")),
                 (QStringList{"CardSwiped{CardId: string, ReaderId: string}", "DoorOpened", "DoorClosed",
                              "DoorForced", "LockStateChanged{Locked: bool}"}));
        QCOMPARE(commandSignatures(*catalog.findDevice("card-reader-door")),
                 (QStringList{"Unlock{Seconds: int}", "Lock", "ShowLed{Color: Green|Red|Amber}", "Beep{Times: int}"}));
        QCOMPARE(eventSignatures(*catalog.findDevice("field-drone")),
                 (QStringList{"PowerUp{BatteryPct: int}", "TakeoffDone",
                              "WaypointReached{Index: int, Lat: double, Lon: double}", "LowBattery{BatteryPct: int}",
                              "Landed", "SurveyImage{UID: string, Row: int, Col: int, SizeBytes: int}",
                              "ObstacleDetected{Bearing: int}"}));
        QCOMPARE(commandSignatures(*catalog.findDevice("field-drone")),
                 (QStringList{"Takeoff{AltitudeM: double}", "FlyTo{Lat: double, Lon: double, AltitudeM: double}",
                              "Capture", "ReturnHome", "Land", "DownloadImage{UID: string, Quality: Thumbnail|Full}"}));
        QCOMPARE(eventSignatures(*catalog.findDevice("soil-moisture-sensor")),
                 (QStringList{"Reading{MoisturePct: double, TemperatureC: double, BatteryPct: int}",
                              "BatteryLow{BatteryPct: int}"}));
        QCOMPARE(commandSignatures(*catalog.findDevice("soil-moisture-sensor")),
                 (QStringList{"SetInterval{Seconds: int}", "Calibrate"}));
    }

    void servicesHaveRequestsAndReplies() {
        const DeviceCatalog& catalog = DeviceCatalog::builtin();
        const ServiceType* authorize = catalog.findService("Authorize");
        QVERIFY(authorize->findRequest("CardId") && authorize->findRequest("ReaderId"));
        QCOMPARE(signature(authorize->reply, authorize->reply.tags).substr(0, 41),
                 std::string("AuthResult{CardId: string, Granted: bool,"));
        const ServiceType* plan = catalog.findService("PlanSweep");
        QVERIFY(plan->findRequest("FieldId"));
        QCOMPARE(signature(plan->reply, plan->reply.tags), std::string("SweepPlan{Waypoints: int, FieldId: string}"));
        const ServiceType* interest = catalog.findService("PhotoInterest");
        QCOMPARE(interest->reply.name, std::string("Classified"));
        QCOMPARE(interest->latencyMinMs, 80.0);
        QCOMPARE(interest->latencyMaxMs, 250.0);
        QVERIFY(!interest->behaviour.empty());
    }

    void validTestDeviceLoads() {
        std::vector<Diagnostic> diagnostics;
        const auto device = deviceTypeFromJson(Json::parse(kTestDevice), "test.json", diagnostics);
        QVERIFY2(diagnostics.empty(), render(diagnostics).c_str());
        QVERIFY(device);
        QCOMPARE(device->events[0].sizeBytes, std::int64_t(50));
        QCOMPARE(device->events[1].sizeBytes, std::int64_t(256));  // the default
        QCOMPARE(device->link.loss, 0.1);
        QCOMPARE(device->behaviour["powerModes"]["initial"], Json("A"));
    }

    void malformedEntries_data() {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("field");
        QTest::addColumn<bool>("loads");
        const auto row = [](const char* name, const char* pointer, const char* value, const char* code,
                            const char* field, bool loads = false) {
            QTest::newRow(name) << pointer << value << code << field << loads;
        };
        row("no id", "/id", "<remove>", "SW004", "");
        row("id type", "/id", "5", "SW003", "id");
        row("id chars", "/id", "\"bad id!\"", "SW121", "id");
        row("events type", "/events", "{}", "SW003", "events");
        row("tag type", "/events/0/tags/0/type", "\"float\"", "SW005", "events/0/tags/0/type");
        row("event name missing", "/events/0/name", "<remove>", "SW004", "events/0");
        row("event twice", "/events/1/name", "\"Ping\"", "SW101", "events/1/name");
        row("event name chars", "/events/0/name", "\"Ping Pong\"", "SW121", "events/0/name");
        row("size", "/events/0/sizeBytes", "-1", "SW003", "events/0/sizeBytes");
        row("values on int", "/events/0/tags/0/values", "[\"x\"]", "SW003", "events/0/tags/0/values");
        row("value twice", "/events/0/tags/1/values", "[\"A\", \"A\"]", "SW101", "events/0/tags/1/values/1");
        row("args type", "/commands/0/args", "\"x\"", "SW003", "commands/0/args");
        row("loss", "/link/loss", "2", "SW003", "link/loss");
        row("bandwidth", "/link/bandwidthKbps", "0", "SW003", "link/bandwidthKbps");
        row("behaviour type", "/behaviour", "[]", "SW003", "behaviour");
        row("unknown event", "/behaviour/spontaneous/0/event", "\"Nope\"", "SW108", "behaviour/spontaneous/0/event");
        row("unknown command", "/behaviour/onCommand/Fly", "[]", "SW109", "behaviour/onCommand/Fly");
        row("unknown tag", "/behaviour/spontaneous/0/tags/X", "{\"const\": 1}", "SW110",
            "behaviour/spontaneous/0/tags/X");
        row("unknown generator", "/behaviour/spontaneous/0/tags/N", "{\"random\": 1}", "SW005",
            "behaviour/spontaneous/0/tags/N/random");
        row("two generators", "/behaviour/spontaneous/0/tags/N", "{\"const\": 1, \"uid\": \"x\"}", "SW003",
            "behaviour/spontaneous/0/tags/N");
        row("uniform for int", "/behaviour/spontaneous/0/tags/N", "{\"uniform\": [1, 2]}", "SW111",
            "behaviour/spontaneous/0/tags/N/uniform");
        row("const not a value", "/behaviour/spontaneous/0/tags/Mode", "{\"const\": \"C\"}", "SW005",
            "behaviour/spontaneous/0/tags/Mode/const");
        row("const type", "/behaviour/spontaneous/0/tags/N", "{\"const\": \"seven\"}", "SW003",
            "behaviour/spontaneous/0/tags/N/const");
        row("range reversed", "/behaviour/spontaneous/0/tags/N", "{\"uniformInt\": [5, 1]}", "SW003",
            "behaviour/spontaneous/0/tags/N/uniformInt");
        row("range shape", "/behaviour/spontaneous/0/tags/N", "{\"uniformInt\": [1.5, 2]}", "SW003",
            "behaviour/spontaneous/0/tags/N/uniformInt");
        row("set unknown variable", "/behaviour/onCommand/Go/0/set/Nope", "\"1\"", "SW119",
            "behaviour/onCommand/Go/0/set/Nope");
        row("expression syntax", "/behaviour/onCommand/Go/0/set/Count", "\"Count +\"", "SW114",
            "behaviour/onCommand/Go/0/set/Count");
        row("expression type", "/behaviour/onCommand/Go/0/set/Count", "\"\\\"text\\\"\"", "SW115",
            "behaviour/onCommand/Go/0/set/Count");
        row("argument type", "/behaviour/onCommand/Go/0/set/Count", "\"event.Speed\"", "SW115",
            "behaviour/onCommand/Go/0/set/Count");
        row("no such argument", "/behaviour/onCommand/Go/0/set/Count", "\"event.Nope\"", "SW115",
            "behaviour/onCommand/Go/0/set/Count");
        row("when not bool", "/behaviour/spontaneous/0/when", "\"Count\"", "SW115", "behaviour/spontaneous/0/when");
        row("when reads no event", "/behaviour/spontaneous/0/when", "\"event.N > 1\"", "SW115",
            "behaviour/spontaneous/0/when");
        row("probabilities", "/behaviour/onCommand/Go/1/choose/0/probability", "0.9", "SW003",
            "behaviour/onCommand/Go/1/choose");
        row("probability range", "/behaviour/onCommand/Go/1/choose/0/probability", "-0.1", "SW003",
            "behaviour/onCommand/Go/1/choose/0/probability");
        row("choice without send", "/behaviour/onCommand/Go/1/choose/0/send", "<remove>", "SW004",
            "behaviour/onCommand/Go/1/choose/0");
        row("send and choose", "/behaviour/onCommand/Go/1/send", "\"Done\"", "SW118", "behaviour/onCommand/Go/1");
        row("tags without send", "/behaviour/onCommand/Go/2/tags", "{}", "SW118", "behaviour/onCommand/Go/2/tags");
        row("negative delay", "/behaviour/onCommand/Go/0/delayMs", "{\"uniform\": [-5, 1]}", "SW003",
            "behaviour/onCommand/Go/0/delayMs/uniform");
        row("delay generator", "/behaviour/onCommand/Go/0/delayMs", "{\"uid\": \"x\"}", "SW005",
            "behaviour/onCommand/Go/0/delayMs/uid");
        row("delay plain number", "/behaviour/onCommand/Go/0/delayMs", "100", "SW003",
            "behaviour/onCommand/Go/0/delayMs");
        row("once with rate", "/behaviour/spontaneous/0/once", "true", "SW118", "behaviour/spontaneous/0/once");
        row("neither rate nor when", "/behaviour/spontaneous/0/ratePerMinute", "<remove>", "SW004",
            "behaviour/spontaneous/0");
        row("rate", "/behaviour/spontaneous/0/ratePerMinute", "0", "SW003", "behaviour/spontaneous/0/ratePerMinute");
        row("transfer argument", "/behaviour/onCommand/Go/2/transferBytes/byArg", "\"Nope\"", "SW110",
            "behaviour/onCommand/Go/2/transferBytes/byArg");
        row("transfer case", "/behaviour/onCommand/Go/2/transferBytes/cases/Medium", "5", "SW005",
            "behaviour/onCommand/Go/2/transferBytes/cases/Medium");
        row("transfer case missing", "/behaviour/onCommand/Go/2/transferBytes/cases/High", "<remove>", "SW005",
            "behaviour/onCommand/Go/2/transferBytes/cases");
        row("transfer bytes", "/behaviour/onCommand/Go/2/transferBytes", "-3", "SW003",
            "behaviour/onCommand/Go/2/transferBytes");
        row("power initial", "/behaviour/powerModes/initial", "\"Z\"", "SW005", "behaviour/powerModes/initial");
        row("power tag", "/behaviour/powerModes/tag", "\"N\"", "SW111", "behaviour/powerModes/tag");
        row("power event", "/behaviour/powerModes/event", "\"Nope\"", "SW108", "behaviour/powerModes/event");
        row("power mode", "/behaviour/powerModes/modes", "[\"A\", \"Q\"]", "SW005", "behaviour/powerModes/modes");
        row("variable initial", "/behaviour/variables/Count/initial", "\"x\"", "SW003",
            "behaviour/variables/Count/initial");
        row("variable type", "/behaviour/variables/Count/type", "\"float\"", "SW005",
            "behaviour/variables/Count/type");
        row("reactions type", "/behaviour/onCommand/Go", "{}", "SW003", "behaviour/onCommand/Go");
        // Warnings: the device still loads.
        row("unknown key", "/colour", "\"red\"", "SW006", "colour", true);
        row("unknown behaviour key", "/behaviour/extra", "1", "SW006", "behaviour/extra", true);
        row("missing generator", "/behaviour/spontaneous/0/tags/Mode", "<remove>", "SW110",
            "behaviour/spontaneous/0/tags", true);
        row("idle reaction", "/behaviour/onCommand/Go/0", "{\"delayMs\": {\"const\": 1}}", "SW118",
            "behaviour/onCommand/Go/0", true);
    }

    void malformedEntries() {
        QFETCH(QString, pointer);
        QFETCH(QString, value);
        QFETCH(QString, code);
        QFETCH(QString, field);
        QFETCH(bool, loads);
        std::vector<Diagnostic> diagnostics;
        const auto device = deviceTypeFromJson(patched(pointer.toStdString(), value.toStdString()), "case.json",
                                               diagnostics);
        const std::string all = render(diagnostics);
        QCOMPARE(device.has_value(), loads);
        QCOMPARE(hasErrors(diagnostics), !loads);
        const bool found = std::any_of(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) {
            return d.code == code.toStdString() && d.field == field.toStdString() && d.elementId == "case.json";
        });
        QVERIFY2(found, all.c_str());
    }

    void notAnObject() {
        for (const Json& json : {Json(nullptr), Json(3), Json::array(), Json("device")}) {
            std::vector<Diagnostic> diagnostics;
            QVERIFY(!deviceTypeFromJson(json, "x.json", diagnostics));
            QCOMPARE(diagnostics.size(), std::size_t(1));
            QCOMPARE(diagnostics[0].code, std::string(codes::WrongType));
            diagnostics.clear();
            QVERIFY(!serviceTypeFromJson(json, "x.json", diagnostics));
            QCOMPARE(diagnostics[0].code, std::string(codes::WrongType));
        }
    }

    void malformedServices() {
        Json service = Json::parse(R"({"id": "s", "name": "Svc", "request": [{"name": "A", "type": "int"}],
            "reply": {"name": "Answer", "tags": [{"name": "B", "type": "bool"}]},
            "latencyMs": {"min": 10, "max": 20}, "behaviour": {}})");
        std::vector<Diagnostic> diagnostics;
        QVERIFY(serviceTypeFromJson(service, "s.json", diagnostics));
        QVERIFY2(diagnostics.empty(), render(diagnostics).c_str());
        const std::vector<std::pair<std::string, std::string>> breaks = {
            {"/name", "\"not a name\""}, {"/reply", "<remove>"}, {"/request/0/type", "\"long\""},
            {"/latencyMs/min", "30"}, {"/behaviour", "7"}, {"/reply/tags", "{}"}};
        for (const auto& [pointer, value] : breaks) {
            Json broken = service;
            const Json::json_pointer at(pointer);
            if (value == "<remove>") {
                broken.at(at.parent_pointer()).erase(at.back());
            } else {
                broken[at] = Json::parse(value);
            }
            diagnostics.clear();
            QVERIFY2(!serviceTypeFromJson(broken, "s.json", diagnostics), pointer.c_str());
            QVERIFY2(hasErrors(diagnostics), pointer.c_str());
        }
    }

    // Nothing is copied recursively before the depth is checked.
    void deepBehaviourIsRefused() {
        std::string deep;
        for (int i = 0; i < 10000; ++i) {
            deep += "{\"a\":";
        }
        deep += "1" + std::string(10000, '}');
        Json json = Json::parse(kTestDevice);
        json["behaviour"]["extra"] = Json::parse(deep);
        std::vector<Diagnostic> diagnostics;
        QVERIFY(!deviceTypeFromJson(json, "deep.json", diagnostics));
        QCOMPARE(diagnostics.size(), std::size_t(1));
        QCOMPARE(diagnostics[0].code, std::string(codes::NestingTooDeep));
    }

    // Type swaps and deletions all over a real device file: diagnostics, never a throw.
    void mutatedCameraNeverCrashes() {
        std::ifstream in(resourcesDirectory() + "/devices/camera-canon-eos-rebel.json");
        const Json camera = Json::parse(in);
        std::vector<Json::json_pointer> pointers;
        const Json flat = camera.flatten();
        for (const auto& [pointer, value] : flat.items()) {
            Json::json_pointer at(pointer);
            while (!at.empty()) {
                pointers.push_back(at);
                at = at.parent_pointer();
            }
        }
        const std::vector<Json> replacements = {Json(nullptr), Json(-1), Json(1e300), Json("?"),
                                                Json::array(), Json::object(), Json(true)};
        std::mt19937 random(11);
        for (int i = 0; i < 1500; ++i) {
            Json broken = camera;
            const auto& at = pointers[random() % pointers.size()];
            if (random() % 3 == 0) {
                broken.at(at.parent_pointer()).is_object() ? void(broken.at(at.parent_pointer()).erase(at.back()))
                                                           : void(broken[at] = nullptr);
            } else {
                broken[at] = replacements[random() % replacements.size()];
            }
            std::vector<Diagnostic> diagnostics;
            std::optional<DeviceType> device;
            try {
                device = deviceTypeFromJson(broken, "camera.json", diagnostics);
            } catch (...) {
                QFAIL("deviceTypeFromJson threw");
            }
            QVERIFY(device || hasErrors(diagnostics));
        }
    }

    void directoriesLocateTheirDiagnostics() {
        QTemporaryDir devices;
        QTemporaryDir services;
        const auto write = [](const QTemporaryDir& dir, const char* name, const std::string& text) {
            std::ofstream(dir.filePath(name).toStdString(), std::ios::binary) << text;
        };
        std::string bad = kTestDevice;
        bad.replace(bad.find("\"Count + 1\""), 11, "\"Count + \"");
        bad.replace(bad.find("test-device"), 11, "bad-device");
        write(devices, "a-good.json", kTestDevice);
        write(devices, "b-broken.json", "{\n  \"id\": \"x\",\n  \"events\": [}\n");
        write(devices, "c-copy.json", kTestDevice);
        write(devices, "d-bad.json", bad);
        write(devices, "notes.txt", "not json, not read");
        std::vector<Diagnostic> diagnostics;
        const DeviceCatalog catalog =
            DeviceCatalog::loadDirectories(devices.path().toStdString(), services.path().toStdString(), &diagnostics);
        QCOMPARE(catalog.devices().size(), std::size_t(1));
        QCOMPARE(diagnostics.size(), std::size_t(3));
        const Diagnostic& syntax = diagnostics[0];
        QCOMPARE(syntax.code, std::string(codes::JsonSyntax));
        QCOMPARE(syntax.elementId, std::string("b-broken.json"));
        QCOMPARE(std::make_pair(syntax.line, syntax.column), std::make_pair(3, 14));
        const Diagnostic& duplicate = diagnostics[1];
        QCOMPARE(duplicate.code, std::string(codes::DuplicateId));
        QCOMPARE(duplicate.elementId, std::string("c-copy.json"));
        QCOMPARE(duplicate.line, 2);
        const Diagnostic& expression = diagnostics[2];
        QCOMPARE(expression.code, std::string(codes::ExpressionSyntax));
        QCOMPARE(expression.elementId, std::string("d-bad.json"));
        const std::string::size_type at = bad.find("\"Count + \"");
        const int line = 1 + static_cast<int>(std::count(bad.begin(), bad.begin() + static_cast<long>(at), '\n'));
        const int column = static_cast<int>(at - bad.rfind('\n', at));
        QCOMPARE(expression.line, line);
        QVERIFY2(expression.offset >= 0, render(diagnostics).c_str());
        QCOMPARE(expression.column, column + 1 + expression.offset);
    }

    void missingDirectoryIsADiagnostic() {
        std::vector<Diagnostic> diagnostics;
        const DeviceCatalog catalog = DeviceCatalog::loadDirectories("/no/such/devices", "/no/such/services", &diagnostics);
        QVERIFY(catalog.devices().empty());
        QCOMPARE(diagnostics.size(), std::size_t(2));
        QCOMPARE(diagnostics[0].code, std::string(codes::FileUnreadable));
        DeviceCatalog::loadDirectories("/no/such/devices", "/no/such/services");  // no sink: fine too
    }

    void addReplacesBySameKey() {
        DeviceCatalog catalog;
        DeviceType device;
        device.id = "d";
        device.name = "first";
        catalog.addDevice(device);
        device.name = "second";
        catalog.addDevice(device);
        QCOMPARE(catalog.devices().size(), std::size_t(1));
        QCOMPARE(catalog.findDevice("d")->name, std::string("second"));
        ServiceType service;
        service.name = "S";
        catalog.addService(service);
        catalog.addService(service);
        QCOMPARE(catalog.services().size(), std::size_t(1));
    }

    void resourcesDirectoryFollowsTheEnvironment() {
        const QByteArray saved = qgetenv("SWIVEL_RESOURCES");
        qputenv("SWIVEL_RESOURCES", "/somewhere/else");
        QCOMPARE(resourcesDirectory(), std::string("/somewhere/else"));
        qunsetenv("SWIVEL_RESOURCES");
        QCOMPARE(resourcesDirectory(), std::string(SWIVEL_SOURCE_RESOURCES));
        if (!saved.isEmpty()) {
            qputenv("SWIVEL_RESOURCES", saved);
        }
    }
};

QTEST_GUILESS_MAIN(TestDeviceCatalog)
#include "test_device_catalog.moc"
