#include "emulation_ui/timeline_lanes.h"

#include <algorithm>
#include <cmath>

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

#include "emulation_ui/timeline_style.h"

namespace swivel::emulation_ui::timeline {

namespace {

constexpr int kBarInset = 2;         // bar above and below within its lane
constexpr double kMinBarWidth = 3;   // even a 1 ms invocation in a 60 s window can be hit
constexpr double kCapWidth = 3;      // the outcome's solid end
constexpr int kRightMargin = 8;

bool isConflict(const std::vector<emu::PhaseHistory>& phases, std::size_t k) {
    return phases[k].phase == emu::InvocationPhase::Put && k + 1 < phases.size() &&
           phases[k + 1].phase == emu::InvocationPhase::Backoff;
}

} // namespace

InstanceLanes::InstanceLanes(QWidget* parent) : QAbstractScrollArea(parent), m_axis(new TimeAxis(this)) {
    setObjectName(QStringLiteral("instanceLanes"));
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setViewportMargins(0, kAxisHeight, 0, 0);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    viewport()->setMouseTracking(true);
    m_axis->setCornerText(tr("inst."));
}

void InstanceLanes::showInstances(std::shared_ptr<const emu::InstanceHistory> history) {
    m_history = std::move(history);
    m_spans.clear();
    m_lanes.clear();
    m_byId.clear();
    if (m_history) {
        const auto& invocations = m_history->invocations;
        m_spans.reserve(invocations.size());
        m_byId.reserve(invocations.size());
        int lanes = 0;
        for (const auto& invocation : invocations)
            lanes = std::max(lanes, invocation.instance + 1);
        m_lanes.resize(static_cast<std::size_t>(lanes));
        for (std::size_t i = 0; i < invocations.size(); ++i) {
            const auto& invocation = invocations[i];
            const emu::VirtualTime end = invocation.outcome ? invocation.endTime : m_history->to;
            m_spans.push_back({invocation.startTime, std::max(end, invocation.startTime)});
            m_byId[invocation.id] = i;
            if (invocation.instance >= 0)
                m_lanes[static_cast<std::size_t>(invocation.instance)].push_back(i);
        }
        for (auto& lane : m_lanes) {
            std::stable_sort(lane.begin(), lane.end(),
                             [this](std::size_t a, std::size_t b) { return m_spans[a].start < m_spans[b].start; });
        }
    }
    updateGeometries();
    viewport()->update();
}

void InstanceLanes::setDeviceNames(const QStringList& names) {
    m_deviceNames = names;
}

void InstanceLanes::setSelectedInvocation(emu::InvocationId id) {
    if (m_selected == id)
        return;
    m_selected = id;
    viewport()->update();
}

TimeScale InstanceLanes::scale() const {
    TimeScale scale;
    if (m_history) {
        scale.from = m_history->from;
        scale.to = std::max(m_history->to, m_history->from + 1);
    }
    scale.left = kLabelWidth;
    scale.right = std::max<double>(kLabelWidth + 1, viewport()->width() - kRightMargin);
    return scale;
}

QRectF InstanceLanes::barRectF(std::size_t index) const {
    const auto& invocation = m_history->invocations[index];
    const TimeScale s = scale();
    const Span span = m_spans[index];
    if (span.end < s.from || span.start > s.to || invocation.instance < 0)
        return {};
    double left = std::max(s.left, s.x(span.start));
    double right = std::min(s.right, s.x(span.end));
    if (right - left < kMinBarWidth) {
        right = std::min(s.right, left + kMinBarWidth);
        left = std::min(left, right - kMinBarWidth);
    }
    const double top = invocation.instance * kLaneHeight - verticalScrollBar()->value() + kBarInset;
    return QRectF(QPointF(std::round(left), top), QPointF(std::round(right), top + kLaneHeight - 2 * kBarInset));
}

QRect InstanceLanes::barRect(emu::InvocationId id) const {
    const auto found = m_byId.find(id);
    if (found == m_byId.end())
        return {};
    return barRectF(found->second).toRect();
}

void InstanceLanes::ensureVisible(emu::InvocationId id) {
    const auto found = m_byId.find(id);
    if (found == m_byId.end())
        return;
    const int top = m_history->invocations[found->second].instance * kLaneHeight;
    QScrollBar* bar = verticalScrollBar();
    if (top < bar->value())
        bar->setValue(top);
    else if (top + kLaneHeight > bar->value() + viewport()->height())
        bar->setValue(top + kLaneHeight - viewport()->height());
}

emu::InvocationId InstanceLanes::invocationAt(QPoint position) const {
    if (!m_history || position.x() < kLabelWidth)
        return 0;
    const int lane = (position.y() + verticalScrollBar()->value()) / kLaneHeight;
    if (lane < 0 || lane >= laneCount())
        return 0;
    // The last drawn wins where short bars touch, as it is the one on top.
    const auto& indexes = m_lanes[static_cast<std::size_t>(lane)];
    for (auto it = indexes.rbegin(); it != indexes.rend(); ++it) {
        const QRectF bar = barRectF(*it);
        if (!bar.isEmpty() && position.x() >= bar.left() - 1 && position.x() <= bar.right() + 1)
            return m_history->invocations[*it].id;
    }
    return 0;
}

QString InstanceLanes::deviceName(int device) const {
    if (device >= 0 && device < m_deviceNames.size())
        return m_deviceNames[device];
    return tr("device %1").arg(device);
}

QString InstanceLanes::toolTipFor(emu::InvocationId id) const {
    const auto found = m_byId.find(id);
    if (found == m_byId.end())
        return {};
    const auto& invocation = m_history->invocations[found->second];
    QString text = QStringLiteral("<b>%1</b> — invocation %2 on instance #%3")
                       .arg(deviceName(invocation.device).toHtmlEscaped())
                       .arg(invocation.id)
                       .arg(invocation.instance);
    text += tr("<br>event message %1, delivery #%2").arg(invocation.message).arg(invocation.delivery);
    if (invocation.coldStart)
        text += tr(" (cold start)");
    const QString outcome = invocation.outcome ? outcomeName(*invocation.outcome) : tr("running");
    text += tr("<br>outcome: <b>%1</b>; %2 attempt(s), %3 conflict(s)")
                .arg(outcome)
                .arg(invocation.attempts)
                .arg(invocation.conflicts);
    text += QStringLiteral("<table cellspacing=0 cellpadding=1>");
    const auto& phases = invocation.phases;
    for (std::size_t k = 0; k < phases.size(); ++k) {
        const bool last = k + 1 == phases.size();
        const emu::VirtualTime end = !last ? phases[k + 1].time
                                     : invocation.outcome ? invocation.endTime
                                                          : m_history->to;
        QString what = phaseName(phases[k].phase);
        if (phases[k].phase == emu::InvocationPhase::Read)
            what += tr(" v%1").arg(phases[k].version);
        else if (phases[k].phase == emu::InvocationPhase::Put)
            what += tr(" if v%1").arg(phases[k].version);
        if (isConflict(phases, k))
            what += QStringLiteral(" <span style='color:%1'>%2</span>")
                        .arg(conflictColour().name(), tr("conflict"));
        QString duration = formatDuration(end - phases[k].time);
        if (last && !invocation.outcome)
            duration += tr(" so far");
        text += QStringLiteral("<tr><td><span style='color:%1'>■</span> %2</td><td>&nbsp;attempt %3</td>"
                               "<td align=right>&nbsp;%4</td></tr>")
                    .arg(phaseColour(phases[k].phase).name())
                    .arg(what)
                    .arg(phases[k].attempt)
                    .arg(duration);
    }
    text += QStringLiteral("</table>");
    return text;
}

void InstanceLanes::updateGeometries() {
    const int content = laneCount() * kLaneHeight;
    QScrollBar* bar = verticalScrollBar();
    bar->setRange(0, std::max(0, content - viewport()->height()));
    bar->setPageStep(viewport()->height());
    bar->setSingleStep(kLaneHeight);
    const QRect area = viewport()->geometry();
    m_axis->setGeometry(area.left(), area.top() - kAxisHeight, area.width(), kAxisHeight);
    m_axis->setScale(scale());
}

void InstanceLanes::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    updateGeometries();
}

