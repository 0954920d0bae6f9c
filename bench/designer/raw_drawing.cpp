#include "bench/designer/raw_drawing.h"

#include <algorithm>
#include <unordered_map>

#include <QGraphicsPathItem>
#include <QGraphicsSimpleTextItem>
#include <QPainterPath>
#include <QPen>

namespace swivel::bench {

QGraphicsRectItem* buildRawDrawing(QGraphicsScene& scene, const model::Machine& machine,
                                   const std::string& dragged) {
    scene.setBackgroundBrush(Qt::white);
    QGraphicsRectItem* draggedItem = nullptr;
    std::unordered_map<std::string, QRectF> rects;
    for (const model::State& state : machine.states) {
        const model::Rect& r = machine.layout.states.at(state.id);
        const QRectF rect(r.x, r.y, r.width, r.height);
        rects.emplace(state.id, rect);
        auto* item = scene.addRect(rect, QPen(Qt::black, 1.2), QBrush(QColor(250, 250, 245)));
        item->setFlags(QGraphicsItem::ItemIsMovable | QGraphicsItem::ItemIsSelectable);
        auto* name = new QGraphicsSimpleTextItem(QString::fromStdString(state.id), item);
        name->setPos(rect.topLeft() + QPointF(8, 6));
        if (state.id == dragged)
            draggedItem = item;
    }
    const QPen arrowPen(QColor(60, 60, 60), 1.2);
    for (const model::Transition& transition : machine.transitions) {
        const QString label = QString::fromStdString(transition.event);
        const QRectF& source = rects.at(transition.source);
        if (transition.targets.empty()) {
            scene.addSimpleText(label)->setPos(source.bottomLeft() - QPointF(-8, 20));
            continue;
        }
        const QRectF& target = rects.at(transition.targets.front());
        QPainterPath path;
        const QPointF from = source.center(), to = target.center();
        path.moveTo(from);
        if (transition.source == transition.targets.front()) {
            path.cubicTo(from + QPointF(0, -60), from + QPointF(80, -60), from + QPointF(80, 0));
        } else {
            // A gentle bend to one side, as the canvas fans out parallel arrows.
            const QLineF line(from, to);
            const QPointF bend = QPointF(-line.dy(), line.dx()) / std::max(1.0, line.length()) * 20;
            path.cubicTo(from + (to - from) / 3 + bend, from + (to - from) * 2 / 3 + bend, to);
        }
        auto* arrow = scene.addPath(path, arrowPen);
        arrow->setZValue(1);
        auto* text = scene.addSimpleText(label);
        text->setPos(path.pointAtPercent(0.5));
        text->setZValue(2);
    }
    return draggedItem;
}

} // namespace swivel::bench
