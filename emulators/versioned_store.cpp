#include "versioned_store.h"

#include <algorithm>
#include <cmath>

namespace swivel::emu {

bool StoreRecord::wasApplied(MessageId eventId) const {
    for (const auto& [id, at] : appliedIds) {
        if (id == eventId)
            return true;
    }
    return false;
}

const RecentEvent* StoreRecord::findEffects(MessageId eventId) const {
    for (const RecentEvent& entry : recent) {
        if (entry.eventId == eventId)
            return &entry;
    }
    return nullptr;
}

VersionedStore::VersionedStore(StoreSettings settings, Random random)
    : m_settings(std::move(settings)), m_random(random) {}

void VersionedStore::provision(std::size_t devices, const model::Configuration& initial) {
    m_records.assign(devices, StoreRecord{});
    for (StoreRecord& record : m_records)
        record.configuration = initial;
}

bool VersionedStore::checkVersion(std::size_t device, std::uint64_t expectedVersion) {
    if (m_records[device].version == expectedVersion)
        return true;
    ++m_conflicts;
    return false;
}

bool VersionedStore::putIfVersion(std::size_t device, std::uint64_t expectedVersion,
                                  model::Configuration& configuration, RecentEvent applied,
                                  VirtualTime now) {
    StoreRecord& record = m_records[device];
    if (record.version != expectedVersion) {
        ++m_conflicts;
        return false;
    }
    std::swap(record.configuration, configuration);
    ++record.version;
    auto& ids = record.appliedIds;
    ids.erase(ids.begin(), std::find_if(ids.begin(), ids.end(), [&](const auto& entry) {
                  return now - entry.second <= m_horizon;
              }));
    ids.emplace_back(applied.eventId, now);
    if (record.recent.size() < StoreRecord::kRecentEffects) {
        record.recent.push_back(std::move(applied));
    } else {
        record.recent[record.recentNext] = std::move(applied);
        record.recentNext = (record.recentNext + 1) % StoreRecord::kRecentEffects;
    }
    return true;
}

std::optional<VirtualTime> VersionedStore::latency(const std::string& deviceId, VirtualTime at) {
    double factor = 1;
    for (const StoreFault& fault : m_settings.faults) {
        const std::string& prefix = fault.window.devices;
        if (!fault.window.contains(at) || deviceId.compare(0, prefix.size(), prefix) != 0)
            continue;
        if (fault.mode == StoreFault::Mode::Unavailable)
            return std::nullopt;
        factor *= fault.factor;
    }
    const double low = m_settings.latencyMinMs;
    const double ms = m_random.uniform(low, std::max(low, m_settings.latencyMaxMs));
    return std::max<VirtualTime>(1, static_cast<VirtualTime>(std::llround(ms * factor * 1000.0)));
}

VirtualTime VersionedStore::unavailableError() const {
    return static_cast<VirtualTime>(std::llround(m_settings.unavailableErrorMs * 1000.0));
}

} // namespace swivel::emu
