#include "canvas/state_item.h"

#include <QPainter>

#include "canvas/palette.h"

namespace swivel::canvas {

namespace {

constexpr qreal kPenWidth = 1.4;

} // namespace

StateItem::StateItem(const ElementMetrics& metrics) : m_metrics(metrics) {}

void StateItem::setState(const model::State& state, bool container, std::vector<StateRow> rows) {
    m_id = QString::fromStdString(state.id);
    m_kind = state.kind;
    m_container = container;
    m_rows = std::move(rows);
    QString tip = m_id;
    if (!state.description.empty())
        tip += QStringLiteral("\n") + QString::fromStdString(state.description);
    setToolTip(tip);
    update();
}

void StateItem::setRect(const QRectF& rect) {
    prepareGeometryChange();
    setPos(rect.topLeft());
    m_size = rect.size();
}

void StateItem::setRegionSeparators(const QList<QLineF>& separators) {
    if (separators.isEmpty() && m_separators.isEmpty())
        return;
    m_separators.clear();
    for (const QLineF& line : separators)
        m_separators << line.translated(-pos());
    update();
}

void StateItem::setRegionStyle(RegionStyle style) {
    if (style == m_regionStyle)
        return;
    m_regionStyle = style;
    update();
}

void StateItem::setDropTarget(bool target) {
    if (target == m_dropTarget)
        return;
    m_dropTarget = target;
    update();
}

void StateItem::setEmulationLook(bool active, double heat) {
    if (active == m_active && heat == m_heat)
        return;
    m_active = active;
    m_heat = heat;
    update();
}

void StateItem::setDivergenceMark(DivergenceMark mark) {
    if (mark == m_divergence)
        return;
    m_divergence = mark;
    update();
}

QRectF StateItem::boundingRect() const {
    // Room for the selection frame and the resize handle around the box.
    const qreal margin = kPenWidth + 4;
    return QRectF(QPointF(0, 0), m_size).adjusted(-margin, -margin, margin, margin);
}

void StateItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    paintShape(painter);
    if (m_dropTarget) {  // where the dragged states would land
        painter->setPen(QPen(palette::kSelection, 3));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(QRectF(QPointF(0, 0), m_size).adjusted(-1, -1, 1, 1),
                                 ElementMetrics::kCornerRadius, ElementMetrics::kCornerRadius);
    }
    if (isSelected()) {  // the editor's selection; Qt's own dotted frame is too faint
        painter->setPen(QPen(palette::kSelection, 2, Qt::DashLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(QRectF(QPointF(0, 0), m_size).adjusted(-3, -3, 3, 3));
        // The resize handle (the select tool's, see SelectTool::handleRect).
        painter->setPen(Qt::NoPen);
        painter->setBrush(palette::kSelection);
        painter->drawRect(QRectF(m_size.width() - 4, m_size.height() - 4, 8, 8));
    }
}

void StateItem::paintShape(QPainter* painter) const {
    switch (m_kind) {
    case model::StateKind::Final:
        if (!m_container) {
            paintRing(painter);
            return;
        }
        break;
    case model::StateKind::ShallowHistory:
    case model::StateKind::DeepHistory:
        if (!m_container) {
            paintHistory(painter);
            return;
        }
        break;
    case model::StateKind::State:
    case model::StateKind::Parallel:
        break;
    }
    paintBox(painter);
    paintText(painter);
}

void StateItem::paintBox(QPainter* painter) const {
    const QRectF box(QPointF(0, 0), m_size);
    if (m_regionStyle == RegionStyle::Stripe)
        return;  // the parallel state draws the lines between its regions
    if (m_regionStyle == RegionStyle::Dashed) {
        painter->setPen(QPen(palette::kRegionLine, 1, Qt::DashLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(box);
        return;
    }
    QColor fill = m_container ? palette::kContainerFill : palette::kStateFill;
    if (m_heat >= 0 && !m_container) {  // the fleet's visits: plain fill (none) to hot (most)
        const double t = std::clamp(m_heat, 0.0, 1.0);
        fill = QColor::fromRgbF(fill.redF() + (palette::kHeatHot.redF() - fill.redF()) * t,
                                fill.greenF() + (palette::kHeatHot.greenF() - fill.greenF()) * t,
                                fill.blueF() + (palette::kHeatHot.blueF() - fill.blueF()) * t);
    }
    if (m_active && !m_container)
        fill = palette::kActiveFill;
    QPen pen = m_active ? QPen(palette::kActiveBorder, kPenWidth + 1.5) : QPen(palette::kBorder, kPenWidth);
    // The divergence wins over the emulation look: the replay stands at that moment
    // and lights the recorded states, which the divergence colours tell apart.
    switch (m_divergence) {
    case DivergenceMark::None:
        break;
    case DivergenceMark::RecordedOnly:
        fill = m_container ? fill : palette::kRecordedOnlyFill;
        pen = QPen(palette::kRecordedOnlyBorder, kPenWidth + 1.5, Qt::DashLine);
        break;
    case DivergenceMark::RerunOnly:
        fill = m_container ? fill : palette::kRerunOnlyFill;
        pen = QPen(palette::kRerunOnlyBorder, kPenWidth + 1.5);
        break;
    case DivergenceMark::ActionsDiffer:
        fill = m_container ? fill : palette::kActionsDifferFill;
        pen = QPen(palette::kActionsDifferBorder, kPenWidth + 1.5);
        break;
    }
    painter->setPen(pen);
    painter->setBrush(fill);
    painter->drawRoundedRect(box, ElementMetrics::kCornerRadius, ElementMetrics::kCornerRadius);
    if (!m_separators.isEmpty()) {
        painter->setPen(QPen(palette::kRegionLine, 1.2, Qt::DashLine));
        painter->drawLines(m_separators);
    }
}

void StateItem::paintText(QPainter* painter) const {
    const QRectF box(QPointF(0, 0), m_size);
    const qreal padding = ElementMetrics::kPadding;
    painter->setFont(m_metrics.nameFont());
    painter->setPen(palette::kInk);
    const QString name = m_metrics.elided(m_id, m_metrics.nameFont());
    if (m_container) {
        painter->drawText(QRectF(padding, 6, box.width() - 2 * padding, m_metrics.nameHeight()),
                          Qt::AlignLeft | Qt::AlignVCenter, name);
    } else if (m_rows.empty()) {
        painter->drawText(box, Qt::AlignCenter, name);
    } else {
        painter->drawText(QRectF(0, 6, box.width(), m_metrics.nameHeight()), Qt::AlignCenter, name);
        const qreal y = m_metrics.rowRect(box, 0).top() - 2;
        painter->setPen(QPen(palette::kBorder.lighter(160), 1));
        painter->drawLine(QPointF(1, y), QPointF(box.width() - 1, y));
    }
    painter->setFont(m_metrics.textFont());
    painter->setPen(palette::kText);
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].transitionId.isEmpty())
            painter->drawText(m_metrics.rowRect(box, static_cast<int>(i)),
                              Qt::AlignLeft | Qt::AlignVCenter, m_rows[i].text);
    }
}

void StateItem::paintRing(QPainter* painter) const {
    const qreal d = ElementMetrics::kRingDiameter;
    const QRectF ring(0, (m_size.height() - d) / 2, d, d);
    painter->setPen(QPen(palette::kInk, kPenWidth));
    painter->setBrush(Qt::white);
    painter->drawEllipse(ring);
    painter->setPen(Qt::NoPen);
    painter->setBrush(palette::kInk);
    painter->drawEllipse(ring.adjusted(6, 6, -6, -6));
    painter->setFont(m_metrics.nameFont());
    painter->setPen(palette::kInk);
    painter->drawText(QRectF(d + 6, 0, m_size.width() - d - 6, m_size.height()),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      m_metrics.elided(m_id, m_metrics.nameFont()));
}

void StateItem::paintHistory(QPainter* painter) const {
    const QRectF circle(QPointF(0, 0), m_size);
    painter->setPen(QPen(palette::kInk, kPenWidth));
    painter->setBrush(Qt::white);
    painter->drawEllipse(circle);
    painter->setFont(m_metrics.nameFont());
    painter->drawText(circle, Qt::AlignCenter,
                      m_kind == model::StateKind::DeepHistory ? QStringLiteral("H*")
                                                              : QStringLiteral("H"));
}

} // namespace swivel::canvas
