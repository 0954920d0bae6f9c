// The select tool's gestures with real mouse events on a real view, offscreen: every
// drag is one undo step (moves, nesting, resizing, reconnecting, label moves), and the
// scene follows edits by updating only what they touch.

#include <QtTest>

#include <QDir>

#include "canvas/arrange.h"
#include "canvas/graphviz_layout.h"
#include "canvas/machine_scene.h"
#include "canvas/machine_view.h"
#include "canvas/tools/select_tool.h"
#include "canvas_test_support.h"
#include "commands/add_state.h"
#include "commands/add_transition.h"
#include "commands/change_state.h"
#include "commands/change_state_id.h"
#include "commands/remove_elements.h"
#include "document/document.h"
#include "document/selection.h"
#include "model/machine_file.h"

using namespace swivel;

namespace {

using test::makeState;

model::Transition makeTransition(const std::string& id, const std::string& source,
                                 const std::string& target, const std::string& event) {
    model::Transition transition;
    transition.id = id;
    transition.source = source;
    transition.targets = {target};
    transition.event = event;
    return transition;
}

// The canvas sample (A and B side by side, the compound C holding C1); A -> B on "Go".
model::Machine sampleMachine() {
    model::Machine machine = test::canvasSample();
    machine.transitions = {makeTransition("t1", "A", "B", "Go")};
    return machine;
}

QRectF rectOf(const document::Document& document, const std::string& id) {
    return test::stateRect(document, id);
}

// One document shown in a real view with the select tool, as the main window does it.
struct Editor : test::CanvasEditor {
    explicit Editor(const model::Machine& machine)
        : test::CanvasEditor(machine, std::make_unique<canvas::SelectTool>()) {}
};

} // namespace

class TestCanvasGestures : public QObject {
    Q_OBJECT
private slots:
    void dropIntoCompoundIsOneUndoStep() {
        Editor editor{sampleMachine()};
        editor.press({50, 25});
        editor.moveInSteps({50, 25}, {250, 350});
        // While the dragged state is over C, C is marked as where it will land.
        QVERIFY(editor.scene.stateItem("C")->isDropTarget());
        editor.release({250, 350});
        QVERIFY(!editor.scene.stateItem("C")->isDropTarget());
        QCOMPARE(editor.document.machine().findState("A")->parent, std::string("C"));
        QCOMPARE(rectOf(editor.document, "A"), QRectF(200, 325, 100, 50));
        QCOMPARE(editor.stack().count(), 1);
        QCOMPARE(editor.stack().undoText(), QStringLiteral("Nest State"));

        editor.stack().undo();
        QCOMPARE(editor.document.machine(), sampleMachine());
        QCOMPARE(editor.scene.stateItem("A")->sceneRect(), QRectF(0, 0, 100, 50));
        editor.stack().redo();
        QCOMPARE(editor.document.machine().findState("A")->parent, std::string("C"));
        QCOMPARE(editor.scene.stateItem("A")->sceneRect(), QRectF(200, 325, 100, 50));

        // Out again to the top level: one more step, and it reads so.
        editor.drag({250, 350}, {650, 100});
        QCOMPARE(editor.document.machine().findState("A")->parent, std::string());
        QCOMPARE(editor.stack().count(), 2);
        QCOMPARE(editor.stack().undoText(), QStringLiteral("Move State to Top Level"));
        editor.stack().undo();
        QCOMPARE(editor.document.machine().findState("A")->parent, std::string("C"));
        QCOMPARE(rectOf(editor.document, "A"), QRectF(200, 325, 100, 50));
    }

    void noHighlightWithoutNesting() {
        Editor editor{sampleMachine()};
        // C1 dragged within C stays where it is nested: nothing to mark.
        editor.press({60, 260});
        editor.moveInSteps({60, 260}, {200, 300});
        QVERIFY(!editor.scene.stateItem("C")->isDropTarget());
        editor.release({200, 300});
        QCOMPARE(editor.stack().undoText(), QStringLiteral("Move State"));
    }

