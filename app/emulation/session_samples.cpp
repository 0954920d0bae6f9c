#include "emulation/session_samples.h"

#include <algorithm>

#include "emulators/latency_histogram.h"

namespace swivel::emulation {

SessionSamples::SessionSamples(const std::string& path, emu::VirtualTime lastTime)
    : m_timeline(emu::readSessionTimeline(path)),
      // The live run sampled by the scenario's duration, where its clock ended.
      m_interval(RunSample::intervalFor(std::max(m_timeline.end, lastTime))) {
    // At the moments the live run sampled: step 0, then the first step at or after
    // each multiple of the interval, and the last step.
    emu::LatencyHistogram scratch;
    m_series.push_back(sampleAt(0, -1, scratch));
    emu::VirtualTime next = m_interval;
    for (const emu::VirtualTime time : m_timeline.stepTimes) {
        if (time > lastTime)
            break;
        if (time < next)
            continue;
        m_series.push_back(sampleAt(time, m_series.back().time, scratch));
        next = time + m_interval - time % m_interval;
    }
    if (m_series.back().time < lastTime)
        m_series.push_back(sampleAt(lastTime, m_series.back().time, scratch));
    m_timeline.stepTimes = {};  // only needed for the moments
}

std::shared_ptr<const std::vector<RunSample>> SessionSamples::upTo(emu::VirtualTime time) const {
    const auto before = std::lower_bound(m_series.begin(), m_series.end(), time,
                                         [](const RunSample& s, emu::VirtualTime t) { return s.time < t; });
    auto samples = std::make_shared<std::vector<RunSample>>(m_series.begin(), before);
    emu::LatencyHistogram scratch;
    samples->push_back(sampleAt(time, samples->empty() ? -1 : samples->back().time, scratch));
    return samples;
}

RunSample SessionSamples::sampleAt(emu::VirtualTime time, emu::VirtualTime since,
                                   emu::LatencyHistogram& scratch) const {
    using emu::SessionTimeline;
    RunSample s;
    s.time = time;
    s.deviceEvents = SessionTimeline::countUpTo(m_timeline.deviceEvents, time);
    s.applied = SessionTimeline::countUpTo(m_timeline.applied, time);
    s.conflicts = SessionTimeline::countUpTo(m_timeline.conflicts, time);
    s.commands = SessionTimeline::countUpTo(m_timeline.commands, time);
    s.busyInstances = static_cast<int>(m_timeline.busyInstances.at(time));
    s.inFlight = m_timeline.inFlight.at(time);
    s.hubQueue = m_timeline.hubQueue.at(time);
    s.hubBacklog = m_timeline.hubBacklog.at(time);

    // The same histogram as the simulator's, so that the percentiles are alike too.
    const auto byArrival = [](const SessionTimeline::Latency& l, emu::VirtualTime t) { return l.arrived <= t; };
    const auto& latencies = m_timeline.latencies;
    auto from = std::lower_bound(latencies.begin(), latencies.end(), since, byArrival);
    const auto to = std::lower_bound(from, latencies.end(), time, byArrival);
    scratch.clear();
    for (; from != to; ++from)
        scratch.add(from->latency);
    s.latencySamples = scratch.count();
    s.latencyP50Us = scratch.percentile(0.50);
    s.latencyP95Us = scratch.percentile(0.95);
    s.latencyP99Us = scratch.percentile(0.99);
    return s;
}

} // namespace swivel::emulation
