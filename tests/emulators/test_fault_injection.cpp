// Fault injection (issue 9): each fault a scenario can inject strikes a small run for
// real (each test checks that it did), and the end-of-run invariants still hold:
// versions count applied events, no event applied twice, every applied event's
// commands sent (or reported failed), no timer fired on a stale state. The last tests
// break the handler pattern on purpose and check that the checker says so.
#include <QtTest>

#include <algorithm>
#include <map>

#include "emulator_test_support.h"
#include "emulators/simulator.h"
#include "model/device_catalog.h"

using namespace swivel;
using emu::Simulator;

namespace {

model::Event motion(int bearing) {
    return {"Motion", {{"Bearing", std::int64_t{bearing}}}};
}

// Cameras that answer commands: each Motion runs the lecture's whole flow (Swivel,
// MoveDone, Focus, FocusDone, TakePhoto, NewIMG, the PhotoInterest call).
emu::Scenario answeringCameras(int count) {
    emu::Scenario scenario = test::quietCameras(count);
    scenario.devices[0].replies = true;
    return scenario;
}

Simulator simulatorFor(const emu::Scenario& scenario) {
    return Simulator(scenario, test::cameraMachine(), model::DeviceCatalog::builtin());
}

void everyCameraSends(Simulator& simulator, int devices, emu::VirtualTime at, int bearing = 90) {
    for (int d = 0; d < devices; ++d)
        simulator.scheduleDeviceEvent(at, d, motion(bearing));
}

bool mentions(const std::vector<std::string>& violations, const std::string& text) {
    return std::any_of(violations.begin(), violations.end(),
                       [&](const std::string& line) { return line.find(text) != std::string::npos; });
}

// Counts device events that the link lets arrive before one their device sent
// earlier (reordering), link copies aside.
struct OvertakeCounter : emu::SimulationObserver {
    std::map<int, emu::VirtualTime> latestArrival;
    int overtaken = 0;
    void begin(const model::CompiledMachine&, const std::vector<emu::DeviceInfo>&, const std::string&,
               std::uint64_t) override {}
    void messageSent(const emu::MessageSentRecord& r) override {
        if (r.kind != emu::MessageKind::DeviceEvent || r.duplicateOf != 0)
            return;
        emu::VirtualTime& latest = latestArrival[r.device];
        overtaken += r.expectedArrival < latest ? 1 : 0;
        latest = std::max(latest, r.expectedArrival);
    }
    void messageEnded(const emu::MessageEndedRecord&) override {}
    void invocationStarted(const emu::InvocationStartedRecord&) override {}
    void invocationPhase(const emu::InvocationPhaseRecord&) override {}
    void invocationEnded(const emu::InvocationEndedRecord&) override {}
    void stateWritten(const emu::StateWrittenRecord&) override {}
    void stepDone(std::uint64_t, emu::VirtualTime) override {}
    void end(std::uint64_t, emu::VirtualTime, const std::string&) override {}
};

} // namespace

class TestFaultInjection : public QObject {
    Q_OBJECT
private slots:
    void aLinkOutageHoldsTheMessagesUntilTheLinkReturns() {
        const int cameras = 5;
        emu::Scenario scenario = answeringCameras(cameras);
        scenario.devices[0].link.outages = {emu::TimeWindow{emu::seconds(2), emu::seconds(8), ""}};
        scenario.duration = emu::seconds(30);
        Simulator simulator = simulatorFor(scenario);
        everyCameraSends(simulator, cameras, emu::seconds(3));
        simulator.runUntil(emu::milliseconds(7900));
        QCOMPARE(simulator.summary().invocations, std::uint64_t(0));  // still waiting on the device
        for (const emu::DeviceStateSnapshot& device : simulator.systemState().devices)
            QCOMPARE(device.version, std::uint64_t(0));
        // The held Motions go when the link returns at 8 s: handled by 8.6 s (a cold
        // start), before any camera could answer its Swivel command (0.6 s at least).
        simulator.runUntil(emu::milliseconds(8600));
        for (const emu::DeviceStateSnapshot& device : simulator.systemState().devices)
            QCOMPARE(device.configuration, std::vector<std::string>{"Swivel"});
        simulator.run();

        const emu::SimulationSummary& s = simulator.summary();
        QCOMPARE(s.messagesLost, std::uint64_t(0));
        QVERIFY2(s.visitsOf("TakePhoto") >= std::uint64_t(cameras), "the flows went on after the outage");
        test::requireInvariants(simulator);
    }

