#pragma once
// The versioned key-value store the stateless handlers keep their state in: one record
// per device with a version; get -> (record, version); put only if the version is
// still the one read (compare-and-swap: an ETag and If-Match in Azure Table storage).
// Each operation takes a latency drawn per operation; fault windows make the store
// slow (latency x factor) or unavailable (an error after a while) — the lecture's
// convoy and, with instance timeouts, its reboot storm.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/semantics.h"
#include "random.h"
#include "scenario.h"
#include "trace.h"
#include "virtual_time.h"

namespace swivel::emu {

// The side effects of one applied event, kept with the record so that a redelivery
// re-issues them without a second transition.
struct RecentEvent {
    MessageId eventId = 0;
    std::vector<model::EmittedAction> effects;  // Send, Call, TimerStart, delayed Raise
};

// What the store keeps for one device.
struct StoreRecord {
    model::Configuration configuration;
    std::uint64_t version = 0;
    // Idempotency: the ids of the events applied within the hub's redelivery horizon
    // (any later delivery of them is dead-lettered by the hub, so none can slip past),
    // oldest first, with when they were applied...
    std::vector<std::pair<MessageId, VirtualTime>> appliedIds;
    // ...and the side effects of the last kRecentEffects of them: a ring, oldest
    // overwritten. A duplicate older than that is still suppressed, without re-sending.
    std::vector<RecentEvent> recent;
    std::size_t recentNext = 0;

    static constexpr std::size_t kRecentEffects = 8;
    bool wasApplied(MessageId eventId) const;
    const RecentEvent* findEffects(MessageId eventId) const;
};

class VersionedStore {
public:
    VersionedStore(StoreSettings settings, Random random);

    // One record per device, all at version 0 with `initial`.
    void provision(std::size_t devices, const model::Configuration& initial);
    std::size_t size() const { return m_records.size(); }
    const StoreRecord& get(std::size_t device) const { return m_records[device]; }

    // How long applied event ids are kept: the longest a message can still be
    // delivered after its first delivery.
    void setIdempotencyHorizon(VirtualTime horizon) { m_horizon = horizon; }

    // Whether `device`'s record is still at `expectedVersion`; a put that would not be
    // (a conflict) is counted.
    bool checkVersion(std::size_t device, std::uint64_t expectedVersion);

    // The conditional put at time `now`: writes `configuration` (swapped in, so the
    // caller gets the old one back) and remembers `applied`, only if the record is
    // still at `expectedVersion`. Returns false (a conflict, counted) otherwise.
    bool putIfVersion(std::size_t device, std::uint64_t expectedVersion,
                      model::Configuration& configuration, RecentEvent applied, VirtualTime now);
    std::uint64_t conflicts() const { return m_conflicts; }

    // The latency of an operation on `deviceId`'s record that starts at `at`, or
    // nullopt when the store is unavailable then (it answers with an error after
    // unavailableError()).
    std::optional<VirtualTime> latency(const std::string& deviceId, VirtualTime at);
    VirtualTime unavailableError() const;

private:
    StoreSettings m_settings;
    Random m_random;
    std::vector<StoreRecord> m_records;
    std::uint64_t m_conflicts = 0;
    VirtualTime m_horizon = seconds(600);
};

} // namespace swivel::emu
