#include "emulation_ui/timeline_legend.h"

#include <QPainter>

#include "emulation_ui/timeline_style.h"

namespace swivel::emulation_ui::timeline {

namespace {

constexpr int kSwatchWidth = 16;
constexpr int kSwatchHeight = 10;
constexpr int kGap = 4;        // swatch to label
constexpr int kSpacing = 12;   // item to item
constexpr int kRowSpacing = 2;

} // namespace

TimelineLegend::TimelineLegend(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("timelineLegend"));
    for (emu::InvocationPhase phase : kPhases)
        m_items.push_back({Swatch::Fill, phaseColour(phase), phaseName(phase)});
    m_items.push_back({Swatch::Tick, conflictColour(), tr("conflict")});
    for (emu::InvocationOutcome outcome : kOutcomes)
        m_items.push_back({Swatch::Outline, outcomeColour(outcome), outcomeName(outcome)});
    m_items.push_back({Swatch::Running, QColor(), tr("running")});
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

std::vector<QRect> TimelineLegend::layoutItems(int width) const {
    std::vector<QRect> rects;
    const QFontMetrics metrics(font());
    const int rowHeight = std::max(metrics.height(), kSwatchHeight);
    int x = 0, y = 0;
    for (const Item& item : m_items) {
        const int itemWidth = kSwatchWidth + kGap + metrics.horizontalAdvance(item.label);
        if (x > 0 && x + itemWidth > width) {
            x = 0;
            y += rowHeight + kRowSpacing;
        }
        rects.emplace_back(x, y, itemWidth, rowHeight);
        x += itemWidth + kSpacing;
    }
    return rects;
}

int TimelineLegend::heightForWidth(int width) const {
    const std::vector<QRect> rects = layoutItems(width);
    return rects.empty() ? 0 : rects.back().bottom() + 1;
}

QSize TimelineLegend::sizeHint() const {
    const int width = 560;
    return {width, heightForWidth(width)};
}

QSize TimelineLegend::minimumSizeHint() const {
    const int width = 160;
    return {width, heightForWidth(width)};
}

void TimelineLegend::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const std::vector<QRect> rects = layoutItems(width());
    const QColor text = palette().color(QPalette::WindowText);
    for (std::size_t i = 0; i < m_items.size(); ++i) {
        const Item& item = m_items[i];
        const QRect& at = rects[i];
        const QRectF swatch(at.left(), at.center().y() - kSwatchHeight / 2.0, kSwatchWidth, kSwatchHeight);
        switch (item.swatch) {
        case Swatch::Fill:
            painter.fillRect(swatch, item.colour);
            break;
        case Swatch::Outline:
            // A neutral bar outlined and capped in the outcome's colour, as the lanes draw it.
            painter.fillRect(swatch, palette().color(QPalette::Midlight));
            painter.setPen(QPen(item.colour, 1));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(swatch.adjusted(0.5, 0.5, -0.5, -0.5));
            painter.fillRect(QRectF(swatch.right() - 3, swatch.top(), 3, swatch.height()), item.colour);
            break;
        case Swatch::Tick:
            painter.fillRect(swatch, phaseColour(emu::InvocationPhase::Put));
            painter.fillRect(QRectF(swatch.center().x() - 1, swatch.top() - 2, 3, swatch.height() + 4), item.colour);
            break;
        case Swatch::Running: {
            painter.fillRect(swatch, palette().color(QPalette::Midlight));
            QColor line = palette().color(QPalette::Text);
            line.setAlphaF(0.5);
            painter.setPen(QPen(line, 1));
            painter.drawLine(swatch.topLeft() + QPointF(0, 0.5), swatch.topRight() + QPointF(0, 0.5));
            painter.drawLine(swatch.bottomLeft() - QPointF(0, 0.5), swatch.bottomRight() - QPointF(0, 0.5));
            painter.drawLine(swatch.topLeft() + QPointF(0.5, 0), swatch.bottomLeft() + QPointF(0.5, 0));
            break;
        }
        }
        painter.setPen(text);
        painter.drawText(QRect(at.left() + kSwatchWidth + kGap, at.top(), at.width() - kSwatchWidth - kGap,
                               at.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, item.label);
    }
}

} // namespace swivel::emulation_ui::timeline
