#pragma once
// The emulation itself, on a thread of its own so that the window never waits for
// it: a Simulator recording into a session file, played as fast as possible or paced
// against the wall clock, stepped one event at a time, stopped at breakpoints. It
// publishes frames at most about 30 times a second while playing, and at once after
// anything the user asked for.
//
// Every slot is meant to be invoked queued, from the GUI thread (EmulationController).

#include <atomic>
#include <memory>
#include <vector>

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include "emulation/breakpoint.h"
#include "emulation/breakpoint_watch.h"
#include "emulation/emulation_frame.h"
#include "emulators/history_keeper.h"
#include "emulators/latency_histogram.h"
#include "emulators/scenario.h"
#include "emulators/session.h"
#include "model/semantics.h"
#include "model/machine.h"

class QTimer;

namespace swivel::emulation {

class LastMoves;

class EmulationRunner : public QObject {
    Q_OBJECT
public:
    EmulationRunner();
    ~EmulationRunner() override;

    static constexpr int kFrameIntervalMs = 33;  // about 30 frames a second

    // Frames emitted and not yet taken by the receiver, which decrements it: while one
    // is on its way, playing publishes no other.
    const std::shared_ptr<std::atomic<int>>& framesQueued() const { return m_framesQueued; }

public slots:
    // A new run of `scenario` with `machine`, recorded into `sessionPath`; paused at step 0.
    void load(const swivel::emu::Scenario& scenario, const swivel::model::Machine& machine,
              const QString& sessionPath);
    // speed > 0: that many virtual seconds per wall second; 0: as fast as possible.
    void play(double speed);
    void pause();
    void stepOnce();
    void runUntil(qint64 timeUs);
    void setBreakpoints(const std::vector<swivel::emulation::Breakpoint>& breakpoints);
    // The studio's event injection: `device` sends `event` now.
    void inject(int device, const swivel::model::Event& event);
    // The device whose history frames carry (index in the run's devices).
    void follow(int device);
    // How far back the instance timeline looks, in virtual microseconds.
    void setInstanceWindow(qint64 windowUs);
    // Ends the run and closes the session file (before a reset or on exit).
    void close();

signals:
    void frameReady(const swivel::emulation::FramePtr& frame);
    void failed(const QString& message);

private:
    void tick();
    // One event; false when the run is over (then the session is complete).
    bool advance();
    void stop(const QString& reason);
    void publish();
    void sample();

    std::unique_ptr<emu::Simulator> m_simulator;
    std::unique_ptr<emu::SessionRecorder> m_recorder;
    std::unique_ptr<LastMoves> m_lastMoves;
    std::unique_ptr<emu::HistoryKeeper> m_history;
    int m_followed = 0;
    emu::VirtualTime m_instanceWindow = kDefaultInstanceWindow;
    BreakpointWatch m_watch;
    QTimer* m_timer;
    QElapsedTimer m_sinceFrame;
    QElapsedTimer m_wall;       // since play() at this speed
    emu::VirtualTime m_playedFrom = 0;  // virtual time when play() started
    double m_speed = 0;
    bool m_playing = false;
    emu::VirtualTime m_until = -1;      // runUntil's goal, or -1
    QString m_stopReason;
    std::shared_ptr<std::vector<RunSample>> m_samples;
    emu::VirtualTime m_sampleEvery = 0;
    emu::VirtualTime m_nextSample = 0;
    emu::LatencyHistogram m_recentLatencies;  // taken from the simulator at each sample
    QString m_scenarioName;
    std::shared_ptr<const emu::Scenario> m_scenario;
    QString m_sessionPath;
    std::shared_ptr<std::atomic<int>> m_framesQueued = std::make_shared<std::atomic<int>>(0);
};

} // namespace swivel::emulation
