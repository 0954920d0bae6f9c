#include "canvas/tools/add_transition_tool.h"

#include <QGraphicsLineItem>
#include <QPen>

#include "canvas/machine_scene.h"
#include "canvas/palette.h"
#include "commands/add_transition.h"
#include "document/document.h"
#include "document/selection.h"

namespace swivel::canvas {

bool AddTransitionTool::mousePress(MachineScene& scene, QGraphicsSceneMouseEvent* event) {
    if (event->button() != Qt::LeftButton)
        return false;
    cancel(scene);
    StateItem* source = scene.stateAt(event->scenePos());
    if (!source)
        return true;  // nothing to start from; the tool stays a drawing tool
    m_source = source->stateId().toStdString();
    m_line = scene.addLine(QLineF(event->scenePos(), event->scenePos()),
                           QPen(palette::kSelection, 1.5, Qt::DashLine));
    m_line->setZValue(1e6);
    return true;
}

bool AddTransitionTool::mouseMove(MachineScene&, QGraphicsSceneMouseEvent* event) {
    if (!m_line)
        return false;
    m_line->setLine(QLineF(m_line->line().p1(), event->scenePos()));
    return true;
}

bool AddTransitionTool::mouseRelease(MachineScene& scene, QGraphicsSceneMouseEvent* event) {
    if (!m_line)
        return false;
    const std::string source = m_source;
    cancel(scene);
    StateItem* target = scene.stateAt(event->scenePos());
    document::Document* document = scene.document();
    if (!target || !document->machine().findState(source))
        return true;
    auto* command =
        new commands::AddTransition(document, source, {target->stateId().toStdString()});
    const std::string id = command->transitionId();
    document->undoStack()->push(command);
    if (scene.selection() && document->machine().findTransition(id))
        scene.selection()->selectTransition(id);
    return true;
}

void AddTransitionTool::cancel(MachineScene&) {
    delete m_line;  // removes it from the scene
    m_line = nullptr;
    m_source.clear();
}

} // namespace swivel::canvas
