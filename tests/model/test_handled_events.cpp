// The handled-events matrix: for each state and each event the device type sends,
// does the state react (its own transition), does an enclosing state react, is the
// reaction a loop back to where it was, or is the event simply dropped? Matching is
// step()'s own: SCXML descriptors with prefixes and "*".

#include <QTest>

#include "model/device_catalog.h"
#include "model/handled_events.h"
#include "model/machine_file.h"
#include "model/resources.h"

using namespace swivel::model;

namespace {

struct Builder {
    Machine m;

    State& state(const std::string& id, const std::string& parent = {},
                 StateKind kind = StateKind::State) {
        State s;
        s.id = id;
        s.parent = parent;
        s.kind = kind;
        m.states.push_back(std::move(s));
        return m.states.back();
    }
    Transition& on(const std::string& id, const std::string& source, const std::string& event,
                   std::vector<std::string> targets = {}, const std::string& guard = {}) {
        Transition t;
        t.id = id;
        t.source = source;
        t.event = event;
        t.targets = std::move(targets);
        t.guard.text = guard;
        m.transitions.push_back(std::move(t));
        return m.transitions.back();
    }
};

DeviceType deviceSending(std::vector<std::string> events) {
    DeviceType device;
    device.id = "test-device";
    for (std::string& name : events) {
        EventType event;
        event.name = std::move(name);
        device.events.push_back(std::move(event));
    }
    return device;
}

EventHandling cell(const HandledEvents& matrix, std::string_view state, std::string_view event) {
    const EventHandling* found = matrix.find(state, event);
    if (!found)
        qFatal("no cell %s x %s", std::string(state).c_str(), std::string(event).c_str());
    return *found;
}

using Ids = std::vector<std::string>;

} // namespace

class TestHandledEvents : public QObject {
    Q_OBJECT
private slots:
    void columnsAreTheDeviceEventsAndRowsTheStatesInDocumentOrder() {
        Builder b;
        b.state("B");
        b.state("A");
        b.state("A1", "A");
        b.state("H", "A", StateKind::ShallowHistory);
        b.state("B1", "B");
        const HandledEvents matrix = handledEvents(b.m, deviceSending({"X", "Y"}));
        QCOMPARE(matrix.events, (Ids{"X", "Y"}));
        Ids rows;
        for (const HandledEventsRow& row : matrix.rows) {
            rows.push_back(row.state);
            QCOMPARE(row.cells.size(), std::size_t{2});
        }
        // History pseudo-states are never active: no row.
        QCOMPARE(rows, (Ids{"B", "B1", "A", "A1"}));
        QVERIFY(!matrix.find("H", "X"));
        QVERIFY(!matrix.find("A", "Z"));
    }

    void aTransitionToAnotherStateHandlesTheEvent() {
        Builder b;
        b.state("Idle");
        b.state("Busy");
        b.on("go", "Idle", "Start", {"Busy"});
        const HandledEvents matrix = handledEvents(b.m, deviceSending({"Start", "Stop"}));
        const EventHandling go = cell(matrix, "Idle", "Start");
        QCOMPARE(go.status, HandledStatus::Handled);
        QCOMPARE(go.handler, std::string("Idle"));
        QCOMPARE(go.transitions, Ids{"go"});
        QVERIFY(!go.conditional);
        QCOMPARE(cell(matrix, "Idle", "Stop").status, HandledStatus::Unhandled);
        QCOMPARE(cell(matrix, "Busy", "Start").status, HandledStatus::Unhandled);
        QVERIFY(cell(matrix, "Busy", "Start").transitions.empty());
        QVERIFY(cell(matrix, "Busy", "Start").handler.empty());
    }

    void targetlessAndSelfTargetingTransitionsAreSelfLoops() {
        Builder b;
        b.state("A");
        b.state("B");
        b.on("count", "A", "Tick");
        b.on("restart", "A", "Reset", {"A"});
        b.on("leave", "B", "Tick", {"A"});
        const HandledEvents matrix = handledEvents(b.m, deviceSending({"Tick", "Reset"}));
        QCOMPARE(cell(matrix, "A", "Tick").status, HandledStatus::SelfLoop);
        QCOMPARE(cell(matrix, "A", "Tick").transitions, Ids{"count"});
        QCOMPARE(cell(matrix, "A", "Reset").status, HandledStatus::SelfLoop);
        QCOMPARE(cell(matrix, "B", "Tick").status, HandledStatus::Handled);
    }

