// Every undo command of the designer on a real Document: push, undo and redo compare
// the whole model; merging of moves and property edits; references after a rename;
// what each command announces; and a long random sequence undone and redone.

#include <QtTest>

#include <algorithm>
#include <random>
#include <set>

#include "commands/add_state.h"
#include "commands/add_transition.h"
#include "commands/change_machine.h"
#include "commands/change_state.h"
#include "commands/change_state_id.h"
#include "commands/change_transition.h"
#include "commands/change_transition_id.h"
#include "commands/change_variable.h"
#include "commands/clipboard_fragment.h"
#include "commands/id_generator.h"
#include "commands/layout_change.h"
#include "commands/paste_elements.h"
#include "commands/reconnect_transition.h"
#include "commands/remove_elements.h"
#include "commands/reparent_state.h"
#include "document_test_support.h"
#include "model/device_catalog.h"
#include "model/diagnostic_codes.h"
#include "model/validation.h"

using namespace swivel;
using namespace swivel::commands;
using test::Kind;
using test::Kinds;
using K = model::StateKind;

namespace {

std::vector<std::string> stateOrder(const model::Machine& machine) {
    std::vector<std::string> ids;
    for (const model::State& state : machine.states)
        ids.push_back(state.id);
    return ids;
}

std::vector<std::string> transitionOrder(const model::Machine& machine) {
    std::vector<std::string> ids;
    for (const model::Transition& transition : machine.transitions)
        ids.push_back(transition.id);
    return ids;
}

// Counts the diagnostics of the given codes.
int countCodes(const model::Machine& machine, std::initializer_list<const char*> codes) {
    int count = 0;
    for (const model::Diagnostic& d : model::validate(machine, model::DeviceCatalog::builtin()))
        for (const char* code : codes)
            count += d.code == code ? 1 : 0;
    return count;
}

// Checks that a refused command leaves the model and the stack alone.
void checkRefused(document::Document& document, QUndoCommand* command) {
    const model::Machine before = document.machine();
    const int count = document.undoStack()->count();
    document.undoStack()->push(command);
    QCOMPARE(document.undoStack()->count(), count);
    QCOMPARE(test::difference(before, document.machine()), QString());
}

} // namespace

class TestCommands : public QObject {
    Q_OBJECT

    document::Document m_document;
    QUndoStack& stack() { return *m_document.undoStack(); }
    const model::Machine& machine() { return m_document.machine(); }

private slots:
    void init() { m_document.reset(test::sampleMachine(), {}); }

    void sampleIsValidStructure() {
        QCOMPARE(countCodes(machine(), {model::codes::DuplicateId, model::codes::DanglingReference,
                                        model::codes::ParentCycle, model::codes::BadInitial}),
                 0);
    }

    // ---- AddState

    void addStateGoesAfterTheParentsLastDescendant() {
        test::Announced announced;
        QCOMPARE(test::pushUndoRedo(m_document, new AddState(&m_document, K::State, "On", "New"),
                                    "Add State", &announced),
                 QString());
        QCOMPARE(stateOrder(machine())[7], std::string("New"));
        QCOMPARE(machine().states[7].parent, std::string("On"));
        QCOMPARE(machine().findState("On")->initial, std::string("Idle"));
        QCOMPARE(announced.pushed, (Kinds{Kind::StatesAdded}));
        QCOMPARE(announced.undone, (Kinds{Kind::StatesRemoved}));
        QCOMPARE(announced.redone, (Kinds{Kind::StatesAdded}));
    }

    void addStateMakesAnAtomicParentCompound() {
        auto* command = new AddState(&m_document, K::State, "Off", {}, model::Rect{10, 10, 50, 20});
        QCOMPARE(command->stateId(), std::string("State1"));
        test::Announced announced;
        QCOMPARE(test::pushUndoRedo(m_document, command, "Add State", &announced), QString());
        QCOMPARE(machine().states[1].id, std::string("State1"));
        QCOMPARE(machine().findState("Off")->initial, std::string("State1"));
        QCOMPARE(machine().layout.states.at("State1"), (model::Rect{10, 10, 50, 20}));
        QCOMPARE(announced.pushed, (Kinds{Kind::StatesAdded, Kind::StatesChanged}));
        QCOMPARE(announced.undone, (Kinds{Kind::StatesRemoved, Kind::StatesChanged}));
    }

    void addHistoryStateIsNeverInitial() {
        auto* command = new AddState(&m_document, K::ShallowHistory, "Off");
        QCOMPARE(command->stateId(), std::string("History1")); // "History" is taken
        QCOMPARE(test::pushUndoRedo(m_document, command, "Add History State"), QString());
        QCOMPARE(machine().findState("Off")->initial, std::string());
    }

    void addFirstStateStartsTheMachine() {
        m_document.reset(model::Machine{}, {});
        test::Announced announced;
        QCOMPARE(test::pushUndoRedo(m_document, new AddState(&m_document, K::State, ""),
                                    "Add State", &announced),
                 QString());
        QCOMPARE(machine().initial, std::string("State1"));
        QCOMPARE(announced.pushed, (Kinds{Kind::StatesAdded, Kind::MachineProperties}));
        QCOMPARE(test::pushUndoRedo(m_document, new AddState(&m_document, K::Final, ""),
                                    "Add Final State"),
                 QString());
        QCOMPARE(machine().initial, std::string("State1"));
        QCOMPARE(machine().states.back().id, std::string("Final1"));
    }

    void addStateRefused() {
        checkRefused(m_document, new AddState(&m_document, K::State, "", "On")); // id taken
        checkRefused(m_document, new AddState(&m_document, K::State, "", "powerOn"));
        checkRefused(m_document, new AddState(&m_document, K::State, "Done")); // final parent
        checkRefused(m_document, new AddState(&m_document, K::State, "Nowhere"));
    }

    // ---- AddParallelRegion

