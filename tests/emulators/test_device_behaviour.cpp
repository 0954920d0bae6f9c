// The device side of the emulator, played from the catalog's "behaviour" data: the
// lecture's camera swivels, focuses (sometimes badly), takes photos that fill its
// storage and warns once when space runs low; the drone reports where it got to; a
// disarmed sensor stays quiet; a switched-off device neither talks nor listens. Every
// rule is checked on the shipped device types, the same ones the simulator runs.
#include <QtTest>

#include <set>

#include <nlohmann/json.hpp>

#include "emulators/device_behaviour.h"
#include "model/device_catalog.h"

using namespace swivel;
using emu::DeviceBehaviour;
using emu::DeviceSideState;
using emu::Firing;
using emu::Random;
using emu::Reaction;
using model::Event;
using model::Value;

namespace {

std::shared_ptr<const DeviceBehaviour> shipped(std::string_view id) {
    const model::DeviceType* type = model::DeviceCatalog::builtin().findDevice(id);
    if (type == nullptr) {
        qFatal("the shipped catalog has no device type %s", std::string(id).c_str());
    }
    std::string error;
    auto behaviour = DeviceBehaviour::compile(*type, &error);
    if (!behaviour) {
        qFatal("%s does not compile: %s", std::string(id).c_str(), error.c_str());
    }
    return behaviour;
}

// A device type built from JSON text, as a new catalog file would be.
std::shared_ptr<const DeviceBehaviour> custom(const char* json, std::string* error = nullptr) {
    std::vector<model::Diagnostic> diagnostics;
    const auto type = model::deviceTypeFromJson(nlohmann::json::parse(json), "custom.json", diagnostics);
    if (!type) {
        qFatal("the test device type does not load: %s", diagnostics.front().message.c_str());
    }
    return DeviceBehaviour::compile(*type, error);
}

Event command(std::string name, std::vector<model::EventTag> args = {}) {
    return Event{std::move(name), std::move(args)};
}

// Everything a command makes the device do, each reaction fired at once.
std::vector<Firing> runCommand(const DeviceBehaviour& behaviour, DeviceSideState& state, Random& random,
                               const Event& cmd, const std::string& deviceId = "camera-0001") {
    std::vector<Reaction> reactions;
    behaviour.onCommand(cmd, random, reactions);
    std::vector<Firing> firings;
    for (const Reaction& reaction : reactions) {
        firings.push_back(behaviour.fire(reaction, state, random, deviceId));
    }
    return firings;
}

Value variable(const DeviceBehaviour& behaviour, const DeviceSideState& state, std::string_view name) {
    const int index = behaviour.variableIndex(name);
    if (index < 0) {
        qFatal("no variable %s", std::string(name).c_str());
    }
    return state.variables[index];
}

Value tag(const Event& event, std::string_view name) {
    const Value* value = event.tag(name);
    if (value == nullptr) {
        qFatal("event %s has no tag %s", event.name.c_str(), std::string(name).c_str());
    }
    return *value;
}

std::int64_t asInt(const Value& value) { return std::get<std::int64_t>(value); }

// One variable, a counter the tests drive and a divisor that is zero.
constexpr const char* kCounterDevice = R"({
  "id": "counter", "name": "Counter",
  "events": [{"name": "Tick", "tags": [{"name": "Ratio", "type": "int"}, {"name": "Count", "type": "int"},
                                        {"name": "Reading", "type": "double"}]},
             {"name": "Rare", "tags": []}],
  "commands": [{"name": "Divide", "args": []}, {"name": "Maybe", "args": []},
               {"name": "Scale", "args": [{"name": "By", "type": "int"}]}],
  "behaviour": {
    "variables": {"Count": {"type": "int", "initial": 7}, "Zero": {"type": "int", "initial": 0},
                  "Level": {"type": "double", "initial": 0.5}},
    "onCommand": {
      "Divide": [{"send": "Tick", "set": {"Count": "Count / Zero", "Level": "Count"},
                  "tags": {"Ratio": {"expr": "Count / Zero"}, "Count": {"expr": "Count"},
                           "Reading": {"uniformInt": [3, 3]}}}],
      "Maybe": [{"delayMs": {"const": 5}, "choose": [{"probability": 0.25, "send": "Rare"}]}],
      "Scale": [{"send": "Tick", "set": {"Level": "event.By * 2"},
                 "tags": {"Reading": {"expr": "event.By"}, "Count": {"expr": "Count"}}}]
    }
  }
})";

} // namespace

