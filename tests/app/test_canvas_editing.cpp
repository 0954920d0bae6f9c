// The canvas as an editor, offscreen, with real mouse and key events on a real view:
// every tool gesture must end as undo commands on the Document, and the scene must
// follow the model (and undo) on its own.

#include <QtTest>

#include <algorithm>

#include <QDir>
#include <QScrollBar>
#include <QWheelEvent>

#include "canvas/arrange.h"
#include "canvas/graphviz_layout.h"
#include "canvas/machine_scene.h"
#include "canvas/machine_view.h"
#include "canvas/tools/add_initial_tool.h"
#include "canvas/tools/add_region_tool.h"
#include "canvas/tools/add_state_tool.h"
#include "canvas/tools/add_transition_tool.h"
#include "canvas/tools/select_tool.h"
#include "canvas_test_support.h"
#include "document/document.h"
#include "document/selection.h"
#include "model/machine_file.h"

using namespace swivel;

namespace {

using test::makeState;

model::Machine sampleMachine() {
    return test::canvasSample();
}

QRectF rectOf(const document::Document& document, const std::string& id) {
    return test::stateRect(document, id);
}

using Editor = test::CanvasEditor;

} // namespace

class TestCanvasEditing : public QObject {
    Q_OBJECT
private slots:
    void addStateWithTool() {
        Editor editor{model::Machine{}};
        canvas::AddStateTool tool;
        editor.scene.setTool(&tool);
        editor.press({120, 80});
        editor.release({120, 80});
        QCOMPARE(editor.document.machine().states.size(), std::size_t(1));
        const std::string id = editor.document.machine().states.front().id;
        QVERIFY(rectOf(editor.document, id).contains(QPointF(120, 80)));
        QCOMPARE(editor.document.undoStack()->count(), 1);
        QCOMPARE(editor.selection.single(), id);
        QVERIFY(editor.scene.stateItem(id));
        QVERIFY(editor.scene.stateItem(id)->isSelected());

        // Inside a compound state, the new state becomes its child.
        Editor nested{sampleMachine()};
        nested.scene.setTool(&tool);
        nested.press({300, 380});
        nested.release({300, 380});
        const model::State& added = nested.document.machine().states.back();
        QCOMPARE(added.parent, std::string("C"));
        nested.document.undoStack()->undo();
        QCOMPARE(nested.document.machine(), sampleMachine());
        QVERIFY(!nested.scene.stateItem(added.id));
    }

    void addStateInsideABigPlainStateNestsIt() {
        model::Machine machine = sampleMachine();
        machine.layout.states["B"] = {300, 0, 400, 160};  // drawn big, still atomic
        machine.layout.states["A"] = {0, 0, 70, 30};      // smaller than a new state
        Editor editor{machine};
        canvas::AddStateTool tool;
        editor.scene.setTool(&tool);
        editor.press({500, 90});
        editor.release({500, 90});
        const model::State& added = *editor.document.machine().findState(editor.selection.single());
        QCOMPARE(added.parent, std::string("B"));
        QCOMPARE(editor.document.machine().findState("B")->initial, added.id);
        QVERIFY(editor.scene.stateItem("B")->isContainer());
        QVERIFY(editor.scene.stateItem(added.id)->zValue() > editor.scene.stateItem("B")->zValue());
        // A is too small to hold a new state: a click in it adds one at the top level.
        editor.press({35, 15});
        editor.release({35, 15});
        QCOMPARE(editor.document.machine().findState(editor.selection.single())->parent,
                 std::string());
        QVERIFY(!editor.scene.stateItem("A")->isContainer());
    }