    void addRegionToParallel() {
        auto* command = new AddParallelRegion(&m_document, "Both");
        test::Announced announced;
        QCOMPARE(test::pushUndoRedo(m_document, command, "Add Region", &announced), QString());
        QCOMPARE(command->regionIds(), std::vector<std::string>{"Region1"});
        QCOMPARE(stateOrder(machine())[13], std::string("Region1")); // after B1
        QCOMPARE(machine().states[13].parent, std::string("Both"));
        QCOMPARE(machine().layout.states.at("Region1"), (model::Rect{10, 690, 380, 100}));
        QCOMPARE(machine().layout.states.at("Both"), (model::Rect{0, 400, 400, 400}));
        QCOMPARE(announced.pushed,
                 (Kinds{Kind::StatesAdded, Kind::StatesChanged, Kind::LayoutChanged}));
        QCOMPARE(announced.undone,
                 (Kinds{Kind::StatesChanged, Kind::StatesRemoved, Kind::LayoutChanged}));
    }

    void makeAtomicStateParallel() {
        auto* command = new AddParallelRegion(&m_document, "Off");
        QCOMPARE(test::pushUndoRedo(m_document, command, "Make Parallel"), QString());
        QCOMPARE(command->regionIds(), (std::vector<std::string>{"Region1", "Region2"}));
        QCOMPARE(machine().findState("Off")->kind, K::Parallel);
        QCOMPARE(stateOrder(machine())[1], std::string("Region1"));
        QCOMPARE(stateOrder(machine())[2], std::string("Region2"));
        QCOMPARE(machine().layout.states.at("Region1"), (model::Rect{10, 32, 80, 100}));
        QCOMPARE(machine().layout.states.at("Region2"), (model::Rect{10, 142, 80, 100}));
        QCOMPARE(machine().layout.states.at("Off"), (model::Rect{0, 0, 100, 252}));
    }

    void makeCompoundStateParallel() {
        QCOMPARE(test::pushUndoRedo(m_document, new AddParallelRegion(&m_document, "Shooting"),
                                    "Make Parallel"),
                 QString());
        const model::State& shooting = *machine().findState("Shooting");
        QCOMPARE(shooting.kind, K::Parallel);
        QCOMPARE(shooting.initial, std::string());
        QCOMPARE(machine().findState("Region1")->initial, std::string("Swivel"));
        QCOMPARE(machine().findState("Swivel")->parent, std::string("Region1"));
        QCOMPARE(machine().findState("Focus")->parent, std::string("Region1"));
        QCOMPARE(machine().findState("Region2")->parent, std::string("Shooting"));
        const std::vector<std::string> expected{"Off",    "On",    "Idle",    "Shooting", "Region1",
                                                "Swivel", "Focus", "Region2", "History"};
        const std::vector<std::string> order = stateOrder(machine());
        QCOMPARE(std::vector<std::string>(order.begin(), order.begin() + 9), expected);
        QCOMPARE(countCodes(machine(), {model::codes::DuplicateId, model::codes::DanglingReference,
                                        model::codes::BadInitial, model::codes::MissingInitial}),
                 0);
        // The first region holds the children's rects.
        const model::Rect region = machine().layout.states.at("Region1");
        QVERIFY(region.x <= 370 && region.y <= 80 && region.x + region.width >= 600 &&
                region.y + region.height >= 130);
    }

    void addRegionRefused() {
        checkRefused(m_document, new AddParallelRegion(&m_document, "Done"));
        checkRefused(m_document, new AddParallelRegion(&m_document, "History"));
        checkRefused(m_document, new AddParallelRegion(&m_document, "Nowhere"));
    }

    // ---- RemoveElements

    void removeCompoundStateRestoresEverything() {
        test::Announced announced;
        QCOMPARE(test::pushUndoRedo(m_document, new RemoveElements(&m_document, {"On"}, {}),
                                    "Delete State", &announced),
                 QString());
        QCOMPARE(stateOrder(machine()), (std::vector<std::string>{"Off", "Both", "RegionA", "A1",
                                                                  "A2", "RegionB", "B1", "Done"}));
        QCOMPARE(transitionOrder(machine()), (std::vector<std::string>{"a", "finish"}));
        QVERIFY(machine().layout.states.count("Swivel") == 0);
        QVERIFY(machine().layout.transitions.count("moved") == 0);
        QVERIFY(machine().layout.transitions.count("a") == 1);
        QCOMPARE(announced.pushed, (Kinds{Kind::TransitionsRemoved, Kind::StatesRemoved}));
        QCOMPARE(announced.undone, (Kinds{Kind::StatesAdded, Kind::TransitionsAdded}));
        // Undo (checked exactly by pushUndoRedo) gave back descendants and transitions.
        stack().undo();
        QCOMPARE(test::difference(test::sampleMachine(), machine()), QString());
    }

    void removeClearsInitials() {
        test::Announced announced;
        QCOMPARE(test::pushUndoRedo(m_document, new RemoveElements(&m_document, {"Idle"}, {"a"}),
                                    "Delete 2 Elements", &announced),
                 QString());
        QCOMPARE(machine().findState("On")->initial, std::string());
        QVERIFY(!machine().findTransition("a"));
        QVERIFY(!machine().findTransition("self"));
        QCOMPARE(announced.pushed,
                 (Kinds{Kind::TransitionsRemoved, Kind::StatesRemoved, Kind::StatesChanged}));

        QCOMPARE(test::pushUndoRedo(m_document,
                                    new RemoveElements(&m_document, {"Off", "Done"}, {}),
                                    "Delete 2 States", &announced),
                 QString());
        QCOMPARE(machine().initial, std::string());
        QCOMPARE(announced.pushed,
                 (Kinds{Kind::TransitionsRemoved, Kind::StatesRemoved, Kind::MachineProperties}));
    }

