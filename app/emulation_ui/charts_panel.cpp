#include "emulation_ui/charts_panel.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QValueAxis>

namespace swivel::emulation_ui {

namespace {

QLineSeries* series(const QString& name, const QColor& colour) {
    auto* line = new QLineSeries;
    line->setName(name);
    QPen pen(colour);
    pen.setWidthF(1.6);
    line->setPen(pen);
    return line;
}

// A round upper bound for an axis: 1, 2 or 5 times a power of ten.
double niceCeiling(double value) {
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

} // namespace

ChartsPanel::ChartsPanel(QWidget* parent)
    : QWidget(parent), m_events(series(tr("device events/s"), QColor(0x25, 0x63, 0xeb))),
      m_applied(series(tr("applied/s"), QColor(0x16, 0xa3, 0x4a))),
      m_conflicts(series(tr("conflicts/s"), QColor(0xdc, 0x26, 0x26))),
      m_busy(series(tr("instances busy"), QColor(0xd9, 0x77, 0x06))),
      m_inFlight(series(tr("messages in flight"), QColor(0x7c, 0x3a, 0xed))) {
    setObjectName(QStringLiteral("chartsPanel"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(makeChart(tr("Throughput (per virtual second)"),
                                {m_events, m_applied, m_conflicts}, m_rateX, m_rateY));
    layout->addWidget(makeChart(tr("Load"), {m_busy, m_inFlight}, m_loadX, m_loadY));
}

QChartView* ChartsPanel::makeChart(const QString& title, std::initializer_list<QLineSeries*> lines,
                                   QValueAxis*& x, QValueAxis*& y) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    x = new QValueAxis;
    x->setLabelFormat(QStringLiteral("%.0f s"));
    x->setTickCount(6);
    y = new QValueAxis;
    y->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QLineSeries* line : lines) {
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    }
    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(220);
    return view;
}

void ChartsPanel::showFrame(const emulation::FramePtr& frame) {
    const auto& samples = frame->samples;
    if (!samples) {
        // A recorded session carries no samples: the charts are those of live runs.
        for (QLineSeries* line : {m_events, m_applied, m_conflicts, m_busy, m_inFlight})
            line->clear();
        m_shownSamples = 0;
        m_shownRun = nullptr;
        return;
    }
    if (samples.get() == m_shownRun && samples->size() == m_shownSamples)
        return;
    m_shownRun = samples.get();
    m_shownSamples = samples->size();
    QList<QPointF> events, applied, conflicts, busy, inFlight;
    double maxRate = 1;
    double maxLoad = 1;
    for (std::size_t i = 0; i < samples->size(); ++i) {
        const emulation::RunSample& s = (*samples)[i];
        const double t = static_cast<double>(s.time) / 1e6;
        busy.append({t, static_cast<double>(s.busyInstances)});
        inFlight.append({t, static_cast<double>(s.inFlight)});
        maxLoad = std::max({maxLoad, static_cast<double>(s.busyInstances), static_cast<double>(s.inFlight)});
        if (i == 0)
            continue;
        const emulation::RunSample& before = (*samples)[i - 1];
        const double dt = static_cast<double>(s.time - before.time) / 1e6;
        if (dt <= 0)
            continue;
        const auto rate = [dt](std::uint64_t now, std::uint64_t then) {
            return static_cast<double>(now - then) / dt;
        };
        events.append({t, rate(s.deviceEvents, before.deviceEvents)});
        applied.append({t, rate(s.applied, before.applied)});
        conflicts.append({t, rate(s.conflicts, before.conflicts)});
        maxRate = std::max({maxRate, events.back().y(), applied.back().y(), conflicts.back().y()});
    }
    m_events->replace(events);
    m_applied->replace(applied);
    m_conflicts->replace(conflicts);
    m_busy->replace(busy);
    m_inFlight->replace(inFlight);
    const double duration = std::max(1.0, static_cast<double>(frame->duration) / 1e6);
    m_rateX->setRange(0, duration);
    m_loadX->setRange(0, duration);
    m_rateY->setRange(0, niceCeiling(maxRate * 1.05));
    m_loadY->setRange(0, niceCeiling(maxLoad * 1.05));
}

} // namespace swivel::emulation_ui
