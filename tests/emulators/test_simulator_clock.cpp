// How a run is driven: one event at a time, up to a virtual time, paced against the
// wall clock at a chosen speed, or to the end; the clock never runs backwards and the
// run ends at the scenario's duration.
#include <QtTest>

#include "emulator_test_support.h"
#include "emulators/simulator.h"
#include "model/device_catalog.h"

using namespace swivel;
using emu::Simulator;

namespace {

// Ten cameras with their catalog behaviour (random motion, answers to commands).
emu::Scenario busyCameras() {
    emu::Scenario scenario = test::quietCameras(10);
    scenario.devices[0].rateScale = 10;
    scenario.devices[0].replies = true;
    scenario.duration = emu::seconds(30);
    return scenario;
}

} // namespace

class TestSimulatorClock : public QObject {
    Q_OBJECT
private slots:
    void stepOnceTakesExactlyOneEventAndTimeNeverGoesBack() {
        Simulator simulator(busyCameras(), test::cameraMachine(), model::DeviceCatalog::builtin());
        emu::VirtualTime last = 0;
        for (std::uint64_t i = 1; i <= 500; ++i) {
            QVERIFY(simulator.stepOnce());
            QCOMPARE(simulator.step(), i);
            QVERIFY(simulator.now() >= last);
            last = simulator.now();
        }
        test::requireInvariants(simulator);
    }

    void runUntilStopsAtThatTimeAndResumesFromThere() {
        Simulator stepped(busyCameras(), test::cameraMachine(), model::DeviceCatalog::builtin());
        stepped.runUntil(emu::seconds(10));
        QCOMPARE(stepped.now(), emu::seconds(10));
        QVERIFY(!stepped.finished());
        stepped.runUntil(emu::seconds(20));
        stepped.run();

        // Stopping on the way changes nothing in what happens.
        Simulator straight(busyCameras(), test::cameraMachine(), model::DeviceCatalog::builtin());
        straight.run();
        QCOMPARE(stepped.summary().toJson().dump(), straight.summary().toJson().dump());
        QCOMPARE(stepped.step(), straight.step());
        test::requireInvariants(stepped);
        test::requireInvariants(straight);
    }

    void wallClockPacingMovesVirtualTimeBySecondsTimesSpeed() {
        Simulator simulator(busyCameras(), test::cameraMachine(), model::DeviceCatalog::builtin());
        simulator.advanceWallClock(0.5, 1.0);
        QCOMPARE(simulator.now(), emu::milliseconds(500));
        simulator.advanceWallClock(0.1, 50.0);  // 50x: 0.1 s of wall time is 5 s
        QCOMPARE(simulator.now(), emu::milliseconds(5500));
        test::requireInvariants(simulator);
    }

    void theRunEndsAtTheScenariosDuration() {
        Simulator simulator(busyCameras(), test::cameraMachine(), model::DeviceCatalog::builtin());
        std::vector<double> progress;
        simulator.run([&progress](double fraction) { progress.push_back(fraction); });
        QVERIFY(simulator.finished());
        QCOMPARE(simulator.now(), emu::seconds(30));
        QVERIFY(!simulator.stepOnce());
        QCOMPARE(progress.front(), 0.0);
        QCOMPARE(progress.back(), 1.0);
        QVERIFY(std::is_sorted(progress.begin(), progress.end()));
        QVERIFY(simulator.summary().deviceEvents > 0);
        test::requireInvariants(simulator);
    }

    void anInjectedEventTravelsLikeAnyOther() {
        emu::Scenario scenario = test::quietCameras(2);
        scenario.duration = emu::seconds(2);
        Simulator simulator(scenario, test::cameraMachine(), model::DeviceCatalog::builtin());
        simulator.runUntil(emu::milliseconds(200));
        simulator.injectEvent(1, {"Motion", {{"Bearing", std::int64_t{45}}}});
        simulator.run();
        const emu::SystemState state = simulator.systemState();
        QCOMPARE(state.devices[0].configuration, std::vector<std::string>{"Idle"});
        QCOMPARE(state.devices[1].configuration, std::vector<std::string>{"Swivel"});
        QCOMPARE(simulator.summary().commands, std::uint64_t(1));
        test::requireInvariants(simulator);
    }
};

QTEST_APPLESS_MAIN(TestSimulatorClock)
#include "test_simulator_clock.moc"
