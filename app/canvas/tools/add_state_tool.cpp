#include "canvas/tools/add_state_tool.h"

#include "canvas/machine_scene.h"
#include "commands/add_state.h"
#include "document/document.h"
#include "document/selection.h"

namespace swivel::canvas {

bool AddStateTool::mousePress(MachineScene& scene, QGraphicsSceneMouseEvent* event) {
    if (event->button() != Qt::LeftButton)
        return false;
    document::Document* document = scene.document();
    model::StateKind kind = m_kind;
    if (kind == model::StateKind::ShallowHistory && (event->modifiers() & Qt::ShiftModifier))
        kind = model::StateKind::DeepHistory;
    // Sized like the automatic layout would size it, under a name of typical length.
    model::State sample;
    sample.id = "State10";
    sample.kind = kind;
    const QSizeF size = scene.metrics().nodeSize(document->machine(), sample);
    const QPointF topLeft = event->scenePos() - QPointF(size.width() / 2, size.height() / 2);
    const QRectF rect(topLeft, size);
    // Inside a compound or parallel state the new state is its child. So it is inside a
    // plain state drawn big enough to hold it: that is how a student sketches "On"
    // first and then its children, and the plain state becomes compound.
    std::string parent;
    StateItem* innermost = scene.stateAt(event->scenePos());
    const model::State* target =
        innermost ? document->machine().findState(innermost->stateId().toStdString()) : nullptr;
    if (innermost && !innermost->isContainer() && target &&
        target->kind == model::StateKind::State && innermost->sceneRect().contains(rect)) {
        parent = target->id;
    } else if (StateItem* container = scene.stateAt(event->scenePos(), {}, true)) {
        parent = container->stateId().toStdString();
    }
    auto* command = new commands::AddState(document, kind, parent, {},
                                           model::Rect{topLeft.x(), topLeft.y(), size.width(),
                                                       size.height()});
    const std::string id = command->stateId();
    document->undoStack()->push(command);
    if (scene.selection() && document->machine().findState(id))
        scene.selection()->selectState(id);
    return true;
}

} // namespace swivel::canvas