    void removeTransition() {
        test::Announced announced;
        QCOMPARE(test::pushUndoRedo(m_document, new RemoveTransition(&m_document, "a"),
                                    "Delete Transition", &announced),
                 QString());
        QVERIFY(!machine().findTransition("a"));
        QVERIFY(machine().layout.transitions.count("a") == 0);
        QCOMPARE(announced.pushed, (Kinds{Kind::TransitionsRemoved}));
        QCOMPARE(announced.undone, (Kinds{Kind::TransitionsAdded}));
        QCOMPARE(test::pushUndoRedo(m_document,
                                    new RemoveElements(&m_document, {}, {"motion", "moved"}),
                                    "Delete 2 Transitions"),
                 QString());
        checkRefused(m_document, new RemoveElements(&m_document, {"Nowhere"}, {"nothing"}));
    }

    void removeChangedAnnouncesTheParentThatLosesChildren() {
        test::ChangeRecorder recorder(m_document);
        stack().push(new RemoveElements(&m_document, {"A1", "A2"}, {}));
        const auto changes = recorder.takeChanges();
        QCOMPARE(changes.size(), std::size_t(3));
        QCOMPARE(changes[1].ids, (std::vector<std::string>{"A1", "A2"}));
        QCOMPARE(changes[2].kind, Kind::StatesChanged);
        QCOMPARE(changes[2].ids,
                 std::vector<std::string>{"RegionA"}); // initial cleared, now atomic
    }

    // ---- MoveStates / ResizeState / SetLayout

    void moveCarriesDescendantsAndRoutes() {
        test::Announced announced;
        QCOMPARE(test::pushUndoRedo(m_document, new MoveStates(&m_document, {"Shooting"}, {10, 5}),
                                    "Move State", &announced),
                 QString());
        const auto& layout = machine().layout;
        QCOMPARE(layout.states.at("Shooting"), (model::Rect{360, 45, 300, 200}));
        QCOMPARE(layout.states.at("Swivel"), (model::Rect{380, 85, 100, 50}));
        QCOMPARE(layout.states.at("Focus"), (model::Rect{510, 85, 100, 50}));
        QCOMPARE(layout.states.at("Idle"), (model::Rect{220, 40, 100, 50}));
        QCOMPARE(layout.transitions.at("moved").route[0], (model::Point{490, 105}));
        QCOMPARE(*layout.transitions.at("moved").label, (model::Point{490, 95}));
        QCOMPARE(announced.pushed, (Kinds{Kind::LayoutChanged}));
        QCOMPARE(announced.undone, (Kinds{Kind::LayoutChanged}));
    }

    void moveShiftsHalfForOneMovedEnd() {
        QCOMPARE(test::pushUndoRedo(m_document,
                                    new MoveStates(&m_document, {"Off", "Idle"}, {10, 20}),
                                    "Move 2 States"),
                 QString());
        const auto& layout = machine().layout;
        QCOMPARE(layout.transitions.at("powerOn").route[0], (model::Point{155, 35}));
        QCOMPARE(*layout.transitions.at("powerOn").label, (model::Point{155, 20}));
        QCOMPARE(layout.transitions.at("self").route[1], (model::Point{350, 60})); // targetless
        QCOMPARE(layout.transitions.at("a").route[0], (model::Point{150, 480}));   // untouched
    }

    void consecutiveMovesMerge() {
        const model::Machine before = machine();
        stack().push(new MoveStates(&m_document, {"Shooting", "Idle"}, {0.1, 0.2}));
        stack().push(new MoveStates(&m_document, {"Idle", "Shooting"}, {0.7, -0.3}));
        stack().push(new MoveStates(&m_document, {"Shooting", "Idle", "Idle"}, {1e-3, 3}));
        QCOMPARE(stack().count(), 1);
        QCOMPARE(stack().undoText(), QStringLiteral("Move 2 States"));
        const model::Machine after = machine();
        QCOMPARE(after.layout.states.at("Idle").x, ((220 + 0.1) + 0.7) + 1e-3);
        stack().undo();
        QCOMPARE(test::difference(before, machine()), QString()); // exact, no drift
        stack().redo();
        QCOMPARE(test::difference(after, machine()), QString());

        // Another set is another step; moving back to the start leaves no step.
        stack().push(new MoveStates(&m_document, {"Off"}, {5, 5}));
        QCOMPARE(stack().count(), 2);
        stack().push(new MoveStates(&m_document, {"Off"}, {-5, -5}));
        QCOMPARE(stack().count(), 1);
        QCOMPARE(test::difference(after, machine()), QString());
        // A move that moves nothing is no step.
        checkRefused(m_document, new MoveStates(&m_document, {"Idle"}, {0, 0}));
    }

    void resizeStateMerges() {
        test::Announced announced;
        QCOMPARE(test::pushUndoRedo(m_document,
                                    new ResizeState(&m_document, "Idle", {220, 40, 150, 80}),
                                    "Resize State", &announced),
                 QString());
        QCOMPARE(announced.pushed, (Kinds{Kind::LayoutChanged}));
        stack().push(new ResizeState(&m_document, "Idle", {220, 40, 160, 90}));
        QCOMPARE(stack().count(), 1);
        stack().push(new ResizeState(&m_document, "Off", {0, 0, 10, 10}));
        QCOMPARE(stack().count(), 2);
        stack().undo();
        stack().undo();
        QCOMPARE(test::difference(test::sampleMachine(), machine()), QString());
        // A state without a rect gets one; undo takes it away again.
        model::Machine unplaced = test::sampleMachine();
        unplaced.layout.states.erase("Idle");
        m_document.reset(unplaced, {});
        QCOMPARE(test::pushUndoRedo(m_document, new ResizeState(&m_document, "Idle", {1, 2, 3, 4}),
                                    "Resize State"),
                 QString());
    }

