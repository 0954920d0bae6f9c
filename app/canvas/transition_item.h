#pragma once
// Draws one transition: curved arrows (one per target; a loop for a self-transition)
// and the label `Event [guard] / actions` on a light background. A targetless
// transition has no arrow: its label is a row inside its state's box. Selected, it
// shows round handles on its ends (the select tool reconnects them). Only observes:
// the scene computes the geometry from the layout.

#include <QGraphicsItem>
#include <QList>
#include <QPainterPath>
#include <QPolygonF>
#include <QStaticText>
#include <QStringList>
#include <vector>

#include "canvas/element_metrics.h"
#include "model/machine.h"

namespace swivel::canvas {

class TransitionItem : public QGraphicsItem {
public:
    enum { Type = UserType + 2 };

    explicit TransitionItem(const ElementMetrics& metrics);

    // The label lines (a targetless transition: its one row) and the tooltip.
    void setTransition(const model::Transition& transition, QStringList lines);
    // Paths in scene coordinates, each ending in an arrowhead; the label's centre.
    void setGeometry(const QList<QPainterPath>& paths, const QPointF& labelCentre);

    const QString& transitionId() const { return m_id; }
    bool isTargetless() const { return m_targetless; }
    // Emulation, view state only: the transition the followed device just took.
    void setTaken(bool taken);
    bool isTaken() const { return m_taken; }
    const QList<QPainterPath>& paths() const { return m_paths; }
    QRectF labelRect() const;  // scene coordinates
    // Where the arrow leaves its source, and where its `index`-th arrow ends.
    QPointF sourceEnd() const;
    QPointF targetEnd(int index) const;
    // The end within `tolerance` of `point`: -1 the source, 0.. a target, -2 none.
    int endAt(const QPointF& point, qreal tolerance) const;

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option,
               QWidget* widget) override;

private:
    static QPolygonF arrowHead(const QPainterPath& path);
    void updateBounds();

    const ElementMetrics& m_metrics;
    QString m_id;
    bool m_targetless = false;
    bool m_taken = false;
    QStringList m_lines;
    QSizeF m_labelSize;
    QList<QPainterPath> m_paths;
    // Kept with the geometry and the text: painting a frame of a drag must not measure
    // curves or shape text again (both showed in profiles of the designer bench).
    QList<QPolygonF> m_heads;           // one per path
    std::vector<QStaticText> m_texts;   // one per label line
    QRectF m_bounds;
    QPointF m_labelCentre;
    mutable QPainterPath m_shape;  // empty: not computed since the last change
};

} // namespace swivel::canvas
