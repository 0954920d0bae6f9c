// What the studio's sequence chart, store panel and instance timeline draw: a device's
// messages, invocations and store versions, and the fleet's invocations over a window.
// A live run (HistoryKeeper) and its recorded session (SessionHistory) must give the
// same history at every step, so that scrubbing a session shows exactly what the
// live run showed. Then what the histories say about the lecture's stories (the
// camera's walk-through, the store outage's conflicts), and a damaged file.
#include <QtTest>

#include <filesystem>
#include <map>
#include <set>

#include <sqlite3.h>

#include "emulator_test_support.h"
#include "emulators/history_keeper.h"
#include "emulators/session.h"
#include "emulators/session_history.h"
#include "emulators/simulator.h"
#include "model/device_catalog.h"

using namespace swivel;
using namespace swivel::emu;

namespace {

Scenario loadShipped(const std::string& name) {
    std::vector<model::Diagnostic> diagnostics;
    auto scenario = loadScenarioFile(test::resourcePath("scenarios/" + name + ".scenario.json"), diagnostics);
    if (!scenario)
        qFatal("%s does not load", name.c_str());
    return *scenario;
}

// Takes the keeper's histories at the steps `wanted` says, while recording the run.
struct LiveRun {
    std::map<std::uint64_t, DeviceHistory> devices;
    std::map<std::uint64_t, InstanceHistory> instances;
};

LiveRun recordWithKeeper(const Scenario& scenario, const std::string& path, int device,
                         const HistoryLimits& limits,
                         const std::function<bool(std::uint64_t, VirtualTime)>& wanted) {
    const model::Machine machine = *model::loadMachineFile(scenario.machineFile).machine;
    Simulator simulator(scenario, machine, model::DeviceCatalog::builtin());
    LiveRun live;
    HistoryKeeper keeper;
    SessionRecorder recorder(path);
    simulator.addObserver(&recorder);
    simulator.addObserver(&keeper);
    const auto take = [&] {
        const std::uint64_t step = simulator.step();
        live.devices.emplace(step, keeper.deviceHistory(device, limits));
        live.instances.emplace(step, keeper.instances(seconds(20), 2000));
    };
    while (simulator.stepOnce()) {
        if (wanted(simulator.step(), simulator.now()))
            take();
    }
    test::requireInvariants(simulator);
    return live;
}

std::string temporaryPath(const char* name) {
    return (std::filesystem::temp_directory_path() / (std::string("swivel-history-") + name)).string();
}

// A history as text, for a failure message.
std::string describe(const DeviceHistory& h) {
    nlohmann::json j;
    j["step"] = h.step;
    j["time"] = h.time;
    for (const MessageHistory& m : h.messages)
        j["messages"].push_back({m.id, static_cast<int>(m.kind), m.name, m.payload, m.bytes, m.causedBy, m.duplicateOf,
                                 m.sentStep, m.sentTime, m.expectedArrival, m.fate ? static_cast<int>(*m.fate) : -1,
                                 m.endStep, m.endTime});
    for (const InvocationHistory& v : h.invocations)
        j["invocations"].push_back({v.id, v.instance, v.message, v.delivery, v.coldStart, v.startStep, v.startTime,
                                    v.phases.size(), v.outcome ? static_cast<int>(*v.outcome) : -1, v.endStep,
                                    v.endTime, v.attempts, v.conflicts});
    for (const VersionHistory& v : h.versions)
        j["versions"].push_back({v.version, v.step, v.time, v.invocation, v.message, v.record, v.event,
                                 v.transitions, v.actions});
    return j.dump();
}

bool hasPhase(const InvocationHistory& invocation, InvocationPhase phase) {
    return std::any_of(invocation.phases.begin(), invocation.phases.end(),
                       [phase](const PhaseHistory& p) { return p.phase == phase; });
}

} // namespace

class HistoryTest : public QObject {
    Q_OBJECT
private slots:
    void theWalkThroughsHistoryIsTheSameLiveAndRecordedAtEveryStep() {
        const std::string path = temporaryPath("walk.db");
        const HistoryLimits limits{400, 200, 200};
        const LiveRun live = recordWithKeeper(loadShipped("camera-walkthrough"), path, 0, limits,
                                              [](std::uint64_t, VirtualTime) { return true; });
        std::string error;
        const auto session = Session::open(path, error);
        QVERIFY2(session, error.c_str());
        const SessionHistory recorded(path);
        QVERIFY(live.devices.size() > 20);
        for (const auto& [step, history] : live.devices) {
            const DeviceHistory replayed = recorded.deviceHistory(0, step, history.time, limits);
            QVERIFY2(replayed == history, ("step " + std::to_string(step) + "\nreplayed " + describe(replayed)
                                            + "\nlive     " + describe(history)).c_str());
            const InstanceHistory instances = recorded.instances(step, history.time, seconds(20), 2000);
            QVERIFY2(instances == live.instances.at(step), ("instances at step " + std::to_string(step)).c_str());
        }

        // At the end the camera's story is all there: its events up, the commands down,
        // every applied event a version, from the initial record (version 0) on.
        const DeviceHistory& last = live.devices.rbegin()->second;
        const auto sent = [&](MessageKind kind, const std::string& name) {
            return std::any_of(last.messages.begin(), last.messages.end(),
                               [&](const MessageHistory& m) { return m.kind == kind && m.name == name; });
        };
        QVERIFY(sent(MessageKind::DeviceEvent, "Motion"));
        QVERIFY(sent(MessageKind::Command, "Swivel"));
        QVERIFY(sent(MessageKind::DeviceEvent, "MoveDone"));
        QVERIFY(sent(MessageKind::Command, "TakePhoto"));
        QCOMPARE(last.versions.front().version, 0u);
        QVERIFY(last.versions.front().event.is_null());
        for (std::size_t i = 1; i < last.versions.size(); ++i) {
            QCOMPARE(last.versions[i].version, last.versions[i - 1].version + 1);
            QVERIFY(last.versions[i].event.contains("event"));
            QVERIFY(last.versions[i].record.contains("configuration"));
        }
        std::filesystem::remove(path);
    }

