// The emulator on several threads at once, as the studio uses it: a run records on its
// own thread while the session browser reads other sessions and a comparison re-runs a
// recorded one against the edited machine, each on a thread of its own. Simulators and
// sessions share the machine, the device catalog and the model's compiled forms, and
// nothing mutable. These tests run them on std::threads (every access instrumented,
// unlike Qt's queued calls), and ./dev test runs them again under ThreadSanitizer.
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "emulator_test_support.h"
#include "emulators/session.h"
#include "emulators/simulator.h"
#include "model/device_catalog.h"
#include "model/machine_file.h"

using namespace swivel;

namespace {

constexpr int kThreads = 4;

emu::Scenario shipped(const std::string& name, emu::VirtualTime duration) {
    std::vector<model::Diagnostic> diagnostics;
    auto scenario = emu::loadScenarioFile(test::resourcePath("scenarios/" + name + ".scenario.json"),
                                          diagnostics);
    if (!scenario)
        qFatal("%s does not load", name.c_str());
    scenario->duration = duration;
    return *scenario;
}

// Records `scenario` (with `seed`) against `machine` into `path`; the invariant
// violations it ends with.
std::vector<std::string> record(emu::Scenario scenario, std::uint64_t seed,
                                const model::Machine& machine, const std::string& path) {
    scenario.seed = seed;
    emu::Simulator simulator(scenario, machine, model::DeviceCatalog::builtin());
    {
        emu::SessionRecorder recorder(path);
        simulator.addObserver(&recorder);
        simulator.run();
    }
    return simulator.checkInvariants();
}

std::string bytesOf(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every `stride`-th step's system state, from `first` on, read through a session of
// its own.
std::vector<emu::SystemState> statesOf(const std::string& path, std::uint64_t first,
                                       std::uint64_t stride) {
    std::string error;
    const std::unique_ptr<emu::Session> session = emu::Session::open(path, error);
    if (!session)
        return {};
    std::vector<emu::SystemState> states;
    for (std::uint64_t step = first; step <= session->lastStep(); step += stride)
        states.push_back(session->stateAt(step));
    return states;
}

} // namespace

class TestConcurrentUse : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    model::Machine m_camera;

    std::string path(const std::string& name) const {
        return m_dir.filePath(QString::fromStdString(name)).toStdString();
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_camera = test::cameraMachine();
    }

    void simulatorsOnSeparateThreadsRecordWhatEachRecordsAlone() {
        const emu::Scenario scenario = shipped("flaky-edge-link", emu::seconds(120));
        for (int i = 0; i < kThreads; ++i)
            QVERIFY(record(scenario, 100 + i, m_camera, path("alone-" + std::to_string(i) + ".db"))
                        .empty());

        // One machine object, read by every thread.
        std::vector<std::vector<std::string>> violations(kThreads);
        std::vector<std::thread> threads;
        for (int i = 0; i < kThreads; ++i)
            threads.emplace_back([&, i] {
                violations[i] = record(scenario, 100 + i, m_camera,
                                       path("together-" + std::to_string(i) + ".db"));
            });
        for (std::thread& thread : threads)
            thread.join();

        for (int i = 0; i < kThreads; ++i) {
            QVERIFY(violations[i].empty());
            const std::string alone = bytesOf(path("alone-" + std::to_string(i) + ".db"));
            QVERIFY(alone.size() > 4096);
            QVERIFY2(bytesOf(path("together-" + std::to_string(i) + ".db")) == alone,
                     ("seed " + std::to_string(100 + i) + " recorded differently on a thread").c_str());
        }
        // Different seeds really gave different runs (the comparison above is not vacuous).
        QVERIFY(bytesOf(path("alone-0.db")) != bytesOf(path("alone-1.db")));
    }

    void oneSessionReadFromManyThreadsGivesEveryStepAsReadAlone() {
        const std::string file = path("walkthrough.db");
        QVERIFY(record(shipped("camera-walkthrough", emu::seconds(60)), 1, m_camera, file).empty());
        const std::vector<emu::SystemState> alone = statesOf(file, 0, 1);
        QVERIFY(alone.size() > 20);

        // Thread i reads steps i, i + kThreads, ...: together they read every step, in
        // interleaved order, each through a session of its own (as the timeline, the
        // browser and the comparison do).
        std::vector<std::vector<emu::SystemState>> read(kThreads);
        std::vector<std::thread> threads;
        for (int i = 0; i < kThreads; ++i)
            threads.emplace_back([&, i] { read[i] = statesOf(file, i, kThreads); });
        for (std::thread& thread : threads)
            thread.join();

        std::size_t compared = 0;
        for (int i = 0; i < kThreads; ++i)
            for (std::size_t k = 0; k < read[i].size(); ++k, ++compared)
                QVERIFY2(read[i][k] == alone[i + k * kThreads],
                         ("step " + std::to_string(i + k * kThreads)).c_str());
        QCOMPARE(compared, alone.size());
    }

    void aComparisonRunsWhileAnotherRunRecords() {
        const std::string recorded = path("compared.db");
        QVERIFY(record(shipped("camera-walkthrough", emu::seconds(60)), 1, m_camera, recorded).empty());
        // The changed machine ignores Motion: it diverges at the first one.
        model::Machine changed = m_camera;
        bool ignored = false;
        for (model::Transition& transition : changed.transitions)
            if (transition.event == "Motion") {
                transition.targets = {transition.source};
                ignored = true;
            }
        QVERIFY(ignored);

        std::string error;
        const auto sameAlone = emu::Session::open(recorded, error)->firstDivergence(m_camera, error);
        const auto changedAlone = emu::Session::open(recorded, error)->firstDivergence(changed, error);
        QVERIFY(!sameAlone);
        QVERIFY(changedAlone);

        std::vector<std::string> violations;
        std::thread recorder([&] {
            violations = record(shipped("flaky-edge-link", emu::seconds(120)), 100, m_camera,
                                path("recorded-meanwhile.db"));
        });
        bool same = true;
        for (int round = 0; round < 3; ++round) {
            std::string threadError;
            const auto session = emu::Session::open(recorded, threadError);
            QVERIFY2(session, threadError.c_str());
            same = same && !session->firstDivergence(m_camera, threadError);
            const auto divergence = session->firstDivergence(changed, threadError);
            QVERIFY(divergence);
            QCOMPARE(divergence->step, changedAlone->step);
            QCOMPARE(divergence->device, changedAlone->device);
        }
        recorder.join();
        QVERIFY(same);
        QVERIFY(violations.empty());
        QVERIFY(record(shipped("flaky-edge-link", emu::seconds(120)), 100, m_camera,
                       path("recorded-alone.db"))
                    .empty());
        QVERIFY(bytesOf(path("recorded-meanwhile.db")) == bytesOf(path("recorded-alone.db")));
    }
};

QTEST_GUILESS_MAIN(TestConcurrentUse)
#include "test_concurrent_use.moc"
