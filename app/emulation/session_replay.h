#pragma once
// A recorded session as frames: the whole system at any step, with what each device
// did last by then, so that every view shows a recorded moment exactly as it showed
// the live one. Opening reads the applied events once; each frame then asks the
// session for the system at that step.

#include <memory>
#include <string>
#include <vector>

#include "emulation/emulation_frame.h"
#include "emulation/session_samples.h"
#include "emulators/session.h"
#include "emulators/session_history.h"

namespace swivel::emulation {

class SessionReplay {
public:
    // nullptr and `error` naming the file and the fault when it cannot be used.
    static std::unique_ptr<SessionReplay> open(const std::string& path, std::string& error);

    std::uint64_t lastStep() const { return m_session->lastStep(); }
    const emu::Session& session() const { return *m_session; }
    // The frame at `step` (clamped to the session), with the history of `device` and
    // the fleet's invocations over `instanceWindow`; throws std::runtime_error naming
    // the file on damage the opening could not see.
    FramePtr frameAt(std::uint64_t step, int device = 0,
                     emu::VirtualTime instanceWindow = kDefaultInstanceWindow) const;

private:
    explicit SessionReplay(std::unique_ptr<emu::Session> session);

    struct Move {
        std::uint64_t step;
        std::vector<std::string> transitions;
        std::string event;
    };
    std::unique_ptr<emu::Session> m_session;
    std::unique_ptr<emu::SessionHistory> m_history;
    std::unique_ptr<SessionSamples> m_samples;  // the charts' figures, read once
    std::vector<std::vector<Move>> m_moves;  // by device, in step order
    std::string m_path;
    std::string m_scenarioName;
    std::shared_ptr<const emu::Scenario> m_scenario;  // null when it cannot be read again
};

} // namespace swivel::emulation
