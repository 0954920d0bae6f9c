#include "link_model.h"

#include <algorithm>
#include <cmath>

namespace swivel::emu {

namespace {

bool inOutage(const LinkParams& link, const std::string& deviceId, VirtualTime t, VirtualTime* until) {
    const std::optional<VirtualTime> end = outageEnd(link.outages, deviceId, t);
    if (end)
        *until = *end;
    return end.has_value();
}

VirtualTime sendingTime(const LinkParams& link, std::int64_t bytes) {
    return roundToMicroseconds(static_cast<double>(bytes) * link.microsecondsPerByte);
}

} // namespace

std::optional<VirtualTime> outageEnd(const std::vector<TimeWindow>& outages, const std::string& deviceId,
                                     VirtualTime t) {
    for (const TimeWindow& window : outages) {
        if (window.contains(t) &&
            (window.devices.empty() || deviceId.compare(0, window.devices.size(), window.devices) == 0))
            return window.to;
    }
    return std::nullopt;
}

LinkParams LinkParams::resolve(const model::LinkProfile& catalog, const LinkSettings& scenario) {
    LinkParams link;
    link.latency = fromMilliseconds(scenario.latencyMs.value_or(catalog.latencyMs));
    link.jitter = fromMilliseconds(scenario.jitterMs.value_or(catalog.jitterMs));
    const double kbps = scenario.bandwidthKbps.value_or(catalog.bandwidthKbps);
    link.microsecondsPerByte = kbps > 0 ? 8000.0 / kbps : 0;  // 8 bits, kilobits per second
    link.loss = scenario.loss.value_or(catalog.loss);
    link.duplication = scenario.duplication;
    link.reordering = scenario.reordering;
    link.reorderDelay = fromMilliseconds(scenario.reorderDelayMs);
    link.ttl = scenario.messageTtl;
    link.outages = scenario.outages;
    return link;
}

Transmission LinkDirection::send(const LinkParams& link, const std::string& deviceId, VirtualTime now,
                                 std::int64_t bytes, Random& random) {
    Transmission result;
    VirtualTime departure = now;
    VirtualTime outageEnd = 0;
    while (inOutage(link, deviceId, departure, &outageEnd))
        departure = outageEnd;
    if (link.ttl > 0 && departure - now > link.ttl) {
        result.expired = true;
        result.arrival = now + link.ttl;
        return result;
    }
    const VirtualTime start = std::max(departure, m_busyUntil);
    const VirtualTime sent = start + sendingTime(link, bytes);
    m_busyUntil = sent;
    VirtualTime arrival = sent + link.latency;
    if (link.jitter > 0)
        arrival += random.uniformInt(-link.jitter, link.jitter);
    if (link.reordering > 0 && random.bernoulli(link.reordering))
        arrival += random.uniformInt(0, std::max<VirtualTime>(link.reorderDelay, 1));
    result.arrival = std::max(arrival, sent);
    result.lost = link.loss > 0 && random.bernoulli(link.loss);
    if (link.duplication > 0 && random.bernoulli(link.duplication))
        result.copyArrival = result.arrival + random.uniformInt(0, std::max<VirtualTime>(link.latency, 1));
    return result;
}

void LinkDirection::occupy(const LinkParams& link, VirtualTime now, std::int64_t bytes) {
    m_busyUntil = std::max(now, m_busyUntil) + sendingTime(link, bytes);
}

} // namespace swivel::emu
