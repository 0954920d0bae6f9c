#pragma once
// Where a transition's arrows run when the scene draws it: along its stored route, or,
// without one, straight between the two boxes (bent apart when several transitions
// join the same pair of states) or as a loop over a corner of its state (several
// loops on one state nested one outside the other). Scene coordinates throughout.

#include <vector>

#include <QPainterPath>
#include <QRectF>

#include "model/machine.h"

namespace swivel::canvas {

// Where the line from the centre of `rect` towards `towards` leaves the rect.
QPointF borderPoint(const QRectF& rect, const QPointF& towards);

// A chain of cubic Bézier segments when `route` has 3n+1 points (what Graphviz
// produces), else a polyline from the source's border through the points to the
// target's border.
QPainterPath routePath(const std::vector<model::Point>& route, const QRectF& source,
                       const QRectF& target);

// From `source` to `target`. `lane` numbers the unrouted transitions between the same
// two states (either direction) in document order and `lanes` counts them; one lane
// is straight, more fan out symmetrically so that labels of `labelSize` (the largest
// of them) centred on their middles stay apart. `reversed`: this one runs target to
// source in the pair's own order, so that its bend is mirrored back onto its side.
QPainterPath connectorPath(const QRectF& source, const QRectF& target, int lane, int lanes,
                           bool reversed, const QSizeF& labelSize);

// A state's transition onto itself: the `lane`-th loop over its top-right corner, each
// one far enough outside the previous one for labels of `labelSize` on their middles.
QPainterPath loopPath(const QRectF& rect, int lane, const QSizeF& labelSize);

} // namespace swivel::canvas
