#pragma once
// What the canvas does with the mouse: the active Tool receives the scene's mouse and
// key events and turns them into undo commands on the scene's Document. A tool never
// moves items itself: the commands change the model and the scene follows. Owned by
// whoever chooses tools (the main window, a test); the scene holds a pointer.

#include <QGraphicsSceneMouseEvent>
#include <QKeyEvent>

namespace swivel::canvas {

class MachineScene;

class Tool {
public:
    virtual ~Tool() = default;
    // Each returns true when it used the event; false lets the scene do its default
    // (select the item under the cursor, or let the view start a rubber band).
    virtual bool mousePress(MachineScene& scene, QGraphicsSceneMouseEvent* event) = 0;
    virtual bool mouseMove(MachineScene&, QGraphicsSceneMouseEvent*) { return false; }
    virtual bool mouseRelease(MachineScene&, QGraphicsSceneMouseEvent*) { return false; }
    virtual bool keyPress(MachineScene&, QKeyEvent*) { return false; }
    // Escape, or another tool chosen: drop a half-done gesture without an edit.
    virtual void cancel(MachineScene&) {}
};

} // namespace swivel::canvas