    void separateDragsAreSeparateSteps() {
        Editor editor{sampleMachine()};
        editor.drag({50, 25}, {90, 65});
        editor.drag({90, 65}, {130, 105});
        QCOMPARE(editor.stack().count(), 2);
        QCOMPARE(rectOf(editor.document, "A"), QRectF(80, 80, 100, 50));
        editor.stack().undo();
        QCOMPARE(rectOf(editor.document, "A"), QRectF(40, 40, 100, 50));
        QCOMPARE(editor.scene.stateItem("A")->sceneRect(), QRectF(40, 40, 100, 50));
        editor.stack().undo();
        QCOMPARE(editor.document.machine(), sampleMachine());

        // A drag that ends where it began is no edit.
        editor.press({50, 25});
        editor.moveInSteps({50, 25}, {90, 60});
        editor.moveInSteps({90, 60}, {50, 25});
        editor.release({50, 25});
        QCOMPARE(editor.stack().count(), 2);
        QCOMPARE(editor.stack().index(), 0);

        // Two resizes of the same state are two steps as well.
        editor.drag({400, 50}, {420, 60});  // B is not selected: a move of B
        editor.stack().undo();
        QCOMPARE(editor.scene.selectedStateIds(), std::vector<std::string>{"B"});
        editor.drag({400, 50}, {420, 60});
        editor.drag({420, 60}, {440, 70});
        QCOMPARE(rectOf(editor.document, "B"), QRectF(300, 0, 140, 70));
        QCOMPARE(editor.stack().index(), 2);
        QCOMPARE(editor.stack().undoText(), QStringLiteral("Resize State"));
        editor.stack().undo();
        QCOMPARE(rectOf(editor.document, "B"), QRectF(300, 0, 120, 60));
    }

    void nudgesMergeUntilTheNextClick() {
        Editor editor{sampleMachine()};
        editor.click({350, 25});
        editor.view.setFocus();
        QTest::keyClick(&editor.view, Qt::Key_Right);
        QTest::keyClick(&editor.view, Qt::Key_Right);
        QCOMPARE(editor.stack().count(), 1);
        editor.click({350, 25});
        QTest::keyClick(&editor.view, Qt::Key_Down);
        QCOMPARE(editor.stack().count(), 2);
        QCOMPARE(rectOf(editor.document, "B"), QRectF(320, 10, 100, 50));
        editor.stack().undo();
        QCOMPARE(rectOf(editor.document, "B"), QRectF(320, 0, 100, 50));
    }

    void escapeTakesTheDragBack() {
        Editor editor{sampleMachine()};
        editor.press({50, 25});
        editor.moveInSteps({50, 25}, {250, 350});
        QTest::keyClick(&editor.view, Qt::Key_Escape);
        QVERIFY(!editor.scene.stateItem("C")->isDropTarget());
        editor.release({250, 350});
        QCOMPARE(editor.document.machine(), sampleMachine());
        QCOMPARE(editor.stack().count(), 0);
        QCOMPARE(editor.scene.stateItem("A")->sceneRect(), QRectF(0, 0, 100, 50));
    }

