#pragma once
// The select tool: click and Ctrl+click select, a drag on empty canvas is the view's
// rubber band, a drag on a state moves the selected states (MoveStates, pushed at every
// mouse move so that the drag merges into one undo step), the square at a selected
// state's bottom-right corner resizes it (ResizeState), and a drop into a compound or
// parallel state nests the dragged states there (ReparentState); dropped outside their
// parent, they move up to the state around them, or to the top level.

#include <string>
#include <vector>

#include <QPointF>
#include <QRectF>

#include "canvas/tools/tool.h"

namespace swivel::canvas {

class SelectTool : public Tool {
public:
    static constexpr qreal kHandleSize = 10;

    bool mousePress(MachineScene& scene, QGraphicsSceneMouseEvent* event) override;
    bool mouseMove(MachineScene& scene, QGraphicsSceneMouseEvent* event) override;
    bool mouseRelease(MachineScene& scene, QGraphicsSceneMouseEvent* event) override;
    void cancel(MachineScene& scene) override;

    // The resize handle of a state box, in scene coordinates.
    static QRectF handleRect(const QRectF& stateRect);

private:
    enum class Mode { Idle, Move, Resize };
    void placeComputedStates(MachineScene& scene);

    Mode m_mode = Mode::Idle;
    std::vector<std::string> m_ids;  // moved states (none below another), or the resized one
    QPointF m_press;
    QPointF m_last;
    QPointF m_total;      // of the move so far, to take it back on Escape
    QRectF m_startRect;   // of the resized state
    bool m_started = false;  // the mouse went far enough to be a drag
};

} // namespace swivel::canvas
