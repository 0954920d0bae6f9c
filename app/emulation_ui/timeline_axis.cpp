#include "emulation_ui/timeline_axis.h"

#include <algorithm>
#include <cmath>

#include <QPainter>

namespace swivel::emulation_ui::timeline {

AxisTicks axisTicks(const TimeScale& scale, double minSpacing) {
    AxisTicks ticks;
    const double pixels = scale.right - scale.left;
    const emu::VirtualTime span = scale.to - scale.from;
    if (span <= 0 || pixels <= 0)
        return ticks;
    const double wanted = static_cast<double>(span) * minSpacing / pixels;  // µs between ticks
    emu::VirtualTime power = 1;
    while (power * 10 <= wanted)
        power *= 10;
    ticks.step = power * 10;
    for (emu::VirtualTime factor : {1, 2, 5}) {
        if (static_cast<double>(factor * power) >= wanted) {
            ticks.step = factor * power;
            break;
        }
    }
    emu::VirtualTime first = scale.from / ticks.step * ticks.step;
    if (first < scale.from)
        first += ticks.step;
    for (emu::VirtualTime t = first; t <= scale.to; t += ticks.step)
        ticks.at.push_back(t);
    return ticks;
}

QString tickLabel(emu::VirtualTime t, emu::VirtualTime step) {
    if (step % emu::seconds(1) == 0)
        return QStringLiteral("%1 s").arg(t / emu::seconds(1));
    const int decimals =
        std::max(0, static_cast<int>(std::ceil(-std::log10(static_cast<double>(step) / 1e6) - 1e-9)));
    return QStringLiteral("%1 s").arg(QString::number(emu::toSeconds(t), 'f', decimals));
}

TimeAxis::TimeAxis(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void TimeAxis::setScale(const TimeScale& scale) {
    m_scale = scale;
    update();
}

void TimeAxis::setCornerText(const QString& text) {
    m_corner = text;
    update();
}

void TimeAxis::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Window));
    const QColor text = palette().color(QPalette::WindowText);
    QColor line = text;
    line.setAlphaF(0.45);
    painter.setPen(line);
    const int baseline = height() - 1;
    painter.drawLine(QPointF(m_scale.left, baseline), QPointF(m_scale.right, baseline));

    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
    painter.setFont(small);
    const QFontMetrics metrics(small);
    const AxisTicks ticks = axisTicks(m_scale, metrics.horizontalAdvance(QStringLiteral("000.000 s")) + 12);
    for (emu::VirtualTime t : ticks.at) {
        const double x = std::round(m_scale.x(t)) + 0.5;
        painter.setPen(line);
        painter.drawLine(QPointF(x, baseline - 4), QPointF(x, baseline));
        const QString label = tickLabel(t, ticks.step);
        const int width = metrics.horizontalAdvance(label);
        // Labels centred on their tick, kept inside the widget at both ends.
        const double left = std::max(m_scale.left, std::min(x - width / 2.0, this->width() - width - 1.0));
        painter.setPen(text);
        painter.drawText(QPointF(left, baseline - 6 - metrics.descent()), label);
    }
    if (!m_corner.isEmpty()) {
        painter.setPen(text);
        painter.drawText(QRectF(2, 0, std::max(0.0, m_scale.left - 4), height() - 2),
                         Qt::AlignLeft | Qt::AlignBottom, m_corner);
    }
}

} // namespace swivel::emulation_ui::timeline
