// Scenario files: the shipped scenarios load and run the machines they name; times
// read and print exactly ("1.5s" is 1,500,000 µs, and prints back as "1.5s"); every
// broken file is refused (or warned about) at the right JSON path and line, with the
// file named; what a file leaves out takes the documented defaults.
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "emulators/scenario.h"
#include "model/device_catalog.h"
#include "model/diagnostic_codes.h"
#include "model/machine_file.h"

using namespace swivel::emu;
using swivel::model::Diagnostic;
using swivel::model::Severity;
namespace codes = swivel::model::codes;
namespace fs = std::filesystem;
using Json = nlohmann::json;

Q_DECLARE_METATYPE(std::string)

namespace {

const std::string kScenarios = std::string(SWIVEL_SOURCE_RESOURCES) + "/scenarios/";
const std::string kBroken = std::string(SWIVEL_TEST_DATA) + "/scenarios/";
const std::string kCameraMachine =
    std::string(SWIVEL_SOURCE_RESOURCES) + "/examples/camera-point-focus-shoot.swivel.json";

std::string describe(const std::vector<Diagnostic>& diagnostics) {
    std::string out;
    for (const Diagnostic& d : diagnostics) {
        out += d.elementId + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
               d.code + " [" + d.field + "] " + d.message + "\n";
    }
    return out;
}

Scenario loadShipped(const std::string& name) {
    std::vector<Diagnostic> diagnostics;
    const auto scenario = loadScenarioFile(kScenarios + name, diagnostics);
    if (!scenario) {
        qWarning("%s", describe(diagnostics).c_str());
        return {};
    }
    return *scenario;
}

// The smallest usable scenario, to which each test adds what it is about.
Json minimal() {
    return {{"format", 1},
            {"machine", kCameraMachine},
            {"devices", Json::array({{{"type", "canon-eos-rebel"}}})}};
}

std::optional<Scenario> fromJson(const Json& json, std::vector<Diagnostic>& diagnostics) {
    return scenarioFromJson(json, "test.scenario.json", "", diagnostics);
}

} // namespace

class TestScenario : public QObject {
    Q_OBJECT
private slots:
    // -- The shipped scenarios -------------------------------------------------------

    void theFiveLectureScenariosAreShipped() {
        for (const char* name : {"camera-walkthrough", "camera-farm", "door-shift-change",
                                 "store-outage-convoy", "flaky-edge-link"}) {
            QVERIFY2(fs::is_regular_file(kScenarios + name + ".scenario.json"), name);
        }
    }

    void everyShippedScenarioLoadsCleanly_data() {
        QTest::addColumn<std::string>("file");
        int rows = 0;
        for (const auto& entry : fs::directory_iterator(kScenarios)) {
            const std::string name = entry.path().filename().string();
            if (name.ends_with(".scenario.json")) {
                QTest::newRow(name.c_str()) << name;
                ++rows;
            }
        }
        QVERIFY(rows >= 5);
    }
    void everyShippedScenarioLoadsCleanly() {
        // Not even a warning: a shipped example teaches the format.
        QFETCH(std::string, file);
        std::vector<Diagnostic> diagnostics;
        const auto scenario = loadScenarioFile(kScenarios + file, diagnostics);
        QVERIFY2(scenario.has_value(), describe(diagnostics).c_str());
        QVERIFY2(diagnostics.empty(), describe(diagnostics).c_str());
        QVERIFY(!scenario->name.empty());
        QVERIFY2(scenario->description.size() > 80, "the description says what to look at");
        QCOMPARE(scenario->source, Json::parse(std::ifstream(kScenarios + file)));
    }

    void everyShippedScenarioMachineLoadsAndFitsItsDevices_data() {
        everyShippedScenarioLoadsCleanly_data();
    }
    void everyShippedScenarioMachineLoadsAndFitsItsDevices() {
        QFETCH(std::string, file);
        const Scenario scenario = loadShipped(file);
        QVERIFY(fs::is_regular_file(scenario.machineFile));
        const auto loaded = swivel::model::loadMachineFile(scenario.machineFile);
        QVERIFY2(loaded.machine.has_value(), describe(loaded.diagnostics).c_str());
        const auto& catalog = swivel::model::DeviceCatalog::builtin();
        for (const DeviceGroup& group : scenario.devices) {
            QVERIFY(catalog.findDevice(group.type) != nullptr);
            QCOMPARE(group.type, loaded.machine->deviceType);
        }
    }

