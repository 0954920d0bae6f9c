#pragma once
// The add-parallel-region tool: a click on a state adds a region to it (a plain state
// becomes parallel with two regions) through AddParallelRegion.

#include "canvas/tools/tool.h"

namespace swivel::canvas {

class AddRegionTool : public Tool {
public:
    bool mousePress(MachineScene& scene, QGraphicsSceneMouseEvent* event) override;
};

} // namespace swivel::canvas