class TestDeviceBehaviour : public QObject {
    Q_OBJECT
private slots:
    void everyShippedDeviceTypeCompiles() {
        const auto& devices = model::DeviceCatalog::builtin().devices();
        QVERIFY(devices.size() >= 5);
        for (const model::DeviceType& type : devices) {
            std::string error;
            const auto behaviour = DeviceBehaviour::compile(type, &error);
            QVERIFY2(behaviour != nullptr, (type.id + ": " + error).c_str());
            QCOMPARE(behaviour->type().id, type.id);
            QCOMPARE(behaviour->initialState().variables.size(), type.behaviour["variables"].size());
        }
    }

    void everyEventAndCommandTakesItsCatalogSizeOnTheLink() {
        for (const model::DeviceType& type : model::DeviceCatalog::builtin().devices()) {
            const auto behaviour = DeviceBehaviour::compile(type);
            QVERIFY(behaviour != nullptr);
            for (const model::EventType& event : type.events)
                QCOMPARE(behaviour->eventBytes(event.name, -1), type.findEvent(event.name)->sizeBytes);
            for (const model::CommandType& c : type.commands)
                QCOMPARE(behaviour->commandBytes(c.name, -1), type.findCommand(c.name)->sizeBytes);
            // A name the type does not have (nor as a command, nor as an event) takes
            // the caller's size.
            QCOMPARE(behaviour->eventBytes("NoSuchEvent", 256), std::int64_t(256));
            QCOMPARE(behaviour->commandBytes("NoSuchCommand", 128), std::int64_t(128));
            if (!type.commands.empty())
                QCOMPARE(behaviour->eventBytes(type.commands.front().name + "x", 7), std::int64_t(7));
        }
    }

    void swivelAnswersMoveDoneAfter600To1200Ms() {
        const auto camera = shipped("canon-eos-rebel");
        DeviceSideState state = camera->initialState();
        Random random(1);
        emu::VirtualTime shortest = emu::seconds(10), longest = 0;
        for (int i = 0; i < 10000; ++i) {
            std::vector<Reaction> reactions;
            camera->onCommand(command("Swivel", {{"Bearing", std::int64_t{90}}}), random, reactions);
            QCOMPARE(reactions.size(), std::size_t{1});
            QVERIFY(reactions[0].delay >= emu::milliseconds(600) && reactions[0].delay <= emu::milliseconds(1200));
            shortest = std::min(shortest, reactions[0].delay);
            longest = std::max(longest, reactions[0].delay);
            const Firing firing = camera->fire(reactions[0], state, random, "camera-0001");
            QVERIFY(firing.event.has_value());
            QCOMPARE(firing.event->name, std::string("MoveDone"));
            QVERIFY(firing.event->tags.empty());
        }
        // A uniform spread, not a constant: both ends are approached.
        QVERIFY(shortest < emu::milliseconds(610));
        QVERIFY(longest > emu::milliseconds(1190));
    }

    void focusWarnsAboutOneTimeInTen() {
        const auto camera = shipped("canon-eos-rebel");
        DeviceSideState state = camera->initialState();
        Random random(2);
        int warnings = 0, done = 0;
        for (int i = 0; i < 10000; ++i) {
            const auto firings = runCommand(*camera, state, random, command("Focus"));
            QCOMPARE(firings.size(), std::size_t{1});
            QVERIFY(firings[0].event.has_value());  // the probabilities add up to 1
            if (firings[0].event->name == "FocusWarning") {
                ++warnings;
            } else {
                QCOMPARE(firings[0].event->name, std::string("FocusDone"));
                ++done;
            }
        }
        QVERIFY2(warnings > 850 && warnings < 1150, std::to_string(warnings).c_str());
        QCOMPARE(done + warnings, 10000);
    }

