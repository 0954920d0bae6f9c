#pragma once
// The select tool: click and Ctrl+click select, a drag on empty canvas is the view's
// rubber band, and a drag
//   - on a state moves the selected states; dropped into a compound or parallel state
//     they nest there (the container is highlighted while they are over it), dropped
//     outside their parent they move up to the state around them or to the top level;
//   - on the square at a selected state's bottom-right corner resizes it;
//   - on an end of a selected transition reconnects that end to the state it is
//     dropped on (dropped on nothing: no change);
//   - on a transition's label moves the label.
// Each drag is one undo step (a CanvasGesture); Escape takes it back.

#include <memory>
#include <string>
#include <vector>

#include <QPointF>
#include <QRectF>

#include "canvas/tools/tool.h"
#include "commands/reconnect_transition.h"

class QGraphicsLineItem;

namespace swivel::commands {
class CanvasGesture;
}

namespace swivel::canvas {

class TransitionItem;

class SelectTool : public Tool {
public:
    static constexpr qreal kHandleSize = 10;

    SelectTool();
    ~SelectTool() override;

    bool mousePress(MachineScene& scene, QGraphicsSceneMouseEvent* event) override;
    bool mouseMove(MachineScene& scene, QGraphicsSceneMouseEvent* event) override;
    bool mouseRelease(MachineScene& scene, QGraphicsSceneMouseEvent* event) override;
    void cancel(MachineScene& scene) override;

    // The resize handle of a state box, in scene coordinates.
    static QRectF handleRect(const QRectF& stateRect);

private:
    enum class Mode { Idle, Move, Resize, Reconnect, Label };
    bool pressOnTransition(MachineScene& scene, QGraphicsSceneMouseEvent* event);
    void placeComputedStates(MachineScene& scene);
    std::string dropParent(MachineScene& scene, const QPointF& pos) const;
    void finishMove(MachineScene& scene, const QPointF& pos);
    void finishReconnect(MachineScene& scene, const QPointF& pos);
    void reset(MachineScene& scene);

    Mode m_mode = Mode::Idle;
    std::vector<std::string> m_ids;  // moved states (none below another), or the resized one
    std::string m_transition;        // reconnected, or whose label moves
    commands::ReconnectTransition::End m_end = commands::ReconnectTransition::End::Source;
    std::size_t m_targetIndex = 0;
    QPointF m_press;
    QPointF m_last;
    QPointF m_anchor;     // the fixed end of a reconnected transition
    QPointF m_labelStart; // the moved label's centre at the press
    QRectF m_startRect;   // of the resized state
    bool m_started = false;  // the mouse went far enough to be a drag
    std::unique_ptr<commands::CanvasGesture> m_gesture;
    QGraphicsLineItem* m_line = nullptr;  // the rubber line of a reconnection
};

} // namespace swivel::canvas
