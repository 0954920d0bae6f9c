#pragma once
// The studio's handle on an emulation: starts the runner on its own thread, forwards
// the user's commands to it, and keeps the latest frame for the views, which redraw
// when frameChanged() says so (at most about 30 times a second while it plays).

#include <functional>
#include <optional>
#include <vector>

#include <QObject>
#include <QString>
#include <QThread>

#include "emulation/breakpoint.h"
#include "emulation/session_comparison.h"
#include "emulation/session_replay.h"
#include "emulation/emulation_frame.h"
#include "emulators/scenario.h"
#include "model/machine.h"
#include "model/semantics.h"

namespace swivel::emulation {

class EmulationRunner;

class EmulationController : public QObject {
    Q_OBJECT
public:
    explicit EmulationController(QObject* parent = nullptr);
    ~EmulationController() override;

    // A new run of `scenario` with `machine` (the document's machine, whatever file the
    // scenario names), recorded into a new session file under sessionsDirectory().
    void start(const emu::Scenario& scenario, const model::Machine& machine);
    // Again from the start: the same scenario and machine, a new session file.
    void reset();
    void play();
    void pause();
    void togglePlay();
    void stepOnce();
    void runUntil(emu::VirtualTime time);
    // Virtual seconds per wall second; 0: as fast as possible.
    void setSpeed(double speed);
    double speed() const { return m_speed; }
    void setBreakpoints(std::vector<Breakpoint> breakpoints);
    const std::vector<Breakpoint>& breakpoints() const { return m_breakpoints; }
    void inject(int device, const model::Event& event);

    // Recorded sessions. A run that is over opens its own session, so that the user can
    // step back through it; openSession() shows any session file. Then stepOnce() and
    // stepBack() move through the recording, seek() goes to any step.
    bool openSession(const QString& path, QString* error = nullptr);
    bool replaying() const { return m_replay != nullptr; }
    // A finished run's session opens on a thread of its own (a long run's takes
    // seconds to read); true until it is ready.
    bool loadingReplay() const { return m_loader != nullptr; }
    // As openSession(), on a thread of its own (a long session takes seconds): the
    // session's last step is shown when it is read, or failed() says why it cannot be.
    void openSessionInBackground(const QString& path);
    void seek(std::uint64_t step);
    void stepBack();

    bool hasRun() const { return m_scenario.has_value(); }
    const emu::Scenario* scenario() const { return m_scenario ? &*m_scenario : nullptr; }
    const model::Machine& machine() const { return m_machine; }
    FramePtr frame() const { return m_frame; }
    bool running() const { return m_frame && m_frame->running; }

    // The device the views follow (index in the frame's devices), or -1.
    int selectedDevice() const { return m_selectedDevice; }
    void selectDevice(int device);

    // How far back the instance timeline looks (virtual time).
    void setInstanceWindow(emu::VirtualTime window);
    emu::VirtualTime instanceWindow() const { return m_instanceWindow; }

    // Where sessions are recorded: <app data>/sessions.
    static QString sessionsDirectory();

    // Compares a recorded session with `machine` (the document's) off the GUI thread;
    // comparisonReady() reports it. On a divergence the session is opened first at
    // the diverging step with the diverging device selected, so every view shows it.
    void compareWithMachine(const QString& sessionPath, const model::Machine& machine);

signals:
    void frameChanged(const swivel::emulation::FramePtr& frame);
    void selectedDeviceChanged(int device);
    void failed(const QString& message);
    // A session is being read (true), or is read (false).
    void loadingChanged(bool loading);
    void comparisonReady(const swivel::emulation::SessionComparisonResult& result);

private:
    void onFrame(const FramePtr& frame);
    void showReplayFrame(std::uint64_t step);
    // Reads a session on a thread of its own; then `shown` shows it (by default a file
    // the user opened shows its last step, a finished run's own stays on its frame).
    void loadReplay(const QString& path, bool userOpened, std::function<void()> shown);
    void cancelLoading();

    QThread m_thread;
    EmulationRunner* m_runner;  // lives on m_thread
    std::optional<emu::Scenario> m_scenario;
    model::Machine m_machine;
    std::vector<Breakpoint> m_breakpoints;
    FramePtr m_frame;
    double m_speed = 1.0;
    int m_selectedDevice = -1;
    emu::VirtualTime m_instanceWindow = kDefaultInstanceWindow;
    std::unique_ptr<SessionReplay> m_replay;
    QThread* m_loader = nullptr;                         // loading a finished run's session
    SessionComparison* m_comparison = nullptr;  // made on the first compareWithMachine()
};

} // namespace swivel::emulation