    void chooseBelowOneSendsNothingForTheRemainder() {
        const auto counter = custom(kCounterDevice);
        QVERIFY(counter);
        DeviceSideState state = counter->initialState();
        Random random(3);
        int sent = 0;
        for (int i = 0; i < 10000; ++i) {
            const auto firings = runCommand(*counter, state, random, command("Maybe"));
            QCOMPARE(firings.size(), std::size_t{1});
            sent += firings[0].event.has_value();
        }
        QVERIFY2(sent > 2300 && sent < 2700, std::to_string(sent).c_str());
    }

    void constDelayIsExact() {
        const auto counter = custom(kCounterDevice);
        Random random(3);
        std::vector<Reaction> reactions;
        counter->onCommand(command("Maybe"), random, reactions);
        QCOMPARE(reactions.size(), std::size_t{1});
        QCOMPARE(reactions[0].delay, emu::milliseconds(5));
    }

    void takePhotoSendsNewImgWithFreshUidAndUsesSpace() {
        const auto camera = shipped("canon-eos-rebel");
        DeviceSideState state = camera->initialState();
        Random random(4);
        QCOMPARE(asInt(variable(*camera, state, "FreeSpaceMB")), std::int64_t{13000});
        std::set<std::string> uids;
        for (int i = 1; i <= 100; ++i) {
            const auto firings = runCommand(*camera, state, random, command("TakePhoto"));
            QCOMPARE(firings.size(), std::size_t{1});
            const Event& photo = *firings[0].event;
            QCOMPARE(photo.name, std::string("NewIMG"));
            const std::string uid = std::get<std::string>(tag(photo, "UID"));
            QCOMPARE(uid, "IMG-camera-0001-" + std::to_string(i));
            QVERIFY(uids.insert(uid).second);
            QCOMPARE(std::get<std::string>(tag(photo, "GPS")), std::string("42.44940,-76.48280"));
            const std::int64_t size = asInt(tag(photo, "SizeBytes"));
            QVERIFY(size >= 2500000 && size <= 3500000);
            QCOMPARE(asInt(variable(*camera, state, "PhotoCount")), std::int64_t{i});
            QCOMPARE(asInt(variable(*camera, state, "FreeSpaceMB")), std::int64_t{13000 - 3 * i});
        }
        // Another camera's photos never collide with these.
        DeviceSideState other = camera->initialState();
        const auto firings = runCommand(*camera, other, random, command("TakePhoto"), "camera-0002");
        QCOMPARE(std::get<std::string>(tag(*firings[0].event, "UID")), std::string("IMG-camera-0002-1"));
    }

    void storageWarningFiresOnceWhenFreeSpaceFallsUnder500() {
        const auto camera = shipped("canon-eos-rebel");
        DeviceSideState state = camera->initialState();
        Random random(5);
        std::vector<Event> warnings;
        int photos = 0;
        while (asInt(variable(*camera, state, "FreeSpaceMB")) >= 500) {
            runCommand(*camera, state, random, command("TakePhoto"));
            ++photos;
            camera->checkConditions(state, random, "camera-0001", warnings);
            if (asInt(variable(*camera, state, "FreeSpaceMB")) >= 500) {
                QVERIFY(warnings.empty());
            }
        }
        QCOMPARE(photos, 4167);  // 13000 - 3 * 4167 = 499
        QCOMPARE(warnings.size(), std::size_t{1});
        QCOMPARE(warnings[0].name, std::string("StorageWarning"));
        QCOMPARE(asInt(tag(warnings[0], "FreeSpaceMB")), std::int64_t{499});
        // Still low, then above the line and low again: "once" means once.
        for (int i = 0; i < 50; ++i) {
            runCommand(*camera, state, random, command("TakePhoto"));
            camera->checkConditions(state, random, "camera-0001", warnings);
        }
        for (int i = 0; i < 100; ++i) {
            runCommand(*camera, state, random, command("DeletePhoto", {{"UID", std::string("x")}}));
        }
        camera->checkConditions(state, random, "camera-0001", warnings);
        for (int i = 0; i < 100; ++i) {
            runCommand(*camera, state, random, command("TakePhoto"));
            camera->checkConditions(state, random, "camera-0001", warnings);
        }
        QCOMPARE(warnings.size(), std::size_t{1});
    }

