#pragma once
// A recorded session's figures over virtual time, as the live run sampled them for the
// charts (EmulationRunner::sample): the same RunSample every RunSample::intervalFor()
// of virtual time, computed from the session's tables (emu::SessionTimeline), so that
// a scrubbed session's charts show the run up to the scrubbed moment.

#include <memory>
#include <string>
#include <vector>

#include "emulation/emulation_frame.h"
#include "emulators/session_timeline.h"

namespace swivel::emulation {

class SessionSamples {
public:
    // Reads the recorded run at `path` (open it with emu::Session first: that checks
    // it), whose last step is at `lastTime`. Throws std::runtime_error naming the file.
    SessionSamples(const std::string& path, emu::VirtualTime lastTime);

    // The whole run, sampled when the live run sampled it: at step 0, at the first step
    // at or after each multiple of the interval, and at `lastTime`.
    const std::vector<RunSample>& series() const { return m_series; }
    emu::VirtualTime interval() const { return m_interval; }
    // The run up to `time`: the samples before it, then one at `time` itself.
    std::shared_ptr<const std::vector<RunSample>> upTo(emu::VirtualTime time) const;

private:
    // The figures at `time`; the latencies are those of the commands that arrived
    // after `since` (and at or before `time`).
    RunSample sampleAt(emu::VirtualTime time, emu::VirtualTime since, emu::LatencyHistogram& scratch) const;

    emu::SessionTimeline m_timeline;
    emu::VirtualTime m_interval = 0;
    std::vector<RunSample> m_series;
};

} // namespace swivel::emulation
