#include "canvas/tools/add_region_tool.h"

#include "canvas/machine_scene.h"
#include "commands/add_state.h"
#include "document/document.h"

namespace swivel::canvas {

bool AddRegionTool::mousePress(MachineScene& scene, QGraphicsSceneMouseEvent* event) {
    if (event->button() != Qt::LeftButton)
        return false;
    StateItem* item = scene.stateAt(event->scenePos());
    if (!item)
        return true;
    // A click inside a region adds a sibling region to its parallel state.
    std::string id = item->stateId().toStdString();
    document::Document* document = scene.document();
    const model::State* state = document->machine().findState(id);
    if (state && !state->parent.empty()) {
        const model::State* parent = document->machine().findState(state->parent);
        if (parent && parent->kind == model::StateKind::Parallel)
            id = parent->id;
    }
    if (commands::AddParallelRegion::canApply(document->machine(), id))
        document->undoStack()->push(new commands::AddParallelRegion(document, id));
    return true;
}

} // namespace swivel::canvas
