#include "emulation/emulation_controller.h"

#include <QDateTime>
#include <QDir>
#include <QStandardPaths>

#include "emulation/background_priority.h"
#include "emulation/emulation_runner.h"

namespace swivel::emulation {

namespace {

void registerTypes() {
    static const bool registered = [] {
        qRegisterMetaType<FramePtr>("swivel::emulation::FramePtr");
        return true;
    }();
    (void)registered;
}

// A file name from free text: letters, digits and dashes.
QString fileNamePart(const QString& text) {
    QString out;
    for (const QChar c : text)
        out += c.isLetterOrNumber() && c.unicode() < 128 ? c : QChar('-');
    return out.isEmpty() ? QStringLiteral("run") : out.left(40);
}

} // namespace

EmulationController::EmulationController(QObject* parent)
    : QObject(parent), m_runner(new EmulationRunner) {
    registerTypes();
    m_runner->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_runner, &QObject::deleteLater);
    connect(m_runner, &EmulationRunner::frameReady, this,
            [this, queued = m_runner->framesQueued()](const FramePtr& frame) {
        // A newer frame already on its way makes this one old news (the runner sends
        // those it must, a stop or a step, whatever is queued).
        if (queued->fetch_sub(1) > 1 && frame->running)
            return;
        onFrame(frame);
    });
    connect(m_runner, &EmulationRunner::failed, this,
            [this](const QString& message) { emit failed(tr("Cannot run: %1").arg(message)); });
    m_thread.setObjectName(QStringLiteral("emulation"));
    m_thread.start();
}

