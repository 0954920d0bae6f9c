// The undo commands the canvas's gestures are made of: CanvasGesture (a whole drag as
// one step), MoveTransitionLabel, and the series that keeps arrow-key nudges apart
// across mouse clicks (MoveStates).

#include <QtTest>

#include <memory>

#include "commands/canvas_gesture.h"
#include "commands/layout_change.h"
#include "commands/move_transition_label.h"
#include "commands/reparent_state.h"
#include "document_test_support.h"

using namespace swivel;

class TestCanvasCommands : public QObject {
    Q_OBJECT
private slots:
    void gestureIsOneStepOfManyMoves() {
        document::Document document;
        document.reset(test::sampleMachine(), {});
        const model::Machine before = document.machine();
        auto gesture = std::make_unique<commands::CanvasGesture>(QStringLiteral("Nest State"));
        // A drag of Off in three mouse moves, then the drop into Both.
        for (int i = 0; i < 3; ++i)
            gesture->apply(std::make_unique<commands::MoveStates>(&document,
                                                                  std::vector<std::string>{"Off"},
                                                                  model::Point{10, 140}));
        QCOMPARE(gesture->stepCount(), std::size_t(1));  // the moves merged
        QCOMPARE(document.machine().layout.states.at("Off").y, 420.0);
        gesture->apply(std::make_unique<commands::ReparentState>(&document, "Off", "Both"));
        QCOMPARE(gesture->stepCount(), std::size_t(2));
        const model::Machine after = document.machine();
        QCOMPARE(after.findState("Off")->parent, std::string("Both"));

        QUndoStack& stack = *document.undoStack();
        stack.push(gesture.release());  // already applied: the push changes nothing
        QCOMPARE(document.machine(), after);
        QCOMPARE(stack.count(), 1);
        QCOMPARE(stack.undoText(), QStringLiteral("Nest State"));
        stack.undo();
        QCOMPARE(document.machine(), before);
        stack.redo();
        QCOMPARE(document.machine(), after);
        stack.undo();
        QCOMPARE(document.machine(), before);
    }

    void gestureRevertsAndDropsNoOps() {
        document::Document document;
        document.reset(test::sampleMachine(), {});
        const model::Machine before = document.machine();
        commands::CanvasGesture gesture(QStringLiteral("Move State"));
        gesture.apply(std::make_unique<commands::MoveStates>(
            &document, std::vector<std::string>{"On"}, model::Point{5, 5}));
        QVERIFY(document.machine() != before);
        // Back to the start: the merged step moves nothing and is dropped.
        gesture.apply(std::make_unique<commands::MoveStates>(
            &document, std::vector<std::string>{"On"}, model::Point{-5, -5}));
        QVERIFY(gesture.isEmpty());
        QCOMPARE(document.machine(), before);
        // A refused step (into its own child) is not kept either.
        gesture.apply(std::make_unique<commands::ReparentState>(&document, "On", "Idle"));
        QVERIFY(gesture.isEmpty());
        gesture.apply(std::make_unique<commands::ResizeState>(&document, "Off",
                                                              model::Rect{0, 0, 150, 60}));
        gesture.apply(std::make_unique<commands::ResizeState>(&document, "Off",
                                                              model::Rect{0, 0, 170, 70}));
        QCOMPARE(gesture.stepCount(), std::size_t(1));
        QCOMPARE(document.machine().layout.states.at("Off").width, 170.0);
        gesture.revert();  // Escape
        QVERIFY(gesture.isEmpty());
        QCOMPARE(document.machine(), before);
    }

    void moveLabel() {
        document::Document document;
        document.reset(test::sampleMachine(), {});
        test::Announced announced;
        // A transition with a route keeps it; one without gets an entry of its own.
        QCOMPARE(test::pushUndoRedo(document,
                                    new commands::MoveTransitionLabel(&document, "moved", {490, 70}),
                                    QStringLiteral("Move Label"), &announced),
                 QString());
        QCOMPARE(announced.pushed, test::Kinds{test::Kind::LayoutChanged});
        const model::EdgeLayout& moved = document.machine().layout.transitions.at("moved");
        QCOMPARE(moved.route.size(), std::size_t(1));
        QCOMPARE(moved.label->x, 490.0);
        QCOMPARE(test::pushUndoRedo(document,
                                    new commands::MoveTransitionLabel(&document, "toBoth", {260, 300}),
                                    QStringLiteral("Move Label")),
                 QString());
        QVERIFY(document.machine().layout.transitions.at("toBoth").route.empty());
        // Consecutive moves of one label merge; of another, not.
        commands::MoveTransitionLabel first(&document, "a", {1, 2});
        first.redo();
        commands::MoveTransitionLabel second(&document, "a", {3, 4});
        second.redo();
        QVERIFY(first.mergeWith(&second));
        commands::MoveTransitionLabel other(&document, "motion", {3, 4});
        other.redo();
        QVERIFY(!first.mergeWith(&other));
        // No such transition: nothing to do, nothing pushed.
        const int count = document.undoStack()->count();
        document.undoStack()->push(new commands::MoveTransitionLabel(&document, "nope", {0, 0}));
        QCOMPARE(document.undoStack()->count(), count);
    }

    void nudgesMergeWithinOneSeries() {
        document::Document document;
        document.reset(test::sampleMachine(), {});
        QUndoStack& stack = *document.undoStack();
        const std::vector<std::string> off{"Off"};
        stack.push(new commands::MoveStates(&document, off, {10, 0}, 1));
        stack.push(new commands::MoveStates(&document, off, {10, 0}, 1));
        QCOMPARE(stack.count(), 1);
        stack.push(new commands::MoveStates(&document, off, {0, 10}, 2));  // after a click
        QCOMPARE(stack.count(), 2);
        QCOMPARE(document.machine().layout.states.at("Off").x, 20.0);
        QCOMPARE(document.machine().layout.states.at("Off").y, 10.0);
        stack.undo();
        QCOMPARE(document.machine().layout.states.at("Off").y, 0.0);
        QCOMPARE(document.machine().layout.states.at("Off").x, 20.0);
        stack.undo();
        QCOMPARE(document.machine(), test::sampleMachine());
    }
};

QTEST_MAIN(TestCanvasCommands)
#include "test_canvas_commands.moc"
