#pragma once
// The add-initial tool: a click on a state makes it the initial state of its parent
// (ChangeStateInitial) or, at the top level, of the machine (ChangeMachineInitial).

#include "canvas/tools/tool.h"

namespace swivel::canvas {

class AddInitialTool : public Tool {
public:
    bool mousePress(MachineScene& scene, QGraphicsSceneMouseEvent* event) override;
};

} // namespace swivel::canvas
