#pragma once
// The instance timeline of the Emulate mode: every handler instance as a lane over a
// window of virtual time, every invocation a bar of its phases — cold start, read,
// compute, put, backoff, send — coloured by outcome, each optimistic-concurrency
// conflict marked. It shows the whole [from, to] of the history it is given; the
// window box asks the owner for a wider or narrower history. Clicking a bar selects
// that invocation (and, through the owner, its device everywhere).

#include <memory>

#include <QStringList>
#include <QWidget>

#include "emulators/history.h"

class QComboBox;

namespace swivel::emulation_ui {

namespace timeline {
class InstanceLanes;
class TimelineLegend;
}

class InstanceTimeline : public QWidget {
    Q_OBJECT
public:
    explicit InstanceTimeline(QWidget* parent = nullptr);

    void showInstances(std::shared_ptr<const emu::InstanceHistory> history);
    // Device names by index, for the tooltips ("camera-0001"); else "device 3".
    void setDeviceNames(const QStringList& names);
    void setSelectedInvocation(emu::InvocationId id);
    emu::InvocationId selectedInvocation() const;
    // The window the box shows, without asking for it (the owner's current one).
    void setWindowWidth(emu::VirtualTime width);
    emu::VirtualTime windowWidth() const;

    int laneCount() const;
    // The invocation's bar in lanesViewport() coordinates (empty if not in view).
    QRect barRect(emu::InvocationId id) const;
    void ensureVisible(emu::InvocationId id);
    QWidget* lanesViewport() const;
    QString toolTipFor(emu::InvocationId id) const;
    QComboBox* windowBox() const { return m_window; }

signals:
    void invocationClicked(emu::InvocationId id, int device);
    void windowChangeRequested(emu::VirtualTime width);

private:
    timeline::InstanceLanes* m_lanes;
    timeline::TimelineLegend* m_legend;
    QComboBox* m_window;
};

} // namespace swivel::emulation_ui
