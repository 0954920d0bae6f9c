#pragma once
// The painted part of the instance timeline: one compact lane per handler instance,
// each invocation a bar of phase segments over virtual time, its outcome as an
// outline and end cap, each optimistic-concurrency conflict (a put followed by a
// backoff) as a red tick across the lane. Only the lanes in view are painted, from
// per-lane indexes built once per history, so thousands of invocations redraw at the
// views' 30 frames a second.

#include <memory>
#include <unordered_map>
#include <vector>

#include <QAbstractScrollArea>
#include <QStringList>

#include "emulators/history.h"
#include "emulation_ui/timeline_axis.h"

namespace swivel::emulation_ui::timeline {

class InstanceLanes : public QAbstractScrollArea {
    Q_OBJECT
public:
    static constexpr int kLaneHeight = 14;
    static constexpr int kLabelWidth = 40;
    static constexpr int kAxisHeight = 22;

    explicit InstanceLanes(QWidget* parent = nullptr);

    void showInstances(std::shared_ptr<const emu::InstanceHistory> history);
    void setDeviceNames(const QStringList& names);
    void setSelectedInvocation(emu::InvocationId id);
    emu::InvocationId selectedInvocation() const { return m_selected; }

    int laneCount() const { return static_cast<int>(m_lanes.size()); }
    // Where the invocation's bar is drawn, in viewport coordinates (empty if not shown).
    QRect barRect(emu::InvocationId id) const;
    // Scrolls so that the invocation's lane is in view.
    void ensureVisible(emu::InvocationId id);
    emu::InvocationId invocationAt(QPoint viewportPosition) const;
    QString toolTipFor(emu::InvocationId id) const;

signals:
    void invocationClicked(emu::InvocationId id, int device);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    struct Span {
        emu::VirtualTime start = 0, end = 0;  // end: `to` while running
    };

    TimeScale scale() const;
    QRectF barRectF(std::size_t index) const;
    QString deviceName(int device) const;
    void updateGeometries();
    void paintBar(QPainter& painter, std::size_t index, const QRectF& bar, const TimeScale& scale) const;

    std::shared_ptr<const emu::InstanceHistory> m_history;
    std::vector<Span> m_spans;                             // by index into m_history->invocations
    std::vector<std::vector<std::size_t>> m_lanes;         // by instance number: indexes, by start
    std::unordered_map<emu::InvocationId, std::size_t> m_byId;
    QStringList m_deviceNames;
    emu::InvocationId m_selected = 0;
    TimeAxis* m_axis;
};

} // namespace swivel::emulation_ui::timeline