    void otherTools() {
        Editor editor{sampleMachine()};
        canvas::AddStateTool final(model::StateKind::Final);
        editor.scene.setTool(&final);
        editor.press({600, 100});
        editor.release({600, 100});
        QCOMPARE(editor.document.machine().states.back().kind, model::StateKind::Final);
        canvas::AddStateTool history(model::StateKind::ShallowHistory);
        editor.scene.setTool(&history);
        editor.press({300, 400}, Qt::ShiftModifier);
        editor.release({300, 400}, Qt::ShiftModifier);
        const auto& states = editor.document.machine().states;
        const auto deep = std::find_if(states.begin(), states.end(), [](const model::State& s) {
            return s.kind == model::StateKind::DeepHistory;
        });
        QVERIFY(deep != states.end());
        QCOMPARE(deep->parent, std::string("C"));
        canvas::AddInitialTool initial;
        editor.scene.setTool(&initial);
        editor.press({350, 25});
        editor.release({350, 25});
        QCOMPARE(editor.document.machine().initial, std::string("B"));
        canvas::AddRegionTool region;
        editor.scene.setTool(&region);
        editor.press({350, 25});
        editor.release({350, 25});
        QCOMPARE(editor.document.machine().findState("B")->kind, model::StateKind::Parallel);
        QCOMPARE(editor.document.undoStack()->count(), 4);
        while (editor.document.undoStack()->canUndo())
            editor.document.undoStack()->undo();
        QCOMPARE(editor.document.machine(), sampleMachine());
    }

