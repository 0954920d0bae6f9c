#pragma once
// The view of a MachineScene in the editor: zoom with the wheel around the cursor (with
// or without Ctrl), fit to window and 100 %, pan with the middle button, with Space
// held and a left drag, or with the scrollbars, and the select tool's rubber band.
// Keys it does not use itself go to the scene's editing keys. Owned by its parent.

#include <QGraphicsView>

namespace swivel::canvas {

class MachineView : public QGraphicsView {
    Q_OBJECT
public:
    static constexpr qreal kMinZoom = 0.05;
    static constexpr qreal kMaxZoom = 8.0;

    explicit MachineView(QWidget* parent = nullptr);

    qreal zoom() const { return transform().m11(); }
    // Scales around `anchor` (viewport coordinates), keeping the scene point under it.
    void zoomBy(qreal factor, const QPoint& anchor);
    void zoomIn();
    void zoomOut();
    void resetZoom();    // 100 %
    void fitToWindow();  // the whole drawing, never above 100 %
    // A rubber band on empty canvas (the select tool); off while drawing.
    void setRubberBandEnabled(bool enabled);

signals:
    void zoomChanged(qreal zoom);

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;

private:
    void setZoom(qreal zoom);

    bool m_rubberBand = true;
    bool m_spaceHeld = false;
    bool m_panning = false;
    QPoint m_panLast;
};

} // namespace swivel::canvas
