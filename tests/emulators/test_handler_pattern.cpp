// The stateless handler pattern (DESIGN.md): every delivery reads (state, version),
// steps, puts only if the version is unchanged, retries on conflict with backoff, and
// only then sends the commands. Concurrent deliveries for one device really conflict;
// no update is lost and no event is applied twice, whatever the link does.
#include <QtTest>

#include "emulator_test_support.h"
#include "emulators/simulator.h"
#include "model/device_catalog.h"

using namespace swivel;
using emu::Simulator;

namespace {

model::Event motion(int bearing) {
    return {"Motion", {{"Bearing", std::int64_t{bearing}}}};
}

// Eight events per device sent at the same instant: their deliveries overlap.
void scheduleBursts(Simulator& simulator, int devices, int perDevice) {
    for (int d = 0; d < devices; ++d) {
        for (int e = 0; e < perDevice; ++e)
            simulator.scheduleDeviceEvent(emu::milliseconds(100) + emu::seconds(d % 5), d, motion(10 * e));
    }
}

// The first Motion takes a camera to Swivel, the other seven find no transition (still
// applied: the record notes them); Swivel's 3 s timeout brings it back to Idle.
constexpr std::uint64_t kSwivelTimeout = 1;

void verifyEveryVersionCountsItsEvents(const Simulator& simulator, std::uint64_t expected) {
    for (const emu::DeviceStateSnapshot& device : simulator.systemState().devices)
        QCOMPARE(device.version, expected);
}

} // namespace

class TestHandlerPattern : public QObject {
    Q_OBJECT
private slots:
    void concurrentDeliveriesConflictRetryAndLoseNothing() {
        const int devices = 20, perDevice = 8;
        Simulator simulator(test::quietCameras(devices), test::cameraMachine(),
                            model::DeviceCatalog::builtin());
        scheduleBursts(simulator, devices, perDevice);
        simulator.run();

        const emu::SimulationSummary& s = simulator.summary();
        QVERIFY2(s.conflicts > 0, "eight simultaneous deliveries per device must race");
        QVERIFY(s.retries > 0);
        QVERIFY(s.peakInstances >= perDevice);
        QCOMPARE(s.deviceEvents, std::uint64_t(devices * perDevice));
        QCOMPARE(s.applied, std::uint64_t(devices * (perDevice + kSwivelTimeout)));
        QCOMPARE(s.duplicatesSuppressed, std::uint64_t(0));
        verifyEveryVersionCountsItsEvents(simulator, perDevice + kSwivelTimeout);
        test::requireInvariants(simulator);
    }

    void duplicatedAndReorderedDeliveriesAreAppliedOnce() {
        const int devices = 20, perDevice = 8;
        emu::Scenario scenario = test::quietCameras(devices);
        scenario.devices[0].link.duplication = 0.3;
        scenario.devices[0].link.reordering = 0.3;
        scenario.devices[0].link.reorderDelayMs = 50;
        Simulator simulator(scenario, test::cameraMachine(), model::DeviceCatalog::builtin());
        scheduleBursts(simulator, devices, perDevice);
        simulator.run();

        const emu::SimulationSummary& s = simulator.summary();
        QVERIFY2(s.messagesDuplicated > 0, "the link was told to duplicate");
        QVERIFY2(s.duplicatesSuppressed > 0, "a copy reaching the store late is recognised");
        QCOMPARE(s.applied, std::uint64_t(devices * (perDevice + kSwivelTimeout)));
        verifyEveryVersionCountsItsEvents(simulator, perDevice + kSwivelTimeout);
        test::requireInvariants(simulator);
    }

    void anInstanceKilledAfterItsPutLeavesTheRedeliveryToResendTheCommands() {
        // Slow store, short function timeout: the put lands after the instance was
        // killed. The redelivery finds the event applied and sends its commands.
        emu::Scenario scenario = test::quietCameras(1);
        scenario.store.latencyMinMs = 50;
        scenario.store.latencyMaxMs = 55;
        scenario.host.runTimeMs = 2;
        scenario.host.timeoutMs = 100;
        Simulator simulator(scenario, test::cameraMachine(), model::DeviceCatalog::builtin());
        simulator.scheduleDeviceEvent(emu::milliseconds(100), 0, motion(90));
        simulator.run();

        const emu::SimulationSummary& s = simulator.summary();
        QVERIFY(s.timeouts >= 1);
        QCOMPARE(s.applied, std::uint64_t(1 + kSwivelTimeout));
        QVERIFY(s.duplicatesSuppressed >= 1);
        QVERIFY2(s.commandsDelivered >= 1, "the Swivel command reaches the camera after all");
        const emu::SystemState state = simulator.systemState();
        QCOMPARE(state.devices[0].version, std::uint64_t(1 + kSwivelTimeout));
        test::requireInvariants(simulator);
    }

