#include "canvas/transition_geometry.h"

#include <algorithm>
#include <cmath>

namespace swivel::canvas {

namespace {

constexpr qreal kLaneGap = 8;    // between the labels of neighbouring lanes
constexpr qreal kLoopSize = 40;  // the first loop's reach beyond the corner
// A loop's middle moves this much up and right per unit of its reach (a cubic's
// middle is 3/8 of each control point's offset).
constexpr qreal kLoopMiddleShift = 0.375;

QPointF toQt(const model::Point& p) {
    return {p.x, p.y};
}

} // namespace

QPointF borderPoint(const QRectF& rect, const QPointF& towards) {
    const QPointF centre = rect.center();
    const QPointF d = towards - centre;
    if (std::abs(d.x()) < 1e-9 && std::abs(d.y()) < 1e-9)
        return centre;
    const qreal sx = d.x() != 0 ? (rect.width() / 2) / std::abs(d.x()) : 1e18;
    const qreal sy = d.y() != 0 ? (rect.height() / 2) / std::abs(d.y()) : 1e18;
    return centre + d * std::min({sx, sy, 1.0});
}

QPainterPath routePath(const std::vector<model::Point>& route, const QRectF& source,
                       const QRectF& target) {
    QPainterPath path;
    if (route.size() >= 4 && (route.size() - 1) % 3 == 0) {
        path.moveTo(toQt(route[0]));
        for (std::size_t i = 1; i + 2 < route.size(); i += 3)
            path.cubicTo(toQt(route[i]), toQt(route[i + 1]), toQt(route[i + 2]));
        return path;
    }
    path.moveTo(borderPoint(source, toQt(route.front())));
    for (const model::Point& p : route)
        path.lineTo(toQt(p));
    path.lineTo(borderPoint(target, toQt(route.back())));
    return path;
}

QPainterPath connectorPath(const QRectF& source, const QRectF& target, int lane, int lanes,
                           bool reversed, const QSizeF& labelSize) {
    const QPointF from = source.center(), to = target.center();
    const QPointF along = to - from;
    const qreal length = std::hypot(along.x(), along.y());
    // Across the line, a label reaches as far as its extent along the normal.
    const qreal across = length < 1e-9 ? 0
                                       : (std::abs(along.y()) * labelSize.width() +
                                          std::abs(along.x()) * labelSize.height()) / length;
    const qreal spacing = across + kLaneGap;
    const qreal offset = (lane - (lanes - 1) / 2.0) * spacing * (reversed ? -1 : 1);
    QPainterPath path;
    if (std::abs(offset) < 1e-9 || length < 1e-9) {
        path.moveTo(borderPoint(source, to));
        path.lineTo(borderPoint(target, from));
        return path;
    }
    // A quadratic curve passes `offset` beside the middle with its control point
    // twice as far out.
    const QPointF normal(-along.y() / length, along.x() / length);
    const QPointF control = (from + to) / 2 + normal * (2 * offset);
    path.moveTo(borderPoint(source, control));
    path.quadTo(control, borderPoint(target, control));
    return path;
}

QPainterPath loopPath(const QRectF& rect, int lane, const QSizeF& labelSize) {
    const qreal step = (labelSize.height() + kLaneGap) / kLoopMiddleShift;
    const qreal reach = kLoopSize + lane * step;
    const qreal inset = std::min(30.0 + lane * 6, rect.width() / 2);
    const qreal drop = std::min(25.0 + lane * 6, rect.height() - 2);
    const QPointF start(rect.right() - inset, rect.top());
    const QPointF end(rect.right(), rect.top() + drop);
    QPainterPath path(start);
    path.cubicTo(start + QPointF(0, -reach), end + QPointF(reach, 0), end);
    return path;
}

} // namespace swivel::canvas