    void setWholeLayout() {
        model::Layout layout;
        layout.states["Off"] = {1, 2, 3, 4};
        layout.states["Ghost"] = {1, 2, 3, 4};
        layout.transitions["motion"] = {{{1, 1}}, model::Point{2, 2}};
        test::Announced announced;
        QCOMPARE(test::pushUndoRedo(m_document,
                                    new SetLayout(&m_document, layout, SetLayout::Scope::Whole),
                                    "Arrange", &announced),
                 QString());
        QCOMPARE(machine().layout, layout);
        QCOMPARE(announced.pushed, (Kinds{Kind::LayoutChanged}));
    }

    void setLayoutEntries() {
        model::Layout layout;
        layout.states["Idle"] = {1, 2, 3, 4};
        layout.transitions["motion"] = {{{1, 1}}, std::nullopt};
        QCOMPARE(test::pushUndoRedo(m_document,
                                    new SetLayout(&m_document, layout, SetLayout::Scope::Entries,
                                                  "Arrange Selection"),
                                    "Arrange Selection"),
                 QString());
        model::Layout expected = test::sampleMachine().layout;
        expected.states["Idle"] = {1, 2, 3, 4};
        expected.transitions["motion"] = {{{1, 1}}, std::nullopt};
        QCOMPARE(machine().layout, expected);
        // Its announcement names only what changed.
        test::ChangeRecorder recorder(m_document);
        stack().undo();
        const auto changes = recorder.takeChanges();
        QCOMPARE(changes.size(), std::size_t(1));
        QCOMPARE(changes[0].ids, (std::vector<std::string>{"Idle", "motion"}));
    }

    // ---- ReparentState

    void reparentIntoCompound() {
        test::Announced announced;
        QCOMPARE(test::pushUndoRedo(m_document, new ReparentState(&m_document, "Off", "On"),
                                    "Nest State", &announced),
                 QString());
        QCOMPARE(
            stateOrder(machine()),
            (std::vector<std::string>{"On", "Idle", "Shooting", "Swivel", "Focus", "History", "Off",
                                      "Both", "RegionA", "A1", "A2", "RegionB", "B1", "Done"}));
        QCOMPARE(machine().findState("Off")->parent, std::string("On"));
        QCOMPARE(machine().initial, std::string("On")); // Off left the top level
        QCOMPARE(machine().findState("On")->initial, std::string("Idle"));
        QCOMPARE(announced.pushed, (Kinds{Kind::StatesChanged, Kind::MachineProperties}));
    }

    void reparentSubtreeToTopLevel() {
        QCOMPARE(test::pushUndoRedo(m_document, new ReparentState(&m_document, "Shooting", ""),
                                    "Move State to Top Level"),
                 QString());
        QCOMPARE(
            stateOrder(machine()),
            (std::vector<std::string>{"Off", "On", "Idle", "History", "Both", "RegionA", "A1", "A2",
                                      "RegionB", "B1", "Done", "Shooting", "Swivel", "Focus"}));
        QCOMPARE(machine().findState("Swivel")->parent, std::string("Shooting"));
    }

    void reparentFixesInitials() {
        QCOMPARE(test::pushUndoRedo(m_document, new ReparentState(&m_document, "Idle", "Off"),
                                    "Nest State"),
                 QString());
        QCOMPARE(machine().findState("On")->initial, std::string("Shooting"));
        QCOMPARE(machine().findState("Off")->initial, std::string("Idle"));
        QCOMPARE(countCodes(machine(), {model::codes::BadInitial, model::codes::MissingInitial,
                                        model::codes::DanglingReference}),
                 0);
    }

    void reparentRefused() {
        checkRefused(m_document, new ReparentState(&m_document, "On", "Swivel")); // below itself
        checkRefused(m_document, new ReparentState(&m_document, "On", "On"));
        checkRefused(m_document, new ReparentState(&m_document, "Idle", "On")); // already there
        checkRefused(m_document, new ReparentState(&m_document, "Idle", "Done"));
        checkRefused(m_document, new ReparentState(&m_document, "Idle", "Nowhere"));
    }

    // ---- Transitions

    void addTransition() {
        auto* command = new AddTransition(&m_document, "Off", {"Done"}, "PowerMode");
        QCOMPARE(command->transitionId(), std::string("t1"));
        test::Announced announced;
        QCOMPARE(test::pushUndoRedo(m_document, command, "Add Transition", &announced), QString());
        QCOMPARE(transitionOrder(machine())[1], std::string("t1")); // after Off's others
        QCOMPARE(machine().transitions[1].event, std::string("PowerMode"));
        QCOMPARE(announced.pushed, (Kinds{Kind::TransitionsAdded}));
        QCOMPARE(announced.undone, (Kinds{Kind::TransitionsRemoved}));
        QCOMPARE(test::pushUndoRedo(m_document, new AddTransition(&m_document, "Idle", {}),
                                    "Add Transition"),
                 QString());
        QCOMPARE(machine().transitions.back().id, std::string("t2"));
    }

    void transitionIdsAreUniqueAcrossStates() {
        model::Machine m = test::sampleMachine();
        m.states.push_back(test::state("t1"));
        m.transitions.push_back(test::transition("t2", "Off", {"On"}));
        m_document.reset(m, {});
        auto* command = new AddTransition(&m_document, "t1", {"t1"});
        QCOMPARE(command->transitionId(), std::string("t3"));
        QCOMPARE(test::pushUndoRedo(m_document, command, "Add Transition"), QString());
        checkRefused(m_document, new AddTransition(&m_document, "Off", {"On"}, {}, "Idle"));
    }

    void addTransitionRefused() {
        checkRefused(m_document, new AddTransition(&m_document, "Nowhere", {"On"}));
        checkRefused(m_document, new AddTransition(&m_document, "On", {"Nowhere"}));
    }

