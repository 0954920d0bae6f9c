#include "canvas/tools/select_tool.h"

#include <algorithm>

#include <QGraphicsLineItem>
#include <QPen>

#include "canvas/machine_scene.h"
#include "canvas/palette.h"
#include "canvas/transition_item.h"
#include "commands/canvas_gesture.h"
#include "commands/layout_change.h"
#include "commands/move_transition_label.h"
#include "commands/reparent_state.h"
#include "document/document.h"
#include "document/selection.h"

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

QString movedText(std::size_t count) {
    return count == 1 ? QStringLiteral("Move State") : QStringLiteral("Move %1 States").arg(count);
}

} // namespace

SelectTool::SelectTool() = default;

SelectTool::~SelectTool() = default;

QRectF SelectTool::handleRect(const QRectF& stateRect) {
    return QRectF(stateRect.bottomRight() - QPointF(kHandleSize / 2, kHandleSize / 2),
                  QSizeF(kHandleSize, kHandleSize));
}

bool SelectTool::mousePress(MachineScene& scene, QGraphicsSceneMouseEvent* event) {
    if (event->button() != Qt::LeftButton)
        return false;
    cancel(scene);  // a gesture whose release never came
    const QPointF pos = event->scenePos();
    m_press = m_last = pos;
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
    // Arrows lie above the states.
    for (QGraphicsItem* item : scene.items(pos)) {
        if (item->type() == TransitionItem::Type && item->contains(item->mapFromScene(pos)))
            return pressOnTransition(scene, event);
    }
    // The ends of a selected arrow reach a little past its line.
    for (const std::string& id : scene.selectedTransitionIds()) {
        const TransitionItem* item = scene.transitionItem(id);
        if (item && !item->isTargetless() && item->endAt(pos, kHandleSize) >= -1)
            return pressOnTransition(scene, event);
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

// A press on an arrow: on an end of a selected one, reconnect; on a label, move the
// label; elsewhere the scene's own selection click.
bool SelectTool::pressOnTransition(MachineScene& scene, QGraphicsSceneMouseEvent* event) {
    const QPointF pos = event->scenePos();
    for (const std::string& id : scene.selectedTransitionIds()) {
        TransitionItem* item = scene.transitionItem(id);
        if (!item || item->isTargetless())
            continue;
        const int end = item->endAt(pos, kHandleSize);
        if (end < -1)
            continue;
        m_mode = Mode::Reconnect;
        m_transition = id;
        m_end = end == -1 ? commands::ReconnectTransition::End::Source
                          : commands::ReconnectTransition::End::Target;
        m_targetIndex = end < 0 ? 0 : static_cast<std::size_t>(end);
        m_anchor = end == -1 ? item->targetEnd(0) : item->sourceEnd();
        return true;
    }
    for (QGraphicsItem* under : scene.items(pos)) {
        if (under->type() != TransitionItem::Type)
            continue;
        auto* item = static_cast<TransitionItem*>(under);
        if (item->isTargetless() || !item->labelRect().contains(pos))
            continue;
        if (event->modifiers() & Qt::ControlModifier) {
            item->setSelected(!item->isSelected());
            return true;
        }
        if (!item->isSelected()) {
            scene.clearSelection();
            item->setSelected(true);
        }
        m_mode = Mode::Label;
        m_transition = item->transitionId().toStdString();
        m_labelStart = item->labelRect().center();
        return true;
    }
    return false;
}

// A state drawn where Graphviz put it has no layout entry, so a move would not move
// it: the computed places are stored first, as part of the same gesture.
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
        m_gesture->apply(std::make_unique<commands::SetLayout>(
            document, placed, commands::SetLayout::Scope::Entries, QStringLiteral("Place States")));
}

// The container the dragged states would land in ("" = the top level): the innermost
// one under the cursor, other than the dragged states and what lies below them.
std::string SelectTool::dropParent(MachineScene& scene, const QPointF& pos) const {
    StateItem* target = scene.stateAt(pos, m_ids, true);
    return target ? target->stateId().toStdString() : std::string();
}

bool SelectTool::mouseMove(MachineScene& scene, QGraphicsSceneMouseEvent* event) {
    if (m_mode == Mode::Idle)
        return false;
    const QPointF pos = event->scenePos();
    if (!m_started) {
        if ((pos - m_press).manhattanLength() < kDragThreshold)
            return true;
        m_started = true;
        m_gesture = std::make_unique<commands::CanvasGesture>(QString());
        if (m_mode == Mode::Move || m_mode == Mode::Resize)
            placeComputedStates(scene);
        if (m_mode == Mode::Reconnect) {
            m_line = scene.addLine(QLineF(m_anchor, pos),
                                   QPen(palette::kSelection, 1.5, Qt::DashLine));
            m_line->setZValue(1e6);
        }
    }
    document::Document* document = scene.document();
    switch (m_mode) {
    case Mode::Idle:
        break;
    case Mode::Resize: {
        const QPointF d = pos - m_press;
        const model::Rect rect{m_startRect.x(), m_startRect.y(),
                               std::max(ElementMetrics::kRingDiameter, m_startRect.width() + d.x()),
                               std::max(ElementMetrics::kRingDiameter, m_startRect.height() + d.y())};
        m_gesture->apply(std::make_unique<commands::ResizeState>(document, m_ids.front(), rect));
        break;
    }
    case Mode::Move: {
        const QPointF d = pos - m_last;
        if (!d.isNull())
            m_gesture->apply(
                std::make_unique<commands::MoveStates>(document, m_ids, model::Point{d.x(), d.y()}));
        m_last = pos;
        // Highlight the container only when the drop would nest something there.
        const std::string parent = dropParent(scene, pos);
        const bool nests = !parent.empty() &&
                           std::any_of(m_ids.begin(), m_ids.end(), [&](const std::string& id) {
                               return commands::ReparentState::canReparent(document->machine(),
                                                                           id, parent);
                           });
        scene.setDropTarget(nests ? parent : std::string());
        break;
    }
    case Mode::Reconnect: {
        m_line->setLine(QLineF(m_anchor, pos));
        StateItem* target = scene.stateAt(pos);
        scene.setDropTarget(target ? target->stateId().toStdString() : std::string());
        break;
    }
    case Mode::Label: {
        const QPointF centre = m_labelStart + (pos - m_press);
        m_gesture->apply(std::make_unique<commands::MoveTransitionLabel>(
            document, m_transition, model::Point{centre.x(), centre.y()}));
        break;
    }
    }
    return true;
}

bool SelectTool::mouseRelease(MachineScene& scene, QGraphicsSceneMouseEvent* event) {
    if (m_mode == Mode::Idle)
        return false;
    if (m_started) {
        switch (m_mode) {
        case Mode::Move:
            finishMove(scene, event->scenePos());
            break;
        case Mode::Reconnect:
            finishReconnect(scene, event->scenePos());
            break;
        case Mode::Resize:
            m_gesture->setText(QStringLiteral("Resize State"));
            break;
        case Mode::Label:
            m_gesture->setText(QStringLiteral("Move Label"));
            break;
        case Mode::Idle:
            break;
        }
        if (m_gesture && !m_gesture->isEmpty())
            scene.document()->undoStack()->push(m_gesture.release());
    }
    reset(scene);
    return true;
}

// The drop of a move: the states whose parent changes are nested in the same step.
void SelectTool::finishMove(MachineScene& scene, const QPointF& pos) {
    document::Document* document = scene.document();
    const std::string parent = dropParent(scene, pos);
    std::size_t nested = 0;
    for (const std::string& id : m_ids) {
        const model::State* state = document->machine().findState(id);
        if (!state || state->parent == parent ||
            !commands::ReparentState::canReparent(document->machine(), id, parent))
            continue;
        m_gesture->apply(std::make_unique<commands::ReparentState>(document, id, parent));
        ++nested;
    }
    if (nested == 0)
        m_gesture->setText(movedText(m_ids.size()));
    else if (parent.empty())
        m_gesture->setText(nested == 1 ? QStringLiteral("Move State to Top Level")
                                       : QStringLiteral("Move %1 States to Top Level").arg(nested));
    else
        m_gesture->setText(nested == 1 ? QStringLiteral("Nest State")
                                       : QStringLiteral("Nest %1 States").arg(nested));
}

void SelectTool::finishReconnect(MachineScene& scene, const QPointF& pos) {
    StateItem* target = scene.stateAt(pos);
    if (!target)
        return;  // dropped on nothing: no change
    m_gesture->apply(std::make_unique<commands::ReconnectTransition>(
        scene.document(), m_transition, m_end, target->stateId().toStdString(), m_targetIndex));
    m_gesture->setText(QStringLiteral("Reconnect Transition"));
}

// Ends the gesture without pushing it (what was pushed is no longer ours).
void SelectTool::reset(MachineScene& scene) {
    m_mode = Mode::Idle;
    m_started = false;
    m_gesture.reset();
    delete m_line;  // removes it from the scene
    m_line = nullptr;
    scene.setDropTarget({});
}

void SelectTool::cancel(MachineScene& scene) {
    if (m_gesture)
        m_gesture->revert();
    reset(scene);
}

} // namespace swivel::canvas