    void deletePhotoFreesSpaceSilently() {
        const auto camera = shipped("canon-eos-rebel");
        DeviceSideState state = camera->initialState();
        Random random(6);
        runCommand(*camera, state, random, command("TakePhoto"));
        QCOMPARE(asInt(variable(*camera, state, "FreeSpaceMB")), std::int64_t{12997});
        const auto firings = runCommand(*camera, state, random,
                                        command("DeletePhoto", {{"UID", std::string("IMG-camera-0001-1")}}));
        QCOMPARE(firings.size(), std::size_t{1});
        QVERIFY(!firings[0].event);
        QCOMPARE(asInt(variable(*camera, state, "FreeSpaceMB")), std::int64_t{13000});
    }

    void downloadPhotoMovesBytesByQuality() {
        const auto camera = shipped("canon-eos-rebel");
        DeviceSideState state = camera->initialState();
        Random random(7);
        const auto download = [&](const char* quality) {
            const auto firings = runCommand(
                *camera, state, random,
                command("DownloadPhoto", {{"UID", std::string("IMG-1")}, {"Quality", std::string(quality)}}));
            if (firings.size() != 1 || firings[0].event) {
                qFatal("DownloadPhoto should fire once, without an event");
            }
            return firings[0].transferBytes;
        };
        QCOMPARE(download("Thumbnail"), std::int64_t{20000});
        QCOMPARE(download("Full"), std::int64_t{3000000});
        QCOMPARE(download("Huge"), std::int64_t{0});  // no such case: nothing moves
    }

    void droneFlyToReportsIndexBeforeIncrementAndEchoesPosition() {
        const auto drone = shipped("field-drone");
        DeviceSideState state = drone->initialState();
        Random random(8);
        runCommand(*drone, state, random, command("Takeoff", {{"AltitudeM", 30.0}}));
        QCOMPARE(std::get<bool>(variable(*drone, state, "Airborne")), true);
        QCOMPARE(asInt(variable(*drone, state, "BatteryPct")), std::int64_t{98});
        for (std::int64_t i = 0; i < 3; ++i) {
            const double lat = 42.4 + 0.001 * static_cast<double>(i), lon = -76.5;
            const auto firings = runCommand(
                *drone, state, random,
                command("FlyTo", {{"Lat", lat}, {"Lon", lon}, {"AltitudeM", 30.0}}));
            const Event& reached = *firings.at(0).event;
            QCOMPARE(reached.name, std::string("WaypointReached"));
            QCOMPARE(asInt(tag(reached, "Index")), i);  // the waypoint as it was...
            QCOMPARE(asInt(variable(*drone, state, "Waypoint")), i + 1);  // ...then counted
            QCOMPARE(std::get<double>(tag(reached, "Lat")), lat);
            QCOMPARE(std::get<double>(tag(reached, "Lon")), lon);
        }
        QCOMPARE(asInt(variable(*drone, state, "BatteryPct")), std::int64_t{98 - 9});
    }

    void tagValueTakesTheTagsDeclaredType() {
        // An int argument (or an int draw) for a double tag arrives as a double.
        const auto drone = shipped("field-drone");
        DeviceSideState state = drone->initialState();
        Random random(9);
        const auto firings = runCommand(
            *drone, state, random,
            command("FlyTo", {{"Lat", std::int64_t{42}}, {"Lon", std::int64_t{-76}}, {"AltitudeM", 30.0}}));
        QCOMPARE(tag(*firings.at(0).event, "Lat"), Value(42.0));
        const auto counter = custom(kCounterDevice);
        DeviceSideState counterState = counter->initialState();
        const auto ticks = runCommand(*counter, counterState, random, command("Divide"));
        QCOMPARE(tag(*ticks.at(0).event, "Reading"), Value(3.0));
    }

