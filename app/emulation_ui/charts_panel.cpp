#include "emulation_ui/charts_panel.h"

#include <cmath>

#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

namespace swivel::emulation_ui {

namespace {

constexpr int kWideChartWidth = 300;  // narrower, a legend of four clips

QLineSeries* series(const QString& name, const QColor& colour, Qt::PenStyle style = Qt::SolidLine) {
    auto* line = new QLineSeries;
    line->setName(name);
    QPen pen(colour);
    pen.setWidthF(1.6);
    pen.setStyle(style);
    line->setPen(pen);
    return line;
}

// A round step for an axis: 1, 2 or 5 times a power of ten, at least `value`.
double niceStep(double value) {
    if (value <= 0)
        return 1;
    double scale = 1;
    while (scale * 10 <= value)
        scale *= 10;
    while (scale > value)
        scale /= 10;
    for (double step : {1.0, 2.0, 5.0, 10.0}) {
        if (step * scale >= value)
            return step * scale;
    }
    return 10 * scale;
}

// From 0 to a round number a little above `top`, with three or four round ticks
// (more overlap in a short chart).
void setNiceRange(QValueAxis* axis, double top, double smallestStep = 1) {
    const double step = std::max(smallestStep, niceStep(top * 1.05 / 3));
    const double ticks = std::max(1.0, std::ceil(top * 1.05 / step));
    axis->setRange(0, ticks * step);
    axis->setTickCount(static_cast<int>(ticks) + 1);
}

double seconds(emu::VirtualTime time) {
    return static_cast<double>(time) / 1e6;
}

} // namespace

ChartsPanel::ChartsPanel(QWidget* parent)
    : QWidget(parent), m_events(series(tr("events/s"), QColor(0x25, 0x63, 0xeb))),
      m_applied(series(tr("applied/s"), QColor(0x16, 0xa3, 0x4a))),
      m_conflicts(series(tr("conflicts/s"), QColor(0xdc, 0x26, 0x26))),
      m_p50(series(tr("p50"), QColor(0x0d, 0x94, 0x88))),
      m_p95(series(tr("p95"), QColor(0xd9, 0x77, 0x06, 0xc0))),
      m_p99(series(tr("p99"), QColor(0xbe, 0x18, 0x5d, 0x90))),
      m_backlog(series(tr("backlog"), QColor(0xdc, 0x26, 0x26))),
      m_queue(series(tr("waiting"), QColor(0x7f, 0x1d, 0x1d), Qt::DashLine)),
      m_busy(series(tr("busy"), QColor(0xd9, 0x77, 0x06))),
      m_inFlight(series(tr("in flight"), QColor(0x7c, 0x3a, 0xed), Qt::DashLine)),
      m_grid(new QGridLayout(this)) {
    setObjectName(QStringLiteral("chartsPanel"));
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setSpacing(2);
    m_charts.push_back(makeChart(tr("Throughput (per second)"), {m_events, m_applied}));
    m_charts.push_back(makeChart(tr("Store conflicts (per second)"), {m_conflicts}));
    // The median in front: the tails of an ordinary run are noisy (uploads hold events back).
    m_charts.push_back(makeChart(tr("Event \u2192 command latency (ms)"), {m_p99, m_p95, m_p50}));
    m_charts.push_back(makeChart(tr("Hub messages \u00b7 busy (right)"), {m_backlog, m_queue, m_inFlight},
                                 {m_busy}));
    for (const Chart& chart : m_charts)
        m_views.push_back(chart.view);
    arrange(2);
}

ChartsPanel::Chart ChartsPanel::makeChart(const QString& title, std::initializer_list<QLineSeries*> lines,
                                          std::initializer_list<QLineSeries*> rightLines) {
    Chart made;
    auto* chart = new QChart;
    chart->setTitle(title);
    QFont titleFont = chart->titleFont();
    titleFont.setPointSizeF(9);
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    chart->legend()->setAlignment(Qt::AlignBottom);
    QFont small = chart->legend()->font();
    small.setPointSizeF(7.5);
    chart->legend()->setFont(small);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(0);
    made.x = new QValueAxis;
    made.x->setLabelFormat(QStringLiteral("%.0f s"));
    made.x->setTickType(QValueAxis::TicksDynamic);
    made.x->setTickAnchor(0);
    made.x->setLabelsFont(small);
    made.y = new QValueAxis;
    made.y->setLabelFormat(QStringLiteral("%.0f"));
    made.y->setLabelsFont(small);
    chart->addAxis(made.x, Qt::AlignBottom);
    chart->addAxis(made.y, Qt::AlignLeft);
    for (QLineSeries* line : lines) {
        chart->addSeries(line);
        line->attachAxis(made.x);
        line->attachAxis(made.y);
    }
    if (rightLines.size() > 0) {
        made.y2 = new QValueAxis;
        made.y2->setLabelFormat(QStringLiteral("%.0f"));
        made.y2->setLabelsFont(small);
        made.y2->setGridLineVisible(false);
        made.y2->setLabelsColor((*rightLines.begin())->pen().color());
        chart->addAxis(made.y2, Qt::AlignRight);
        for (QLineSeries* line : rightLines) {
            chart->addSeries(line);
            line->attachAxis(made.x);
            line->attachAxis(made.y2);
        }
    }
    made.marker = series(tr("now"), QColor(0x33, 0x33, 0x33), Qt::DashLine);
    chart->addSeries(made.marker);
    made.marker->attachAxis(made.x);
    made.marker->attachAxis(made.y);
    for (QLegendMarker* legend : chart->legend()->markers(made.marker))
        legend->setVisible(false);
    made.view = new QChartView(chart);
    made.view->setRenderHint(QPainter::Antialiasing);
    made.view->setMinimumSize(220, 140);
    return made;
}

void ChartsPanel::arrange(int columns) {
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (QChartView* view : m_views)
        m_grid->removeWidget(view);
    for (std::size_t i = 0; i < m_views.size(); ++i)
        m_grid->addWidget(m_views[i], static_cast<int>(i) / columns, static_cast<int>(i) % columns);
    for (int c = 0; c < 4; ++c)
        m_grid->setColumnStretch(c, c < columns ? 1 : 0);
    for (int r = 0; r < 4; ++r)
        m_grid->setRowStretch(r, r < (4 + columns - 1) / columns ? 1 : 0);
}

void ChartsPanel::resizeEvent(QResizeEvent* event) {
    // A wide, short panel (a bottom dock of its own) puts the four side by side, when
    // each still has room for its legend.
    arrange(width() >= 3 * height() && width() >= 4 * kWideChartWidth ? 4 : 2);
    QWidget::resizeEvent(event);
}

void ChartsPanel::showFrame(const emulation::FramePtr& frame) {
    const auto& samples = frame->samples;
    const std::optional<double> moment =
        frame->replay ? std::optional<double>(seconds(frame->time)) : std::nullopt;
    if (!samples) {
        for (QLineSeries* line : {m_events, m_applied, m_conflicts, m_p50, m_p95, m_p99, m_backlog, m_queue, m_busy, m_inFlight})
            line->clear();
        m_shownSamples = 0;
        m_shownRun = nullptr;
        mark(std::nullopt);
        return;
    }
    if (samples.get() == m_shownRun && samples->size() == m_shownSamples) {
        mark(moment);
        return;
    }
    m_shownRun = samples.get();
    m_shownSamples = samples->size();
    QList<QPointF> events, applied, conflicts, p50, p95, p99, backlog, queue, busy, inFlight;
    double maxRate = 1, maxConflicts = 1, maxLatency = 1, maxLevel = 1, maxBusy = 1;
    // Rates over at least about one sampling interval: the last sample of a recorded
    // moment may be only a step after the one before it.
    const emu::VirtualTime window = emulation::RunSample::intervalFor(frame->duration) * 9 / 10;
    std::size_t from = 0;
    for (std::size_t i = 0; i < samples->size(); ++i) {
        const emulation::RunSample& s = (*samples)[i];
        const double t = seconds(s.time);
        backlog.append({t, static_cast<double>(s.hubBacklog)});
        queue.append({t, static_cast<double>(s.hubQueue)});
        busy.append({t, static_cast<double>(s.busyInstances)});
        inFlight.append({t, static_cast<double>(s.inFlight)});
        maxLevel = std::max({maxLevel, static_cast<double>(s.hubBacklog), static_cast<double>(s.hubQueue),
                             static_cast<double>(s.inFlight)});
        maxBusy = std::max(maxBusy, static_cast<double>(s.busyInstances));
        if (s.latencySamples > 0) {
            // No command arrived for a while (a store outage): a gap, not a slope.
            if (!p50.isEmpty() && t - p50.back().x() > 3 * seconds(window)) {
                const QPointF gap(p50.back().x() + seconds(window), qQNaN());
                p50.append(gap);
                p95.append(gap);
                p99.append(gap);
            }
            p50.append({t, s.latencyP50Us / 1000});
            p95.append({t, s.latencyP95Us / 1000});
            p99.append({t, s.latencyP99Us / 1000});
            maxLatency = std::max(maxLatency, s.latencyP99Us / 1000);
        }
        if (i == 0)
            continue;
        while (from + 1 < i && s.time - (*samples)[from + 1].time >= window)
            ++from;
        const emulation::RunSample& before = (*samples)[from];
        const double dt = seconds(s.time - before.time);
        if (dt <= 0)
            continue;
        const auto rate = [dt](std::uint64_t now, std::uint64_t then) {
            return static_cast<double>(now - then) / dt;
        };
        events.append({t, rate(s.deviceEvents, before.deviceEvents)});
        applied.append({t, rate(s.applied, before.applied)});
        conflicts.append({t, rate(s.conflicts, before.conflicts)});
        maxRate = std::max({maxRate, events.back().y(), applied.back().y()});
        maxConflicts = std::max(maxConflicts, conflicts.back().y());
    }
    m_events->replace(events);
    m_applied->replace(applied);
    m_conflicts->replace(conflicts);
    m_p50->replace(p50);
    m_p95->replace(p95);
    m_p99->replace(p99);
    m_backlog->replace(backlog);
    m_queue->replace(queue);
    m_busy->replace(busy);
    m_inFlight->replace(inFlight);
    const double duration = std::max(1.0, seconds(frame->duration));
    for (const Chart& chart : m_charts) {
        chart.x->setRange(0, duration);
        chart.x->setTickInterval(std::max(1.0, niceStep(duration / 4)));
    }
    const double tops[] = {maxRate, maxConflicts, maxLatency, maxLevel};
    for (std::size_t c = 0; c < m_charts.size(); ++c)
        setNiceRange(m_charts[c].y, tops[c]);
    setNiceRange(m_charts.back().y2, maxBusy);
    mark(moment);
}

void ChartsPanel::mark(std::optional<double> moment) {
    m_markedTime = moment;
    for (const Chart& chart : m_charts) {
        if (!moment)
            chart.marker->clear();
        else
            chart.marker->replace(QList<QPointF>{{*moment, chart.y->min()}, {*moment, chart.y->max()}});
    }
}

} // namespace swivel::emulation_ui