    void anAncestorsTransitionHandlesWhatTheChildDoesNot() {
        Builder b;
        b.state("Top");
        b.state("Mid", "Top");
        b.state("Leaf", "Mid");
        b.state("Elsewhere");
        b.on("off", "Top", "PowerOff", {"Elsewhere"});
        b.on("own", "Leaf", "Ping");
        b.on("midPing", "Mid", "Ping", {"Elsewhere"});
        const HandledEvents matrix = handledEvents(b.m, deviceSending({"PowerOff", "Ping"}));
        const EventHandling leafOff = cell(matrix, "Leaf", "PowerOff");
        QCOMPARE(leafOff.status, HandledStatus::HandledByAncestor);
        QCOMPARE(leafOff.handler, std::string("Top"));
        QCOMPARE(leafOff.transitions, Ids{"off"});
        QCOMPARE(cell(matrix, "Top", "PowerOff").status, HandledStatus::Handled);
        // Inner state first: the leaf's own loop wins over its parent's transition.
        QCOMPARE(cell(matrix, "Leaf", "Ping").status, HandledStatus::SelfLoop);
        QCOMPARE(cell(matrix, "Mid", "Ping").status, HandledStatus::Handled);
        QCOMPARE(cell(matrix, "Top", "Ping").status, HandledStatus::Unhandled);
        QCOMPARE(cell(matrix, "Elsewhere", "PowerOff").status, HandledStatus::Unhandled);
    }

    void descriptorsMatchByTokenPrefixAndWildcard() {
        Builder b;
        b.state("Prefix");
        b.state("Star");
        b.state("DotStar");
        b.state("Several");
        b.state("Near");
        b.on("photo", "Prefix", "Photo", {"Star"});
        b.on("any", "Star", "*", {"Prefix"});
        b.on("photos", "DotStar", "Photo.*", {"Prefix"});
        b.on("list", "Several", "Motion  Photo.Thumbnail", {"Prefix"});
        b.on("near", "Near", "Phot", {"Prefix"});
        const HandledEvents matrix =
            handledEvents(b.m, deviceSending({"Photo", "Photo.Thumbnail", "Photos", "Motion"}));
        QCOMPARE(cell(matrix, "Prefix", "Photo").status, HandledStatus::Handled);
        QCOMPARE(cell(matrix, "Prefix", "Photo.Thumbnail").status, HandledStatus::Handled);
        QCOMPARE(cell(matrix, "Prefix", "Photos").status, HandledStatus::Unhandled);
        QCOMPARE(cell(matrix, "Prefix", "Motion").status, HandledStatus::Unhandled);
        for (const char* event : {"Photo", "Photo.Thumbnail", "Photos", "Motion"})
            QCOMPARE(cell(matrix, "Star", event).status, HandledStatus::Handled);
        QCOMPARE(cell(matrix, "DotStar", "Photo.Thumbnail").status, HandledStatus::Handled);
        QCOMPARE(cell(matrix, "DotStar", "Photos").status, HandledStatus::Unhandled);
        QCOMPARE(cell(matrix, "Several", "Motion").status, HandledStatus::Handled);
        QCOMPARE(cell(matrix, "Several", "Photo.Thumbnail").status, HandledStatus::Handled);
        QCOMPARE(cell(matrix, "Several", "Photo").status, HandledStatus::Unhandled);
        QCOMPARE(cell(matrix, "Near", "Photo").status, HandledStatus::Unhandled);
    }

    void guardedTransitionsAreConditionalUntilAnUnguardedOne() {
        Builder b;
        b.state("A");
        b.state("B");
        b.state("C");
        b.on("big", "A", "Reading", {"B"}, "event.Value > 10");
        b.on("small", "A", "Reading", {"C"}, "event.Value < 0");
        b.on("big2", "B", "Reading", {"C"}, "event.Value > 10");
        b.on("rest", "B", "Reading", {"A"});
        b.on("never", "B", "Reading", {"C"});  // after an unguarded one: never selected
        const HandledEvents matrix = handledEvents(b.m, deviceSending({"Reading"}));
        const EventHandling a = cell(matrix, "A", "Reading");
        QCOMPARE(a.status, HandledStatus::Handled);
        QVERIFY(a.conditional);
        QCOMPARE(a.transitions, (Ids{"big", "small"}));
        const EventHandling bCell = cell(matrix, "B", "Reading");
        QVERIFY(!bCell.conditional);
        QCOMPARE(bCell.transitions, (Ids{"big2", "rest"}));
    }