    void reconnectByDraggingAnEnd() {
        Editor editor{sampleMachine()};
        const canvas::TransitionItem* arrow = editor.scene.transitionItem("t1");
        QVERIFY(arrow);
        const QPointF middle = arrow->paths().front().pointAtPercent(0.3);
        editor.click(middle);
        QCOMPARE(editor.selection.transitions(), std::vector<std::string>{"t1"});
        // The target end, dropped on C1.
        const QPointF end = editor.scene.transitionItem("t1")->targetEnd(0);
        editor.press(end);
        editor.moveInSteps(end, {60, 260});
        QVERIFY(editor.scene.stateItem("C1")->isDropTarget());
        editor.release({60, 260});
        QCOMPARE(editor.document.machine().findTransition("t1")->targets,
                 std::vector<std::string>{"C1"});
        QCOMPARE(editor.stack().count(), 1);
        QCOMPARE(editor.stack().undoText(), QStringLiteral("Reconnect Transition"));
        QVERIFY(editor.scene.transitionItem("t1")->targetEnd(0).y() > 230);

        // The source end, dropped on empty canvas: nothing changes.
        const int items = editor.scene.items().size();
        const QPointF source = editor.scene.transitionItem("t1")->sourceEnd();
        editor.drag(source, {700, 600});
        QCOMPARE(editor.document.machine().findTransition("t1")->source, std::string("A"));
        QCOMPARE(editor.stack().count(), 1);
        QCOMPARE(editor.scene.items().size(), items);  // the rubber line is gone

        // The source end onto B: a loop B -> ... no, B -> C1.
        editor.drag(editor.scene.transitionItem("t1")->sourceEnd(), {350, 25});
        QCOMPARE(editor.document.machine().findTransition("t1")->source, std::string("B"));
        QCOMPARE(editor.stack().count(), 2);
        editor.stack().undo();
        editor.stack().undo();
        QCOMPARE(editor.document.machine(), sampleMachine());
    }

    void dragALabel() {
        Editor editor{sampleMachine()};
        const QRectF label = editor.scene.transitionItem("t1")->labelRect();
        QVERIFY(!label.isEmpty());
        editor.drag(label.center(), label.center() + QPointF(30, 60));
        QCOMPARE(editor.selection.transitions(), std::vector<std::string>{"t1"});
        const auto& edge = editor.document.machine().layout.transitions.at("t1");
        QVERIFY(edge.label);
        QCOMPARE(QPointF(edge.label->x, edge.label->y), label.center() + QPointF(30, 60));
        QCOMPARE(editor.scene.transitionItem("t1")->labelRect().center(),
                 label.center() + QPointF(30, 60));
        QCOMPARE(editor.stack().count(), 1);
        QCOMPARE(editor.stack().undoText(), QStringLiteral("Move Label"));
        // The moved label stays where it was put when its states move.
        editor.drag({350, 25}, {350, 35});
        QCOMPARE(editor.scene.transitionItem("t1")->labelRect().center(),
                 label.center() + QPointF(30, 65));  // half of B's move
        editor.stack().undo();
        editor.stack().undo();
        QCOMPARE(editor.document.machine(), sampleMachine());
        QCOMPARE(editor.scene.transitionItem("t1")->labelRect().center(), label.center());
    }