    void walkthroughScriptsTheLecturesChainOnOneQuietCamera() {
        const Scenario s = loadShipped("camera-walkthrough.scenario.json");
        QCOMPARE(s.devices.size(), 1u);
        QCOMPARE(s.devices[0].count, 1);
        QCOMPARE(s.devices[0].type, std::string("canon-eos-rebel"));
        QCOMPARE(deviceId(s.devices[0], 1), std::string("camera-0001"));
        QCOMPARE(s.devices[0].rateScale, 0.0); // only the script moves the camera
        QVERIFY(s.devices[0].replies);
        QCOMPARE(s.devices[0].link.loss.value_or(1), 0.0);
        QCOMPARE(s.duration, seconds(25));
        QCOMPARE(s.seed, 1u);
        QVERIFY(s.script.size() >= 3);
        for (const ScriptedEvent& e : s.script) {
            QCOMPARE(e.event, std::string("Motion"));
            QCOMPARE(e.device, std::string("camera-0001"));
            QVERIFY(e.tags.contains("Bearing"));
            QVERIFY(e.at + seconds(5) < s.duration); // room for the chain to finish
        }
        QVERIFY(s.machineFile.ends_with("examples/camera-point-focus-shoot.swivel.json"));
    }

    void farmHasAThousandCamerasAtTheCatalogRate() {
        const Scenario s = loadShipped("camera-farm.scenario.json");
        int devices = 0;
        for (const DeviceGroup& g : s.devices) {
            devices += g.count;
            QCOMPARE(g.rateScale, 1.0);
        }
        QCOMPARE(devices, 1000);
        QCOMPARE(s.duration, seconds(600));
        QVERIFY(s.host.maxInstances > HostSettings{}.maxInstances);
    }

    void doorShiftChangeBurstsEveryDoor() {
        const Scenario s = loadShipped("door-shift-change.scenario.json");
        QCOMPARE(s.devices.size(), 1u);
        QCOMPARE(s.devices[0].count, 200);
        QCOMPARE(s.devices[0].type, std::string("card-reader-door"));
        QVERIFY(s.devices[0].rateScale < 1);
        QVERIFY(s.machineFile.ends_with("examples/door-card-reader.swivel.json"));
        QVERIFY(!s.script.empty());
        QCOMPARE(s.script[0].device, std::string("door-*"));
        QCOMPARE(s.script[0].event, std::string("CardSwiped"));
        QCOMPARE(s.script[0].at, seconds(60));
        QVERIFY(s.script[0].repeat >= 10);
        QCOMPARE(s.script[0].spacing, seconds(2));
    }

    void convoyTakesTheStoreAwayForAWindow() {
        const Scenario s = loadShipped("store-outage-convoy.scenario.json");
        QCOMPARE(s.devices[0].count, 300);
        QVERIFY(s.devices[0].rateScale > 1);
        QVERIFY(!s.store.faults.empty());
        const StoreFault& outage = s.store.faults[0];
        QCOMPARE(outage.mode, StoreFault::Mode::Unavailable);
        QCOMPARE(outage.window.from, seconds(60));
        QCOMPARE(outage.window.to, seconds(90));
        QVERIFY(outage.window.to < s.duration); // there is time to drain after it
        QVERIFY(s.host.timeoutMs < HostSettings{}.timeoutMs);
    }

    void flakyLinkLosesDuplicatesReordersAndGoesDown() {
        const Scenario s = loadShipped("flaky-edge-link.scenario.json");
        int devices = 0;
        std::size_t mostOutages = 0;
        for (const DeviceGroup& g : s.devices) {
            devices += g.count;
            QVERIFY(g.link.loss.value_or(0) > 0);
            QVERIFY(g.link.duplication > 0);
            QVERIFY(g.link.reordering > 0);
            mostOutages = std::max(mostOutages, g.link.outages.size());
        }
        QCOMPARE(devices, 20);
        QCOMPARE(mostOutages, 2u);
        QCOMPARE(s.duration, seconds(300));
    }

    // -- Durations ---------------------------------------------------------------------