    void assignmentTakesTheVariablesDeclaredType() {
        const auto counter = custom(kCounterDevice);
        DeviceSideState state = counter->initialState();
        Random random(10);
        runCommand(*counter, state, random, command("Scale", {{"By", std::int64_t{4}}}));
        QCOMPARE(variable(*counter, state, "Level"), Value(8.0));
    }

    void evaluationErrorSkipsOnlyThatTagAndAssignment() {
        const auto counter = custom(kCounterDevice);
        DeviceSideState state = counter->initialState();
        Random random(11);
        const auto firings = runCommand(*counter, state, random, command("Divide"));
        const Event& tick = *firings.at(0).event;
        QVERIFY(tick.tag("Ratio") == nullptr);  // Count / 0: left out
        QCOMPARE(tag(tick, "Count"), Value(std::int64_t{7}));
        QCOMPARE(variable(*counter, state, "Count"), Value(std::int64_t{7}));  // kept
        QCOMPARE(variable(*counter, state, "Level"), Value(7.0));              // applied
    }

    void powerUpFiresOnceAtTheFirstCheck() {
        const auto drone = shipped("field-drone");
        DeviceSideState state = drone->initialState();
        Random random(12);
        std::vector<Event> sent;
        drone->checkConditions(state, random, "drone-0001", sent);
        QCOMPARE(sent.size(), std::size_t{1});
        QCOMPARE(sent[0].name, std::string("PowerUp"));
        QCOMPARE(tag(sent[0], "BatteryPct"), Value(std::int64_t{100}));
        drone->checkConditions(state, random, "drone-0001", sent);
        QCOMPARE(sent.size(), std::size_t{1});
    }

    void lowBatteryFiresWhenBatteryFallsUnder25() {
        const auto drone = shipped("field-drone");
        DeviceSideState state = drone->initialState();
        Random random(13);
        std::vector<Event> sent;
        drone->checkConditions(state, random, "drone-0001", sent);  // PowerUp
        sent.clear();
        runCommand(*drone, state, random, command("Takeoff", {{"AltitudeM", 30.0}}));
        while (asInt(variable(*drone, state, "BatteryPct")) >= 25) {
            QVERIFY(sent.empty());
            runCommand(*drone, state, random, command("FlyTo", {{"Lat", 1.0}, {"Lon", 2.0}, {"AltitudeM", 3.0}}));
            drone->checkConditions(state, random, "drone-0001", sent);
        }
        QCOMPARE(sent.size(), std::size_t{1});
        QCOMPARE(sent[0].name, std::string("LowBattery"));
        QVERIFY(asInt(tag(sent[0], "BatteryPct")) < 25);
    }

    void spontaneousTagsReadVariablesBeforeTheirSet() {
        const auto soil = shipped("soil-moisture-sensor");
        DeviceSideState state = soil->initialState();
        Random random(14);
        QCOMPARE(soil->rateSourceCount(), 1);
        QCOMPARE(soil->ratePerSecond(0), 1.0 / 60.0);
        const auto reading = soil->fireRateSource(0, state, random, "soil-0001");
        QVERIFY(reading);
        QCOMPARE(reading->name, std::string("Reading"));
        QCOMPARE(tag(*reading, "BatteryPct"), Value(std::int64_t{40}));
        QCOMPARE(variable(*soil, state, "BatteryPct"), Value(std::int64_t{39}));
        const double moisture = std::get<double>(tag(*reading, "MoisturePct"));
        QVERIFY(moisture >= 18.0 && moisture <= 42.0);
    }