    void aMomentShowsOnlyWhatHadHappenedByThen() {
        const std::string path = temporaryPath("moment.db");
        const HistoryLimits limits{400, 200, 200};
        recordWithKeeper(loadShipped("camera-walkthrough"), path, 0, limits, [](std::uint64_t, VirtualTime) { return false; });
        std::string error;
        const auto session = Session::open(path, error);
        QVERIFY2(session, error.c_str());
        const SessionHistory recorded(path);
        const std::uint64_t last = session->lastStep();
        // A message sent at a step is in flight then, with no fate, if it arrives later.
        const DeviceHistory end = recorded.deviceHistory(0, last, session->duration(), limits);
        const auto later = std::find_if(end.messages.begin(), end.messages.end(), [](const MessageHistory& m) {
            return m.fate && m.endStep > m.sentStep;
        });
        QVERIFY(later != end.messages.end());
        const DeviceHistory then = recorded.deviceHistory(0, later->sentStep, later->sentTime, limits);
        QCOMPARE(then.messages.back().id, later->id);
        QVERIFY(!then.messages.back().fate);
        for (const VersionHistory& version : then.versions)
            QVERIFY(version.step <= later->sentStep);
        for (const InvocationHistory& invocation : then.invocations) {
            QVERIFY(invocation.startStep <= later->sentStep);
            for (const PhaseHistory& phase : invocation.phases)
                QVERIFY(phase.step <= later->sentStep);
        }
        std::filesystem::remove(path);
    }

    void theStoreOutageShowsItsConflictsTheSameLiveAndRecorded() {
        const std::string path = temporaryPath("convoy.db");
        const HistoryLimits limits{32, 16, 16};  // within what a keeper of a fleet keeps
        const LiveRun live = recordWithKeeper(loadShipped("store-outage-convoy"), path, 3, limits,
                                              [next = VirtualTime{0}](std::uint64_t, VirtualTime time) mutable {
                                                  // Every 5 s of the four minutes, the outage (60-100 s) too.
                                                  if (time < next)
                                                      return false;
                                                  next = time + seconds(5);
                                                  return true;
                                              });
        const SessionHistory recorded(path);
        bool sawConflict = false, sawManyInstances = false;
        for (const auto& [step, history] : live.devices) {
            QVERIFY2(recorded.deviceHistory(3, step, history.time, limits) == history,
                     ("device history at step " + std::to_string(step)).c_str());
            const InstanceHistory& instances = live.instances.at(step);
            QVERIFY2(recorded.instances(step, history.time, seconds(20), 2000) == instances,
                     ("instances at step " + std::to_string(step)).c_str());
            std::set<int> lanes;
            for (const InvocationHistory& invocation : instances.invocations) {
                lanes.insert(invocation.instance);
                QVERIFY(invocation.startTime <= instances.to);
                QVERIFY(!invocation.outcome || invocation.endTime >= instances.from);
                if (invocation.conflicts > 0 || hasPhase(invocation, InvocationPhase::Backoff))
                    sawConflict = true;
            }
            sawManyInstances = sawManyInstances || lanes.size() > 50;
        }
        QVERIFY(sawConflict);
        QVERIFY(sawManyInstances);  // the convoy: instances pile up behind the store
        std::filesystem::remove(path);
    }

    void aDamagedRowIsReportedWithTheFileName() {
        const std::string path = temporaryPath("damaged.db");
        recordWithKeeper(loadShipped("camera-walkthrough"), path, 0, {}, [](std::uint64_t, VirtualTime) { return false; });
        sqlite3* database = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &database), SQLITE_OK);
        QCOMPARE(sqlite3_exec(database, "UPDATE messages SET kind = 99", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(database);
        const SessionHistory recorded(path);
        try {
            recorded.deviceHistory(0, 1'000'000, seconds(1000), {});
            QFAIL("no error");
        } catch (const std::runtime_error& error) {
            QVERIFY2(std::string(error.what()).find(path) == 0, error.what());
            QVERIFY2(std::string(error.what()).find("damaged session") != std::string::npos, error.what());
        }
        std::filesystem::remove(path);
    }
};

QTEST_GUILESS_MAIN(HistoryTest)
#include "test_history.moc"