    void editsKeepTheItemsTheyDoNotTouch() {
        model::Machine machine = sampleMachine();
        machine.states.push_back(makeState("D"));
        machine.layout.states["D"] = {600, 0, 100, 50};
        machine.transitions.push_back(makeTransition("t2", "B", "D", "Next"));
        Editor editor{machine};
        editor.selection.set({"B"}, {"t2"});
        canvas::StateItem* b = editor.scene.stateItem("B");
        canvas::StateItem* c1 = editor.scene.stateItem("C1");
        canvas::TransitionItem* t2 = editor.scene.transitionItem("t2");
        const QRectF t2Bounds = t2->sceneBoundingRect();

        // A's entry actions: A's box gets a row; nothing else is made again.
        model::Action log;
        log.kind = model::ActionKind::Log;
        log.label = "hello";
        log.expr.text = "1";
        editor.stack().push(new commands::ChangeStateActions(
            &editor.document, {"A"}, commands::ChangeStateActions::Which::OnEntry, {log}));
        editor.stack().push(new commands::AddTransition(&editor.document, "A", {"A"}, "Again"));
        editor.stack().push(new commands::AddState(&editor.document, model::StateKind::State, "C",
                                                   "C2", model::Rect{250, 300, 80, 40}));
        editor.stack().push(new commands::ChangeStateId(&editor.document, "A", "Start"));
        QCOMPARE(editor.scene.stateItem("B"), b);
        QCOMPARE(editor.scene.stateItem("C1"), c1);
        QCOMPARE(editor.scene.transitionItem("t2"), t2);
        QCOMPARE(t2->sceneBoundingRect(), t2Bounds);
        QVERIFY(b->isSelected());
        QVERIFY(t2->isSelected());
        QVERIFY(editor.scene.stateItem("Start"));
        QVERIFY(!editor.scene.stateItem("A"));
        QCOMPARE(editor.scene.stateItemCount(), editor.document.machine().states.size());
        QCOMPARE(editor.scene.transitionItemCount(), editor.document.machine().transitions.size());
        // t1 follows its renamed source.
        QCOMPARE(editor.scene.transitionItem("t1")->sourceEnd().x(),
                 editor.scene.stateItem("Start")->sceneRect().right());

        // Removing B takes its arrows with it, and only those.
        editor.stack().push(new commands::RemoveElements(&editor.document, {"B"}, {}));
        QVERIFY(!editor.scene.stateItem("B"));
        QVERIFY(!editor.scene.transitionItem("t2"));
        QCOMPARE(editor.scene.stateItem("C1"), c1);
        QCOMPARE(editor.scene.transitionItemCount(), editor.document.machine().transitions.size());
        while (editor.stack().canUndo())
            editor.stack().undo();
        QCOMPARE(editor.document.machine(), machine);
        QCOMPARE(editor.scene.stateItemCount(), machine.states.size());
        QCOMPARE(editor.scene.transitionItemCount(), machine.transitions.size());
        QCOMPARE(editor.scene.stateItem("C1"), c1);
        QCOMPARE(editor.scene.transitionItem("t2")->sceneBoundingRect(), t2Bounds);
    }

    void regionsComeAndGo() {
        Editor editor{sampleMachine()};
        canvas::StateItem* c1 = editor.scene.stateItem("C1");
        editor.stack().push(new commands::AddParallelRegion(&editor.document, "C"));
        QCOMPARE(editor.document.machine().findState("C")->kind, model::StateKind::Parallel);
        std::vector<const canvas::StateItem*> regions;
        for (const model::State& state : editor.document.machine().states)
            if (state.parent == "C")
                regions.push_back(editor.scene.stateItem(state.id));
        QCOMPARE(regions.size(), std::size_t(2));
        // The region holding C1 is set apart from its (empty, plain) sibling.
        QVERIFY(regions.front() && regions.back());
        QVERIFY(regions.front()->isContainer());
        QVERIFY(regions.front()->regionStyle() != canvas::StateItem::RegionStyle::None);
        QCOMPARE(editor.document.machine().findState("C1")->parent,
                 regions.front()->stateId().toStdString());
        editor.stack().undo();
        QCOMPARE(editor.document.machine(), sampleMachine());
        QCOMPARE(editor.scene.stateItem("C1"), c1);
        QCOMPARE(c1->regionStyle(), canvas::StateItem::RegionStyle::None);
        QCOMPARE(editor.scene.stateItemCount(), std::size_t(4));
    }

    void transitionsBetweenOnePairAreDrawnApart() {
        model::Machine machine = sampleMachine();
        machine.transitions.push_back(makeTransition("t2", "B", "A", "Back"));
        machine.transitions.push_back(makeTransition("t3", "A", "B", "Again"));
        machine.transitions.push_back(makeTransition("t4", "A", "A", "Stay"));
        machine.transitions.push_back(makeTransition("t5", "A", "A", "Stay2"));
        Editor editor{machine};
        std::vector<QPointF> middles;
        for (const char* id : {"t1", "t2", "t3"})
            middles.push_back(editor.scene.transitionItem(id)->paths().front().pointAtPercent(0.5));
        for (std::size_t i = 0; i < middles.size(); ++i)
            for (std::size_t j = i + 1; j < middles.size(); ++j)
                QVERIFY((middles[i] - middles[j]).manhattanLength() > 20);
        const QRectF a = editor.scene.transitionItem("t4")->paths().front().boundingRect();
        const QRectF b = editor.scene.transitionItem("t5")->paths().front().boundingRect();
        QVERIFY(a != b);
        for (const char* first : {"t1", "t2", "t3", "t4"})
            for (const char* second : {"t2", "t3", "t4", "t5"})
                if (QString(first) < QString(second))
                    QVERIFY2(!editor.scene.transitionItem(first)->labelRect().intersects(
                                 editor.scene.transitionItem(second)->labelRect()),
                             qPrintable(QString(first) + " " + second));
    }

