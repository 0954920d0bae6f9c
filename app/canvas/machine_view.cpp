#include "canvas/machine_view.h"

#include <algorithm>
#include <cmath>

#include <QKeyEvent>
#include <QMouseEvent>
#include <QScrollBar>
#include <QWheelEvent>

#include "canvas/machine_scene.h"

namespace swivel::canvas {

namespace {
constexpr qreal kZoomStep = 1.25;     // one wheel notch or one Zoom In
constexpr qreal kFitMargin = 20;      // pixels around a fitted drawing
} // namespace

MachineView::MachineView(QWidget* parent) : QGraphicsView(parent) {
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::RubberBandDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    setTransformationAnchor(QGraphicsView::NoAnchor);  // zoomBy places the drawing itself
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setFocusPolicy(Qt::StrongFocus);
}

void MachineView::setZoom(qreal zoom) {
    zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    const qreal factor = zoom / this->zoom();
    scale(factor, factor);
    emit zoomChanged(this->zoom());
}

void MachineView::zoomBy(qreal factor, const QPoint& anchor) {
    const QPointF before = mapToScene(anchor);
    setZoom(zoom() * factor);
    // Scroll so that the scene point under the anchor stays there.
    const QPointF after = mapToScene(anchor);
    const QPointF shift = (after - before) * zoom();
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() + qRound(-shift.x()));
    verticalScrollBar()->setValue(verticalScrollBar()->value() + qRound(-shift.y()));
}

void MachineView::zoomIn() {
    zoomBy(kZoomStep, viewport()->rect().center());
}

void MachineView::zoomOut() {
    zoomBy(1 / kZoomStep, viewport()->rect().center());
}

void MachineView::resetZoom() {
    setZoom(1.0);
}

void MachineView::fitToWindow() {
    if (!scene())
        return;
    const QRectF drawing = scene()->itemsBoundingRect();
    if (drawing.isEmpty())
        return;
    const QSizeF room = QSizeF(viewport()->size()) - QSizeF(2 * kFitMargin, 2 * kFitMargin);
    const qreal zoom =
        std::min({room.width() / drawing.width(), room.height() / drawing.height(), 1.0});
    setZoom(zoom);
    centerOn(drawing.center());
}

void MachineView::setRubberBandEnabled(bool enabled) {
    m_rubberBand = enabled;
    if (!m_panning)
        setDragMode(enabled ? QGraphicsView::RubberBandDrag : QGraphicsView::NoDrag);
}

void MachineView::wheelEvent(QWheelEvent* event) {
    // Plain wheel zooms too: a drawing is panned with the middle button or Space, and
    // Shift+wheel scrolls (Qt's default) for mice without a middle button.
    if (event->modifiers() & Qt::ShiftModifier) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    const int delta = event->angleDelta().y();
    if (delta == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    zoomBy(std::pow(kZoomStep, delta / 120.0), event->position().toPoint());
    event->accept();
}

void MachineView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::MiddleButton ||
        (event->button() == Qt::LeftButton && m_spaceHeld)) {
        m_panning = true;
        m_panLast = event->position().toPoint();
        setDragMode(QGraphicsView::NoDrag);
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void MachineView::mouseMoveEvent(QMouseEvent* event) {
    if (m_panning) {
        const QPoint delta = event->position().toPoint() - m_panLast;
        m_panLast = event->position().toPoint();
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void MachineView::mouseReleaseEvent(QMouseEvent* event) {
    if (m_panning) {
        m_panning = false;
        viewport()->setCursor(m_spaceHeld ? Qt::OpenHandCursor : Qt::ArrowCursor);
        setRubberBandEnabled(m_rubberBand);
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void MachineView::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = true;
        viewport()->setCursor(Qt::OpenHandCursor);
        event->accept();
        return;
    }
    if (auto* machineScene = qobject_cast<MachineScene*>(scene());
        machineScene && machineScene->editKey(event)) {
        event->accept();
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

void MachineView::keyReleaseEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = false;
        if (!m_panning)
            viewport()->setCursor(Qt::ArrowCursor);
        event->accept();
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

} // namespace swivel::canvas
