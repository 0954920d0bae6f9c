#include "canvas/initial_item.h"

#include <QLineF>
#include <QPainter>

#include "canvas/element_metrics.h"
#include "canvas/palette.h"

namespace swivel::canvas {

namespace {

constexpr qreal kArrowLength = 9;
constexpr qreal kArrowHalfWidth = 4;

} // namespace

void InitialItem::setGeometry(const QString& owner, const QPointF& dot, const QPointF& target) {
    prepareGeometryChange();
    m_owner = owner;
    m_dot = dot;
    m_target = target;
}

QRectF InitialItem::boundingRect() const {
    const qreal r = ElementMetrics::kInitialDotDiameter / 2 + 2;
    return QRectF(m_dot, m_target).normalized().adjusted(-r, -r, r, r);
}

void InitialItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    const qreal r = ElementMetrics::kInitialDotDiameter / 2;
    painter->setPen(Qt::NoPen);
    painter->setBrush(palette::kInk);
    painter->drawEllipse(m_dot, r, r);

    const QLineF line(m_dot, m_target);
    if (line.length() <= r + kArrowLength)
        return;
    const QPointF unit = (m_target - m_dot) / line.length();
    const QPointF normal(-unit.y(), unit.x());
    const QPointF base = m_target - unit * kArrowLength;
    painter->setPen(QPen(palette::kInk, 1.3));
    painter->drawLine(m_dot + unit * r, base);
    painter->setPen(Qt::NoPen);
    painter->drawPolygon(QPolygonF({m_target, base + normal * kArrowHalfWidth,
                                    base - normal * kArrowHalfWidth}));
}

} // namespace swivel::canvas
