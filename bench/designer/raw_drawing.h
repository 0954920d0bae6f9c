#pragma once
// The designer benchmark's baseline: the same drawing as plain Qt items, with none of
// the editor around them. One QGraphicsRectItem with a QGraphicsSimpleTextItem name
// per state, one QGraphicsPathItem (a cubic curve) with a QGraphicsSimpleTextItem
// label per transition, at the machine's own layout. What a scene of that many items
// costs Qt at the least; the canvas should stay within a small factor of it.

#include <string>

#include <QGraphicsRectItem>
#include <QGraphicsScene>

#include "model/machine.h"

namespace swivel::bench {

// Fills `scene` (empty) with the drawing of `machine`; states can be dragged with the
// mouse (Qt's own ItemIsMovable). Returns the rect item of state `dragged`.
QGraphicsRectItem* buildRawDrawing(QGraphicsScene& scene, const model::Machine& machine,
                                   const std::string& dragged);

} // namespace swivel::bench