    // After Arrange, every example reads at 100 %: no label on another label, on a
    // state box or a container's header, or across a container's border; every
    // state's name and rows fit its box.
    void arrangedExamplesReadCleanly() {
        const QDir dir(QStringLiteral(SWIVEL_SOURCE_RESOURCES "/examples"));
        const QStringList files = dir.entryList({QStringLiteral("*.swivel.json")}, QDir::Files);
        QCOMPARE(files.size(), 3);
        for (const QString& name : files) {
            const auto loaded = model::loadMachineFile(dir.filePath(name).toStdString());
            QVERIFY2(loaded.machine, qPrintable(name));
            model::Machine machine = *loaded.machine;
            machine.layout = {};
            Editor editor{machine};
            QVERIFY(canvas::arrange(editor.document));
            const canvas::MachineScene& scene = editor.scene;
            const canvas::ElementMetrics& metrics = scene.metrics();
            const model::Machine& arranged = editor.document.machine();

            std::vector<std::pair<std::string, QRectF>> labels;
            for (const model::Transition& transition : arranged.transitions) {
                const canvas::TransitionItem* item = scene.transitionItem(transition.id);
                QVERIFY2(item, qPrintable(name));
                if (!item->isTargetless() && !metrics.labelLines(transition).isEmpty())
                    labels.emplace_back(transition.id, item->labelRect());
            }
            QVERIFY(labels.size() > 5);
            const auto overlap = [](const QRectF& a, const QRectF& b) {
                return a.adjusted(0.5, 0.5, -0.5, -0.5).intersects(b);
            };
            for (const model::State& state : arranged.states) {
                const canvas::StateItem* item = scene.stateItem(state.id);
                QVERIFY(item);
                const QRectF box = item->sceneRect();
                const QString where = name + ": " + QString::fromStdString(state.id);
                // The text fits: the box is at least as large as the metrics ask for.
                const QSizeF needed = item->isContainer() ? metrics.headerSize(arranged, state)
                                                          : metrics.nodeSize(arranged, state);
                QVERIFY2(box.width() + 0.5 >= needed.width() &&
                             box.height() + 0.5 >= needed.height(),
                         qPrintable(where + ": text clipped"));
                const QRectF header(box.topLeft(), QSizeF(box.width(), needed.height()));
                for (const auto& [id, label] : labels) {
                    const QString what = where + " / label of " + QString::fromStdString(id);
                    if (!item->isContainer()) {
                        QVERIFY2(!overlap(label, box), qPrintable(what + " on the state"));
                        continue;
                    }
                    QVERIFY2(!overlap(label, header), qPrintable(what + " on the header"));
                    QVERIFY2(box.contains(label) || !overlap(label, box),
                             qPrintable(what + " across the border"));
                }
            }
            for (std::size_t i = 0; i < labels.size(); ++i)
                for (std::size_t j = i + 1; j < labels.size(); ++j)
                    QVERIFY2(!overlap(labels[i].second, labels[j].second),
                             qPrintable(name + ": labels overlap: " +
                                        QString::fromStdString(labels[i].first) + ", " +
                                        QString::fromStdString(labels[j].first)));
        }
    }
};

QTEST_MAIN(TestCanvasGestures)
#include "test_canvas_gestures.moc"