    void motionSensorStaysQuietWhileDisarmed() {
        const auto sensor = shipped("motion-sensor");
        DeviceSideState state = sensor->initialState();
        Random random(15);
        QCOMPARE(sensor->rateSourceCount(), 2);  // Motion, Heartbeat
        QCOMPARE(sensor->ratePerSecond(0), 1.5 / 60.0);
        const auto motion = sensor->fireRateSource(0, state, random, "pir-0001");
        QVERIFY(motion);
        QCOMPARE(motion->name, std::string("Motion"));
        const std::int64_t zone = asInt(tag(*motion, "Zone"));
        QVERIFY(zone >= 1 && zone <= 4);
        runCommand(*sensor, state, random, command("Disarm"));
        for (int i = 0; i < 100; ++i) {
            QVERIFY(!sensor->fireRateSource(0, state, random, "pir-0001"));
        }
        QVERIFY(sensor->fireRateSource(1, state, random, "pir-0001"));  // heartbeats go on
        runCommand(*sensor, state, random, command("Arm"));
        QVERIFY(sensor->fireRateSource(0, state, random, "pir-0001"));
    }

    void commandArgumentsReachAssignments() {
        const auto sensor = shipped("motion-sensor");
        DeviceSideState state = sensor->initialState();
        Random random(16);
        runCommand(*sensor, state, random, command("SetSensitivity", {{"Level", std::int64_t{9}}}));
        QCOMPARE(variable(*sensor, state, "Sensitivity"), Value(std::int64_t{9}));
    }

    void unlockRunsItsThreeReactionsIndependently() {
        const auto door = shipped("card-reader-door");
        DeviceSideState state = door->initialState();
        Random random(17);
        QVERIFY(door->fireRateSource(1, state, random, "door-0001"));  // locked, closed: may be forced
        std::vector<Reaction> reactions;
        door->onCommand(command("Unlock", {{"Seconds", std::int64_t{5}}}), random, reactions);
        QCOMPARE(reactions.size(), std::size_t{3});
        QVERIFY(reactions[0].delay >= emu::milliseconds(50) && reactions[0].delay <= emu::milliseconds(150));
        QVERIFY(reactions[1].delay >= emu::milliseconds(1500) && reactions[1].delay <= emu::milliseconds(4000));
        QVERIFY(reactions[2].delay >= emu::milliseconds(5000) && reactions[2].delay <= emu::milliseconds(9000));
        const Firing unlocked = door->fire(reactions[0], state, random, "door-0001");
        QCOMPARE(unlocked.event->name, std::string("LockStateChanged"));
        QCOMPARE(tag(*unlocked.event, "Locked"), Value(false));
        QCOMPARE(variable(*door, state, "Locked"), Value(false));
        QVERIFY(!door->fireRateSource(1, state, random, "door-0001"));  // unlocked: not forced
    }

    void powerOffSilencesAndDeafensTheDevice() {
        const auto camera = shipped("canon-eos-rebel");
        DeviceSideState state = camera->initialState();
        Random random(18);
        QCOMPARE(camera->powerModes(), (std::vector<std::string>{"On", "Off", "Idle"}));
        QCOMPARE(state.powerMode, camera->powerModeIndex("On"));
        QVERIFY(camera->sendsRandomEvents(state) && camera->answersCommands(state));

        std::vector<Reaction> pending;
        camera->onCommand(command("TakePhoto"), random, pending);
        const auto off = camera->setPowerMode(state, camera->powerModeIndex("Off"));
        QVERIFY(off);
        QCOMPARE(off->name, std::string("PowerMode"));
        QCOMPARE(tag(*off, "Mode"), Value(std::string("Off")));
        QVERIFY(!camera->sendsRandomEvents(state));
        QVERIFY(!camera->answersCommands(state));
        QVERIFY(!camera->fireRateSource(0, state, random, "camera-0001"));
        // A command that arrived before switching off finds the camera dark.
        const Firing late = camera->fire(pending.at(0), state, random, "camera-0001");
        QVERIFY(!late.event);
        QCOMPARE(asInt(variable(*camera, state, "PhotoCount")), std::int64_t{0});

        const auto idle = camera->setPowerMode(state, camera->powerModeIndex("Idle"));
        QCOMPARE(tag(*idle, "Mode"), Value(std::string("Idle")));
        QVERIFY(!camera->sendsRandomEvents(state));
        QVERIFY(camera->answersCommands(state));
        QVERIFY(!camera->fireRateSource(0, state, random, "camera-0001"));
        QVERIFY(runCommand(*camera, state, random, command("TakePhoto")).at(0).event);

        camera->setPowerMode(state, camera->powerModeIndex("On"));
        QVERIFY(camera->fireRateSource(0, state, random, "camera-0001"));
        QVERIFY(!camera->setPowerMode(state, 7));  // unknown mode: nothing changes
        QCOMPARE(state.powerMode, camera->powerModeIndex("On"));
    }