    void aLinkOutageWithATimeToLiveLetsTheMessagesExpire() {
        const int cameras = 5;
        emu::Scenario scenario = answeringCameras(cameras);
        scenario.devices[0].link.outages = {emu::TimeWindow{emu::seconds(2), emu::seconds(8), ""}};
        scenario.devices[0].link.messageTtl = emu::seconds(1);
        scenario.duration = emu::seconds(20);
        Simulator simulator = simulatorFor(scenario);
        everyCameraSends(simulator, cameras, emu::seconds(3));
        simulator.run();

        const emu::SimulationSummary& s = simulator.summary();
        QCOMPARE(s.messagesLost, std::uint64_t(cameras));
        QCOMPARE(s.applied, std::uint64_t(0));
        test::requireInvariants(simulator);
    }

    void duplicatedAndReorderedDeliveriesApplyEachEventOnce() {
        const int cameras = 20;
        emu::Scenario scenario = answeringCameras(cameras);
        scenario.devices[0].link.duplication = 0.3;
        scenario.devices[0].link.reordering = 0.5;
        scenario.devices[0].link.reorderDelayMs = 400;
        scenario.duration = emu::seconds(40);
        Simulator simulator = simulatorFor(scenario);
        OvertakeCounter overtakes;
        simulator.addObserver(&overtakes);
        for (int burst = 0; burst < 4; ++burst)  // close together: later ones can overtake
            everyCameraSends(simulator, cameras, emu::seconds(1) + burst * emu::milliseconds(50), 10 * burst);
        everyCameraSends(simulator, cameras, emu::seconds(15));
        simulator.run();

        const emu::SimulationSummary& s = simulator.summary();
        QVERIFY2(s.messagesDuplicated > 0, "the link was told to duplicate");
        QVERIFY2(s.duplicatesSuppressed > 0, "a copy is recognised by its original's id");
        QVERIFY2(overtakes.overtaken > 0, "the link was told to reorder");
        test::requireInvariants(simulator);
    }

    void anInstanceDyingAfterItsPutLeavesTheCommandsToTheRedelivery() {
        const int cameras = 10;
        emu::Scenario scenario = answeringCameras(cameras);
        scenario.host.crashAfterPut = 0.3;
        scenario.duration = emu::seconds(60);
        Simulator simulator = simulatorFor(scenario);
        for (int round = 0; round < 3; ++round)
            everyCameraSends(simulator, cameras, emu::seconds(1 + 20 * round));
        simulator.run();

        const emu::SimulationSummary& s = simulator.summary();
        QVERIFY2(s.crashes > 0, "instances were told to die after their put");
        QVERIFY(s.redeliveries >= s.crashes);
        QVERIFY2(s.duplicatesSuppressed > 0, "a redelivery finds its event applied and re-sends");
        QVERIFY2(s.visitsOf("TakePhoto") > 0, "the flows went on: the re-sent commands arrived");
        test::requireInvariants(simulator);
    }

    void aCrashWhoseEventIsDeadLetteredIsReportedFailed() {
        // Every instance dies after its put and the hub never redelivers: the events
        // are applied, their commands never sent, and reported failed (dead-lettered).
        const int cameras = 10;
        emu::Scenario scenario = answeringCameras(cameras);
        scenario.host.crashAfterPut = 1.0;
        scenario.host.maxDeliveries = 1;
        scenario.duration = emu::seconds(20);
        Simulator simulator = simulatorFor(scenario);
        everyCameraSends(simulator, cameras, emu::seconds(1));
        simulator.run();

        const emu::SimulationSummary& s = simulator.summary();
        QCOMPARE(s.crashes, std::uint64_t(cameras));
        QCOMPARE(s.applied, std::uint64_t(cameras));
        QCOMPARE(s.deadLettered, std::uint64_t(cameras));
        QCOMPARE(s.commands, std::uint64_t(0));
        test::requireInvariants(simulator);
    }

    void anUnavailableStoreFailsTheInvocationsUntilItReturns() {
        const int cameras = 10;
        emu::Scenario scenario = answeringCameras(cameras);
        emu::StoreFault outage;
        outage.mode = emu::StoreFault::Mode::Unavailable;
        outage.window = emu::TimeWindow{emu::seconds(1), emu::seconds(6), ""};
        scenario.store.faults = {outage};
        scenario.duration = emu::seconds(40);
        Simulator simulator = simulatorFor(scenario);
        everyCameraSends(simulator, cameras, emu::seconds(2));
        simulator.runUntil(emu::milliseconds(5900));
        for (const emu::DeviceStateSnapshot& device : simulator.systemState().devices)
            QCOMPARE(device.version, std::uint64_t(0));
        simulator.run();

        const emu::SimulationSummary& s = simulator.summary();
        QVERIFY2(s.redeliveries >= std::uint64_t(cameras), "each failed read went back to the hub");
        QCOMPARE(s.deadLettered, std::uint64_t(0));
        QVERIFY2(s.visitsOf("Swivel") >= std::uint64_t(cameras), "applied once the store returned");
        test::requireInvariants(simulator);
    }

