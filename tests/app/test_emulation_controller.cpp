// The studio's emulation runs on a thread of its own and is driven like a player:
// start a scenario (paused at step 0), play it to the end, step one event, run to a
// time, stop at a breakpoint, reset; frames arrive at most about 30 times a second
// while it plays, and every run is recorded into a session file that opens as a
// complete session afterwards.
#include <QtTest>

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QStandardPaths>

#include "emulation/emulation_controller.h"
#include "emulators/scenario.h"
#include "emulators/session.h"
#include "model/machine_file.h"

using namespace swivel;
using swivel::emulation::Breakpoint;
using swivel::emulation::EmulationController;
using swivel::emulation::FramePtr;

namespace {

const std::string kResources = SWIVEL_SOURCE_RESOURCES;

emu::Scenario walkthrough() {
    std::vector<model::Diagnostic> diagnostics;
    auto scenario =
        emu::loadScenarioFile(kResources + "/scenarios/camera-walkthrough.scenario.json", diagnostics);
    if (!scenario)
        qFatal("cannot load the walk-through scenario");
    return *scenario;
}

model::Machine camera() {
    return *model::loadMachineFile(kResources + "/examples/camera-point-focus-shoot.swivel.json").machine;
}

// Waits for a frame that satisfies `condition`; the latest frame otherwise.
FramePtr waitFor(EmulationController& controller, const std::function<bool(const FramePtr&)>& condition,
                 int timeoutMs = 20000) {
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        if (controller.frame() && condition(controller.frame()))
            return controller.frame();
        QTest::qWait(5);
    }
    return controller.frame();
}

std::string configurationOf(const FramePtr& frame, std::size_t device = 0) {
    std::string text;
    for (const std::string& state : frame->state.devices.at(device).configuration)
        text += (text.empty() ? "" : ",") + state;
    return text;
}

} // namespace

