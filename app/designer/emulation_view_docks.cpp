#include "designer/emulation_view_docks.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>
#include <QTimer>

#include "emulation/emulation_controller.h"
#include "emulation_ui/instance_timeline.h"
#include "emulation_ui/sequence_chart.h"
#include "emulation_ui/store_panel.h"

namespace swivel::designer {

EmulationViewDocks::EmulationViewDocks(emulation::EmulationController* controller, QMainWindow* window,
                                       QDockWidget* chartsDock)
    : QObject(window), m_controller(controller), m_window(window),
      m_sequence(new emulation_ui::SequenceChart), m_store(new emulation_ui::StorePanel),
      m_timeline(new emulation_ui::InstanceTimeline) {
    m_sequenceDock = makeDock(tr("Sequence Chart"), QStringLiteral("sequenceDock"), m_sequence);
    m_storeDock = makeDock(tr("Store"), QStringLiteral("storeDock"), m_store);
    m_instancesDock = makeDock(tr("Instances"), QStringLiteral("instancesDock"), m_timeline);
    // The bottom area as a grid: the fleet's charts and instances above, the followed
    // device's messages and store key below; each shows and hides on its own.
    window->splitDockWidget(chartsDock, m_sequenceDock, Qt::Vertical);
    window->splitDockWidget(chartsDock, m_instancesDock, Qt::Horizontal);
    window->splitDockWidget(m_sequenceDock, m_storeDock, Qt::Horizontal);
    for (QDockWidget* dock : {m_sequenceDock, m_storeDock, m_instancesDock})
        dock->hide();

    connect(controller, &emulation::EmulationController::frameChanged, this, &EmulationViewDocks::showFrame);
    connect(m_timeline, &emulation_ui::InstanceTimeline::invocationClicked, this,
            [this](emu::InvocationId, int device) {
        if (device >= 0)
            m_controller->selectDevice(device);
    });
    connect(m_timeline, &emulation_ui::InstanceTimeline::windowChangeRequested, controller,
            &emulation::EmulationController::setInstanceWindow);
}

QDockWidget* EmulationViewDocks::makeDock(const QString& title, const QString& name, QWidget* content) {
    auto* dock = new QDockWidget(title, m_window);
    dock->setObjectName(name);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                      QDockWidget::DockWidgetFloatable);
    dock->setWidget(content);
    // Shown again, it draws the moment at once rather than at the next frame.
    connect(dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && m_controller->frame())
            showFrame(m_controller->frame());
    });
    return dock;
}

void EmulationViewDocks::fillMenu(QMenu* menu) {
    const std::pair<QDockWidget*, QKeySequence> docks[] = {
        {m_sequenceDock, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M)},
        {m_storeDock, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K)},
        {m_instancesDock, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I)},
    };
    for (const auto& [dock, keys] : docks) {
        QAction* toggle = dock->toggleViewAction();
        toggle->setShortcut(keys);
        menu->addAction(toggle);
        connect(toggle, &QAction::triggered, dock, [dock](bool shown) {
            if (shown)
                dock->raise();
        });
    }
}

void EmulationViewDocks::showForFirstRun() {
    if (m_shownOnce)
        return;
    m_shownOnce = true;
    if (m_sequenceDock->isVisible() || m_storeDock->isVisible())
        return;
    // The side docks keep their widths: the bottom area's docks appearing would
    // otherwise squeeze them.
    QList<QDockWidget*> sides;
    QList<int> widths;
    for (QDockWidget* dock : m_window->findChildren<QDockWidget*>()) {
        const Qt::DockWidgetArea area = m_window->dockWidgetArea(dock);
        if (dock->isVisible() && !dock->isFloating() &&
            (area == Qt::LeftDockWidgetArea || area == Qt::RightDockWidgetArea)) {
            sides << dock;
            widths << dock->width();
        }
    }
    m_sequenceDock->show();
    m_storeDock->show();
    // After the layout has taken the new docks in (it does so on its next pass).
    QTimer::singleShot(0, this, [this, sides, widths] {
        m_window->resizeDocks(sides, widths, Qt::Horizontal);
        m_window->resizeDocks({m_sequenceDock, m_storeDock},
                              {m_window->width() * 3 / 5, m_window->width() * 2 / 5}, Qt::Horizontal);
        m_window->resizeDocks({m_sequenceDock}, {300}, Qt::Vertical);
    });
}

void EmulationViewDocks::showForComparison() {
    if (!m_sequenceDock->isVisible()) {
        m_sequenceDock->show();
        m_sequenceDock->raise();
    }
}

void EmulationViewDocks::setHighlightStep(std::optional<std::uint64_t> step) {
    m_sequence->setHighlightStep(step);
}

void EmulationViewDocks::updateDeviceNames(const emulation::FramePtr& frame) {
    const auto& devices = frame->state.devices;
    // The same run (or one of the same fleet) keeps its names: no list per frame.
    if (m_names.size() == static_cast<qsizetype>(devices.size()) &&
        (devices.empty() || (m_names.front() == QString::fromStdString(devices.front().id) &&
                             m_names.back() == QString::fromStdString(devices.back().id))))
        return;
    m_names.clear();
    m_names.reserve(static_cast<qsizetype>(devices.size()));
    for (const emu::DeviceStateSnapshot& device : devices)
        m_names << QString::fromStdString(device.id);
    m_store->setDeviceNames(m_names);
    m_timeline->setDeviceNames(m_names);
}

void EmulationViewDocks::showFrame(const emulation::FramePtr& frame) {
    if (!frame)
        return;
    const bool sequence = m_sequenceDock->isVisible(), store = m_storeDock->isVisible(),
               instances = m_instancesDock->isVisible();
    if (!sequence && !store && !instances)
        return;
    updateDeviceNames(frame);
    const int followed = frame->followedDevice;
    if (sequence)
        m_sequence->showHistory(frame->history, followed >= 0 && followed < m_names.size() ? m_names[followed] : QString());
    if (store)
        m_store->showHistory(frame->history);
    if (instances && frame->instances)
        m_timeline->showInstances(frame->instances);
}

} // namespace swivel::designer