    void reconnectTransition() {
        test::Announced announced;
        QCOMPARE(
            test::pushUndoRedo(m_document,
                               new ReconnectTransition(&m_document, "moved",
                                                       ReconnectTransition::End::Target, "Idle"),
                               "Reconnect Transition", &announced),
            QString());
        QCOMPARE(machine().findTransition("moved")->targets, std::vector<std::string>{"Idle"});
        QVERIFY(machine().layout.transitions.count("moved") == 0);
        QCOMPARE(announced.pushed, (Kinds{Kind::TransitionsChanged, Kind::LayoutChanged}));

        QCOMPARE(
            test::pushUndoRedo(m_document,
                               new ReconnectTransition(&m_document, "motion",
                                                       ReconnectTransition::End::Source, "Off"),
                               "Reconnect Transition", &announced),
            QString());
        QCOMPARE(machine().findTransition("motion")->source, std::string("Off"));
        QCOMPARE(announced.pushed, (Kinds{Kind::TransitionsChanged})); // it had no layout

        QCOMPARE(
            test::pushUndoRedo(m_document,
                               new ReconnectTransition(&m_document, "self",
                                                       ReconnectTransition::End::Target, "Off", 5),
                               "Reconnect Transition"),
            QString());
        QCOMPARE(machine().findTransition("self")->targets, std::vector<std::string>{"Off"});

        checkRefused(m_document, new ReconnectTransition(&m_document, "a",
                                                         ReconnectTransition::End::Source, "A1"));
        checkRefused(m_document, new ReconnectTransition(&m_document, "a",
                                                         ReconnectTransition::End::Target, "Nope"));
        checkRefused(m_document, new ReconnectTransition(&m_document, "nope",
                                                         ReconnectTransition::End::Target, "A1"));
    }

    void renameTransitionMovesItsLayout() {
        model::Machine start = machine();
        start.layout.transitions["motion"] = model::EdgeLayout{};
        m_document.reset(start, {});
        test::Announced announced;
        QCOMPARE(test::pushUndoRedo(m_document,
                                    new ChangeTransitionId(&m_document, "motion", "swivelOnMotion"),
                                    "Rename Transition", &announced),
                 QString());
        QVERIFY(machine().findTransition("motion") == nullptr);
        QVERIFY(machine().findTransition("swivelOnMotion") != nullptr);
        QCOMPARE(machine().layout.transitions.count("swivelOnMotion"), std::size_t{1});
        QCOMPARE(machine().layout.transitions.count("motion"), std::size_t{0});
        QCOMPARE(announced.pushed, (Kinds{Kind::TransitionsRemoved, Kind::TransitionsAdded, Kind::TransitionRenamed}));
    }

    void renameTransitionRefused() {
        checkRefused(m_document, new ChangeTransitionId(&m_document, "motion", ""));
        checkRefused(m_document, new ChangeTransitionId(&m_document, "motion", "Idle"));  // a state's id
        checkRefused(m_document, new ChangeTransitionId(&m_document, "motion", "self"));
        checkRefused(m_document, new ChangeTransitionId(&m_document, "nope", "fresh"));
    }

    void changeTransitionProperties() {
        model::Action send;
        send.kind = model::ActionKind::Send;
        send.name = "Focus";
        struct Case {
            QUndoCommand* command;
            QString text;
        };
        const std::vector<Case> cases{
            {new ChangeTransitionEvent(&m_document, {"motion", "a"}, "NewIMG"), "Change Event"},
            {new ChangeTransitionGuard(&m_document, {"moved"}, "count > 1"), "Change Guard"},
            {new ChangeTransitionActions(&m_document, {"moved"}, {send}),
             "Change Transition Actions"},
            {new ChangeTransitionType(&m_document, {"motion"}, model::TransitionType::Internal),
             "Change Transition Type"},
            {new ChangeTransitionAfter(&m_document, {"moved"}, 500), "Change Timer"},
        };
        for (const Case& c : cases) {
            test::Announced announced;
            QCOMPARE(test::pushUndoRedo(m_document, c.command, c.text, &announced), QString());
            QCOMPARE(announced.pushed, (Kinds{Kind::TransitionsChanged}));
            QCOMPARE(announced.undone, (Kinds{Kind::TransitionsChanged}));
        }
        QCOMPARE(machine().findTransition("a")->event, std::string("NewIMG"));
        QCOMPARE(machine().findTransition("moved")->guard.text, std::string("count > 1"));
        QCOMPARE(machine().findTransition("moved")->actions, std::vector<model::Action>{send});
        QCOMPARE(machine().findTransition("motion")->type, model::TransitionType::Internal);
        QCOMPARE(machine().findTransition("moved")->afterMs, std::optional<std::int64_t>(500));
        QCOMPARE(stack().count(), 5);
    }

    // ---- Renaming