class TestEmulationController : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void aStartedRunWaitsAtStepZeroWithEveryDeviceInItsInitialState() {
        EmulationController controller;
        controller.start(walkthrough(), camera());
        const FramePtr frame = waitFor(controller, [](const FramePtr& f) { return !f->state.devices.empty(); });
        QVERIFY(frame);
        QCOMPARE(frame->step, std::uint64_t{0});
        QVERIFY(!frame->running);
        QCOMPARE(configurationOf(frame), std::string("Idle"));
        QCOMPARE(frame->state.devices.at(0).version, std::uint64_t{0});
        QCOMPARE(controller.selectedDevice(), 0);
    }

    void playingAsFastAsPossibleRunsToTheEndAndRecordsTheSession() {
        EmulationController controller;
        controller.setSpeed(0);
        controller.start(walkthrough(), camera());
        QVERIFY(waitFor(controller, [](const FramePtr& f) { return !f->state.devices.empty(); }));
        controller.play();
        const FramePtr end = waitFor(controller, [](const FramePtr& f) { return f->finished && !f->running; });
        QVERIFY(end->finished);
        QCOMPARE(end->summary.applied, std::uint64_t{16});
        QCOMPARE(end->state.devices.at(0).version, std::uint64_t{16});
        QVERIFY(!end->sessionPath.isEmpty());
        // The recording is complete once the run is over.
        std::string error;
        const auto session = emu::Session::open(end->sessionPath.toStdString(), error);
        QVERIFY2(session, error.c_str());
        QCOMPARE(session->lastStep(), end->step);
    }

    // Opening a session file reads it on a thread of its own; the last step shows when
    // it is read, and a file that is no session says so, naming the file. Following
    // the frames carry the followed device's history and the fleet's invocations.
    void aSessionOpensInTheBackgroundWithTheFollowedDevicesHistory() {
        QString path;
        {
            EmulationController run;
            run.setSpeed(0);
            run.start(walkthrough(), camera());
            QVERIFY(waitFor(run, [](const FramePtr& f) { return !f->state.devices.empty(); }));
            run.play();
            path = waitFor(run, [](const FramePtr& f) { return f->finished && !f->running; })->sessionPath;
        }
        EmulationController controller;
        QSignalSpy loading(&controller, &EmulationController::loadingChanged);
        controller.openSessionInBackground(path);
        QVERIFY(controller.loadingReplay());
        const FramePtr last = waitFor(controller, [](const FramePtr& f) { return f->replay; });
        QVERIFY(last && last->replay);
        QCOMPARE(last->step, last->lastStep);
        QVERIFY(!controller.loadingReplay());
        QCOMPARE(loading.count(), 2);
        QVERIFY(last->history && !last->history->messages.empty());
        QCOMPARE(last->history->device, 0);
        QCOMPARE(last->history->versions.back().version, last->state.devices.at(0).version);
        QVERIFY(last->instances && !last->instances->invocations.empty());

        QTemporaryDir directory;
        const QString garbage = directory.filePath("garbage.db");
        QFile file(garbage);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        QSignalSpy failed(&controller, &EmulationController::failed);
        controller.openSessionInBackground(garbage);
        QVERIFY(failed.wait(10000));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(garbage) && message.contains("not a database"), qPrintable(message));
    }

    void steppingTakesOneEventAtATime() {
        EmulationController controller;
        controller.start(walkthrough(), camera());
        QVERIFY(waitFor(controller, [](const FramePtr& f) { return !f->state.devices.empty(); }));
        for (std::uint64_t expected = 1; expected <= 5; ++expected) {
            controller.stepOnce();
            const FramePtr frame =
                waitFor(controller, [expected](const FramePtr& f) { return f->step == expected; });
            QCOMPARE(frame->step, expected);
            QVERIFY(!frame->running);
        }
    }

    void aBreakpointOnEnteringFocusStopsTheRunThere() {
        EmulationController controller;
        controller.setSpeed(0);
        controller.setBreakpoints({Breakpoint{Breakpoint::Kind::EnterState, "Focus", ""}});
        controller.start(walkthrough(), camera());
        QVERIFY(waitFor(controller, [](const FramePtr& f) { return !f->state.devices.empty(); }));
        controller.play();
        const FramePtr stopped =
            waitFor(controller, [](const FramePtr& f) { return !f->running && !f->stopReason.isEmpty(); });
        QVERIFY2(stopped->stopReason.startsWith("entering Focus on camera"), qPrintable(stopped->stopReason));
        QCOMPARE(configurationOf(stopped), std::string("Focus"));
        QVERIFY(!stopped->finished);
        QCOMPARE(stopped->lastTransitions.at(0), std::vector<std::string>{"pointed"});
        // Playing on stops at the next entry into Focus, not at the same one again.
        const std::uint64_t first = stopped->step;
        controller.play();
        const FramePtr again = waitFor(controller, [first](const FramePtr& f) {
            return !f->running && f->step > first && !f->stopReason.isEmpty();
        });
        QVERIFY(again->step > first);
        QVERIFY2(again->stopReason.startsWith("entering Focus") || again->finished,
                 qPrintable(again->stopReason));
    }

    void runningToATimeStopsThereAndResetStartsOver() {
        EmulationController controller;
        controller.start(walkthrough(), camera());
        QVERIFY(waitFor(controller, [](const FramePtr& f) { return !f->state.devices.empty(); }));
        controller.runUntil(emu::seconds(3));
        const FramePtr at = waitFor(controller, [](const FramePtr& f) { return !f->running && f->step > 0; });
        QCOMPARE(at->time, emu::seconds(3));
        QVERIFY(at->state.devices.at(0).version > 0);
        const QString firstSession = at->sessionPath;
        controller.reset();
        const FramePtr fresh = waitFor(controller, [](const FramePtr& f) { return f->step == 0; });
        QCOMPARE(fresh->state.devices.at(0).version, std::uint64_t{0});
        QVERIFY(fresh->sessionPath != firstSession);
    }

    // The charts' samples make the lecture's convoy plain: while the store is down
    // (60-90 s) and then slow (90-100 s), busy instances pile up far above what the
    // fleet needs before, and the backlog drains afterwards.
    void theSamplesOfTheConvoyScenarioShowTheConvoy() {
        std::vector<model::Diagnostic> diagnostics;
        const auto scenario = emu::loadScenarioFile(
            kResources + "/scenarios/store-outage-convoy.scenario.json", diagnostics);
        QVERIFY(scenario);
        EmulationController controller;
        controller.setSpeed(0);
        controller.start(*scenario, camera());
        QVERIFY(waitFor(controller, [](const FramePtr& f) { return !f->state.devices.empty(); }));
        controller.play();
        const FramePtr end =
            waitFor(controller, [](const FramePtr& f) { return f->finished && !f->running; }, 120000);
        QVERIFY(end->finished);
        QVERIFY(end->samples && end->samples->size() > 100);
        auto busiest = [&](double from, double to) {
            int most = 0;
            for (const emulation::RunSample& s : *end->samples) {
                const double t = static_cast<double>(s.time) / 1e6;
                if (t >= from && t < to)
                    most = std::max(most, s.busyInstances);
            }
            return most;
        };
        const int before = busiest(20, 60);
        const int during = busiest(60, 100);
        const int after = busiest(180, 240);
        qInfo("busy instances at most: %d before the outage, %d during it, %d long after", before,
              during, after);
        QVERIFY(during >= 5 * std::max(before, 1));
        QVERIFY(after < during / 2);
        QCOMPARE(end->samples->back().time, end->time);
    }

    void pacedPlayFollowsTheWallClockAtTheChosenSpeed() {
        EmulationController controller;
        controller.setSpeed(10);  // ten virtual seconds per second
        controller.start(walkthrough(), camera());
        QVERIFY(waitFor(controller, [](const FramePtr& f) { return !f->state.devices.empty(); }));
        QSignalSpy frames(&controller, &EmulationController::frameChanged);
        QElapsedTimer wall;
        wall.start();
        controller.play();
        QTest::qWait(500);
        controller.pause();
        const FramePtr paused = waitFor(controller, [](const FramePtr& f) { return !f->running; });
        const double virtualSeconds = static_cast<double>(paused->time) / 1e6;
        const double wallSeconds = static_cast<double>(wall.elapsed()) / 1000.0;
        // About 10x the wall time (generous: the machine is shared)...
        QVERIFY2(virtualSeconds > 2.0 && virtualSeconds <= 10.0 * wallSeconds + 0.5,
                 qPrintable(QString("virtual %1 s in %2 s").arg(virtualSeconds).arg(wallSeconds)));
        // ...and not many more than 30 frames a second.
        QVERIFY2(frames.count() <= 40, qPrintable(QString::number(frames.count())));
    }
};

QTEST_GUILESS_MAIN(TestEmulationController)
#include "test_emulation_controller.moc"
