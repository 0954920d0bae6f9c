#include "versioned_store.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "record_codec.h"

namespace swivel::emu {

namespace {

// One entry of StoreRecord::recent: varint event id, varint length of the effects,
// the encoded effects; false on damaged bytes.
// Room left in a record's string for its next entries to vary in size.
constexpr std::size_t kSpareBytes = 32;

struct RecentEntry {
    MessageId eventId = 0;
    std::size_t effectsOffset = 0;
    std::size_t end = 0;
};

bool readEntry(std::string_view bytes, std::size_t offset, RecentEntry& entry) {
    std::uint64_t length = 0;
    if (!decodeVarint(bytes, offset, entry.eventId) || !decodeVarint(bytes, offset, length) ||
        length > bytes.size() - offset)
        return false;
    entry.effectsOffset = offset;
    entry.end = offset + length;
    return true;
}

} // namespace

VersionedStore::VersionedStore(StoreSettings settings, Random random)
    : m_settings(std::move(settings)), m_random(random) {}

void VersionedStore::provision(std::size_t devices, const model::Configuration& initial) {
    StoreRecord fresh;
    encodeConfiguration(initial, fresh.bytes);
    if (fresh.bytes.size() > StoreRecord::kMaxStateSize)
        throw std::length_error("the machine's initial state record is over 256 MiB");
    fresh.stateSize = static_cast<std::uint32_t>(fresh.bytes.size());
    fresh.bytes.shrink_to_fit();
    m_records.assign(devices, fresh);
}

void VersionedStore::readConfiguration(std::size_t device, model::Configuration& into) const {
    std::size_t offset = 0;
    // The store wrote these bytes itself: they always decode.
    const StoreRecord& record = m_records[device];
    decodeConfiguration(std::string_view(record.bytes).substr(0, record.stateSize), offset, into);
}

bool VersionedStore::armsTimer(std::size_t device, std::uint64_t token) const {
    const StoreRecord& record = m_records[device];
    return armsTimerToken(std::string_view(record.bytes).substr(0, record.stateSize), token);
}

AppliedLookup VersionedStore::lookup(std::size_t device, MessageId eventId,
                                     std::vector<model::EmittedAction>& effects) const {
    const StoreRecord& record = m_records[device];
    if (record.newestApplied != StoreRecord::kIdsBeyond && eventId > record.newestApplied)
        return AppliedLookup::NotApplied;  // a new event: the usual case
    RecentEntry entry;
    for (std::size_t offset = record.stateSize; offset < record.bytes.size(); offset = entry.end) {
        if (!readEntry(record.bytes, offset, entry))
            break;
        if (entry.eventId == eventId) {
            std::size_t at = entry.effectsOffset;
            decodeEffects(record.bytes, at, effects, &m_names);
            return AppliedLookup::Applied;
        }
    }
    return eventId <= record.forgottenThrough ? AppliedLookup::Forgotten : AppliedLookup::NotApplied;
}

bool VersionedStore::checkVersion(std::size_t device, std::uint64_t expectedVersion) {
    if (m_records[device].version == expectedVersion)
        return true;
    ++m_conflicts;
    return false;
}

bool VersionedStore::putIfVersion(std::size_t device, std::uint64_t expectedVersion,
                                  const model::Configuration& configuration, MessageId eventId,
                                  const std::vector<model::EmittedAction>& actions) {
    if (!checkVersion(device, expectedVersion))
        return false;
    StoreRecord& record = m_records[device];
    ++record.version;
    m_scratch.clear();
    encodeConfiguration(configuration, m_scratch);
    if (m_scratch.size() > StoreRecord::kMaxStateSize)
        throw std::length_error("a device's state record is over 256 MiB");
    record.bytes.replace(0, record.stateSize, m_scratch);
    record.stateSize = static_cast<std::uint32_t>(m_scratch.size());
    if (record.newestApplied != StoreRecord::kIdsBeyond && eventId > record.newestApplied)
        record.newestApplied =
            eventId >= StoreRecord::kIdsBeyond ? StoreRecord::kIdsBeyond : static_cast<std::uint32_t>(eventId);

    // The oldest entry goes first, so that a full list keeps about its size and its
    // string needs no new memory.
    if (record.recentCount == StoreRecord::kRecentEvents) {
        RecentEntry oldest;
        readEntry(record.bytes, record.stateSize, oldest);
        record.forgottenThrough = std::max(record.forgottenThrough, oldest.eventId);
        record.bytes.erase(record.stateSize, oldest.end - record.stateSize);
    } else {
        ++record.recentCount;
    }
    m_scratch.clear();
    encodeSideEffects(actions, m_scratch, &m_names);
    encodeVarint(eventId, record.bytes);
    encodeVarint(m_scratch.size(), record.bytes);
    record.bytes += m_scratch;
    // A string grows by doubling: a record that outgrew its memory gets a fresh one
    // with a little room to spare (a full list keeps about its size from then on), so
    // that a fleet's records hold about what they say.
    if (record.bytes.capacity() > record.bytes.size() + kSpareBytes * 3) {
        std::string fitted;
        fitted.reserve(record.bytes.size() + kSpareBytes);
        fitted = record.bytes;
        record.bytes.swap(fitted);
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
    return std::max<VirtualTime>(1, roundToMicroseconds(ms * factor * 1000.0));
}

VirtualTime VersionedStore::unavailableError() const {
    return fromMilliseconds(m_settings.unavailableErrorMs);
}

} // namespace swivel::emu