    void zoomAndPan() {
        Editor editor{sampleMachine()};
        editor.view.resize(300, 200);  // smaller than the drawing: it can scroll
        editor.view.centerOn(350, 25);
        const QPoint cursor = editor.at({350, 25});
        QWheelEvent wheel(cursor, editor.view.viewport()->mapToGlobal(cursor), {}, {0, 120},
                          Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(editor.view.viewport(), &wheel);
        QVERIFY(editor.view.zoom() > 1.2);
        // The point under the cursor stays there.
        QVERIFY((editor.view.mapToScene(cursor) - QPointF(350, 25)).manhattanLength() < 3);
        editor.view.resetZoom();
        QCOMPARE(editor.view.zoom(), 1.0);
        editor.view.fitToWindow();
        QVERIFY(editor.view.zoom() < 0.5);
        // A middle-button drag pans without touching the model.
        editor.view.resetZoom();
        editor.view.centerOn(200, 200);
        const int before = editor.view.horizontalScrollBar()->value();
        QTest::mousePress(editor.view.viewport(), Qt::MiddleButton, {}, QPoint(100, 70));
        QTest::mouseMove(editor.view.viewport(), QPoint(60, 70));
        QTest::mouseRelease(editor.view.viewport(), Qt::MiddleButton, {}, QPoint(60, 70));
        QCOMPARE(editor.view.horizontalScrollBar()->value(), before + 40);
        QCOMPARE(editor.document.undoStack()->count(), 0);
    }

    void dragMovesStateInOneUndoStep() {
        Editor editor{sampleMachine()};
        canvas::SelectTool tool;
        editor.scene.setTool(&tool);
        editor.drag({50, 25}, {170, 105}, 8);
        QCOMPARE(rectOf(editor.document, "A"), QRectF(120, 80, 100, 50));
        QCOMPARE(editor.scene.stateItem("A")->sceneRect(), QRectF(120, 80, 100, 50));
        QCOMPARE(editor.document.undoStack()->count(), 1);
        QCOMPARE(editor.selection.states(), std::vector<std::string>{"A"});
        editor.document.undoStack()->undo();
        QCOMPARE(editor.document.machine(), sampleMachine());
        QCOMPARE(editor.scene.stateItem("A")->sceneRect(), QRectF(0, 0, 100, 50));

        // Escape in the middle of a drag leaves nothing behind.
        editor.press({350, 25});
        editor.move({360, 40});
        editor.move({380, 60});
        QTest::keyClick(&editor.view, Qt::Key_Escape);
        editor.release({380, 60});
        QCOMPARE(editor.document.machine(), sampleMachine());
    }

    void resizeWithHandle() {
        Editor editor{sampleMachine()};
        canvas::SelectTool tool;
        editor.scene.setTool(&tool);
        editor.selection.selectState("B");
        editor.drag({400, 50}, {440, 70});
        QCOMPARE(rectOf(editor.document, "B"), QRectF(300, 0, 140, 70));
        QCOMPARE(editor.document.undoStack()->count(), 1);
    }

    void drawTransitionAndSelfLoop() {
        Editor editor{sampleMachine()};
        canvas::AddTransitionTool tool;
        editor.scene.setTool(&tool);
        editor.drag({50, 25}, {350, 25});
        editor.drag({60, 30}, {40, 20});
        const auto& transitions = editor.document.machine().transitions;
        QCOMPARE(transitions.size(), std::size_t(2));
        QCOMPARE(transitions[0].source, std::string("A"));
        QCOMPARE(transitions[0].targets, std::vector<std::string>{"B"});
        QCOMPARE(transitions[1].source, std::string("A"));
        QCOMPARE(transitions[1].targets, std::vector<std::string>{"A"});
        QVERIFY(editor.scene.transitionItem(transitions[0].id));
        QVERIFY(editor.scene.transitionItem(transitions[1].id));
        QCOMPARE(editor.selection.single(), transitions[1].id);
        QCOMPARE(editor.document.undoStack()->count(), 2);
        // Released on empty canvas: nothing, and the rubber line is gone.
        const int items = editor.scene.items().size();
        editor.drag({350, 25}, {700, 600});
        QCOMPARE(editor.document.machine().transitions.size(), std::size_t(2));
        QCOMPARE(editor.scene.items().size(), items);
    }

    void nestByDroppingIntoCompound() {
        Editor editor{sampleMachine()};
        canvas::SelectTool tool;
        editor.scene.setTool(&tool);
        editor.drag({50, 25}, {250, 350});
        QCOMPARE(editor.document.machine().findState("A")->parent, std::string("C"));
        QCOMPARE(rectOf(editor.document, "A"), QRectF(200, 325, 100, 50));
        QVERIFY(editor.scene.stateItem("A")->zValue() > editor.scene.stateItem("C")->zValue());
        // And out again to the top level.
        editor.drag({250, 350}, {650, 100});
        QCOMPARE(editor.document.machine().findState("A")->parent, std::string());
        while (editor.document.undoStack()->canUndo())
            editor.document.undoStack()->undo();
        QCOMPARE(editor.document.machine(), sampleMachine());
    }

    void rubberBandSelects() {
        Editor editor{sampleMachine()};
        canvas::SelectTool tool;
        editor.scene.setTool(&tool);
        editor.drag({-20, -20}, {420, 80});
        QCOMPARE(editor.selection.states(), (std::vector<std::string>{"A", "B"}));
        QVERIFY(editor.scene.stateItem("B")->isSelected());
        // The other way round: the Selection drives the canvas.
        editor.selection.selectState("C1");
        QVERIFY(!editor.scene.stateItem("A")->isSelected());
        QVERIFY(editor.scene.stateItem("C1")->isSelected());
        QCOMPARE(editor.document.undoStack()->count(), 0);
    }

    void deleteAndUndo() {
        Editor editor{sampleMachine()};
        canvas::SelectTool tool;
        editor.scene.setTool(&tool);
        editor.press({50, 25});
        editor.release({50, 25});
        editor.press({350, 25}, Qt::ControlModifier);
        editor.release({350, 25}, Qt::ControlModifier);
        QCOMPARE(editor.selection.states(), (std::vector<std::string>{"A", "B"}));
        editor.view.setFocus();
        QTest::keyClick(&editor.view, Qt::Key_Delete);
        QVERIFY(!editor.document.machine().findState("A"));
        QVERIFY(!editor.document.machine().findState("B"));
        QVERIFY(!editor.scene.stateItem("A"));
        QVERIFY(editor.selection.isEmpty());
        QCOMPARE(editor.document.undoStack()->count(), 1);
        editor.document.undoStack()->undo();
        QCOMPARE(editor.document.machine(), sampleMachine());
        QVERIFY(editor.scene.stateItem("A"));

        // Arrow keys nudge, and consecutive nudges are one step.
        editor.selection.selectState("C");
        QTest::keyClick(&editor.view, Qt::Key_Right);
        QTest::keyClick(&editor.view, Qt::Key_Right);
        QCOMPARE(rectOf(editor.document, "C1"), QRectF(40, 240, 80, 40));
        QCOMPARE(editor.document.undoStack()->index(), 1);
    }

    void computedLayoutIsViewOnlyUntilEdited() {
        model::Machine machine = sampleMachine();
        machine.layout = {};
        Editor editor{machine};
        QVERIFY(editor.scene.layoutComputed());
        QVERIFY(editor.scene.stateItem("A"));
        QCOMPARE(editor.document.undoStack()->count(), 0);
        QCOMPARE(editor.document.machine(), machine);
        // The first drag stores the computed places, then moves.
        canvas::SelectTool tool;
        editor.scene.setTool(&tool);
        const QRectF before = editor.scene.stateItem("B")->sceneRect();
        editor.drag(before.center(), before.center() + QPointF(40, 30));
        QCOMPARE(rectOf(editor.document, "B"), before.translated(40, 30));
        QCOMPARE(editor.scene.stateItem("B")->sceneRect(), before.translated(40, 30));
        while (editor.document.undoStack()->canUndo())
            editor.document.undoStack()->undo();
        QCOMPARE(editor.document.machine(), machine);
        QCOMPARE(editor.scene.stateItem("B")->sceneRect(), before);
    }

    void arrangeSelectionIsOneStep() {
        Editor editor{sampleMachine()};
        editor.selection.selectState("C");
        QVERIFY(canvas::arrange(editor.document, &editor.selection));
        QCOMPARE(editor.document.undoStack()->count(), 1);
        QCOMPARE(rectOf(editor.document, "A"), QRectF(0, 0, 100, 50));  // not selected
        QVERIFY(rectOf(editor.document, "C").contains(rectOf(editor.document, "C1")));
        editor.document.undoStack()->undo();
        QCOMPARE(editor.document.machine(), sampleMachine());
    }

    void arrangeLeavesNoOverlappingLabels() {
        const QDir dir(QStringLiteral(SWIVEL_SOURCE_RESOURCES "/examples"));
        const QStringList files = dir.entryList({QStringLiteral("*.swivel.json")}, QDir::Files);
        QVERIFY(!files.isEmpty());
        for (const QString& name : files) {
            const auto loaded = model::loadMachineFile(dir.filePath(name).toStdString());
            QVERIFY2(loaded.machine, qPrintable(name));
            model::Machine machine = *loaded.machine;
            machine.layout = {};  // make Arrange an edit for every example
            Editor editor{machine};
            QVERIFY(canvas::arrange(editor.document));
            QCOMPARE(editor.document.undoStack()->count(), 1);
            QCOMPARE(editor.document.undoStack()->undoText(), QStringLiteral("Arrange"));
            QVERIFY(canvas::layoutCoversStates(editor.document.machine()));

            std::vector<QRectF> labels, nodes;
            for (const model::Transition& transition : editor.document.machine().transitions) {
                const canvas::TransitionItem* item = editor.scene.transitionItem(transition.id);
                QVERIFY2(item, qPrintable(name));
                if (!item->isTargetless())
                    labels.push_back(item->labelRect());
            }
            for (const model::State& state : editor.document.machine().states) {
                const canvas::StateItem* item = editor.scene.stateItem(state.id);
                QVERIFY(item);
                if (!item->isContainer())
                    nodes.push_back(item->sceneRect());
            }
            const auto overlap = [](const QRectF& a, const QRectF& b) {
                return a.adjusted(0.5, 0.5, -0.5, -0.5).intersects(b);
            };
            for (std::size_t i = 0; i < labels.size(); ++i) {
                for (const QRectF& node : nodes)
                    QVERIFY2(!overlap(labels[i], node), qPrintable(name + ": label on a state"));
                for (std::size_t j = i + 1; j < labels.size(); ++j)
                    QVERIFY2(!overlap(labels[i], labels[j]), qPrintable(name + ": labels overlap"));
            }
            editor.document.undoStack()->undo();
            QCOMPARE(editor.document.machine(), machine);
        }
    }
};

QTEST_MAIN(TestCanvasEditing)
#include "test_canvas_editing.moc"