    void commandsLeaveOnlyAfterTheSuccessfulPut() {
        // Records in order: the Swivel command's send comes after the state write.
        struct Order : emu::SimulationObserver {
            std::vector<std::string> log;
            void begin(const model::CompiledMachine&, const std::vector<emu::DeviceInfo>&, const std::string&,
                       std::uint64_t) override {}
            void messageSent(const emu::MessageSentRecord& r) override {
                if (r.kind == emu::MessageKind::Command)
                    log.push_back("command " + r.event->name);
            }
            void messageEnded(const emu::MessageEndedRecord&) override {}
            void invocationStarted(const emu::InvocationStartedRecord&) override {}
            void invocationPhase(const emu::InvocationPhaseRecord& r) override {
                log.push_back(std::string("phase ") + emu::toString(r.phase));
            }
            void invocationEnded(const emu::InvocationEndedRecord& r) override {
                log.push_back(std::string("ended ") + emu::toString(r.outcome));
            }
            void stateWritten(const emu::StateWrittenRecord& r) override {
                if (r.version > 0)
                    log.push_back("version " + std::to_string(r.version));
            }
            void stepDone(std::uint64_t, emu::VirtualTime) override {}
            void end(std::uint64_t, emu::VirtualTime, const std::string&) override {}
        } order;
        emu::Scenario scenario = test::quietCameras(1);
        scenario.duration = emu::seconds(1);
        Simulator simulator(scenario, test::cameraMachine(), model::DeviceCatalog::builtin());
        simulator.addObserver(&order);
        simulator.scheduleDeviceEvent(emu::milliseconds(100), 0, motion(90));
        simulator.run();
        const std::vector<std::string> expected{"phase coldStart", "phase read",    "phase compute",
                                                "phase put",       "version 1",     "phase send",
                                                "command Swivel",  "ended applied"};
        QCOMPARE(order.log, expected);
        test::requireInvariants(simulator);
    }

    void aTimerLivesInTheRecordAndADisarmedOneIsCancelled() {
        // Motion arms Swivel's 3 s timeout; MoveDone at 1 s leaves Swivel (its put
        // disarms that timer, and the handler cancels it) and arms Focus's 2 s
        // timeout, which brings the camera to Idle at 3 s.
        emu::Scenario scenario = test::quietCameras(1);
        scenario.duration = emu::seconds(10);
        Simulator simulator(scenario, test::cameraMachine(), model::DeviceCatalog::builtin());
        simulator.scheduleDeviceEvent(0, 0, motion(90));
        simulator.scheduleDeviceEvent(emu::seconds(1), 0, {"MoveDone", {}});
        simulator.runUntil(emu::milliseconds(2500));
        QCOMPARE(simulator.systemState().devices[0].configuration, std::vector<std::string>{"Focus"});
        simulator.run();
        const emu::SystemState state = simulator.systemState();
        QCOMPARE(state.devices[0].configuration, std::vector<std::string>{"Idle"});
        QCOMPARE(simulator.summary().timersCancelled, std::uint64_t(1));
        QCOMPARE(simulator.summary().staleTimers, std::uint64_t(0));
        QCOMPARE(simulator.summary().invocations, std::uint64_t(3));  // no run for the cancelled one
        QCOMPARE(state.devices[0].version, std::uint64_t(3));  // Motion, MoveDone, focus timeout
        test::requireInvariants(simulator);
    }

    void aTimerDisarmedWhileItsInvocationRunsChangesNothing() {
        // Fixed latencies make the race exact: the Swivel timeout reaches the hub at
        // 3.647 s and its invocation starts; MoveDone's put lands at 3.697 s, before that
        // invocation reads (3.752 s at the earliest): the token is gone, stale, no put.
        emu::Scenario scenario = test::quietCameras(1);
        scenario.store.latencyMinMs = scenario.store.latencyMaxMs = 100;
        scenario.devices[0].link.latencyMs = 40;
        scenario.duration = emu::seconds(10);
        Simulator simulator(scenario, test::cameraMachine(), model::DeviceCatalog::builtin());
        simulator.scheduleDeviceEvent(0, 0, motion(90));
        simulator.scheduleDeviceEvent(emu::milliseconds(3450), 0, {"MoveDone", {}});
        simulator.run();
        QCOMPARE(simulator.summary().staleTimers, std::uint64_t(1));
        // Focus's own timeout then takes the camera to Idle: Motion, MoveDone, timeout.
        const emu::SystemState state = simulator.systemState();
        QCOMPARE(state.devices[0].configuration, std::vector<std::string>{"Idle"});
        QCOMPARE(state.devices[0].version, std::uint64_t(3));
        test::requireInvariants(simulator);
    }

    void sameSeedSameRunDifferentSeedDifferentRun() {
        auto run = [](std::uint64_t seed) {
            emu::Scenario scenario = test::quietCameras(50);
            scenario.devices[0].rateScale = 5;
            scenario.devices[0].replies = true;
            scenario.devices[0].link.jitterMs = 15;
            scenario.seed = seed;
            scenario.duration = emu::seconds(30);
            Simulator simulator(scenario, test::cameraMachine(), model::DeviceCatalog::builtin());
            simulator.run();
            return std::make_pair(simulator.summary().toJson().dump(), simulator.checkInvariants());
        };
        const auto first = run(3);
        QCOMPARE(first, run(3));
        QVERIFY(first.first != run(4).first);
        QCOMPARE(first.second, std::vector<std::string>{});
    }
};

QTEST_APPLESS_MAIN(TestHandlerPattern)
#include "test_handler_pattern.moc"
