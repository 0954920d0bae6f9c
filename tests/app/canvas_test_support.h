#pragma once
// What the canvas tests share: one document shown in a real view, as the main window
// shows it, and a hand that presses, moves and releases the mouse on its viewport.

#include <QtTest>

#include <QUndoStack>

#include <memory>

#include "canvas/machine_scene.h"
#include "canvas/machine_view.h"
#include "canvas/tools/tool.h"
#include "document/document.h"
#include "document/selection.h"
#include "model/machine.h"

namespace test {

inline swivel::model::State makeState(const std::string& id, const std::string& parent = {}) {
    swivel::model::State state;
    state.id = id;
    state.parent = parent;
    return state;
}

// A and B side by side, the compound C below them holding C1.
inline swivel::model::Machine canvasSample() {
    swivel::model::Machine machine;
    machine.name = "sample";
    machine.initial = "A";
    machine.states = {makeState("A"), makeState("B"), makeState("C"), makeState("C1", "C")};
    machine.states[2].initial = "C1";
    machine.layout.states = {{"A", {0, 0, 100, 50}},
                             {"B", {300, 0, 100, 50}},
                             {"C", {0, 200, 400, 250}},
                             {"C1", {20, 240, 80, 40}}};
    return machine;
}

// The state's rect in the document's layout.
inline QRectF stateRect(const swivel::document::Document& document, const std::string& id) {
    const swivel::model::Rect& r = document.machine().layout.states.at(id);
    return {r.x, r.y, r.width, r.height};
}

struct CanvasEditor {
    std::unique_ptr<swivel::canvas::Tool> tool;  // outlives the scene that points at it
    swivel::document::Document document;
    swivel::document::Selection selection;
    swivel::canvas::MachineScene scene;
    swivel::canvas::MachineView view;

    // `tool` receives the mouse input; without one, a test sets its own on the scene.
    explicit CanvasEditor(const swivel::model::Machine& machine,
                          std::unique_ptr<swivel::canvas::Tool> ownTool = nullptr)
        : tool(std::move(ownTool)) {
        document.reset(machine, {});
        scene.setDocument(&document, &selection);
        if (tool)
            scene.setTool(tool.get());
        view.setScene(&scene);
        view.resize(900, 700);
        view.show();
        view.resetZoom();
        view.centerOn(scene.itemsBoundingRect().center());
    }
    QUndoStack& stack() { return *document.undoStack(); }
    QPoint at(const QPointF& scenePoint) const { return view.mapFromScene(scenePoint); }
    void press(const QPointF& p, Qt::KeyboardModifiers modifiers = {}) {
        QTest::mousePress(view.viewport(), Qt::LeftButton, modifiers, at(p));
    }
    void move(const QPointF& p) { QTest::mouseMove(view.viewport(), at(p)); }
    void release(const QPointF& p, Qt::KeyboardModifiers modifiers = {}) {
        QTest::mouseRelease(view.viewport(), Qt::LeftButton, modifiers, at(p));
    }
    void click(const QPointF& p) {
        press(p);
        release(p);
    }
    // Moves in small steps, as a hand makes them.
    void moveInSteps(const QPointF& from, const QPointF& to, int steps = 6) {
        for (int i = 1; i <= steps; ++i)
            move(from + (to - from) * (qreal(i) / steps));
    }
    void drag(const QPointF& from, const QPointF& to, int steps = 6) {
        press(from);
        moveInSteps(from, to, steps);
        release(to);
    }
};

} // namespace test