    void renameUpdatesReferences() {
        test::Announced announced;
        QCOMPARE(test::pushUndoRedo(m_document, new ChangeStateId(&m_document, "Idle", "Waiting"),
                                    "Rename State", &announced),
                 QString());
        const model::Machine& m = machine();
        QVERIFY(!m.findState("Idle"));
        QCOMPARE(m.findState("Waiting")->description, std::string("waiting"));
        QCOMPARE(m.findState("On")->initial, std::string("Waiting"));
        QCOMPARE(m.findTransition("motion")->source, std::string("Waiting"));
        QCOMPARE(m.findTransition("focused")->targets, std::vector<std::string>{"Waiting"});
        QCOMPARE(m.findTransition("self")->source, std::string("Waiting"));
        QCOMPARE(m.findTransition("motion")->guard.text, std::string("in(Idle)")); // text
        QCOMPARE(m.layout.states.at("Waiting"), (model::Rect{220, 40, 100, 50}));
        QVERIFY(m.layout.states.count("Idle") == 0);
        QCOMPARE(announced.pushed,
                 (Kinds{Kind::StateRenamed, Kind::StatesChanged, Kind::TransitionsChanged}));
        QCOMPARE(announced.undone,
                 (Kinds{Kind::StateRenamed, Kind::StatesChanged, Kind::TransitionsChanged}));

        QCOMPARE(test::pushUndoRedo(m_document, new ChangeStateId(&m_document, "Off", "Standby"),
                                    "Rename State", &announced),
                 QString());
        QCOMPARE(machine().initial, std::string("Standby"));
        QCOMPARE(announced.pushed,
                 (Kinds{Kind::StateRenamed, Kind::TransitionsChanged, Kind::MachineProperties}));

        QCOMPARE(test::pushUndoRedo(m_document, new ChangeStateId(&m_document, "Shooting", "Shot"),
                                    "Rename State"),
                 QString());
        QCOMPARE(machine().findState("Swivel")->parent, std::string("Shot"));
        QCOMPARE(machine().findState("Focus")->parent, std::string("Shot"));
        // Only the expression still names Idle, and validation points at it.
        std::vector<model::Diagnostic> dangling;
        for (const model::Diagnostic& d :
             model::validate(machine(), model::DeviceCatalog::builtin()))
            if (d.code == model::codes::DanglingReference || d.code == model::codes::DuplicateId)
                dangling.push_back(d);
        QCOMPARE(dangling.size(), std::size_t(1));
        QCOMPARE(dangling[0].elementId, std::string("motion"));
        QCOMPARE(dangling[0].field, std::string("guard"));
    }

    void renameAnnouncesOldAndNewId() {
        test::ChangeRecorder recorder(m_document);
        stack().push(new ChangeStateId(&m_document, "Idle", "Waiting"));
        QCOMPARE(recorder.takeChanges().front().ids, (std::vector<std::string>{"Idle", "Waiting"}));
        stack().undo();
        QCOMPARE(recorder.takeChanges().front().ids, (std::vector<std::string>{"Waiting", "Idle"}));
    }

    void consecutiveRenamesMerge() {
        stack().push(new ChangeStateId(&m_document, "Idle", "I"));
        stack().push(new ChangeStateId(&m_document, "I", "Id"));
        stack().push(new ChangeStateId(&m_document, "Id", "Idx"));
        QCOMPARE(stack().count(), 1);
        QCOMPARE(machine().findState("On")->initial, std::string("Idx"));
        const model::Machine after = machine();
        stack().undo();
        QCOMPARE(test::difference(test::sampleMachine(), machine()), QString());
        stack().redo();
        QCOMPARE(test::difference(after, machine()), QString());
        stack().push(new ChangeStateId(&m_document, "Off", "Standby"));
        QCOMPARE(stack().count(), 2);
    }

    void renameKeepsDanglingReferences() {
        // A reference to a state that does not exist must stay exactly as it was.
        model::Machine m = test::sampleMachine();
        m.transitions.push_back(test::transition("ghostly", "Off", {"Ghost"}));
        m_document.reset(m, {});
        stack().push(new ChangeStateId(&m_document, "Idle", "Ghost"));
        stack().push(new ChangeStateId(&m_document, "Ghost", "Idle2"));
        QCOMPARE(stack().count(), 1);
        QCOMPARE(machine().findTransition("ghostly")->targets, std::vector<std::string>{"Idle2"});
        stack().undo();
        QCOMPARE(test::difference(m, machine()), QString());
    }

    void renameRefused() {
        checkRefused(m_document, new ChangeStateId(&m_document, "Idle", "Off"));
        checkRefused(m_document, new ChangeStateId(&m_document, "Idle", "powerOn"));
        checkRefused(m_document, new ChangeStateId(&m_document, "Idle", ""));
        checkRefused(m_document, new ChangeStateId(&m_document, "Nowhere", "Else"));
    }

    // ---- State, machine and variable properties

    void changeStateProperties() {
        struct Case {
            QUndoCommand* command;
            QString text;
        };
        const std::vector<model::Action> actions{test::logAction("hello", "1")};
        const std::vector<Case> cases{
            {new ChangeStateKind(&m_document, {"Idle"}, K::Final), "Change State Kind"},
            {new ChangeStateInitial(&m_document, "On", "Shooting"), "Change Initial State"},
            {new ChangeStateDescription(&m_document, {"Idle", "Off"}, "d"),
             "Change State Description"},
            {new ChangeStateActions(&m_document, {"Off"}, ChangeStateActions::Which::OnEntry,
                                    actions),
             "Change Entry Actions"},
            {new ChangeStateActions(&m_document, {"Off", "On"}, ChangeStateActions::Which::OnExit,
                                    actions),
             "Change Exit Actions"},
        };
        for (const Case& c : cases) {
            test::Announced announced;
            QCOMPARE(test::pushUndoRedo(m_document, c.command, c.text, &announced), QString());
            QCOMPARE(announced.pushed, (Kinds{Kind::StatesChanged}));
        }
        QCOMPARE(stack().count(), 5); // entry and exit actions are different properties
        const model::Machine& m = machine();
        QCOMPARE(m.findState("Idle")->kind, K::Final);
        QCOMPARE(m.findState("On")->initial, std::string("Shooting"));
        QCOMPARE(m.findState("Off")->description, std::string("d"));
        QCOMPARE(m.findState("Idle")->description, std::string("d"));
        QCOMPARE(m.findState("Off")->onEntry, actions);
        QCOMPARE(m.findState("On")->onExit, actions);
    }