    void aServiceAnsweringTooLateTimesOut() {
        const int cameras = 10;
        emu::Scenario scenario = answeringCameras(cameras);
        emu::ServiceSettings slow;
        slow.service = "PhotoInterest";
        slow.latencyMinMs = 500;
        slow.latencyMaxMs = 800;
        slow.timeoutMs = 200;
        scenario.services = {slow};
        scenario.duration = emu::seconds(30);
        Simulator simulator = simulatorFor(scenario);
        everyCameraSends(simulator, cameras, emu::seconds(1));
        simulator.run();

        const emu::SimulationSummary& s = simulator.summary();
        QVERIFY2(s.serviceCalls > 0, "the flows reached the PhotoInterest call");
        QCOMPARE(s.serviceTimeouts, s.serviceCalls);
        for (const emu::DeviceStateSnapshot& device : simulator.systemState().devices)
            QCOMPARE(device.configuration, std::vector<std::string>{"Idle"});
        test::requireInvariants(simulator);
    }

    void aServiceThatIsDownTimesOutTooAndOneInTimeDoesNot() {
        auto run = [](bool down) {
            emu::Scenario scenario = answeringCameras(10);
            emu::ServiceSettings service;
            service.service = "PhotoInterest";
            service.timeoutMs = 1000;
            if (down)
                service.faults = {emu::TimeWindow{0, emu::seconds(30), ""}};
            scenario.services = {service};
            scenario.duration = emu::seconds(30);
            Simulator simulator = simulatorFor(scenario);
            everyCameraSends(simulator, 10, emu::seconds(1));
            simulator.run();
            test::requireInvariants(simulator);
            return simulator.summary();
        };
        const emu::SimulationSummary down = run(true), up = run(false);
        QVERIFY(down.serviceCalls > 0);
        QCOMPARE(down.serviceTimeouts, down.serviceCalls);
        QVERIFY(up.serviceCalls > 0);
        QCOMPARE(up.serviceTimeouts, std::uint64_t(0));
    }

    void aDeviceRebootingMidFlowLosesItsReplyAndTheCloudStaysConsistent() {
        // Motion at 1 s: the Swivel command reaches each camera at about 1.5 s, its
        // MoveDone would follow 0.6 to 1.2 s later; the cameras reboot at 1.8 s for
        // 5 s, so the replies die with them. The machine's 3 s Swivel timeout brings
        // each camera's record back to Idle; back up, each camera says it is On.
        const int cameras = 5;
        emu::Scenario scenario = answeringCameras(cameras);
        scenario.reboots = {emu::Reboot{emu::milliseconds(1800), "", emu::seconds(5)}};
        scenario.duration = emu::seconds(30);
        Simulator simulator = simulatorFor(scenario);
        everyCameraSends(simulator, cameras, emu::seconds(1));
        simulator.scheduleDeviceEvent(emu::seconds(3), 0, motion(45));  // dark: never sent
        simulator.run();

        const emu::SimulationSummary& s = simulator.summary();
        QCOMPARE(s.reboots, std::uint64_t(cameras));
        QCOMPARE(s.deviceEvents, std::uint64_t(2 * cameras));  // the Motions, the PowerMode announcements
        QCOMPARE(s.visitsOf("Focus"), std::uint64_t(0));
        for (const emu::DeviceStateSnapshot& device : simulator.systemState().devices) {
            QCOMPARE(device.configuration, std::vector<std::string>{"Idle"});
            QCOMPARE(device.version, std::uint64_t(3));  // Motion, the Swivel timeout, PowerMode
        }
        test::requireInvariants(simulator);
    }