void InstanceLanes::scrollContentsBy(int, int) {
    viewport()->update();
}

void InstanceLanes::paintBar(QPainter& painter, std::size_t index, const QRectF& bar,
                             const TimeScale& s) const {
    const auto& invocation = m_history->invocations[index];
    const auto& phases = invocation.phases;
    const Span span = m_spans[index];
    if (phases.empty()) {
        painter.fillRect(bar, palette().color(QPalette::Mid));
    } else {
        // Phases before the first recorded one (should there be a gap) read as the first.
        for (std::size_t k = 0; k < phases.size(); ++k) {
            const emu::VirtualTime begin = k == 0 ? span.start : phases[k].time;
            const emu::VirtualTime end = k + 1 < phases.size() ? phases[k + 1].time : span.end;
            const double left = std::max(bar.left(), std::round(s.x(begin)));
            const double right = k + 1 < phases.size() ? std::min(bar.right(), std::round(s.x(end))) : bar.right();
            if (right > left)
                painter.fillRect(QRectF(left, bar.top(), right - left, bar.height()), phaseColour(phases[k].phase));
        }
    }
    if (invocation.outcome) {
        const QColor colour = outcomeColour(*invocation.outcome);
        painter.setPen(QPen(colour, 1));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(bar.adjusted(0.5, 0.5, -0.5, -0.5));
        painter.fillRect(QRectF(bar.right() - std::min(kCapWidth, bar.width()), bar.top(),
                                std::min(kCapWidth, bar.width()), bar.height()),
                         colour);
    } else {
        // Running: open at the right, where the moment is.
        QColor line = palette().color(QPalette::Text);
        line.setAlphaF(0.5);
        painter.setPen(QPen(line, 1));
        painter.drawLine(QPointF(bar.left(), bar.top() + 0.5), QPointF(bar.right(), bar.top() + 0.5));
        painter.drawLine(QPointF(bar.left(), bar.bottom() - 0.5), QPointF(bar.right(), bar.bottom() - 0.5));
        painter.drawLine(QPointF(bar.left() + 0.5, bar.top()), QPointF(bar.left() + 0.5, bar.bottom()));
    }
    for (std::size_t k = 0; k + 1 < phases.size(); ++k) {
        if (!isConflict(phases, k))
            continue;
        const double x = std::round(s.x(phases[k + 1].time));
        if (x < s.left || x > s.right)
            continue;
        // A tick across the whole lane with a notch on top: visible even between
        // the blue put and the pink backoff, and at a glance in a lane of hundreds.
        const double laneTop = bar.top() - kBarInset;
        painter.fillRect(QRectF(x - 1, laneTop, 3, kLaneHeight), conflictColour());
        const QPointF notch[] = {{x - 3, laneTop}, {x + 4, laneTop}, {x + 0.5, laneTop + 4}};
        painter.setPen(Qt::NoPen);
        painter.setBrush(conflictColour());
        painter.drawPolygon(notch, 3);
    }
    if (invocation.id == m_selected) {
        // Around the bar, not over it: the outcome outline stays visible.
        painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(bar.adjusted(-2, -2, 2, 2));
    }
}

