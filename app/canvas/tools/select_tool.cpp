#include "canvas/tools/select_tool.h"

#include <algorithm>

#include "canvas/machine_scene.h"
#include "canvas/transition_item.h"
#include "commands/layout_change.h"
#include "commands/reparent_state.h"
#include "document/document.h"

namespace swivel::canvas {

namespace {

constexpr qreal kDragThreshold = 3;  // pixels before a press becomes a drag

bool below(const model::Machine& machine, const std::string& id,
           const std::vector<std::string>& ancestors) {
    const model::State* state = machine.findState(id);
    for (std::size_t depth = 0; state && !state->parent.empty() && depth <= machine.states.size();
         ++depth) {
        if (std::find(ancestors.begin(), ancestors.end(), state->parent) != ancestors.end())
            return true;
        state = machine.findState(state->parent);
    }
    return false;
}

} // namespace

QRectF SelectTool::handleRect(const QRectF& stateRect) {
    return QRectF(stateRect.bottomRight() - QPointF(kHandleSize / 2, kHandleSize / 2),
                  QSizeF(kHandleSize, kHandleSize));
}

bool SelectTool::mousePress(MachineScene& scene, QGraphicsSceneMouseEvent* event) {
    if (event->button() != Qt::LeftButton)
        return false;
    const QPointF pos = event->scenePos();
    m_press = m_last = pos;
    m_total = {};
    m_started = false;
    for (const std::string& id : scene.selectedStateIds()) {
        StateItem* item = scene.stateItem(id);
        if (item && handleRect(item->sceneRect()).contains(pos)) {
            m_mode = Mode::Resize;
            m_ids = {id};
            m_startRect = item->sceneRect();
            return true;
        }
    }
    // Arrows lie above the states: a click on one selects it (the scene's default).
    for (QGraphicsItem* item : scene.items(pos)) {
        if (item->type() == TransitionItem::Type && item->contains(item->mapFromScene(pos)))
            return false;
    }
    StateItem* state = scene.stateAt(pos);
    if (!state)
        return false;  // empty canvas: the view's rubber band
    if (event->modifiers() & Qt::ControlModifier) {
        state->setSelected(!state->isSelected());
        return true;
    }
    if (!state->isSelected()) {
        scene.clearSelection();
        state->setSelected(true);
    }
    m_ids.clear();
    const std::vector<std::string> selected = scene.selectedStateIds();
    for (const std::string& id : selected) {
        if (!below(scene.machine(), id, selected))
            m_ids.push_back(id);
    }
    m_mode = Mode::Move;
    return true;
}

// A state drawn where Graphviz put it has no layout entry, so a move would not move
// it: its computed place is stored first (its own undo step, "Place States").
void SelectTool::placeComputedStates(MachineScene& scene) {
    document::Document* document = scene.document();
    if (!scene.layoutComputed())
        return;
    model::Layout placed;
    for (const auto& [id, rect] : scene.layout().states) {
        if (!document->machine().layout.states.count(id))
            placed.states.emplace(id, rect);
    }
    for (const auto& [id, edge] : scene.layout().transitions) {
        if (!document->machine().layout.transitions.count(id))
            placed.transitions.emplace(id, edge);
    }
    if (!placed.states.empty())
        document->undoStack()->push(new commands::SetLayout(
            document, placed, commands::SetLayout::Scope::Entries, QStringLiteral("Place States")));
}

bool SelectTool::mouseMove(MachineScene& scene, QGraphicsSceneMouseEvent* event) {
    if (m_mode == Mode::Idle)
        return false;
    const QPointF pos = event->scenePos();
    if (!m_started) {
        if ((pos - m_press).manhattanLength() < kDragThreshold)
            return true;
        m_started = true;
        placeComputedStates(scene);
    }
    document::Document* document = scene.document();
    if (m_mode == Mode::Resize) {
        const QPointF d = pos - m_press;
        const model::Rect rect{m_startRect.x(), m_startRect.y(),
                               std::max(ElementMetrics::kRingDiameter, m_startRect.width() + d.x()),
                               std::max(ElementMetrics::kRingDiameter, m_startRect.height() + d.y())};
        document->undoStack()->push(new commands::ResizeState(document, m_ids.front(), rect));
        return true;
    }
    const QPointF d = pos - m_last;
    if (d.isNull())
        return true;
    document->undoStack()->push(new commands::MoveStates(document, m_ids, {d.x(), d.y()}));
    m_last = pos;
    m_total += d;
    return true;
}

bool SelectTool::mouseRelease(MachineScene& scene, QGraphicsSceneMouseEvent* event) {
    if (m_mode == Mode::Idle)
        return false;
    const Mode mode = m_mode;
    m_mode = Mode::Idle;
    if (mode != Mode::Move || !m_started)
        return true;
    document::Document* document = scene.document();
    // The innermost container under the cursor, other than the dragged states.
    StateItem* target = scene.stateAt(event->scenePos(), m_ids, true);
    const std::string parent = target ? target->stateId().toStdString() : std::string();
    for (const std::string& id : m_ids) {
        const model::State* state = document->machine().findState(id);
        if (state && state->parent != parent &&
            commands::ReparentState::canReparent(document->machine(), id, parent))
            document->undoStack()->push(new commands::ReparentState(document, id, parent));
    }
    return true;
}

void SelectTool::cancel(MachineScene& scene) {
    const Mode mode = m_mode;
    m_mode = Mode::Idle;
    if (!m_started || !scene.document())
        return;
    document::Document* document = scene.document();
    if (mode == Mode::Move && !m_total.isNull()) {
        // Merges with the drag's own command, which then moves nothing and drops out.
        document->undoStack()->push(
            new commands::MoveStates(document, m_ids, {-m_total.x(), -m_total.y()}));
    } else if (mode == Mode::Resize) {
        document->undoStack()->push(new commands::ResizeState(
            document, m_ids.front(),
            {m_startRect.x(), m_startRect.y(), m_startRect.width(), m_startRect.height()}));
    }
}

} // namespace swivel::canvas
