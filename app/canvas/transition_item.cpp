#include "canvas/transition_item.h"

#include <QPainter>
#include <QPainterPathStroker>
#include <QtMath>

#include "canvas/palette.h"
#include "model/labels.h"

namespace swivel::canvas {

namespace {

constexpr qreal kPenWidth = 1.3;
constexpr qreal kArrowLength = 10;
constexpr qreal kArrowHalfWidth = 4.5;
constexpr qreal kEndHandleRadius = 4;

} // namespace

TransitionItem::TransitionItem(const ElementMetrics& metrics) : m_metrics(metrics) {}

void TransitionItem::setTransition(const model::Transition& transition, QStringList lines) {
    prepareGeometryChange();
    m_shape.clear();
    m_id = QString::fromStdString(transition.id);
    m_targetless = transition.targets.empty();
    m_lines = std::move(lines);
    m_labelSize = m_targetless && !m_lines.isEmpty()
                      ? QSizeF(m_metrics.textWidth(m_lines.front(), m_metrics.textFont()),
                               m_metrics.lineHeight())
                      : m_metrics.labelSize(m_lines);
    const QString label = QString::fromStdString(model::transitionLabel(transition));
    setToolTip(label.isEmpty() ? m_id : m_id + QStringLiteral(": ") + label);
    m_texts.clear();
    for (const QString& line : std::as_const(m_lines)) {
        QStaticText text(line);
        text.setTextFormat(Qt::PlainText);
        text.prepare(QTransform(), m_metrics.textFont());
        m_texts.push_back(std::move(text));
    }
    updateBounds();
}

void TransitionItem::setGeometry(const QList<QPainterPath>& paths, const QPointF& labelCentre) {
    prepareGeometryChange();
    m_shape.clear();
    m_paths = paths;
    m_labelCentre = labelCentre;
    m_heads.clear();
    for (const QPainterPath& path : m_paths)
        m_heads.push_back(arrowHead(path));
    updateBounds();
}

void TransitionItem::updateBounds() {
    QRectF bounds = labelRect();
    for (qsizetype i = 0; i < m_paths.size(); ++i)
        bounds |= m_paths[i].boundingRect() | m_heads.value(i).boundingRect();
    const qreal margin = kPenWidth + kArrowHalfWidth;
    m_bounds = bounds.adjusted(-margin, -margin, margin, margin);
}

QRectF TransitionItem::labelRect() const {
    return QRectF(m_labelCentre - QPointF(m_labelSize.width() / 2, m_labelSize.height() / 2),
                  m_labelSize);
}

QPointF TransitionItem::sourceEnd() const {
    return m_paths.isEmpty() ? m_labelCentre : m_paths.front().pointAtPercent(0);
}

QPointF TransitionItem::targetEnd(int index) const {
    return index < 0 || index >= m_paths.size() ? m_labelCentre
                                                 : m_paths[index].pointAtPercent(1);
}

int TransitionItem::endAt(const QPointF& point, qreal tolerance) const {
    if (m_paths.isEmpty())
        return -2;
    const auto near = [&](const QPointF& end) {
        return (end - point).manhattanLength() <= tolerance;
    };
    // A loop's ends lie close together: its target end (the arrowhead) wins.
    for (int i = 0; i < m_paths.size(); ++i) {
        if (near(targetEnd(i)))
            return i;
    }
    return near(sourceEnd()) ? -1 : -2;
}

QRectF TransitionItem::boundingRect() const {
    return m_bounds;
}

QPainterPath TransitionItem::shape() const {
    // Kept until the geometry changes: hit tests and the rubber band ask often, and
    // merging the strokes is not cheap.
    if (!m_shape.isEmpty())
        return m_shape;
    QPainterPathStroker stroker;
    stroker.setWidth(8);
    // Winding fill: where a stroke crosses the label (or another stroke) the parts
    // overlap, and the default odd-even rule would cut a hole there.
    QPainterPath shape;
    shape.setFillRule(Qt::WindingFill);
    for (const QPainterPath& path : m_paths)
        shape.addPath(stroker.createStroke(path).simplified());
    QPainterPath label;
    label.addRect(labelRect());
    shape.addPath(label.simplified());
    m_shape = shape;
    return shape;
}

QPolygonF TransitionItem::arrowHead(const QPainterPath& path) {
    if (path.elementCount() < 2)
        return {};
    const QPointF tip = path.pointAtPercent(1.0);
    const qreal angle = qDegreesToRadians(path.angleAtPercent(1.0));
    const QPointF back(-std::cos(angle) * kArrowLength, std::sin(angle) * kArrowLength);
    const QPointF side(-std::sin(angle) * kArrowHalfWidth, -std::cos(angle) * kArrowHalfWidth);
    return QPolygonF({tip, tip + back + side, tip + back - side});
}

void TransitionItem::setTaken(bool taken) {
    if (taken == m_taken)
        return;
    m_taken = taken;
    update();
}

void TransitionItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    // The editor's selection recolours the arrow rather than framing it.
    const QColor ink = isSelected() ? palette::kSelection
                       : m_taken    ? palette::kTakenTransition
                                    : palette::kTransition;
    const qreal width = isSelected() || m_taken ? kPenWidth + (m_taken ? 1.5 : 1) : kPenWidth;
    for (qsizetype i = 0; i < m_paths.size(); ++i) {
        painter->setPen(QPen(ink, width));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(m_paths[i]);
        painter->setPen(Qt::NoPen);
        painter->setBrush(ink);
        painter->drawPolygon(m_heads.value(i));
    }
    if (isSelected() && !m_paths.isEmpty()) {  // the ends the select tool reconnects
        painter->setPen(QPen(palette::kSelection, 1.5));
        painter->setBrush(Qt::white);
        constexpr qreal r = kEndHandleRadius;
        painter->drawEllipse(sourceEnd(), r, r);
        for (int i = 0; i < m_paths.size(); ++i)
            painter->drawEllipse(targetEnd(i), r, r);
    }
    if (m_lines.isEmpty())
        return;
    const QRectF label = labelRect();
    painter->setFont(m_metrics.textFont());
    const qreal lineHeight = m_metrics.lineHeight();
    // Each line vertically centred in its row, as drawText with AlignVCenter would.
    const auto drawLine = [&](std::size_t i, const QRectF& row) {
        const QStaticText& text = m_texts[i];
        painter->drawStaticText(QPointF(row.left(), row.top() + (row.height() -
                                                                 text.size().height()) / 2),
                                text);
    };
    if (m_targetless) {
        painter->setPen(palette::kText);
        drawLine(0, label);
        return;
    }
    painter->setPen(Qt::NoPen);
    painter->setBrush(palette::kLabelBackground);
    painter->drawRoundedRect(label, 3, 3);
    painter->setPen(palette::kText);
    for (std::size_t i = 0; i < m_texts.size(); ++i) {
        const QRectF line(label.left() + 3, label.top() + 1 + lineHeight * static_cast<qreal>(i),
                          label.width() - 6, lineHeight);
        drawLine(i, line);
    }
}

} // namespace swivel::canvas