    void typeWithoutPowerModesIsAlwaysOn() {
        const auto sensor = shipped("motion-sensor");
        DeviceSideState state = sensor->initialState();
        QVERIFY(sensor->powerModes().empty());
        QCOMPARE(sensor->powerModeIndex("Off"), -1);
        QVERIFY(!sensor->setPowerMode(state, 0));
        QVERIFY(sensor->sendsRandomEvents(state));
        QVERIFY(sensor->answersCommands(state));
    }

    void sameSeedSameFirings() {
        const auto run = [](std::uint64_t seed) {
            const auto camera = shipped("canon-eos-rebel");
            DeviceSideState state = camera->initialState();
            Random random(seed);
            std::vector<Event> events;
            std::vector<emu::VirtualTime> delays;
            for (int i = 0; i < 200; ++i) {
                for (const char* name : {"Swivel", "Focus", "TakePhoto"}) {
                    std::vector<Reaction> reactions;
                    camera->onCommand(command(name, {{"Bearing", std::int64_t{i}}}), random, reactions);
                    for (const Reaction& reaction : reactions) {
                        delays.push_back(reaction.delay);
                        if (auto event = camera->fire(reaction, state, random, "camera-0001").event) {
                            events.push_back(*event);
                        }
                    }
                }
                if (auto motion = camera->fireRateSource(0, state, random, "camera-0001")) {
                    events.push_back(*motion);
                }
            }
            return std::make_pair(events, delays);
        };
        QVERIFY(run(42) == run(42));
        QVERIFY(run(42) != run(43));
    }

    void compileErrorNamesThePlace() {
        model::DeviceType type = *model::DeviceCatalog::builtin().findDevice("canon-eos-rebel");
        type.behaviour["onCommand"]["Swivel"][0]["delayMs"] = {{"gaussian", {1, 2}}};
        std::string error;
        QVERIFY(!DeviceBehaviour::compile(type, &error));
        QVERIFY2(error.find("behaviour.onCommand.Swivel[0].delayMs") == 0, error.c_str());
        QVERIFY2(error.find("gaussian") != std::string::npos, error.c_str());

        type = *model::DeviceCatalog::builtin().findDevice("canon-eos-rebel");
        type.behaviour["onCommand"]["TakePhoto"][0]["set"]["PhotoCount"] = "PhotoCount +";
        QVERIFY(!DeviceBehaviour::compile(type, &error));
        QVERIFY2(error.find("behaviour.onCommand.TakePhoto[0].set.PhotoCount") == 0, error.c_str());

        type = *model::DeviceCatalog::builtin().findDevice("canon-eos-rebel");
        type.behaviour["spontaneous"][0]["event"] = "Teleported";
        QVERIFY(!DeviceBehaviour::compile(type, &error));
        QVERIFY2(error.find("behaviour.spontaneous[0].event") == 0, error.c_str());
        QVERIFY2(error.find("Teleported") != std::string::npos, error.c_str());
    }
};

QTEST_APPLESS_MAIN(TestDeviceBehaviour)
#include "test_device_behaviour.moc"