    void durationsParse_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("micros");
        QTest::newRow("ms") << "250ms" << qint64(250000);
        QTest::newRow("s") << "3s" << qint64(3000000);
        QTest::newRow("fraction") << "1.5s" << qint64(1500000);
        QTest::newRow("min") << "2min" << qint64(120000000);
        QTest::newRow("h") << "1h" << qint64(3600000000);
        QTest::newRow("us") << "800us" << qint64(800);
        QTest::newRow("micro sign") << "800µs" << qint64(800);
        QTest::newRow("bare number is ms") << "250" << qint64(250000);
        QTest::newRow("bare fraction of ms") << "0.5" << qint64(500);
        QTest::newRow("zero") << "0" << qint64(0);
        QTest::newRow("spaces around") << " 3 s " << qint64(3000000);
        QTest::newRow("trailing zeros") << "1.500000000000s" << qint64(1500000);
        QTest::newRow("fraction of an hour") << "0.25h" << qint64(900000000);
        QTest::newRow("largest") << "9223372036854775807us" << qint64(9223372036854775807);
    }
    void durationsParse() {
        QFETCH(QString, text);
        QFETCH(qint64, micros);
        const auto parsed = parseDuration(text.toStdString());
        QVERIFY(parsed.has_value());
        QCOMPARE(*parsed, micros);
    }

    void malformedDurationsAreRefused_data() {
        QTest::addColumn<QString>("text");
        for (const char* text : {"", "s", "-1s", "+1s", "ten seconds", "1x", "1m", "1.2.3s", "1e3",
                                 "1s2", "0.0001ms", "9223372036854775808us", "99999999999h",
                                 "99999999999999999999999999999999s", "1 000s", ".", "nan"}) {
            QTest::newRow(text[0] == 0 ? "empty" : text) << QString::fromUtf8(text);
        }
    }
    void malformedDurationsAreRefused() {
        QFETCH(QString, text);
        QVERIFY(!parseDuration(text.toStdString()).has_value());
    }

    void durationsFormatInTheirShortestExactForm_data() {
        QTest::addColumn<qint64>("micros");
        QTest::addColumn<QString>("text");
        QTest::newRow("seconds with a fraction") << qint64(1500000) << "1.5s";
        QTest::newRow("under a second") << qint64(250000) << "250ms";
        QTest::newRow("whole minutes") << qint64(120000000) << "2min";
        QTest::newRow("whole hours") << qint64(3600000000) << "1h";
        QTest::newRow("microseconds") << qint64(800) << "800us";
        QTest::newRow("zero") << qint64(0) << "0s";
        QTest::newRow("minute and a half stays in seconds") << qint64(90000000) << "90s";
        QTest::newRow("ninety minutes") << qint64(5400000000) << "90min";
        QTest::newRow("microsecond precision") << qint64(1234567) << "1234.567ms";
        QTest::newRow("milliseconds with a fraction") << qint64(1500) << "1.5ms";
    }
    void durationsFormatInTheirShortestExactForm() {
        QFETCH(qint64, micros);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(formatDuration(micros)), text);
    }

    void everyFormattedDurationParsesBackToItself() {
        std::vector<VirtualTime> values{
            0,        1,          999,        1000,        1001,
            999999,   1000000,    1000001,    59999999,    60000000,
            61000000, 3599999999, 3600000000, 86400000000, 9223372036854775807};
        for (VirtualTime t = 7; t < 1000000000000; t = t * 13 + 5) {
            values.push_back(t);
        }
        for (VirtualTime t : values) {
            const std::string text = formatDuration(t);
            QVERIFY2(parseDuration(text) == t, text.c_str());
        }
    }

    void durationsInTheFileAreStringsOrMilliseconds() {
        Json json = minimal();
        json["duration"] = 1500;
        json["script"] = Json::array({{{"at", 0.5},
                                       {"device", "canon-eos-rebel-0001"},
                                       {"event", "Motion"},
                                       {"tags", {{"Bearing", 5}}},
                                       {"repeat", 3},
                                       {"spacing", "100ms"}}});
        std::vector<Diagnostic> diagnostics;
        const auto s = fromJson(json, diagnostics);
        QVERIFY2(s.has_value(), describe(diagnostics).c_str());
        QCOMPARE(s->duration, milliseconds(1500));
        QCOMPARE(s->script[0].at, microseconds(500));
        QCOMPARE(s->script[0].spacing, milliseconds(100));
        QCOMPARE(s->script[0].repeat, 3);
    }

    // -- Broken files ------------------------------------------------------------------

    void brokenFilesPointAtTheFault_data() {
        QTest::addColumn<std::string>("file");
        QTest::addColumn<std::string>("code");
        QTest::addColumn<std::string>("field");
        QTest::addColumn<int>("line");
        QTest::addColumn<std::string>("mentions"); // the message names the fault
        auto row = [](const char* file, const char* code, const char* field, int line,
                      const char* mentions) {
            QTest::newRow(file) << std::string(file) + ".scenario.json" << std::string(code)
                                << std::string(field) << line << std::string(mentions);
        };
        row("not-json", codes::JsonSyntax, "", 5, "not valid JSON");
        row("not-an-object", codes::WrongType, "", 1, "object");
        row("format-unsupported", codes::FormatVersion, "format", 2, "format 2");
        row("negative-count", codes::WrongType, "devices[0].count", 6, "-3");
        row("loss-out-of-range", codes::WrongType, "devices[0].link.loss", 8, "from 0 to 1");
        row("outage-ends-before-it-starts", codes::WrongType, "devices[0].link.outages[1].to", 10,
            "before it starts");
        row("missing-machine-file", codes::FileUnreadable, "machine", 4,
            "no-such-machine.swivel.json");
        row("machine-file-broken", codes::FileUnreadable, "machine", 3, "cannot be loaded");
        row("unknown-device-type", codes::UnknownDeviceType, "devices[0].type", 6, "toaster");
        row("device-type-not-the-machines", codes::UnknownDeviceType, "devices[1].type", 6,
            "canon-eos-rebel");
        row("bad-duration", codes::WrongType, "duration", 5, "ten seconds");
        row("negative-duration", codes::WrongType, "script[0].at", 6, "not negative");
        row("seed-not-a-number", codes::WrongType, "seed", 4, "one");
        row("event-the-device-never-sends", codes::UnknownEvent, "script[0].event", 7, "Sneeze");
        row("script-names-no-device", codes::DanglingReference, "script[1].device", 8,
            "camera-0006");
        row("tag-of-the-wrong-type", codes::ArgumentType, "script[0].tags.Bearing", 7, "int");
        row("store-fault-mode-unknown", codes::UnknownValue, "store.faults[0].mode", 7, "on fire");
        row("unknown-service", codes::UnknownService, "services[0].service", 6, "PhotoInterest");
        row("latency-range-reversed", codes::WrongType, "store.latencyMs.max", 6, "below min");
        row("power-mode-unknown", codes::UnknownValue, "power[0].mode", 6, "Hibernate");
        row("duplicate-id-prefix", codes::DuplicateId, "devices[1]", 6, "cam-0001");
    }
    void brokenFilesPointAtTheFault() {
        QFETCH(std::string, file);
        QFETCH(std::string, code);
        QFETCH(std::string, field);
        QFETCH(int, line);
        QFETCH(std::string, mentions);
        std::vector<Diagnostic> diagnostics;
        const auto scenario = loadScenarioFile(kBroken + file, diagnostics);
        QVERIFY2(!scenario.has_value(), "an error makes the file unusable");
        const auto it =
            std::find_if(diagnostics.begin(), diagnostics.end(),
                         [&](const Diagnostic& d) { return d.code == code && d.field == field; });
        QVERIFY2(it != diagnostics.end(), describe(diagnostics).c_str());
        QCOMPARE(it->severity, Severity::Error);
        QCOMPARE(it->line, line);
        QVERIFY(it->column > 0);
        QVERIFY2(it->elementId.ends_with(file), it->elementId.c_str());
        QVERIFY2(it->message.find(mentions) != std::string::npos, it->message.c_str());
    }

    void unknownKeysWarnAndTheFileStillLoads() {
        std::vector<Diagnostic> diagnostics;
        const auto scenario = loadScenarioFile(kBroken + "unknown-key.scenario.json", diagnostics);
        QVERIFY2(scenario.has_value(), describe(diagnostics).c_str());
        QCOMPARE(diagnostics.size(), 1u);
        QCOMPARE(diagnostics[0].severity, Severity::Warning);
        QCOMPARE(diagnostics[0].code, std::string(codes::UnknownKey));
        QCOMPARE(diagnostics[0].field, std::string("devices[0].colour"));
        QCOMPARE(diagnostics[0].line, 6);
    }

    void aMissingScenarioFileIsReportedNotThrown() {
        std::vector<Diagnostic> diagnostics;
        QVERIFY(!loadScenarioFile(kBroken + "there-is-no-such.scenario.json", diagnostics));
        QCOMPARE(diagnostics.size(), 1u);
        QCOMPARE(diagnostics[0].code, std::string(codes::FileUnreadable));
    }

    void requiredKeysAndProbabilitiesAreChecked() {
        struct Case {
            const char* what;
            Json json;
            const char* code;
            const char* field;
        };
        Json noMachine = minimal();
        noMachine.erase("machine");
        Json noDevices = minimal();
        noDevices["devices"] = Json::array();
        Json duplication = minimal();
        duplication["devices"][0]["link"] = {{"duplication", -0.1}};
        Json reordering = minimal();
        reordering["devices"][0]["link"] = {{"reordering", "often"}};
        Json zeroCount = minimal();
        zeroCount["devices"][0]["count"] = 0;
        Json storeWindow = minimal();
        storeWindow["store"] = {{"faults", {{{"mode", "slow"}, {"from", "20s"}, {"to", "20s"}}}}};
        Json zeroDuration = minimal();
        zeroDuration["duration"] = "0s";
        Json hostType = minimal();
        hostType["host"] = {{"maxInstances", 2.5}};
        const std::vector<Case> cases{
            {"no machine", noMachine, codes::MissingField, ""},
            {"no devices", noDevices, codes::MissingField, "devices"},
            {"negative duplication", duplication, codes::WrongType, "devices[0].link.duplication"},
            {"reordering not a number", reordering, codes::WrongType, "devices[0].link.reordering"},
            {"zero devices", zeroCount, codes::WrongType, "devices[0].count"},
            {"empty store window", storeWindow, codes::WrongType, "store.faults[0].to"},
            {"zero duration", zeroDuration, codes::WrongType, "duration"},
            {"fractional instances", hostType, codes::WrongType, "host.maxInstances"},
        };
        for (const Case& c : cases) {
            std::vector<Diagnostic> diagnostics;
            QVERIFY2(!fromJson(c.json, diagnostics), c.what);
            const bool found =
                std::any_of(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) {
                    return d.code == c.code && d.field == c.field &&
                           d.severity == Severity::Error && d.elementId == "test.scenario.json";
                });
            QVERIFY2(found, (std::string(c.what) + ":\n" + describe(diagnostics)).c_str());
        }
    }

    // -- Defaults and ids --------------------------------------------------------------

    void whatTheFileLeavesOutTakesTheDocumentedDefaults() {
        std::vector<Diagnostic> diagnostics;
        const auto s = fromJson(minimal(), diagnostics);
        QVERIFY2(s.has_value(), describe(diagnostics).c_str());
        QVERIFY(diagnostics.empty());
        QCOMPARE(s->duration, seconds(60));
        QCOMPARE(s->seed, 1u);
        QCOMPARE(s->devices.size(), 1u);
        const DeviceGroup& g = s->devices[0];
        QCOMPARE(g.count, 1);
        QCOMPARE(g.idPrefix, std::string("canon-eos-rebel-"));
        QCOMPARE(g.rateScale, 1.0);
        QVERIFY(g.replies);
        QCOMPARE(g.link, LinkSettings{}); // the catalog's link, no faults
        QVERIFY(!g.link.latencyMs && !g.link.loss);
        QCOMPARE(s->host, HostSettings{});
        QCOMPARE(s->store, StoreSettings{});
        QVERIFY(s->script.empty() && s->power.empty() && s->services.empty());
        QCOMPARE(s->source, minimal());
    }

    void everySettingIsRead() {
        // A file that sets every key: each must land in its field (a key read into
        // the wrong field, or not at all, fails here).
        Json json = minimal();
        json["name"] = "all";
        json["description"] = "every key";
        json["seed"] = 18446744073709551615u;
        json["duration"] = "90s";
        json["devices"][0] = {
            {"type", "canon-eos-rebel"},
            {"count", 12},
            {"idPrefix", "cam-"},
            {"rateScale", 2.5},
            {"replies", false},
            {"link",
             {{"latencyMs", 30},
              {"jitterMs", 4},
              {"bandwidthKbps", 512},
              {"loss", 0.1},
              {"duplication", 0.2},
              {"reordering", 0.3},
              {"reorderDelayMs", 700},
              {"messageTtl", "5s"},
              {"outages", {{{"from", "30s"}, {"to", "45s"}, {"devices", "cam-00*"}}}}}}};
        json["power"] = {{{"at", "20s"}, {"devices", "cam-0001"}, {"mode", "Off"}}};
        json["host"] = {{"maxInstances", 8},  {"coldStartMs", 100},       {"runTimeMs", 3},
                        {"timeoutMs", 500},   {"maxAttempts", 2},         {"backoffMs", 7},
                        {"maxDeliveries", 4}, {"redeliveryDelayMs", 250}, {"hubLatencyMs", 1}};
        json["store"] = {
            {"latencyMs", {{"min", 1}, {"max", 3}}},
            {"unavailableErrorMs", 9},
            {"faults", {{{"mode", "slow"}, {"from", "1s"}, {"to", "2s"}, {"factor", 4}}}}};
        json["services"] = {{{"service", "PhotoInterest"},
                             {"latencyMs", {{"min", 5}, {"max", 6}}},
                             {"faults", {{{"from", "3s"}, {"to", "4s"}}}}}};
        std::vector<Diagnostic> diagnostics;
        const auto s = fromJson(json, diagnostics);
        QVERIFY2(s.has_value(), describe(diagnostics).c_str());
        QVERIFY2(diagnostics.empty(), describe(diagnostics).c_str());
        QCOMPARE(s->name, std::string("all"));
        QCOMPARE(s->description, std::string("every key"));
        QCOMPARE(s->seed, 18446744073709551615u);
        QCOMPARE(s->duration, seconds(90));
        const DeviceGroup& g = s->devices[0];
        QCOMPARE(g.count, 12);
        QCOMPARE(g.idPrefix, std::string("cam-"));
        QCOMPARE(g.rateScale, 2.5);
        QVERIFY(!g.replies);
        QCOMPARE(*g.link.latencyMs, 30.0);
        QCOMPARE(*g.link.jitterMs, 4.0);
        QCOMPARE(*g.link.bandwidthKbps, 512.0);
        QCOMPARE(*g.link.loss, 0.1);
        QCOMPARE(g.link.duplication, 0.2);
        QCOMPARE(g.link.reordering, 0.3);
        QCOMPARE(g.link.reorderDelayMs, 700.0);
        QCOMPARE(g.link.messageTtl, seconds(5));
        // A trailing '*' on a window's prefix reads the same as without.
        QCOMPARE(g.link.outages, (std::vector<TimeWindow>{{seconds(30), seconds(45), "cam-00"}}));
        QCOMPARE(s->power, (std::vector<PowerChange>{{seconds(20), "cam-0001", "Off"}}));
        const HostSettings host{8, 100, 3, 500, 2, 7, 4, 250, 1};
        QCOMPARE(s->host, host);
        QCOMPARE(s->store.latencyMinMs, 1.0);
        QCOMPARE(s->store.latencyMaxMs, 3.0);
        QCOMPARE(s->store.unavailableErrorMs, 9.0);
        QCOMPARE(s->store.faults.size(), 1u);
        QCOMPARE(s->store.faults[0].mode, StoreFault::Mode::Slow);
        QCOMPARE(s->store.faults[0].factor, 4.0);
        QCOMPARE(s->store.faults[0].window, (TimeWindow{seconds(1), seconds(2), ""}));
        QCOMPARE(s->services.size(), 1u);
        QCOMPARE(s->services[0].service, std::string("PhotoInterest"));
        QCOMPARE(*s->services[0].latencyMinMs, 5.0);
        QCOMPARE(*s->services[0].latencyMaxMs, 6.0);
        QCOMPARE(s->services[0].faults, (std::vector<TimeWindow>{{seconds(3), seconds(4), ""}}));
    }

    void deviceIdsArePrefixAndAFourDigitNumber() {
        DeviceGroup group;
        group.idPrefix = "camera-";
        QCOMPARE(deviceId(group, 1), std::string("camera-0001"));
        QCOMPARE(deviceId(group, 42), std::string("camera-0042"));
        QCOMPARE(deviceId(group, 9999), std::string("camera-9999"));
        QCOMPARE(deviceId(group, 12345), std::string("camera-12345"));
    }

    void scriptDevicesMustNameADevice() {
        // Exact ids must exist; a prefix ending in '*' must start at least one id.
        auto check = [](const char* device, int count) {
            Json json = minimal();
            json["devices"][0]["count"] = count;
            json["devices"][0]["idPrefix"] = "cam-";
            json["script"] = {{{"at", "1s"},
                               {"device", device},
                               {"event", "Motion"},
                               {"tags", {{"Bearing", 1}}}}};
            std::vector<Diagnostic> diagnostics;
            return fromJson(json, diagnostics).has_value();
        };
        QVERIFY(check("cam-0001", 1));
        QVERIFY(check("cam-0012", 12));
        QVERIFY(!check("cam-0013", 12));
        QVERIFY(!check("cam-0000", 12));
        QVERIFY(!check("cam-1", 12)); // ids have four digits
        QVERIFY(check("cam-*", 12));
        QVERIFY(check("cam-001*", 12)); // cam-0010 to cam-0012
        QVERIFY(!check("cam-002*", 12));
        QVERIFY(check("c*", 1));
        QVERIFY(check("*", 1));
        QVERIFY(!check("door-*", 12));
    }

    void faultWindowsNamingNoDeviceWarn() {
        // A fault that strikes nothing is surely a typo, but the run still makes sense.
        Json json = minimal();
        json["devices"][0]["link"] = {
            {"outages", {{{"from", "1s"}, {"to", "2s"}, {"devices", "cam-"}}}}};
        json["store"] = {{"faults",
                          {{{"mode", "unavailable"},
                            {"from", "1s"},
                            {"to", "2s"},
                            {"devices", "canon-eos-rebel-0001"}}}}};
        std::vector<Diagnostic> diagnostics;
        const auto s = fromJson(json, diagnostics);
        QVERIFY2(s.has_value(), describe(diagnostics).c_str());
        QCOMPARE(diagnostics.size(), 1u);
        QCOMPARE(diagnostics[0].severity, Severity::Warning);
        QCOMPARE(diagnostics[0].code, std::string(codes::DanglingReference));
        QCOMPARE(diagnostics[0].field, std::string("devices[0].link.outages[0].devices"));
    }

    void machineFileIsResolvedAgainstTheScenarioFolder() {
        Json json = minimal();
        json["machine"] = "../examples/./camera-point-focus-shoot.swivel.json";
        std::vector<Diagnostic> diagnostics;
        const std::string base = std::string(SWIVEL_SOURCE_RESOURCES) + "/scenarios";
        const auto s = scenarioFromJson(json, "x.scenario.json", base, diagnostics);
        QVERIFY2(s.has_value(), describe(diagnostics).c_str());
        QCOMPARE(s->machinePath, std::string("../examples/./camera-point-focus-shoot.swivel.json"));
        QCOMPARE(fs::path(s->machineFile), fs::path(kCameraMachine).lexically_normal());
    }

    // -- Quick start -------------------------------------------------------------------

    void quickScenarioRunsOneDeviceForAMinuteWithoutFaults() {
        const Scenario q = quickScenario(kCameraMachine, "canon-eos-rebel");
        QCOMPARE(q.devices.size(), 1u);
        QCOMPARE(q.devices[0].count, 1);
        QCOMPARE(deviceId(q.devices[0], 1), std::string("canon-eos-rebel-0001"));
        QCOMPARE(q.devices[0].link, LinkSettings{});
        QCOMPARE(q.store, StoreSettings{});
        QCOMPARE(q.host, HostSettings{});
        QVERIFY(q.script.empty() && q.power.empty() && q.services.empty());
        QCOMPARE(q.duration, seconds(60));
        QCOMPARE(q.seed, 1u);
        QCOMPARE(q.machineFile, kCameraMachine);
    }

    void quickScenarioSourceIsTheFileThatWouldMakeIt() {
        // The recorded source must reproduce the run: reading it gives the same scenario.
        const Scenario q = quickScenario(kCameraMachine, "canon-eos-rebel");
        std::vector<Diagnostic> diagnostics;
        const auto again = scenarioFromJson(q.source, "quick", "", diagnostics);
        QVERIFY2(again.has_value(), describe(diagnostics).c_str());
        QVERIFY2(diagnostics.empty(), describe(diagnostics).c_str());
        QCOMPARE(*again, q);
    }
};

QTEST_APPLESS_MAIN(TestScenario)
#include "test_scenario.moc"