EmulationController::~EmulationController() {
    cancelLoading();
    // The session file is closed (complete) before the thread goes.
    QMetaObject::invokeMethod(m_runner, &EmulationRunner::close, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QString EmulationController::sessionsDirectory() {
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
           QStringLiteral("/sessions");
}

void EmulationController::start(const emu::Scenario& scenario, const model::Machine& machine) {
    m_replay.reset();
    m_scenario = scenario;
    m_machine = machine;
    m_selectedDevice = -1;
    reset();
}

void EmulationController::reset() {
    if (!m_scenario)
        return;
    cancelLoading();
    m_replay.reset();
    QDir().mkpath(sessionsDirectory());
    const QString path =
        sessionsDirectory() + "/" +
        QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")) + "-" +
        fileNamePart(QString::fromStdString(m_scenario->name)) + ".db";
    QMetaObject::invokeMethod(m_runner, [runner = m_runner, scenario = *m_scenario,
                                         machine = m_machine, path, breakpoints = m_breakpoints,
                                         device = std::max(m_selectedDevice, 0), window = m_instanceWindow] {
        runner->setBreakpoints(breakpoints);
        runner->load(scenario, machine, path);
        runner->follow(device);
        runner->setInstanceWindow(window);
    });
}

void EmulationController::play() {
    QMetaObject::invokeMethod(m_runner, [runner = m_runner, speed = m_speed] { runner->play(speed); });
}

void EmulationController::pause() {
    QMetaObject::invokeMethod(m_runner, &EmulationRunner::pause);
}

void EmulationController::togglePlay() {
    if (running())
        pause();
    else
        play();
}

void EmulationController::stepOnce() {
    if (m_replay) {
        if (m_frame && m_frame->step < m_replay->lastStep())
            seek(m_frame->step + 1);
        return;
    }
    QMetaObject::invokeMethod(m_runner, &EmulationRunner::stepOnce);
}

void EmulationController::stepBack() {
    if (m_replay && m_frame && m_frame->step > 0)
        seek(m_frame->step - 1);
}

void EmulationController::seek(std::uint64_t step) {
    if (m_replay)
        showReplayFrame(std::min(step, m_replay->lastStep()));
}

bool EmulationController::openSession(const QString& path, QString* error) {
    cancelLoading();
    std::string why;
    std::unique_ptr<SessionReplay> replay = SessionReplay::open(path.toStdString(), why);
    if (!replay) {
        if (error)
            *error = QString::fromStdString(why);
        emit failed(tr("Cannot open the session: %1").arg(QString::fromStdString(why)));
        return false;
    }
    m_replay = std::move(replay);
    showReplayFrame(m_replay->lastStep());
    return true;
}

void EmulationController::compareWithMachine(const QString& sessionPath, const model::Machine& machine) {
    if (!m_comparison) {
        m_comparison = new SessionComparison(this);
        connect(m_comparison, &SessionComparison::finished, this,
                [this](const SessionComparisonResult& result) {
            if (result.outcome != SessionComparisonResult::Outcome::Diverged) {
                emit comparisonReady(result);
                return;
            }
            // The session opens (in the background: a farm's takes seconds) at the
            // divergence, on its device; then the result is told.
            cancelLoading();
            pause();
            loadReplay(result.sessionPath, true, [this, result] {
                if (result.deviceIndex >= 0)
                    m_selectedDevice = result.deviceIndex;  // the frame below follows it
                showReplayFrame(result.divergence->step);
                emit selectedDeviceChanged(m_selectedDevice);
                emit comparisonReady(result);
            });
        });
    }
    m_comparison->start(sessionPath, machine);
}

void EmulationController::openSessionInBackground(const QString& path) {
    cancelLoading();
    pause();  // the file on show replaces the run
    loadReplay(path, true, {});
}

void EmulationController::loadReplay(const QString& path, bool userOpened, std::function<void()> shown) {
    struct Loaded {
        std::unique_ptr<SessionReplay> replay;
        std::string error;
    };
    auto loaded = std::make_shared<Loaded>();
    m_loader = QThread::create([loaded, path] {
        lowerThisThreadsPriority();  // the window (and the user) come first
        loaded->replay = SessionReplay::open(path.toStdString(), loaded->error);
    });
    connect(m_loader, &QThread::finished, this, [this, loader = m_loader, loaded, userOpened, shown] {
        loader->deleteLater();
        if (loader != m_loader)
            return;  // cancelled: a new run started meanwhile
        m_loader = nullptr;
        emit loadingChanged(false);
        if (!loaded->replay) {
            // A finished run's own file is no news when it cannot be read; a file the
            // user chose is.
            if (userOpened)
                emit failed(tr("Cannot open the session: %1").arg(QString::fromStdString(loaded->error)));
            return;
        }
        m_replay = std::move(loaded->replay);
        if (shown)
            shown();
        else if (userOpened)
            showReplayFrame(m_replay->lastStep());
        else if (m_frame)
            emit frameChanged(m_frame);  // the views learn that stepping back works now
    });
    m_loader->start();
    emit loadingChanged(true);
}

void EmulationController::cancelLoading() {
    if (!m_loader)
        return;
    // Reading a session cannot be interrupted; it is short next to a run.
    m_loader->wait();
    m_loader->deleteLater();
    m_loader = nullptr;
    emit loadingChanged(false);
}

void EmulationController::showReplayFrame(std::uint64_t step) {
    try {
        m_frame = m_replay->frameAt(step, std::max(m_selectedDevice, 0), m_instanceWindow);
    } catch (const std::exception& fault) {
        emit failed(tr("Cannot show step %1: %2").arg(step).arg(QString::fromStdString(fault.what())));
        return;
    }
    // A session of fewer devices than the one before follows its first device.
    if ((m_selectedDevice < 0 || m_selectedDevice >= static_cast<int>(m_frame->state.devices.size())) &&
        !m_frame->state.devices.empty()) {
        selectDevice(0);  // shows this step again, with the first device's history
        return;
    }
    emit frameChanged(m_frame);
}

void EmulationController::runUntil(emu::VirtualTime time) {
    QMetaObject::invokeMethod(m_runner, [runner = m_runner, time] { runner->runUntil(time); });
}

void EmulationController::setSpeed(double speed) {
    m_speed = speed;
    if (running())
        play();  // again from now, at the new speed
}

void EmulationController::setBreakpoints(std::vector<Breakpoint> breakpoints) {
    m_breakpoints = std::move(breakpoints);
    QMetaObject::invokeMethod(m_runner, [runner = m_runner, breakpoints = m_breakpoints] {
        runner->setBreakpoints(breakpoints);
    });
}

void EmulationController::inject(int device, const model::Event& event) {
    QMetaObject::invokeMethod(m_runner, [runner = m_runner, device, event] { runner->inject(device, event); });
}

void EmulationController::selectDevice(int device) {
    if (device == m_selectedDevice)
        return;
    m_selectedDevice = device;
    emit selectedDeviceChanged(device);
    // The histories in the frames are the followed device's.
    if (m_replay && m_frame) {
        showReplayFrame(m_frame->step);
    } else {
        QMetaObject::invokeMethod(m_runner, [runner = m_runner, device] { runner->follow(device); });
    }
}

void EmulationController::setInstanceWindow(emu::VirtualTime window) {
    m_instanceWindow = window;
    if (m_replay && m_frame)
        showReplayFrame(m_frame->step);
    else
        QMetaObject::invokeMethod(m_runner, [runner = m_runner, window] { runner->setInstanceWindow(window); });
}

void EmulationController::onFrame(const FramePtr& frame) {
    if (m_replay)
        return;  // the recording is on show; the live run is over
    m_frame = frame;
    // A finished run's session is complete: step back through it once it is read.
    if (frame->finished && !frame->running && !frame->sessionPath.isEmpty() && !m_loader)
        loadReplay(frame->sessionPath, false, {});
    if ((m_selectedDevice < 0 || m_selectedDevice >= static_cast<int>(frame->state.devices.size())) &&
        !frame->state.devices.empty())
        selectDevice(0);
    emit frameChanged(frame);
}

} // namespace swivel::emulation
