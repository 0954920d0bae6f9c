#include "emulation_ui/instance_timeline.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "emulation_ui/timeline_lanes.h"
#include "emulation_ui/timeline_legend.h"

namespace swivel::emulation_ui {

InstanceTimeline::InstanceTimeline(QWidget* parent)
    : QWidget(parent), m_lanes(new timeline::InstanceLanes), m_legend(new timeline::TimelineLegend),
      m_window(new QComboBox) {
    setObjectName(QStringLiteral("instanceTimeline"));
    m_window->setObjectName(QStringLiteral("timelineWindowBox"));
    for (int secondsShown : {1, 5, 20, 60})
        m_window->addItem(tr("%1 s").arg(secondsShown), QVariant::fromValue<qlonglong>(emu::seconds(secondsShown)));
    m_window->setCurrentIndex(2);
    m_window->setToolTip(tr("How much virtual time the timeline shows, up to the current moment"));

    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_legend, 1, Qt::AlignTop);
    auto* windowLabel = new QLabel(tr("&Window"));
    windowLabel->setBuddy(m_window);
    top->addWidget(windowLabel, 0, Qt::AlignTop);
    top->addWidget(m_window, 0, Qt::AlignTop);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_lanes, 1);

    connect(m_lanes, &timeline::InstanceLanes::invocationClicked, this, &InstanceTimeline::invocationClicked);
    connect(m_window, &QComboBox::activated, this,
            [this](int) { emit windowChangeRequested(windowWidth()); });
}

void InstanceTimeline::showInstances(std::shared_ptr<const emu::InstanceHistory> history) {
    m_lanes->showInstances(std::move(history));
}

void InstanceTimeline::setDeviceNames(const QStringList& names) { m_lanes->setDeviceNames(names); }

void InstanceTimeline::setSelectedInvocation(emu::InvocationId id) { m_lanes->setSelectedInvocation(id); }

emu::InvocationId InstanceTimeline::selectedInvocation() const { return m_lanes->selectedInvocation(); }

void InstanceTimeline::setWindowWidth(emu::VirtualTime width) {
    const int index = m_window->findData(QVariant::fromValue<qlonglong>(width));
    if (index >= 0) {
        m_window->setCurrentIndex(index);
        return;
    }
    m_window->addItem(QStringLiteral("%1 s").arg(emu::toSeconds(width)), QVariant::fromValue<qlonglong>(width));
    m_window->setCurrentIndex(m_window->count() - 1);
}

emu::VirtualTime InstanceTimeline::windowWidth() const { return m_window->currentData().toLongLong(); }

int InstanceTimeline::laneCount() const { return m_lanes->laneCount(); }

QRect InstanceTimeline::barRect(emu::InvocationId id) const { return m_lanes->barRect(id); }

void InstanceTimeline::ensureVisible(emu::InvocationId id) { m_lanes->ensureVisible(id); }

QWidget* InstanceTimeline::lanesViewport() const { return m_lanes->viewport(); }

QString InstanceTimeline::toolTipFor(emu::InvocationId id) const { return m_lanes->toolTipFor(id); }

} // namespace swivel::emulation_ui