    void aLoopIsOnlyALoopWhenEveryCandidateStays() {
        Builder b;
        b.state("A");
        b.state("B");
        b.on("retry", "A", "Warn", {"A"}, "tries < 3");
        b.on("giveUp", "A", "Warn", {"B"});
        const HandledEvents matrix = handledEvents(b.m, deviceSending({"Warn"}));
        QCOMPARE(cell(matrix, "A", "Warn").status, HandledStatus::Handled);
    }

    void timersAndEventlessTransitionsHandleNoDeviceEvent() {
        Builder b;
        b.state("A");
        b.state("B");
        b.on("always", "A", "", {"B"});
        Transition& timer = b.on("timeout", "A", "", {"B"});
        timer.afterMs = 100;
        b.on("star", "B", "*", {"A"}).afterMs = 50;  // malformed, but never a device event
        const HandledEvents matrix = handledEvents(b.m, deviceSending({"X"}));
        QCOMPARE(cell(matrix, "A", "X").status, HandledStatus::Unhandled);
        QCOMPARE(cell(matrix, "B", "X").status, HandledStatus::Unhandled);
    }

    void aParentCycleEndsTheWalk() {
        Builder b;
        b.state("P", "Q");
        b.state("Q", "P");
        b.on("t", "Q", "Other", {"P"});
        const HandledEvents matrix = handledEvents(b.m, deviceSending({"X", "Other"}));
        QCOMPARE(matrix.rows.size(), std::size_t{2});
        QCOMPARE(cell(matrix, "P", "X").status, HandledStatus::Unhandled);
        QCOMPARE(cell(matrix, "P", "Other").status, HandledStatus::HandledByAncestor);
    }

    void theCameraExample() {
        const LoadResult load = loadMachineFile(
            resourcesDirectory() + "/examples/camera-point-focus-shoot.swivel.json");
        QVERIFY(load.machine);
        const DeviceType* camera = DeviceCatalog::builtin().findDevice(load.machine->deviceType);
        QVERIFY(camera);
        const HandledEvents matrix = handledEvents(*load.machine, *camera);
        QCOMPARE(matrix.events.size(), camera->events.size());

        QCOMPARE(cell(matrix, "Idle", "Motion").status, HandledStatus::Handled);
        QCOMPARE(cell(matrix, "Idle", "Motion").transitions, Ids{"motion"});
        QCOMPARE(cell(matrix, "TakePhoto", "NewIMG").transitions, Ids{"shot"});
        // Focus retries or gives up on a warning, depending on its guards.
        const EventHandling warning = cell(matrix, "Focus", "FocusWarning");
        QCOMPARE(warning.status, HandledStatus::Handled);
        QVERIFY(warning.conditional);
        QCOMPARE(warning.transitions, (Ids{"refocus", "focusFailed"}));
        // A photo taken while swivelling is kept by On's targetless transition.
        const EventHandling stray = cell(matrix, "Swivel", "NewIMG");
        QCOMPARE(stray.status, HandledStatus::HandledByAncestor);
        QCOMPARE(stray.handler, std::string("On"));
        QCOMPARE(stray.transitions, Ids{"otherPhoto"});
        QCOMPARE(cell(matrix, "On", "NewIMG").status, HandledStatus::SelfLoop);
        QCOMPARE(cell(matrix, "On", "PowerUp").status, HandledStatus::SelfLoop);
        QCOMPARE(cell(matrix, "Off", "PowerUp").status, HandledStatus::Handled);
        QCOMPARE(cell(matrix, "Swivel", "FocusDone").status, HandledStatus::Unhandled);
        QCOMPARE(cell(matrix, "Off", "Motion").status, HandledStatus::Unhandled);
    }
};

QTEST_GUILESS_MAIN(TestHandledEvents)
#include "test_handled_events.moc"
