#pragma once
// The Emulate panel: choose a scenario (or one device of the machine's type), then
// run, pause, step one event, run to a time, reset, at 1x to 1000x or as fast as
// possible; the virtual clock, progress and the run's figures; breakpoints; sending
// a device an event by hand; and the table of devices, whose selection is the device
// every view follows.
//
// Keys (also in the Emulate menu): F5 run/pause, F10 step, Shift+F5 reset,
// Ctrl+F10 run to the time given.

#include <functional>
#include <optional>

#include <QWidget>

#include "emulation/breakpoint.h"
#include "emulation/emulation_frame.h"
#include "model/machine.h"

class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QSortFilterProxyModel;
class QSlider;
class QSpinBox;
class QTableView;
class QVBoxLayout;

namespace swivel::emulation {
class EmulationController;
}

namespace swivel::emulation_ui {

class DeviceTableModel;

class EmulatePanel : public QWidget {
    Q_OBJECT
public:
    explicit EmulatePanel(emulation::EmulationController* controller, QWidget* parent = nullptr);

    // Where Start takes the machine from: the open document (unsaved edits included).
    void setMachineSource(std::function<std::optional<model::Machine>()> machine);
    // Fills the scenario list for the machine's device type: the shipped scenarios of
    // that type, and the quick start.
    void refreshScenarios();

    QAction* startAction() const { return m_start; }
    QAction* runAction() const { return m_run; }
    QAction* stepAction() const { return m_step; }
    QAction* resetAction() const { return m_reset; }
    QAction* runToAction() const { return m_runTo; }
    QAction* stepBackAction() const { return m_stepBack; }
    QAction* openSessionAction() const { return m_openSession; }
    QSlider* sessionSlider() const { return m_slider; }

    QComboBox* scenarioBox() const { return m_scenarios; }
    QComboBox* speedBox() const { return m_speed; }
    QDoubleSpinBox* runToTimeBox() const { return m_runToTime; }
    QTableView* deviceTable() const { return m_table; }
    QLabel* clockLabel() const { return m_clock; }
    QLabel* statusLabel() const { return m_status; }
    QProgressBar* progressBar() const { return m_progress; }
    QCheckBox* heatMapBox() const { return m_heatMap; }
    QComboBox* breakStateBox() const { return m_breakState; }
    QComboBox* breakTransitionBox() const { return m_breakTransition; }
    QListWidget* breakpointList() const { return m_breakpoints; }
    QComboBox* injectEventBox() const { return m_injectEvent; }
    bool heatMapShown() const;

    // Starts the chosen scenario with the document's machine.
    void start();

signals:
    void heatMapToggled(bool shown);
    void message(const QString& text);  // for the status bar

private:
    void buildControls();
    void buildBreakpoints(QVBoxLayout* layout);
    void buildInjection(QVBoxLayout* layout);
    void showFrame(const emulation::FramePtr& frame);
    // Shows `text` where the stop reason goes, held there (m_holdingNotice).
    void holdNotice(const QString& text);
    void updateActions();
    void addBreakpoint(const QString& kind);
    void sendBreakpoints();
    void fillInjectionForm();
    void inject();
    void selectRow(int device);

    emulation::EmulationController* m_controller;
    std::function<std::optional<model::Machine>()> m_machineSource;
    DeviceTableModel* m_model;
    QSortFilterProxyModel* m_sorted;
    QAction* m_start;
    QAction* m_run;
    QAction* m_step;
    QAction* m_reset;
    QAction* m_runTo;
    QAction* m_stepBack;
    QAction* m_openSession;
    QSlider* m_slider = nullptr;
    QLabel* m_sliderLabel = nullptr;
    bool m_showingFrame = false;  // the slider follows a frame: not a user's seek
    // A notice is on show (a session being read, or why it cannot be): it stays until
    // something newer is (what the user does next, a run going on, a recorded step),
    // not wiped by the paused run's frame that opening a file asks for, which arrives
    // while the file is read or, on a busy machine, after the failure.
    bool m_holdingNotice = false;
    QComboBox* m_scenarios = nullptr;
    QComboBox* m_speed = nullptr;
    QDoubleSpinBox* m_runToTime = nullptr;
    QLabel* m_clock = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_stopReason = nullptr;
    QProgressBar* m_progress = nullptr;
    QCheckBox* m_heatMap = nullptr;
    QComboBox* m_breakState = nullptr;
    QComboBox* m_breakTransition = nullptr;
    QLineEdit* m_breakCondition = nullptr;
    QListWidget* m_breakpoints = nullptr;
    QComboBox* m_injectEvent = nullptr;
    QFormLayout* m_injectForm = nullptr;
    QSpinBox* m_burst = nullptr;
    QLineEdit* m_filter = nullptr;
    QTableView* m_table = nullptr;
    std::vector<emulation::Breakpoint> m_breakpointList;
    std::vector<QLineEdit*> m_tagFields;
};

} // namespace swivel::emulation_ui
