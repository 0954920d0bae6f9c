#pragma once
// The run over virtual time (Qt Charts), in four small charts: device events and
// applied events per second; conflicts per second; event -> command latency (p50, p95,
// p99 of the events whose first command arrived then); and the hub's backlog, its
// deliveries waiting for an instance, the instances busy and the messages on their way.
// A store outage shows as a convoy: the backlog piles up, then the busy instances and
// the queue for them; latency climbs, throughput drops, conflicts spike when the store
// returns, then the backlog drains. A recorded session's moment is marked by a vertical line.
//
// Four in a row when the panel is wide and short (a bottom dock of its own), two by
// two otherwise.

#include <optional>
#include <vector>

#include <QWidget>

#include "emulation/emulation_frame.h"

class QChart;
class QChartView;
class QGridLayout;
class QLineSeries;
class QValueAxis;

namespace swivel::emulation_ui {

class ChartsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ChartsPanel(QWidget* parent = nullptr);

    void showFrame(const emulation::FramePtr& frame);

    // Throughput (per virtual second).
    QLineSeries* eventsSeries() const { return m_events; }
    QLineSeries* appliedSeries() const { return m_applied; }
    QLineSeries* conflictsSeries() const { return m_conflicts; }
    // Latency, in milliseconds; a point only where some event's first command arrived.
    QLineSeries* latencyP50Series() const { return m_p50; }
    QLineSeries* latencyP95Series() const { return m_p95; }
    QLineSeries* latencyP99Series() const { return m_p99; }
    // Levels: the messages the hub holds (waiting, handled, or to be delivered again),
    // the deliveries of them waiting for an instance, instances busy, messages on their way.
    QLineSeries* backlogSeries() const { return m_backlog; }
    QLineSeries* queueSeries() const { return m_queue; }
    QLineSeries* busySeries() const { return m_busy; }  // on an axis of its own, right
    QLineSeries* inFlightSeries() const { return m_inFlight; }
    // The marked moment of a recorded session, in virtual seconds; nullopt when none
    // (a live run). Every chart draws it as a vertical line.
    std::optional<double> markedTime() const { return m_markedTime; }
    // The charts, in reading order (for tests and screenshots).
    const std::vector<QChartView*>& chartViews() const { return m_views; }
    int columns() const { return m_columns; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Chart {
        QChartView* view = nullptr;
        QValueAxis* x = nullptr;
        QValueAxis* y = nullptr;
        QValueAxis* y2 = nullptr;  // on the right, for series of another scale (or null)
        QLineSeries* marker = nullptr;  // the moment of a recorded session
    };
    Chart makeChart(const QString& title, std::initializer_list<QLineSeries*> series,
                    std::initializer_list<QLineSeries*> rightSeries = {});
    void arrange(int columns);
    void mark(std::optional<double> seconds);

    QLineSeries* m_events;
    QLineSeries* m_applied;
    QLineSeries* m_conflicts;
    QLineSeries* m_p50;
    QLineSeries* m_p95;
    QLineSeries* m_p99;
    QLineSeries* m_backlog;
    QLineSeries* m_queue;
    QLineSeries* m_busy;
    QLineSeries* m_inFlight;
    std::vector<Chart> m_charts;
    std::vector<QChartView*> m_views;
    QGridLayout* m_grid;
    int m_columns = 0;
    std::optional<double> m_markedTime;
    std::size_t m_shownSamples = 0;
    const void* m_shownRun = nullptr;
};

} // namespace swivel::emulation_ui
