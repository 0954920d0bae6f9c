#include "emulation/session_replay.h"

#include <algorithm>
#include <unordered_map>

namespace swivel::emulation {

std::unique_ptr<SessionReplay> SessionReplay::open(const std::string& path, std::string& error) {
    std::unique_ptr<emu::Session> session = emu::Session::open(path, error);
    if (!session)
        return nullptr;
    std::unique_ptr<SessionReplay> replay(new SessionReplay(std::move(session)));
    replay->m_path = path;
    try {
        replay->m_history = std::make_unique<emu::SessionHistory>(path);
        replay->m_samples = std::make_unique<SessionSamples>(path, replay->m_session->duration());
        const auto& devices = replay->m_session->devices();
        std::unordered_map<std::string, std::size_t> index;
        for (std::size_t i = 0; i < devices.size(); ++i)
            index[devices[i].id] = i;
        replay->m_moves.resize(devices.size());
        for (emu::AppliedEvent& applied : replay->m_session->appliedEvents()) {
            const auto it = index.find(applied.device);
            if (it == index.end())
                continue;
            replay->m_moves[it->second].push_back(
                {applied.step, std::move(applied.transitions),
                 applied.event.value("event", std::string())});
        }
        const nlohmann::json scenario = replay->m_session->scenario();
        replay->m_scenarioName = scenario.is_object() ? scenario.value("name", std::string()) : "";
        // The links' outages, for the device table (a scenario this Swivel cannot read
        // again only costs that column).
        std::vector<model::Diagnostic> ignored;
        if (auto parsed = emu::scenarioFromJson(scenario, path, "", ignored))
            replay->m_scenario = std::make_shared<const emu::Scenario>(std::move(*parsed));
        // The end of the run, where a session is first shown: damage SQLite meets only
        // when it reads the pages of the last steps refuses the file here, rather than
        // leaving it half shown.
        replay->frameAt(replay->lastStep());
    } catch (const std::exception& fault) {
        error = fault.what();
        return nullptr;
    }
    return replay;
}

SessionReplay::SessionReplay(std::unique_ptr<emu::Session> session) : m_session(std::move(session)) {}

FramePtr SessionReplay::frameAt(std::uint64_t step, int device, emu::VirtualTime instanceWindow) const {
    auto frame = std::make_shared<EmulationFrame>();
    frame->state = m_session->stateAt(std::min(step, lastStep()));
    frame->step = frame->state.step;
    frame->time = frame->state.time;
    frame->duration = m_session->duration();
    frame->finished = true;
    frame->replay = true;
    frame->lastStep = lastStep();
    frame->scenarioName = QString::fromStdString(m_scenarioName);
    frame->scenario = m_scenario;
    frame->sessionPath = QString::fromStdString(m_path);
    frame->samples = m_samples->upTo(frame->time);  // the charts: the run up to this moment
    frame->followedDevice = device;
    frame->history = std::make_shared<const emu::DeviceHistory>(
        m_history->deviceHistory(device, frame->step, frame->time, kViewHistoryLimits));
    frame->instances = std::make_shared<const emu::InstanceHistory>(
        m_history->instances(frame->step, frame->time, instanceWindow, kViewInstanceLimit));
    frame->lastTransitions.resize(m_moves.size());
    frame->lastEvents.resize(m_moves.size());
    for (std::size_t d = 0; d < m_moves.size(); ++d) {
        const std::vector<Move>& moves = m_moves[d];
        // The last move at or before the step.
        const auto after = std::upper_bound(moves.begin(), moves.end(), frame->step,
                                             [](std::uint64_t s, const Move& m) { return s < m.step; });
        if (after == moves.begin())
            continue;
        const Move& move = *std::prev(after);
        frame->lastTransitions[d] = move.transitions;
        frame->lastEvents[d] = move.event;
    }
    // The recorded figures are those of the whole run; those of the moment are the
    // applied events so far.
    std::uint64_t applied = 0;
    for (const std::vector<Move>& moves : m_moves)
        applied += static_cast<std::uint64_t>(
            std::upper_bound(moves.begin(), moves.end(), frame->step,
                             [](std::uint64_t s, const Move& m) { return s < m.step; }) -
            moves.begin());
    frame->summary.applied = applied;
    return frame;
}

} // namespace swivel::emulation