    void theFaultSettingsReadFromAScenarioFile() {
        const std::string where = test::resourcePath("scenarios/faults.scenario.json");
        const char* text = R"({"format": 1, "machine": "../examples/camera-point-focus-shoot.swivel.json",
            "devices": [{"type": "canon-eos-rebel", "count": 2, "idPrefix": "cam-"}],
            "reboots": [{"at": "10s", "devices": "cam-0002", "downtime": "3s"}, {"at": "20s"}],
            "host": {"crashAfterPut": 0.25},
            "services": [{"service": "PhotoInterest", "timeoutMs": 1500}]})";
        std::vector<model::Diagnostic> diagnostics;
        const std::optional<emu::Scenario> scenario = emu::loadScenarioText(text, where, diagnostics);
        QVERIFY2(scenario, diagnostics.empty() ? "" : diagnostics.front().message.c_str());
        QCOMPARE(scenario->reboots.size(), std::size_t(2));
        QCOMPARE(scenario->reboots[0], (emu::Reboot{emu::seconds(10), "cam-0002", emu::seconds(3)}));
        QCOMPARE(scenario->reboots[1], (emu::Reboot{emu::seconds(20), "", emu::seconds(5)}));
        QCOMPARE(scenario->host.crashAfterPut, 0.25);
        QCOMPARE(scenario->services.at(0).timeoutMs, std::optional<double>(1500));

        for (const char* bad : {R"("host": {"crashAfterPut": 1.5})",
                                R"("services": [{"service": "PhotoInterest", "timeoutMs": 0}])",
                                R"("reboots": [{"devices": "cam-"}])"}) {
            const std::string file = std::string(R"({"format": 1, "machine": "../examples/camera-point-focus-shoot.swivel.json",
                "devices": [{"type": "canon-eos-rebel"}], )") + bad + "}";
            diagnostics.clear();
            QVERIFY2(!emu::loadScenarioText(file, where, diagnostics), bad);
            QVERIFY(!diagnostics.empty());
        }
    }

    // The checker is not a no-op: each rule broken on purpose is reported.

    void theCheckerCatchesAnEventAppliedTwice() {
        emu::Scenario scenario = test::quietCameras(5);
        scenario.devices[0].link.duplication = 1.0;
        Simulator simulator = simulatorFor(scenario);
        simulator.sabotageForTesting(Simulator::Sabotage::ApplyDuplicates);
        everyCameraSends(simulator, 5, emu::seconds(1));
        simulator.run();
        QVERIFY(mentions(simulator.checkInvariants(), "applied twice"));
    }

    void theCheckerCatchesATimerFiredOnAStaleState() {
        // The race of test_handler_pattern's aTimerDisarmedWhileItsInvocationRuns...:
        // the Swivel timeout's invocation reads after MoveDone disarmed it.
        emu::Scenario scenario = test::quietCameras(1);
        scenario.store.latencyMinMs = scenario.store.latencyMaxMs = 100;
        scenario.devices[0].link.latencyMs = 40;
        scenario.duration = emu::seconds(10);
        Simulator simulator = simulatorFor(scenario);
        simulator.sabotageForTesting(Simulator::Sabotage::FireStaleTimers);
        simulator.scheduleDeviceEvent(0, 0, motion(90));
        simulator.scheduleDeviceEvent(emu::milliseconds(3450), 0, {"MoveDone", {}});
        simulator.run();
        QVERIFY(mentions(simulator.checkInvariants(), "fired on a stale state"));
    }

    void theCheckerCatchesCommandsNeverSent() {
        Simulator simulator = simulatorFor(test::quietCameras(3));
        simulator.sabotageForTesting(Simulator::Sabotage::DropCommands);
        everyCameraSends(simulator, 3, emu::seconds(1));
        simulator.run();
        const std::vector<std::string> violations = simulator.checkInvariants();
        QCOMPARE(violations.size(), std::size_t(3));
        QVERIFY(mentions(violations, "never sent nor reported failed"));
    }

    void theCheckerCatchesAVersionThatDoesNotCountItsEvents() {
        Simulator simulator = simulatorFor(test::quietCameras(2));
        simulator.sabotageForTesting(Simulator::Sabotage::MiscountApplied);
        everyCameraSends(simulator, 2, emu::seconds(1));
        simulator.run();
        QVERIFY(mentions(simulator.checkInvariants(), "camera-0001: version 2 but 0 applied events"));
    }

    void theCheckerReportsWhatItFoundWhileItsBookkeepingSlidOn() {
        // Long enough (over 65,536 steps) for the ledger to settle during the run:
        // the events it drops on the way are checked as they go.
        emu::Scenario scenario = test::quietCameras(200);
        scenario.devices[0].rateScale = 20;
        scenario.duration = emu::seconds(180);
        Simulator simulator = simulatorFor(scenario);
        simulator.sabotageForTesting(Simulator::Sabotage::DropCommands);
        simulator.run();
        QVERIFY(simulator.step() > 65536);
        const std::vector<std::string> violations = simulator.checkInvariants();
        QVERIFY(mentions(violations, "more violations found during the run"));
        QVERIFY(mentions(violations, "never sent nor reported failed"));
    }
};

QTEST_APPLESS_MAIN(TestFaultInjection)
#include "test_fault_injection.moc"
