#pragma once
// The add-transition tool: press on a state, drag (a rubber line follows the cursor)
// and release on another state or on the same one (a self-loop): AddTransition, and
// the new transition is selected. Released elsewhere or Escape: nothing.

#include <string>

#include "canvas/tools/tool.h"

class QGraphicsLineItem;

namespace swivel::canvas {

class AddTransitionTool : public Tool {
public:
    bool mousePress(MachineScene& scene, QGraphicsSceneMouseEvent* event) override;
    bool mouseMove(MachineScene& scene, QGraphicsSceneMouseEvent* event) override;
    bool mouseRelease(MachineScene& scene, QGraphicsSceneMouseEvent* event) override;
    void cancel(MachineScene& scene) override;

private:
    std::string m_source;
    QGraphicsLineItem* m_line = nullptr;  // owned by the scene while it is shown
};

} // namespace swivel::canvas
