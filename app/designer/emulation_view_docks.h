#pragma once
// The Emulate mode's views of the moment shown, each a dock of the main window: the
// followed device's message sequence chart and its key in the store (bottom, side by
// side), and the handler instances' timeline (bottom, beside the charts). They draw the
// controller's frame, live or scrubbed, and only while they are visible; clicking an
// invocation in the timeline follows its device everywhere.

#include <optional>

#include <QObject>
#include <QStringList>

#include "emulation/emulation_frame.h"

class QDockWidget;
class QMainWindow;
class QMenu;

namespace swivel::emulation {
class EmulationController;
}
namespace swivel::emulation_ui {
class InstanceTimeline;
class SequenceChart;
class StorePanel;
}

namespace swivel::designer {

class EmulationViewDocks : public QObject {
    Q_OBJECT
public:
    // `chartsDock` is the Charts dock, already in the bottom area.
    EmulationViewDocks(emulation::EmulationController* controller, QMainWindow* window, QDockWidget* chartsDock);

    void fillMenu(QMenu* menu);
    // The first run in a window shows the sequence chart and the store.
    void showForFirstRun();
    // A compared session's first divergence is on show: the sequence chart shows it.
    void showForComparison();
    // The rows of a step are marked in the sequence chart (a compared session's first
    // divergence); nullopt clears it.
    void setHighlightStep(std::optional<std::uint64_t> step);

    QDockWidget* sequenceDock() const { return m_sequenceDock; }
    QDockWidget* storeDock() const { return m_storeDock; }
    QDockWidget* instancesDock() const { return m_instancesDock; }
    emulation_ui::SequenceChart* sequenceChart() const { return m_sequence; }
    emulation_ui::StorePanel* storePanel() const { return m_store; }
    emulation_ui::InstanceTimeline* instanceTimeline() const { return m_timeline; }

private:
    void showFrame(const emulation::FramePtr& frame);
    void updateDeviceNames(const emulation::FramePtr& frame);
    QDockWidget* makeDock(const QString& title, const QString& name, QWidget* content);

    emulation::EmulationController* m_controller;
    QMainWindow* m_window;
    emulation_ui::SequenceChart* m_sequence;
    emulation_ui::StorePanel* m_store;
    emulation_ui::InstanceTimeline* m_timeline;
    QDockWidget* m_sequenceDock;
    QDockWidget* m_storeDock;
    QDockWidget* m_instancesDock;
    QStringList m_names;  // the devices' ids, by index
    bool m_shownOnce = false;
};

} // namespace swivel::designer