void InstanceLanes::paintEvent(QPaintEvent* event) {
    QPainter painter(viewport());
    const QRect area = viewport()->rect();
    const QPalette& colours = palette();
    painter.fillRect(event->rect(), colours.color(QPalette::Base));
    const TimeScale s = scale();

    if (!m_history || m_history->invocations.empty()) {
        painter.setPen(colours.color(QPalette::PlaceholderText));
        painter.drawText(area, Qt::AlignCenter, tr("No handler invocations in this window yet"));
        return;
    }

    const int offset = verticalScrollBar()->value();
    const int first = std::max(0, (event->rect().top() + offset) / kLaneHeight);
    const int last = std::min(laneCount() - 1, (event->rect().bottom() + offset) / kLaneHeight);

    // Stripes and grid first, so that bars and ticks lie on top.
    for (int lane = first; lane <= last; ++lane) {
        if (lane % 2 == 1)
            painter.fillRect(QRect(0, lane * kLaneHeight - offset, area.width(), kLaneHeight),
                             colours.color(QPalette::AlternateBase));
    }
    QColor grid = colours.color(QPalette::Text);
    grid.setAlphaF(0.12);
    painter.setPen(grid);
    const QFontMetrics metrics(font());
    const AxisTicks ticks = axisTicks(s, metrics.horizontalAdvance(QStringLiteral("000.000 s")) * 0.85 + 12);
    for (emu::VirtualTime t : ticks.at) {
        const double x = std::round(s.x(t)) + 0.5;
        painter.drawLine(QPointF(x, 0), QPointF(x, area.height()));
    }

    for (int lane = first; lane <= last; ++lane) {
        for (std::size_t index : m_lanes[static_cast<std::size_t>(lane)]) {
            const QRectF bar = barRectF(index);
            if (!bar.isEmpty())
                paintBar(painter, index, bar, s);
        }
    }

    // The lane labels over a plain column, so that bars clipped at `from` end cleanly.
    painter.fillRect(QRect(0, 0, kLabelWidth - 2, area.height()), colours.color(QPalette::Window));
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
    painter.setFont(small);
    painter.setPen(colours.color(QPalette::WindowText));
    for (int lane = first; lane <= last; ++lane) {
        painter.drawText(QRect(0, lane * kLaneHeight - offset, kLabelWidth - 6, kLaneHeight),
                         Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("#%1").arg(lane));
    }
}

void InstanceLanes::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    const emu::InvocationId id = invocationAt(event->position().toPoint());
    setSelectedInvocation(id);
    if (id != 0)
        emit invocationClicked(id, m_history->invocations[m_byId.at(id)].device);
    event->accept();
}

bool InstanceLanes::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const emu::InvocationId id = invocationAt(help->pos());
        if (id == 0) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), toolTipFor(id), viewport(), barRect(id));
        }
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

} // namespace swivel::emulation_ui::timeline