    void changeMachineProperties() {
        struct Case {
            QUndoCommand* command;
            QString text;
        };
        const std::vector<Case> cases{
            {new ChangeMachineName(&m_document, "Renamed"), "Rename Machine"},
            {new ChangeMachineDescription(&m_document, "about"), "Change Machine Description"},
            {new ChangeDeviceType(&m_document, "motion-sensor"), "Change Device Type"},
            {new ChangeMachineInitial(&m_document, "On"), "Change Initial State"},
        };
        for (const Case& c : cases) {
            test::Announced announced;
            QCOMPARE(test::pushUndoRedo(m_document, c.command, c.text, &announced), QString());
            QCOMPARE(announced.pushed, (Kinds{Kind::MachineProperties}));
            QCOMPARE(announced.undone, (Kinds{Kind::MachineProperties}));
        }
        QCOMPARE(machine().name, std::string("Renamed"));
        QCOMPARE(machine().description, std::string("about"));
        QCOMPARE(machine().deviceType, std::string("motion-sensor"));
        QCOMPARE(machine().initial, std::string("On"));
    }

    void variables() {
        const model::Variable flag{"flag", model::Type::Bool, false};
        test::Announced announced;
        QCOMPARE(test::pushUndoRedo(m_document, new AddVariable(&m_document, flag), "Add Variable",
                                    &announced),
                 QString());
        QCOMPARE(machine().variables.back(), flag);
        QCOMPARE(announced.pushed, (Kinds{Kind::MachineProperties}));
        QCOMPARE(
            test::pushUndoRedo(m_document, new AddVariable(&m_document, flag, 0), "Add Variable"),
            QString());
        QCOMPARE(machine().variables.front(), flag);

        QCOMPARE(test::pushUndoRedo(m_document, new RemoveVariable(&m_document, "count"),
                                    "Delete Variable", &announced),
                 QString());
        QVERIFY(!machine().findVariable("count"));
        QCOMPARE(announced.pushed, (Kinds{Kind::MachineProperties}));
        checkRefused(m_document, new RemoveVariable(&m_document, "nothing"));

        const model::Variable renamed{"title", model::Type::String, std::string("y")};
        QCOMPARE(test::pushUndoRedo(m_document, new ChangeVariable(&m_document, 1, renamed),
                                    "Change Variable", &announced),
                 QString());
        QCOMPARE(machine().variables[1], renamed);
        QCOMPARE(announced.pushed, (Kinds{Kind::MachineProperties}));
        // Typing the name on: one step, although the name (not the index) changes.
        const int count = stack().count();
        stack().push(
            new ChangeVariable(&m_document, 1, {"titles", model::Type::String, std::string("y")}));
        QCOMPARE(stack().count(), count);
        QCOMPARE(machine().variables[1].name, std::string("titles"));
    }

    void propertyEditsMerge() {
        const model::Machine before = machine();
        for (const char* text : {"w", "wa", "wai", "wait"})
            stack().push(new ChangeStateDescription(&m_document, {"Off"}, text));
        QCOMPARE(stack().count(), 1);
        QCOMPARE(machine().findState("Off")->description, std::string("wait"));
        // Another element, another property or another class: another step.
        stack().push(new ChangeStateDescription(&m_document, {"Idle"}, "x"));
        stack().push(new ChangeMachineDescription(&m_document, "y"));
        stack().push(new ChangeMachineName(&m_document, "z"));
        QCOMPARE(stack().count(), 4);
        stack().push(new ChangeMachineName(&m_document, "zz"));
        QCOMPARE(stack().count(), 4);
        // Typing back to where it started leaves no step.
        stack().push(new ChangeMachineName(&m_document, before.name));
        QCOMPARE(stack().count(), 3);
        // An edit that changes nothing is no step.
        checkRefused(m_document, new ChangeMachineName(&m_document, before.name));
        while (stack().canUndo())
            stack().undo();
        QCOMPARE(test::difference(before, machine()), QString());
    }

    // ---- Paste (more in test_clipboard_fragment)

    void pasteElements() {
        const ClipboardFragment fragment = ClipboardFragment::copy(machine(), {"Shooting"}, {});
        auto* command = new PasteElements(&m_document, fragment, "", {30, 40});
        test::Announced announced;
        QCOMPARE(test::pushUndoRedo(m_document, command, "Paste", &announced), QString());
        QCOMPARE(command->stateIds(), (std::vector<std::string>{"Shooting2", "Swivel2", "Focus2"}));
        QCOMPARE(command->transitionIds(), std::vector<std::string>{"moved2"});
        QCOMPARE(announced.pushed, (Kinds{Kind::StatesAdded, Kind::TransitionsAdded}));
        QCOMPARE(announced.undone, (Kinds{Kind::TransitionsRemoved, Kind::StatesRemoved}));
    }

    // ---- Many commands

