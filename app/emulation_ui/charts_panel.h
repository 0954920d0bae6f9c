#pragma once
// The run over virtual time (Qt Charts): device events, applied events and
// conflicts per second, and the handler instances busy and messages on their way.
// A store outage shows as a convoy: instances pile up, conflicts spike, throughput
// drops, then the backlog drains.

#include <QWidget>

#include "emulation/emulation_frame.h"

class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;

namespace swivel::emulation_ui {

class ChartsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ChartsPanel(QWidget* parent = nullptr);

    void showFrame(const emulation::FramePtr& frame);

    QLineSeries* eventsSeries() const { return m_events; }
    QLineSeries* conflictsSeries() const { return m_conflicts; }
    QLineSeries* busySeries() const { return m_busy; }
    QLineSeries* inFlightSeries() const { return m_inFlight; }

private:
    QChartView* makeChart(const QString& title, std::initializer_list<QLineSeries*> series,
                          QValueAxis*& x, QValueAxis*& y);

    QLineSeries* m_events;
    QLineSeries* m_applied;
    QLineSeries* m_conflicts;
    QLineSeries* m_busy;
    QLineSeries* m_inFlight;
    QValueAxis* m_rateX = nullptr;
    QValueAxis* m_rateY = nullptr;
    QValueAxis* m_loadX = nullptr;
    QValueAxis* m_loadY = nullptr;
    std::size_t m_shownSamples = 0;
    const void* m_shownRun = nullptr;
};

} // namespace swivel::emulation_ui
