// Recorded sessions: what the recorder writes, Session reads back exactly. A hand-built
// stream of records that mirrors a real run of the camera machine (two cameras: an
// applied event, two racing deliveries of one event, a lost message, messages and an
// invocation still open at the end) is recorded while the test keeps the live system
// state itself; the replayed state must equal it at every step, in both directions.
// Then the divergence check, byte-identical files, and files that are no sessions.
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "emulator_test_support.h"
#include "emulators/compact_json.h"
#include "emulators/open_by_id.h"
#include "emulators/scenario.h"
#include "emulators/session.h"
#include "emulators/simulator.h"
#include "model/device_catalog.h"
#include "model/machine_file.h"
#include "model/semantics.h"
#include "model/state_record.h"

using namespace swivel;
using namespace swivel::emu;

namespace {

const std::string kCameraFile =
    SWIVEL_SOURCE_RESOURCES "/examples/camera-point-focus-shoot.swivel.json";

model::Machine cameraMachine() {
    model::LoadResult loaded = model::loadMachineFile(kCameraFile);
    if (!loaded.machine)
        qFatal("cannot load %s", kCameraFile.c_str());
    return *loaded.machine;
}

model::Transition& transition(model::Machine& machine, std::string_view id) {
    for (model::Transition& candidate : machine.transitions) {
        if (candidate.id == id)
            return candidate;
    }
    qFatal("no transition %s", std::string(id).c_str());
}

model::Event event(std::string name, std::vector<model::EventTag> tags = {}) {
    return model::Event{std::move(name), std::move(tags)};
}

std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

// Runs SQL on a session file (to damage it on purpose).
void executeOn(const std::string& path, const char* sql) {
    sqlite3* database = nullptr;
    QCOMPARE(sqlite3_open(path.c_str(), &database), SQLITE_OK);
    QCOMPARE(sqlite3_exec(database, sql, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(database);
}

// Both states in full, for a failure message (built only on failure: it is slow).
std::string difference(std::uint64_t step, const SystemState& replayed, const SystemState& live) {
    return "step " + std::to_string(step) + ": replayed " + toJson(replayed).dump(2) + "\nlive "
           + toJson(live).dump(2);
}

// Plays a run into an observer record by record, as the simulator would, and keeps
// the system state the simulator would report live after each step.
class ScriptedRun {
public:
    ScriptedRun(SimulationObserver& observer, std::shared_ptr<const model::CompiledMachine> machine,
                std::vector<DeviceInfo> devices)
        : m_observer(observer), m_machine(std::move(machine)), m_devices(std::move(devices)) {}

    void begin(std::uint64_t seed) {
        m_observer.begin(*m_machine, m_devices, R"({"name":"scripted camera run"})", seed);
        const model::StepResult started = model::start(*m_machine);
        m_configurations.assign(m_devices.size(), started.configuration);
        m_versions.assign(m_devices.size(), 0);
        for (int device = 0; device < static_cast<int>(m_devices.size()); ++device) {
            StateWrittenRecord record;
            record.device = device;
            record.configuration = &started.configuration;
            record.transitions = &started.transitions;
            record.actions = &started.actions;
            m_observer.stateWritten(record);
        }
        stepDone();
    }

    // The next step, at virtual time `time`.
    void nextStep(VirtualTime time) {
        ++m_step;
        m_time = time;
    }

    MessageId send(MessageKind kind, int device, const model::Event& message, MessageId causedBy = 0,
                   MessageId duplicateOf = 0) {
        MessageSentRecord record;
        record.step = m_step;
        record.time = m_time;
        record.id = ++m_lastMessage;
        record.kind = kind;
        record.device = device;
        record.event = &message;
        record.bytes = 64;
        record.causedBy = causedBy;
        record.duplicateOf = duplicateOf;
        record.expectedArrival = m_time + milliseconds(30);
        m_observer.messageSent(record);
        MessageSnapshot snapshot{record.id, kind, m_devices[static_cast<std::size_t>(device)].id,
                                 message.name, nlohmann::json::object(), m_time};
        for (const model::EventTag& tag : message.tags)
            snapshot.payload[tag.name] = model::toJson(tag.value);
        m_inFlight[record.id] = snapshot;
        m_events[record.id] = message;
        m_messageDevices[record.id] = device;
        return record.id;
    }

    void endMessage(MessageId id, MessageFate fate) {
        m_observer.messageEnded({m_step, m_time, id, fate});
        m_inFlight.erase(id);
    }

    InvocationId startInvocation(int instance, MessageId message, bool coldStart, int delivery = 1) {
        InvocationStartedRecord record;
        record.step = m_step;
        record.time = m_time;
        record.id = ++m_lastInvocation;
        record.instance = instance;
        record.device = deviceOf(message);
        record.message = message;
        record.delivery = delivery;
        record.coldStart = coldStart;
        m_observer.invocationStarted(record);
        m_running[record.id] = InstanceSnapshot{
            record.id, instance, m_devices[static_cast<std::size_t>(record.device)].id, message,
            m_time, coldStart ? InvocationPhase::ColdStart : InvocationPhase::Read, 1};
        m_invocationMessages[record.id] = message;
        if (coldStart)
            phase(record.id, InvocationPhase::ColdStart);
        return record.id;
    }

    void phase(InvocationId id, InvocationPhase phase, int attempt = 1, std::uint64_t version = 0) {
        m_observer.invocationPhase({m_step, m_time, id, phase, attempt, version});
        m_running[id].phase = phase;
        m_running[id].attempt = attempt;
    }

    // The put succeeded: the device's machine takes the event for real.
    void applied(InvocationId id) {
        const MessageId message = m_invocationMessages.at(id);
        const int device = deviceOf(message);
        auto& configuration = m_configurations[static_cast<std::size_t>(device)];
        const model::StepResult result = model::step(*m_machine, configuration, m_events.at(message));
        configuration = result.configuration;
        StateWrittenRecord record;
        record.step = m_step;
        record.time = m_time;
        record.device = device;
        record.version = ++m_versions[static_cast<std::size_t>(device)];
        record.configuration = &result.configuration;
        record.invocation = id;
        record.message = message;
        record.event = &m_events.at(message);
        record.transitions = &result.transitions;
        record.actions = &result.actions;
        m_observer.stateWritten(record);
    }

    void endInvocation(InvocationId id, InvocationOutcome outcome, int attempts = 1, int conflicts = 0) {
        m_observer.invocationEnded({m_step, m_time, id, outcome, attempts, conflicts});
        m_running.erase(id);
    }

    void stepDone() {
        m_observer.stepDone(m_step, m_time);
        m_states.push_back(liveState());
    }

    void end() {
        m_observer.end(m_step, m_time, R"({"steps":)" + std::to_string(m_step) + "}");
    }

    int deviceOf(MessageId message) const { return m_messageDevices.at(message); }

    // The state after each step, as the simulator would report it live.
    const std::vector<SystemState>& states() const { return m_states; }

private:
    SystemState liveState() const {
        SystemState state;
        state.step = m_step;
        state.time = m_time;
        for (std::size_t i = 0; i < m_devices.size(); ++i)
            state.devices.push_back(
                {m_devices[i].id, m_versions[i], model::activeAtomicStates(*m_machine, m_configurations[i]),
                 model::configurationToJson(*m_machine, m_configurations[i])});
        for (const auto& [id, message] : m_inFlight)
            state.inFlight.push_back(message);
        for (const auto& [id, instance] : m_running)
            state.running.push_back(instance);
        return state;
    }

    SimulationObserver& m_observer;
    std::shared_ptr<const model::CompiledMachine> m_machine;
    std::vector<DeviceInfo> m_devices;
    std::uint64_t m_step = 0;
    VirtualTime m_time = 0;
    MessageId m_lastMessage = 0;
    InvocationId m_lastInvocation = 0;
    std::vector<model::Configuration> m_configurations;
    std::vector<std::uint64_t> m_versions;
    std::map<MessageId, MessageSnapshot> m_inFlight;
    std::map<MessageId, model::Event> m_events;
    std::map<MessageId, int> m_messageDevices;
    std::map<InvocationId, InstanceSnapshot> m_running;
    std::map<InvocationId, MessageId> m_invocationMessages;
    std::vector<SystemState> m_states;
};

const std::vector<DeviceInfo> kCameras{{"camera-0001", "canon-eos-rebel"},
                                       {"camera-0002", "canon-eos-rebel"}};

// The scripted camera run; returns the live state after each step.
std::vector<SystemState> playCameraRun(SimulationObserver& observer, std::uint64_t seed = 7) {
    ScriptedRun run(observer, model::CompiledMachine::compile(cameraMachine()), kCameras);
    const auto sendFrom = [&](int device, const model::Event& message, MessageKind kind,
                              MessageId causedBy = 0, MessageId duplicateOf = 0) {
        return run.send(kind, device, message, causedBy, duplicateOf);
    };
    const model::Event motion = event("Motion", {{"Bearing", std::int64_t{90}}});
    const model::Event swivel = event("Swivel", {{"Bearing", std::int64_t{90}}});
    const model::Event moveDone = event("MoveDone");
    const model::Event focus = event("Focus");

    run.begin(seed);  // step 0: both cameras Idle, version 0

    // camera-0001: Motion over the link, a cold instance applies it and sends Swivel.
    run.nextStep(milliseconds(100));
    const MessageId motion1 = sendFrom(0, motion, MessageKind::DeviceEvent);
    run.stepDone();
    run.nextStep(milliseconds(130));
    run.endMessage(motion1, MessageFate::Delivered);
    const InvocationId first = run.startInvocation(0, motion1, true);
    run.stepDone();
    run.nextStep(milliseconds(530));
    run.phase(first, InvocationPhase::Read, 1, 0);
    run.stepDone();
    run.nextStep(milliseconds(535));
    run.phase(first, InvocationPhase::Compute);
    run.stepDone();
    run.nextStep(milliseconds(537));
    run.phase(first, InvocationPhase::Put, 1, 0);
    run.stepDone();
    run.nextStep(milliseconds(540));
    run.applied(first);
    run.phase(first, InvocationPhase::Send);
    const MessageId swivel1 = sendFrom(0, swivel, MessageKind::Command, motion1);
    run.endInvocation(first, InvocationOutcome::Applied);
    run.stepDone();

    // camera-0002: the link duplicates its Motion; two instances race for version 0.
    run.nextStep(milliseconds(600));
    const MessageId motion2 = sendFrom(1, motion, MessageKind::DeviceEvent);
    const MessageId copy = sendFrom(1, motion, MessageKind::DeviceEvent, 0, motion2);
    run.stepDone();
    run.nextStep(milliseconds(630));
    run.endMessage(motion2, MessageFate::Delivered);
    run.endMessage(copy, MessageFate::Delivered);
    const InvocationId racer = run.startInvocation(0, motion2, false);
    const InvocationId loser = run.startInvocation(1, copy, false);
    run.phase(racer, InvocationPhase::Read, 1, 0);
    run.phase(loser, InvocationPhase::Read, 1, 0);
    run.stepDone();
    run.nextStep(milliseconds(640));
    run.phase(racer, InvocationPhase::Put, 1, 0);
    run.phase(loser, InvocationPhase::Put, 1, 0);
    run.stepDone();
    run.nextStep(milliseconds(645));
    run.applied(racer);
    run.phase(racer, InvocationPhase::Send);
    const MessageId swivel2 = sendFrom(1, swivel, MessageKind::Command, motion2);
    run.endInvocation(racer, InvocationOutcome::Applied);
    run.phase(loser, InvocationPhase::Backoff, 1);  // its put met version 1
    run.stepDone();
    run.nextStep(milliseconds(670));
    run.phase(loser, InvocationPhase::Read, 2, 1);
    run.stepDone();
    run.nextStep(milliseconds(675));
    // The event is already applied: the recorded command goes out again, no put.
    run.phase(loser, InvocationPhase::Send, 2);
    const MessageId resent = sendFrom(1, swivel, MessageKind::Command, copy);
    run.endInvocation(loser, InvocationOutcome::Duplicate, 2, 1);
    run.stepDone();

    // camera-0001 turns and reports MoveDone, but the link loses it.
    run.nextStep(milliseconds(700));  // a step where nothing is recorded (a timer check)
    run.stepDone();
    run.nextStep(milliseconds(1500));
    run.endMessage(swivel1, MessageFate::Delivered);
    const MessageId lostMove = sendFrom(0, moveDone, MessageKind::DeviceEvent);
    run.stepDone();
    run.nextStep(milliseconds(1530));
    run.endMessage(lostMove, MessageFate::Lost);
    run.endMessage(swivel2, MessageFate::Delivered);
    run.endMessage(resent, MessageFate::Delivered);
    run.stepDone();

    // camera-0002's MoveDone arrives: applied in one step, Focus goes out.
    run.nextStep(milliseconds(2400));
    const MessageId moveDone2 = sendFrom(1, moveDone, MessageKind::DeviceEvent);
    run.stepDone();
    run.nextStep(milliseconds(2430));
    run.endMessage(moveDone2, MessageFate::Delivered);
    const InvocationId third = run.startInvocation(0, moveDone2, false);
    run.phase(third, InvocationPhase::Read, 1, 1);
    run.phase(third, InvocationPhase::Compute);
    run.phase(third, InvocationPhase::Put, 1, 1);
    run.applied(third);
    run.phase(third, InvocationPhase::Send);
    sendFrom(1, focus, MessageKind::Command, moveDone2);
    run.endInvocation(third, InvocationOutcome::Applied);
    run.stepDone();

    // The run ends with camera-0001 retrying MoveDone: in flight, and an instance running.
    run.nextStep(milliseconds(3000));
    const MessageId retry = sendFrom(0, moveDone, MessageKind::DeviceEvent);
    run.stepDone();
    run.nextStep(milliseconds(3030));
    run.endMessage(retry, MessageFate::Delivered);
    const InvocationId last = run.startInvocation(1, retry, false);
    run.phase(last, InvocationPhase::Read, 1, 1);
    sendFrom(0, moveDone, MessageKind::DeviceEvent);
    run.stepDone();
    run.end();
    return run.states();
}

// Runs a shipped scenario with a recorder attached; returns the live system state after
// every step (index: step; step 0, the set-up, is left empty: no step shows it live).
// Runs a shipped scenario (`duration`, if given, instead of its own) step by step,
// recording it, and returns the live system state after every step.
std::vector<SystemState> recordScenario(const std::string& scenarioFile, const std::string& session,
                                        std::optional<VirtualTime> duration = std::nullopt) {
    std::vector<model::Diagnostic> diagnostics;
    std::optional<Scenario> scenario = loadScenarioFile(scenarioFile, diagnostics);
    if (!scenario)
        qFatal("cannot load %s", scenarioFile.c_str());
    if (duration)
        scenario->duration = *duration;
    const model::LoadResult machine = model::loadMachineFile(scenario->machineFile);
    if (!machine.machine)
        qFatal("cannot load %s", scenario->machineFile.c_str());
    SessionRecorder recorder(session);
    Simulator simulator(*scenario, *machine.machine, model::DeviceCatalog::builtin());
    simulator.addObserver(&recorder);
    std::vector<SystemState> live(1);
    while (simulator.stepOnce())
        live.push_back(simulator.systemState());
    test::requireInvariants(simulator);
    return live;
}

const std::string kScenarios = SWIVEL_SOURCE_RESOURCES "/scenarios/";

} // namespace

class TestSession : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::string m_session;                 // the scripted camera run, recorded once
    std::vector<SystemState> m_liveStates;  // its live state after each step

    std::string path(const char* name) const { return m_dir.filePath(name).toStdString(); }

    std::unique_ptr<Session> openSession(const std::string& file) {
        std::string error;
        std::unique_ptr<Session> session = Session::open(file, error);
        if (!session)
            qWarning("%s", error.c_str());
        return session;
    }

    // What open() says about `file` (empty: it opened).
    std::string openError(const std::string& file) {
        std::string error;
        return Session::open(file, error) ? std::string() : error;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_session = path("camera.db");
        SessionRecorder recorder(m_session);
        m_liveStates = playCameraRun(recorder);
    }

    void theSessionKeepsWhatBeginAndEndSaid() {
        auto session = openSession(m_session);
        QVERIFY(session);
        QCOMPARE(session->seed(), std::uint64_t{7});
        QCOMPARE(session->lastStep(), std::uint64_t{m_liveStates.size() - 1});
        QCOMPARE(session->duration(), milliseconds(3030));
        QCOMPARE(session->scenario()["name"], nlohmann::json("scripted camera run"));
        QCOMPARE(session->summary()["steps"], nlohmann::json(session->lastStep()));
        QCOMPARE(session->devices().size(), std::size_t{2});
        QCOMPARE(session->devices()[1].id, std::string("camera-0002"));
        QCOMPARE(session->devices()[1].deviceType, std::string("canon-eos-rebel"));
        // The machine as the simulator ran it, in the file format: it loads again.
        QCOMPARE(session->machineJson(), model::saveMachine(cameraMachine()));
        QVERIFY(model::loadMachine(session->machineJson()).machine);
    }

    void stateAtEveryStepEqualsTheLiveState() {
        auto session = openSession(m_session);
        QVERIFY(session);
        for (std::uint64_t step = 0; step < m_liveStates.size(); ++step) {
            const SystemState replayed = session->stateAt(step);
            if (replayed != m_liveStates[step])
                QFAIL(difference(step, replayed, m_liveStates[step]).c_str());
        }
    }

    void theScriptCoversEveryKindOfMoment() {
        // Guards the test itself: the states compared above include messages in
        // flight, racing instances mid-phase, versions moving and open ends.
        auto session = openSession(m_session);
        const SystemState race = session->stateAt(8);
        QCOMPARE(race.running.size(), std::size_t{2});
        QCOMPARE(race.running[1].phase, InvocationPhase::Read);
        const SystemState backoff = session->stateAt(10);
        QCOMPARE(backoff.running.size(), std::size_t{1});
        QCOMPARE(backoff.running[0].phase, InvocationPhase::Backoff);
        QCOMPARE(backoff.devices[1].version, std::uint64_t{1});
        QCOMPARE(backoff.devices[1].configuration, std::vector<std::string>{"Swivel"});
        const SystemState last = session->stateAt(session->lastStep());
        QCOMPARE(last.running.size(), std::size_t{1});
        QCOMPARE(last.inFlight.size(), std::size_t{2});  // Focus is still on its way
        QCOMPARE(last.inFlight[0].name, std::string("Focus"));
        QCOMPARE(last.inFlight[1].name, std::string("MoveDone"));
        QCOMPARE(last.devices[1].configuration, std::vector<std::string>{"Focus"});
        const SystemState commands = session->stateAt(6);
        QCOMPARE(commands.inFlight.size(), std::size_t{1});
        QCOMPARE(commands.inFlight[0].kind, MessageKind::Command);
        QCOMPARE(commands.inFlight[0].payload, nlohmann::json({{"Bearing", 90}}));
    }

    void steppingBackwardEqualsSteppingForward() {
        auto session = openSession(m_session);
        std::vector<SystemState> forward;
        for (std::uint64_t step = 0; step <= session->lastStep(); ++step)
            forward.push_back(session->stateAt(step));
        for (std::uint64_t step = session->lastStep() + 1; step-- > 0;)
            QVERIFY(session->stateAt(step) == forward[step]);
        // Jumping about gives the same as arriving in order.
        for (std::uint64_t step : {12, 3, 15, 0, 8, 8, 1})
            QVERIFY(session->stateAt(step) == forward[step]);
    }

    void stateAfterTheLastStepIsTheLastState() {
        auto session = openSession(m_session);
        QVERIFY(session->stateAt(100000) == session->stateAt(session->lastStep()));
        QCOMPARE(session->stateAt(100000).step, session->lastStep());
    }

    void stepAtTimeIsTheLastStepAtOrBeforeIt() {
        auto session = openSession(m_session);
        QCOMPARE(session->stepAtTime(0), std::uint64_t{0});
        QCOMPARE(session->stepAtTime(milliseconds(99)), std::uint64_t{0});
        QCOMPARE(session->stepAtTime(milliseconds(100)), std::uint64_t{1});
        QCOMPARE(session->stepAtTime(milliseconds(101)), std::uint64_t{1});
        QCOMPARE(session->stepAtTime(milliseconds(540)), std::uint64_t{6});
        QCOMPARE(session->stepAtTime(milliseconds(2429)), std::uint64_t{16});
        QCOMPARE(session->stepAtTime(seconds(3600)), session->lastStep());
        QCOMPARE(session->stepAtTime(-5), std::uint64_t{0});
    }

    void appliedEventsAreThePutsInStepOrder() {
        auto session = openSession(m_session);
        const std::vector<AppliedEvent> applied = session->appliedEvents();
        QCOMPARE(applied.size(), std::size_t{3});
        QCOMPARE(applied[0].device, std::string("camera-0001"));
        QCOMPARE(applied[0].step, std::uint64_t{6});
        QCOMPARE(applied[0].time, milliseconds(540));
        QCOMPARE(applied[0].version, std::uint64_t{1});
        QCOMPARE(applied[0].event, nlohmann::json::parse(R"({"event":"Motion","tags":{"Bearing":90}})"));
        QCOMPARE(applied[0].configuration, std::vector<std::string>{"Swivel"});
        // The actions exactly as step() gave them: the command, then the swivel timer.
        QVERIFY(applied[0].actions.is_array());
        QCOMPARE(applied[0].actions[0]["kind"], nlohmann::json("send"));
        QCOMPARE(applied[0].actions[0]["command"], nlohmann::json("Swivel"));
        QCOMPARE(applied[1].device, std::string("camera-0002"));
        QCOMPARE(applied[1].version, std::uint64_t{1});
        QCOMPARE(applied[2].device, std::string("camera-0002"));
        QCOMPARE(applied[2].version, std::uint64_t{2});
        QCOMPARE(applied[2].event, nlohmann::json::parse(R"({"event":"MoveDone","tags":{}})"));
        QCOMPARE(applied[2].configuration, std::vector<std::string>{"Focus"});
    }

    void theSameMachineDoesNotDiverge() {
        auto session = openSession(m_session);
        std::string error;
        QVERIFY(!session->firstDivergence(cameraMachine(), error));
        QVERIFY(error.empty());
    }

    void aChangedTargetDivergesInConfiguration() {
        auto session = openSession(m_session);
        model::Machine changed = cameraMachine();
        transition(changed, "motion").targets = {"Focus"};
        std::string error;
        const std::optional<Divergence> divergence = session->firstDivergence(changed, error);
        QVERIFY(divergence);
        QCOMPARE(divergence->step, std::uint64_t{6});
        QCOMPARE(divergence->time, milliseconds(540));
        QCOMPARE(divergence->device, std::string("camera-0001"));
        QCOMPARE(divergence->version, std::uint64_t{1});
        QCOMPARE(divergence->what, std::string("configuration"));
        QCOMPARE(divergence->recorded, nlohmann::json({"Swivel"}));
        QCOMPARE(divergence->rerun, nlohmann::json({"Focus"}));
        QCOMPARE(divergence->event["event"], nlohmann::json("Motion"));
    }

    void aChangedGuardDivergesWhereItFirstMatters() {
        // MoveDone only moves on with a guard that camera-0002's event fails: Motion
        // still behaves the same, so the first divergence is the later MoveDone.
        auto session = openSession(m_session);
        model::Machine changed = cameraMachine();
        transition(changed, "pointed").guard.text = "focusTries > 5";
        std::string error;
        const std::optional<Divergence> divergence = session->firstDivergence(changed, error);
        QVERIFY(divergence);
        QCOMPARE(divergence->step, std::uint64_t{17});
        QCOMPARE(divergence->device, std::string("camera-0002"));
        QCOMPARE(divergence->version, std::uint64_t{2});
        QCOMPARE(divergence->what, std::string("configuration"));
        QCOMPARE(divergence->recorded, nlohmann::json({"Focus"}));
        QCOMPARE(divergence->rerun, nlohmann::json({"Swivel"}));
    }

    void aChangedActionDivergesInActions() {
        auto session = openSession(m_session);
        model::Machine changed = cameraMachine();
        transition(changed, "motion").actions[0].args[0].value.text = "event.Bearing + 1";
        std::string error;
        const std::optional<Divergence> divergence = session->firstDivergence(changed, error);
        QVERIFY(divergence);
        QCOMPARE(divergence->step, std::uint64_t{6});
        QCOMPARE(divergence->what, std::string("actions"));
        QCOMPARE(divergence->recorded[0]["args"]["Bearing"], nlohmann::json(90));
        QCOMPARE(divergence->rerun[0]["args"]["Bearing"], nlohmann::json(91));
    }

    void aChangedInitialStateDivergesAtStepZero() {
        auto session = openSession(m_session);
        model::Machine changed = cameraMachine();
        changed.findState("On")->initial = "Shooting";
        std::string error;
        const std::optional<Divergence> divergence = session->firstDivergence(changed, error);
        QVERIFY(divergence);
        QCOMPARE(divergence->step, std::uint64_t{0});
        QCOMPARE(divergence->device, std::string("camera-0001"));
        QVERIFY(divergence->event.is_null());
    }

    void aMachineThatDoesNotCompileIsAnError() {
        auto session = openSession(m_session);
        model::Machine broken = cameraMachine();
        broken.initial = "Nowhere";
        std::string error;
        QVERIFY(!session->firstDivergence(broken, error));
        QVERIFY2(error.find("does not compile") != std::string::npos, error.c_str());
    }

    void replayOfTheWalkThroughEqualsTheLiveSimulatorAtEveryStep() {
        const std::string file = path("walkthrough.db");
        const std::vector<SystemState> live =
            recordScenario(kScenarios + "camera-walkthrough.scenario.json", file);
        auto session = openSession(file);
        QVERIFY(session);
        QCOMPARE(session->lastStep(), std::uint64_t{live.size() - 1});
        QVERIFY(live.size() > 50);
        for (std::uint64_t step = 1; step < live.size(); ++step) {
            QCOMPARE(live[step].step, step);
            const SystemState replayed = session->stateAt(step);
            if (replayed != live[step])
                QFAIL(difference(step, replayed, live[step]).c_str());
        }
        // Backward, the same again.
        for (std::uint64_t step = live.size() - 1; step >= 1; --step)
            QVERIFY(session->stateAt(step) == live[step]);
        std::string error;
        QVERIFY(!session->firstDivergence(model::loadMachineFile(kCameraFile).machine.value(), error));
        QCOMPARE(session->appliedEvents().size(),
                 std::size_t{session->summary()["applied"].get<std::uint64_t>()});
    }

    void replayOfRacingInstancesEqualsTheLiveSimulatorAtEveryStep() {
        // Duplicates, reordering and losses on the link: instances race and conflict.
        const std::string file = path("flaky.db");
        // Ten minutes instead of five: more than 4,096 steps, two chunks of step times.
        const std::vector<SystemState> live =
            recordScenario(kScenarios + "flaky-edge-link.scenario.json", file, seconds(600));
        auto session = openSession(file);
        QVERIFY(session);
        bool sawRace = false;
        for (std::uint64_t step = 1; step < live.size(); ++step) {
            const SystemState replayed = session->stateAt(step);
            if (replayed != live[step])
                QFAIL(difference(step, replayed, live[step]).c_str());
            sawRace |= live[step].running.size() > 1;
        }
        QVERIFY(sawRace);
        // Times across the whole run (two chunks of step times): the last step at
        // or before each step's time, and just before it.
        QVERIFY(live.size() > 4096);
        for (std::uint64_t step = 1; step < live.size(); ++step) {
            std::uint64_t last = step;
            while (last + 1 < live.size() && live[last + 1].time == live[step].time)
                ++last;
            QCOMPARE(session->stepAtTime(live[step].time), last);
            if (live[step - 1].time < live[step].time - 1)
                QCOMPARE(session->stepAtTime(live[step].time - 1), step - 1);
        }
    }

    void twoRunsWithOneSeedGiveIdenticalDatabases() {
        const std::string a = path("run-a.db"), b = path("run-b.db");
        recordScenario(kScenarios + "camera-walkthrough.scenario.json", a);
        recordScenario(kScenarios + "camera-walkthrough.scenario.json", b);
        QVERIFY(readBytes(a).size() > 4096);
        QVERIFY(readBytes(a) == readBytes(b));
    }

    void theSameRecordsGiveTheSameFileByteForByte() {
        const std::string a = path("a.db"), b = path("b.db"), other = path("other-seed.db");
        {
            SessionRecorder recorder(a);
            playCameraRun(recorder);
        }
        {
            SessionRecorder recorder(b);
            playCameraRun(recorder);
        }
        {
            SessionRecorder recorder(other);
            playCameraRun(recorder, 8);
        }
        const std::string bytes = readBytes(a);
        QVERIFY(bytes.size() > 4096);
        QVERIFY(bytes == readBytes(b));
        QVERIFY(bytes != readBytes(other));  // the comparison can tell files apart
        // One file, no journal or WAL left beside it.
        QVERIFY(!std::filesystem::exists(a + "-wal"));
        QVERIFY(!std::filesystem::exists(a + "-shm"));
        QVERIFY(!std::filesystem::exists(a + "-journal"));
    }

    void aNewRecordingReplacesAnOldFile() {
        const std::string file = path("replaced.db");
        writeBytes(file, "an old file\n");
        {
            SessionRecorder recorder(file);
            playCameraRun(recorder);
        }
        QVERIFY(readBytes(file) == readBytes(m_session));
    }

    void aRecorderThatCannotCreateItsFileSaysWhere() {
        const std::string file = path("no-such-folder/s.db");
        try {
            SessionRecorder recorder(file);
            QFAIL("no exception");
        } catch (const std::runtime_error& error) {
            const std::string message = error.what();
            QVERIFY2(message.starts_with("cannot create session " + file + ": "), message.c_str());
        }
    }

    void aTextFileIsNotADatabase() {
        const std::string file = path("notes.db");
        writeBytes(file, "These are my notes, not a session.\n" + std::string(200, 'x'));
        QCOMPARE(openError(file), file + ": file is not a database");
    }

    void aMissingOrEmptyFileSaysSo() {
        QCOMPARE(openError(path("absent.db")), path("absent.db") + ": no such file");
        writeBytes(path("empty.db"), "");
        QCOMPARE(openError(path("empty.db")),
                 path("empty.db") + ": not a Swivel session (the file is empty)");
    }

    void aTruncatedCopyIsRefused() {
        const std::string bytes = readBytes(m_session);
        const std::string file = path("truncated.db");
        writeBytes(file, bytes.substr(0, bytes.size() / 2));
        const std::string error = openError(file);
        QVERIFY2(error.starts_with(file + ": the file is truncated ("), error.c_str());
    }

    void aDatabaseWithoutTheSessionTableIsNoSession() {
        const std::string file = path("other.db");
        executeOn(file, "CREATE TABLE photos (uid TEXT)");
        QCOMPARE(openError(file), file + ": not a Swivel session (no table 'session')");
    }

    // The recorder writes its JSON texts by hand for speed; a reader (and any tool
    // reading the file) must get what nlohmann would have written, to the byte:
    // sorted keys, equal tag names (the last wins), escapes, numbers, bad UTF-8.
    void theRecordersJsonTextsAreNlohmannsCompactDumps() {
        const auto dump = [](const nlohmann::json& json) {
            return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        };
        const std::string awkward = std::string("quote\" back\\ tab\t nl\n cr\r bs\b ff\f ")
                                    + '\x01' + '\x1f' + "\x7f caf\xc3\xa9";
        const std::string badUtf8 = "bad \xff\xfe end";
        const std::vector<model::Value> values{true, false, std::int64_t{-9007199254740993},
                                               std::int64_t{0}, 0.1, 1.0, -2.5e-300, 1e21,
                                               std::string(""), awkward, badUtf8};

        model::Machine machine = cameraMachine();
        machine.variables.push_back({"zeta", model::Type::Double, 0.0});
        machine.variables.push_back({"Alpha", model::Type::String, std::string()});
        machine.variables.push_back({"caf\xc3\xa9", model::Type::Bool, false});
        const auto compiled = model::CompiledMachine::compile(machine);
        QVERIFY(compiled);
        const compact_json::MachineTexts texts(*compiled);

        for (const model::Value& value : values) {
            std::string text;
            compact_json::appendValue(text, value);
            QCOMPARE(text, dump(model::toJson(value)));
        }

        // A configuration no run would reach, to cover every branch the JSON has:
        // indices out of range are left out by both writers.
        model::Configuration configuration = model::start(*compiled).configuration;
        configuration.active.push_back(compiled->stateCount() + 3);
        configuration.history.assign(static_cast<std::size_t>(compiled->stateCount()), {});
        configuration.history[2] = {1, 0, -1};
        configuration.history[0] = {3};
        for (int t = 0; t < 2; ++t)
            configuration.timers.push_back({t, static_cast<std::uint64_t>(40 + t)});
        configuration.nextTimerToken = 42;
        configuration.finished = true;
        for (std::size_t i = 0; i < configuration.variables.size(); ++i)
            configuration.variables[i] = values[i % values.size()];
        std::string record;
        texts.appendConfiguration(record, configuration);
        QCOMPARE(record, dump(model::configurationToJson(*compiled, configuration)));

        record.clear();
        texts.appendConfiguration(record, model::start(*compiled).configuration);
        QCOMPARE(record, dump(model::configurationToJson(*compiled, model::start(*compiled).configuration)));

        const model::Event withTags{awkward, {{"b", std::int64_t{2}}, {"a", std::string("x")},
                                              {"b", 0.5}, {badUtf8, true}}};
        const model::Event plain{"Motion", {}};
        std::string eventText;
        compact_json::appendEvent(eventText, withTags);
        QCOMPARE(eventText, dump(model::eventToJson(withTags)));
        eventText.clear();
        compact_json::appendEvent(eventText, plain);
        QCOMPARE(eventText, dump(model::eventToJson(plain)));
        // More tags than the writer sorts on the stack, in reverse order, one twice.
        model::Event manyTags{"Burst", {}};
        for (int i = 20; i >= 0; --i)
            manyTags.tags.push_back({"t" + std::to_string(i % 20), std::int64_t{i}});
        eventText.clear();
        compact_json::appendEvent(eventText, manyTags);
        QCOMPARE(eventText, dump(model::eventToJson(manyTags)));

        using Kind = model::EmittedAction::Kind;
        std::vector<model::EmittedAction> actions;
        for (Kind kind : {Kind::Send, Kind::Assign, Kind::Raise, Kind::Log, Kind::Call,
                          Kind::TimerStart, Kind::TimerCancel, Kind::Error}) {
            for (const model::Value& value : {values[2], values[9]}) {
                model::EmittedAction action;
                action.kind = kind;
                action.name = "Swivel";
                action.args = withTags.tags;
                action.value = value;
                action.label = awkward;
                action.reply = "Done";
                action.delayMs = value == values[2] ? 1500 : 0;
                action.token = 7;
                action.target = value == values[2] ? "camera-0002" : "";
                actions.push_back(action);
            }
        }
        std::string actionsText;
        compact_json::appendActions(actionsText, actions);
        nlohmann::json expected = nlohmann::json::array();
        for (const model::EmittedAction& action : actions)
            expected.push_back(model::actionToJson(action));
        QCOMPARE(actionsText, dump(expected));
        actionsText.clear();
        compact_json::appendActions(actionsText, {});
        QCOMPARE(actionsText, std::string("[]"));

        std::string transitions;
        texts.appendTransitions(transitions, {1, 0});
        QCOMPARE(transitions, dump(nlohmann::json::array({compiled->transitionId(1), compiled->transitionId(0)})));
    }

    // The recorder keeps what is open by id in a ring of bounded size: an item open
    // far longer than the others (a message never delivered) leaves the ring but is
    // still found, and everything open is handed back once, in the order of ids.
    void openItemsAreKeptByIdEvenWhenOpenForLong() {
        OpenById<std::string> open;
        open.open(1) = "long";
        const std::uint64_t many = 3 * OpenById<std::string>::kMaxSlots;
        for (std::uint64_t id = 2; id <= many; ++id) {
            open.open(id) = std::to_string(id);
            if (id % 1000 != 0)
                open.close(id);
        }
        QVERIFY(open.find(1) && *open.find(1) == "long");
        QVERIFY(open.find(2000) && *open.find(2000) == "2000");
        QVERIFY(!open.find(2001));
        QVERIFY(!open.find(many + 1));
        open.close(2000);
        QVERIFY(!open.find(2000));
        open.open(5) = "late";  // below the window: kept all the same

        std::vector<std::string> drained;
        open.drain([&](const std::string& item) { drained.push_back(item); });
        std::vector<std::string> expected{"long", "late", "1000"};  // 2000 was closed
        for (std::uint64_t id = 3000; id <= many; id += 1000)
            expected.push_back(std::to_string(id));
        QCOMPARE(drained, expected);
        QVERIFY(!open.find(1));
        drained.clear();
        open.drain([&](const std::string& item) { drained.push_back(item); });
        QVERIFY(drained.empty());
    }

    void aSessionOfAnOlderSchemaIsRefusedClearly() {
        const std::string file = path("older.db");
        std::filesystem::copy_file(m_session, file);
        executeOn(file.c_str(), "UPDATE schema_version SET version = 1");
        QCOMPARE(openError(file),
                 file + ": recorded by an older Swivel (schema 1); record the scenario again");
    }

    void aNewerSchemaIsRefused() {
        const std::string file = path("newer.db");
        std::filesystem::copy_file(m_session, file);
        executeOn(file.c_str(), "UPDATE schema_version SET version = 3");
        QCOMPARE(openError(file), file + ": written by a newer Swivel (schema 3)");
    }

    void aMissingTableOrColumnIsADamagedSession() {
        const std::string noInvocations = path("no-invocations.db");
        std::filesystem::copy_file(m_session, noInvocations);
        executeOn(noInvocations, "DROP TABLE invocations");
        QCOMPARE(openError(noInvocations), noInvocations + ": damaged session (no table 'invocations')");

        const std::string noColumn = path("no-column.db");
        std::filesystem::copy_file(m_session, noColumn);
        executeOn(noColumn, "ALTER TABLE states DROP COLUMN record");
        const std::string error = openError(noColumn);
        QVERIFY2(error.starts_with(noColumn + ": ") && error.find("record") != std::string::npos,
                 error.c_str());
    }

    void anUnfinishedRecordingSaysSo() {
        const std::string file = path("unfinished.db");
        {
            SessionRecorder recorder(file);
            ScriptedRun run(recorder, model::CompiledMachine::compile(cameraMachine()), kCameras);
            run.begin(1);
        }  // destroyed without end(): the run crashed or was stopped
        QCOMPARE(openError(file), file + ": the recording did not finish (the run never ended)");
    }

    // The recorder writes without a journal; a process killed mid-run can leave any
    // page half written, but the header still carries the "recording" mark that
    // end() clears, so the file is named unfinished rather than damaged.
    void aFileStillMarkedAsRecordingIsUnfinished() {
        const std::string file = path("killed.db");
        std::filesystem::copy_file(m_session, file);
        QVERIFY(openError(file).empty());
        executeOn(file, "PRAGMA user_version = 1");
        QCOMPARE(openError(file), file + ": the recording did not finish (the run never ended)");
    }

    void absurdNumbersInTheSessionRowDoNotCrash() {
        const std::string file = path("absurd.db");
        std::filesystem::copy_file(m_session, file);
        executeOn(file, "UPDATE session SET last_step = -1, max_message_steps = -5, "
                        "max_invocation_steps = 9223372036854775807");
        auto session = openSession(file);
        QVERIFY(session);
        // Spans and steps near 2^64 neither overflow nor crash: the rows still answer.
        QVERIFY(session->stateAt(5) == m_liveStates[5]);
        QCOMPARE(session->stateAt(~std::uint64_t{0}).step, ~std::uint64_t{0});
    }

    void damagedStepTimesAreNamed() {
        const std::string file = path("bad-times.db");
        std::filesystem::copy_file(m_session, file);
        executeOn(file, "UPDATE step_times SET times = x'0102'");
        QCOMPARE(openError(file), file + ": damaged session (the step times of step 0 on)");
    }

    void damagedRowsThrowNamingTheFileInsteadOfCrashing() {
        const std::string file = path("damaged-rows.db");
        std::filesystem::copy_file(m_session, file);
        executeOn(file, "UPDATE states SET record = '{not json' WHERE device = 1 AND version = 2;"
                        "UPDATE messages SET kind = 99 WHERE id = 2;"
                        "UPDATE invocations SET phases = '[[1,2,77,1,0]]' WHERE id = 5;"
                        "UPDATE states SET event = '[1,2' WHERE invocation != 0");
        auto session = openSession(file);
        QVERIFY(session);
        QVERIFY(session->stateAt(0) == m_liveStates[0]);  // the undamaged rows still read
        for (std::uint64_t step : {6, 17, 19}) {
            try {
                session->stateAt(step);
                QFAIL("no exception");
            } catch (const std::runtime_error& error) {
                QVERIFY2(std::string(error.what()).starts_with(file + ": damaged session"),
                         error.what());
            }
        }
        std::string error;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, session->firstDivergence(cameraMachine(), error));
        // Statements were left usable: a good step still reads after a failure.
        QVERIFY(session->stateAt(0) == m_liveStates[0]);
    }
};

QTEST_APPLESS_MAIN(TestSession)
#include "test_session.moc"
