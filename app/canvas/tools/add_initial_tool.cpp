#include "canvas/tools/add_initial_tool.h"

#include "canvas/machine_scene.h"
#include "commands/change_machine.h"
#include "commands/change_state.h"
#include "document/document.h"

namespace swivel::canvas {

bool AddInitialTool::mousePress(MachineScene& scene, QGraphicsSceneMouseEvent* event) {
    if (event->button() != Qt::LeftButton)
        return false;
    StateItem* item = scene.stateAt(event->scenePos());
    if (!item)
        return true;
    document::Document* document = scene.document();
    const model::State* state = document->machine().findState(item->stateId().toStdString());
    if (!state)
        return true;
    if (state->parent.empty()) {
        if (document->machine().initial != state->id)
            document->undoStack()->push(new commands::ChangeMachineInitial(document, state->id));
    } else {
        const model::State* parent = document->machine().findState(state->parent);
        if (parent && parent->initial != state->id)
            document->undoStack()->push(
                new commands::ChangeStateInitial(document, parent->id, state->id));
    }
    return true;
}

} // namespace swivel::canvas