    void randomSequenceUndoesAndRedoes() {
        const model::Machine initial = machine();
        std::mt19937 random(20240611);
        const auto pick = [&](std::size_t n) {
            return static_cast<std::size_t>(
                std::uniform_int_distribution<std::size_t>(0, n - 1)(random));
        };
        const auto chance = [&](double p) {
            return std::uniform_real_distribution<>(0, 1)(random) < p;
        };
        const auto anyState = [&]() -> std::string {
            const auto& states = machine().states;
            return states.empty() ? std::string("none") : states[pick(states.size())].id;
        };
        const auto anyTransition = [&]() -> std::string {
            const auto& transitions = machine().transitions;
            return transitions.empty() ? std::string("none")
                                       : transitions[pick(transitions.size())].id;
        };
        const auto someStates = [&](std::size_t most) {
            std::vector<std::string> ids;
            for (std::size_t i = 0, n = 1 + pick(most); i < n; ++i)
                ids.push_back(anyState());
            return ids;
        };
        const auto coordinate = [&]() { return std::uniform_real_distribution<>(-50, 50)(random); };
        const K kinds[] = {K::State, K::State,          K::State,      K::Parallel,
                           K::Final, K::ShallowHistory, K::DeepHistory};
        std::map<int, int> changed; // operation -> pushes that changed the model
        int names = 0;
        int pushes = 0;
        while (pushes < 500) {
            if (pushes > 0 && chance(0.08) && stack().canUndo()) {
                stack().undo(); // a later push drops the redo branch
                continue;
            }
            const int operation = static_cast<int>(pick(21));
            QUndoCommand* command = nullptr;
            switch (operation) {
            case 0: {
                std::optional<model::Rect> rect;
                if (chance(0.7))
                    rect = model::Rect{coordinate(), coordinate(), 80, 40};
                command = new AddState(&m_document, kinds[pick(7)],
                                       chance(0.3) ? std::string() : anyState(), {}, rect);
                break;
            }
            case 1:
                command = new AddParallelRegion(&m_document, anyState());
                break;
            case 2:
                command = new RemoveElements(
                    &m_document, chance(0.6) ? someStates(2) : std::vector<std::string>{},
                    {anyTransition()});
                break;
            case 3:
                command = new MoveStates(&m_document, someStates(3), {coordinate(), coordinate()});
                break;
            case 4:
                command = new ResizeState(&m_document, anyState(),
                                          {coordinate(), coordinate(), 100 + coordinate(), 60});
                break;
            case 5:
                command = new ReparentState(&m_document, anyState(),
                                            chance(0.2) ? std::string() : anyState());
                break;
            case 6: {
                std::vector<std::string> targets;
                for (std::size_t i = 0, n = pick(3); i < n; ++i)
                    targets.push_back(anyState());
                command = new AddTransition(&m_document, anyState(), targets, "Motion");
                break;
            }
            case 7:
                command = new ReconnectTransition(&m_document, anyTransition(),
                                                  chance(0.5) ? ReconnectTransition::End::Source
                                                              : ReconnectTransition::End::Target,
                                                  anyState(), pick(2));
                break;
            case 8:
                command = new ChangeTransitionEvent(&m_document, {anyTransition()},
                                                    chance(0.5) ? "Motion" : "FocusDone");
                break;
            case 9:
                command =
                    chance(0.5)
                        ? static_cast<QUndoCommand*>(new ChangeTransitionGuard(
                              &m_document, {anyTransition()}, "count > " + std::to_string(pick(3))))
                        : new ChangeTransitionAfter(&m_document, {anyTransition()},
                                                    chance(0.5) ? std::optional<std::int64_t>(100)
                                                                : std::nullopt);
                break;
            case 10:
                command =
                    new ChangeStateId(&m_document, anyState(),
                                      chance(0.8) ? "S" + std::to_string(++names) : anyState());
                break;
            case 11:
                command = new ChangeStateKind(&m_document, someStates(2), kinds[pick(7)]);
                break;
            case 12:
                command = new ChangeStateInitial(&m_document, anyState(), anyState());
                break;
            case 13:
                command = new ChangeStateDescription(&m_document, someStates(2),
                                                     std::string(pick(4), 'd'));
                break;
            case 14:
                command = new ChangeStateActions(&m_document, someStates(2),
                                                 chance(0.5) ? ChangeStateActions::Which::OnEntry
                                                             : ChangeStateActions::Which::OnExit,
                                                 {test::logAction("l", std::to_string(pick(3)))});
                break;
            case 15:
                command = chance(0.5)
                              ? static_cast<QUndoCommand*>(
                                    new ChangeMachineInitial(&m_document, anyState()))
                              : new ChangeMachineName(&m_document, std::string(pick(3), 'n'));
                break;
            case 16: {
                const std::size_t variables = machine().variables.size();
                if (variables == 0 || chance(0.4))
                    command = new AddVariable(
                        &m_document,
                        {"v" + std::to_string(pick(5)), model::Type::Int, std::int64_t{1}},
                        pick(variables + 1));
                else if (chance(0.5))
                    command =
                        new RemoveVariable(&m_document, machine().variables[pick(variables)].name);
                else
                    command = new ChangeVariable(
                        &m_document, pick(variables),
                        {"w" + std::to_string(pick(3)), model::Type::Bool, true});
                break;
            }
            case 17: {
                model::Layout layout;
                for (const std::string& id : someStates(3))
                    layout.states[id] = {coordinate(), coordinate(), 90, 45};
                layout.transitions[anyTransition()] = {{{coordinate(), coordinate()}},
                                                       std::nullopt};
                command = new SetLayout(&m_document, layout,
                                        chance(0.3) ? SetLayout::Scope::Whole
                                                    : SetLayout::Scope::Entries);
                break;
            }
            case 18:
                command = new PasteElements(
                    &m_document, ClipboardFragment::copy(machine(), someStates(2), {}),
                    chance(0.5) ? std::string() : anyState(), {coordinate(), coordinate()});
                break;
            case 19:
                command = new ChangeTransitionActions(&m_document, {anyTransition()},
                                                      {test::logAction("t", "2")});
                break;
            default:
                command = new ChangeTransitionType(&m_document, {anyTransition()},
                                                   chance(0.5) ? model::TransitionType::Internal
                                                               : model::TransitionType::External);
                break;
            }
            const model::Machine before = machine();
            stack().push(command);
            if (machine() != before)
                ++changed[operation];
            ++pushes;
            // Commands never make two elements share an id.
            std::set<std::string> ids;
            for (const model::State& s : machine().states)
                QVERIFY2(ids.insert(s.id).second, s.id.c_str());
            for (const model::Transition& t : machine().transitions)
                QVERIFY2(ids.insert(t.id).second, t.id.c_str());
        }
        // Every kind of command took part (not only refusals).
        QCOMPARE(changed.size(), std::size_t(21));
        QVERIFY(stack().count() > 100);
        const model::Machine final = machine();
        QVERIFY(final != initial);
        while (stack().canUndo())
            stack().undo();
        QCOMPARE(test::difference(initial, machine()), QString());
        while (stack().canRedo())
            stack().redo();
        QCOMPARE(test::difference(final, machine()), QString());
    }
};

QTEST_GUILESS_MAIN(TestCommands)
#include "test_commands.moc"
