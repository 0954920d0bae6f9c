#include "emulation/emulation_runner.h"

#include <QTimer>

namespace swivel::emulation {

// What each device did last, for the canvas: the transitions its last applied event
// took, and that event's name.
class LastMoves : public emu::SimulationObserver {
public:
    std::vector<std::vector<std::string>> transitions;
    std::vector<std::string> events;

    void begin(const model::CompiledMachine& machine, const std::vector<emu::DeviceInfo>& devices,
               const std::string&, std::uint64_t) override {
        m_machine = &machine;
        transitions.assign(devices.size(), {});
        events.assign(devices.size(), {});
    }
    void messageSent(const emu::MessageSentRecord&) override {}
    void messageEnded(const emu::MessageEndedRecord&) override {}
    void invocationStarted(const emu::InvocationStartedRecord&) override {}
    void invocationPhase(const emu::InvocationPhaseRecord&) override {}
    void invocationEnded(const emu::InvocationEndedRecord&) override {}
    void stateWritten(const emu::StateWrittenRecord& record) override {
        if (record.invocation == 0 || record.device < 0 ||
            static_cast<std::size_t>(record.device) >= transitions.size())
            return;
        auto& taken = transitions[static_cast<std::size_t>(record.device)];
        taken.clear();
        if (record.transitions) {
            for (int t : *record.transitions)
                taken.push_back(m_machine->transitionId(t));
        }
        events[static_cast<std::size_t>(record.device)] = record.event ? record.event->name : "";
    }
    void stepDone(std::uint64_t, emu::VirtualTime) override {}
    void end(std::uint64_t, emu::VirtualTime, const std::string&) override {}

private:
    const model::CompiledMachine* m_machine = nullptr;
};

EmulationRunner::EmulationRunner() : m_timer(new QTimer(this)) {
    // Short slices keep the thread answering pause and step at once.
    m_timer->setInterval(0);
    connect(m_timer, &QTimer::timeout, this, &EmulationRunner::tick);
}

EmulationRunner::~EmulationRunner() {
    close();
}

void EmulationRunner::load(const emu::Scenario& scenario, const model::Machine& machine,
                           const QString& sessionPath) {
    close();
    m_stopReason.clear();
    m_until = -1;
    try {
        m_simulator =
            std::make_unique<emu::Simulator>(scenario, machine, model::DeviceCatalog::builtin());
        if (!sessionPath.isEmpty())
            m_recorder = std::make_unique<emu::SessionRecorder>(sessionPath.toStdString());
    } catch (const std::exception& error) {
        m_simulator.reset();
        m_recorder.reset();
        emit failed(QString::fromStdString(error.what()));
        return;
    }
    m_lastMoves = std::make_unique<LastMoves>();
    m_history = std::make_unique<emu::HistoryKeeper>();
    if (m_recorder)
        m_simulator->addObserver(m_recorder.get());
    m_simulator->addObserver(m_lastMoves.get());
    m_simulator->addObserver(m_history.get());
    m_simulator->addObserver(&m_watch);
    m_simulator->nextEventTime();  // begins the run: step 0, every device's initial record
    m_sampleEvery = RunSample::intervalFor(m_simulator->duration());
    m_nextSample = 0;
    m_samples = std::make_shared<std::vector<RunSample>>();
    sample();
    m_scenarioName = QString::fromStdString(scenario.name);
    m_scenario = std::make_shared<const emu::Scenario>(scenario);
    m_sessionPath = m_recorder ? sessionPath : QString();
    publish();
}

void EmulationRunner::play(double speed) {
    if (!m_simulator || m_simulator->finished())
        return;
    m_speed = speed;
    m_playing = true;
    m_stopReason.clear();
    m_playedFrom = m_simulator->now();
    m_wall.start();
    m_sinceFrame.start();
    m_timer->start();
    publish();
}

void EmulationRunner::pause() {
    stop({});
}

void EmulationRunner::stop(const QString& reason) {
    m_playing = false;
    m_until = -1;
    m_timer->stop();
    m_stopReason = reason;
    publish();
}

void EmulationRunner::stepOnce() {
    if (!m_simulator)
        return;
    m_playing = false;
    m_timer->stop();
    m_stopReason.clear();
    advance();
    if (const std::optional<std::string> hit = m_watch.takeHit())
        m_stopReason = QString::fromStdString(*hit);
    publish();
}

void EmulationRunner::runUntil(qint64 timeUs) {
    if (!m_simulator || m_simulator->finished())
        return;
    m_until = timeUs;
    m_speed = 0;
    m_playing = true;
    m_stopReason.clear();
    m_sinceFrame.start();
    m_timer->start();
}

void EmulationRunner::setBreakpoints(const std::vector<Breakpoint>& breakpoints) {
    m_watch.setBreakpoints(breakpoints);
}

void EmulationRunner::inject(int device, const model::Event& event) {
    if (!m_simulator || m_simulator->finished())
        return;
    m_simulator->injectEvent(device, event);
    publish();
}

void EmulationRunner::close() {
    m_timer->stop();
    m_playing = false;
    if (m_simulator && !m_simulator->finished())
        m_simulator->finish();  // the session file is complete, if shorter
    m_simulator.reset();
    m_recorder.reset();
    m_lastMoves.reset();
}

bool EmulationRunner::advance() {
    if (!m_simulator || m_simulator->finished())
        return false;
    if (!m_simulator->stepOnce()) {
        if (!m_simulator->finished())
            m_simulator->finish();
        sample();
        return false;
    }
    if (m_simulator->now() >= m_nextSample)
        sample();
    return true;
}

void EmulationRunner::sample() {
    if (!m_simulator || !m_samples)
        return;
    const emu::SimulationSummary& summary = m_simulator->summary();
    RunSample s;
    s.time = m_simulator->now();
    s.deviceEvents = summary.deviceEvents;
    s.applied = summary.applied;
    s.conflicts = summary.conflicts;
    s.commands = summary.commands;
    s.busyInstances = m_simulator->busyInstances();
    s.inFlight = m_simulator->messagesInFlight();
    s.hubQueue = m_simulator->hubQueueLength();
    s.hubBacklog = m_simulator->hubBacklog();
    m_simulator->takeRecentLatencies(m_recentLatencies);
    s.latencySamples = m_recentLatencies.count();
    s.latencyP50Us = m_recentLatencies.percentile(0.50);
    s.latencyP95Us = m_recentLatencies.percentile(0.95);
    s.latencyP99Us = m_recentLatencies.percentile(0.99);
    // Frames share the samples: a new vector only when a frame holds the old one.
    if (m_samples.use_count() > 1)
        m_samples = std::make_shared<std::vector<RunSample>>(*m_samples);
    m_samples->push_back(s);
    m_nextSample = s.time + m_sampleEvery - s.time % m_sampleEvery;
}

void EmulationRunner::tick() {
    if (!m_simulator || !m_playing)
        return;
    QElapsedTimer slice;
    slice.start();
    // The slice ends after a few milliseconds, so that a pause waits no longer.
    constexpr qint64 kSliceMs = 8;
    bool over = false;
    std::optional<std::string> hit;
    if (m_until >= 0 || m_speed <= 0) {
        while (!over && !hit && slice.elapsed() < kSliceMs) {
            for (int i = 0; i < 64 && !over && !hit; ++i) {
                if (m_until >= 0) {
                    const std::optional<emu::VirtualTime> next = m_simulator->nextEventTime();
                    if (!next || *next > m_until) {
                        m_simulator->runUntil(m_until);
                        stop(tr("reached %1 s").arg(static_cast<double>(m_until) / 1e6));
                        return;
                    }
                }
                over = !advance();
                hit = m_watch.takeHit();
            }
        }
    } else {
        // Paced: only what is due by the wall clock, then the clock moves on to then.
        const auto target = m_playedFrom + static_cast<emu::VirtualTime>(
                                               static_cast<double>(m_wall.nsecsElapsed()) / 1000.0 * m_speed);
        while (!over && !hit && slice.elapsed() < kSliceMs) {
            const std::optional<emu::VirtualTime> next = m_simulator->nextEventTime();
            if (!next) {
                over = true;
                break;
            }
            if (*next > target) {
                m_simulator->runUntil(target);
                over = m_simulator->finished();
                break;
            }
            over = !advance();
            hit = m_watch.takeHit();
        }
    }
    if (hit) {
        stop(QString::fromStdString(*hit));
        return;
    }
    if (over || m_simulator->finished()) {
        stop(tr("the run is over"));
        return;
    }
    // At most one frame on its way: a window slower than the run (a big fleet, a slow
    // machine) gets the newest moment when it is ready, never a queue of old ones.
    if (m_sinceFrame.elapsed() >= kFrameIntervalMs && m_framesQueued->load() == 0)
        publish();
}

void EmulationRunner::follow(int device) {
    if (device == m_followed)
        return;
    m_followed = device;
    if (!m_playing)
        publish();  // a playing run's next frame follows it anyway
}

void EmulationRunner::setInstanceWindow(qint64 windowUs) {
    m_instanceWindow = std::clamp<emu::VirtualTime>(windowUs, emu::milliseconds(100),
                                                    emu::HistoryKeeper::kInstanceWindow);
    if (!m_playing)
        publish();
}

void EmulationRunner::publish() {
    m_sinceFrame.restart();
    auto frame = std::make_shared<EmulationFrame>();
    if (m_simulator) {
        frame->step = m_simulator->step();
        frame->time = m_simulator->now();
        frame->duration = m_simulator->duration();
        frame->finished = m_simulator->finished();
        frame->state = m_simulator->systemState();
        frame->summary = m_simulator->summary();
        if (!frame->finished)
            frame->summary.visits = m_simulator->visits();
    }
    frame->samples = m_samples;
    if (m_lastMoves) {
        frame->lastTransitions = m_lastMoves->transitions;
        frame->lastEvents = m_lastMoves->events;
    }
    if (m_history) {
        frame->followedDevice = m_followed;
        frame->history = std::make_shared<const emu::DeviceHistory>(
            m_history->deviceHistory(m_followed, kViewHistoryLimits));
        frame->instances = std::make_shared<const emu::InstanceHistory>(
            m_history->instances(m_instanceWindow, kViewInstanceLimit));
    }
    frame->running = m_playing;
    frame->stopReason = m_stopReason;
    frame->scenarioName = m_scenarioName;
    frame->scenario = m_scenario;
    frame->sessionPath = m_sessionPath;
    m_framesQueued->fetch_add(1);
    emit frameReady(frame);
}

} // namespace swivel::emulation
