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
#include <string>
#include <utility>
#include <vector>

#include "model/semantics.h"
#include "random.h"
#include "record_codec.h"
#include "scenario.h"
#include "trace.h"
#include "virtual_time.h"

namespace swivel::emu {

// What the store keeps for one device: the record as bytes (emulators/record_codec.h),
// as a real key-value store keeps a serialized entity, and its version.
struct StoreRecord {
    std::uint64_t version = 0;
    // One string (one allocation): first the machine's configuration (states,
    // variables, history, timers: `stateSize` bytes), then, for idempotency, the last
    // kRecentEvents applied events, oldest first, each as its id and the side effects
    // it caused (so that a redelivery re-sends them without a second transition)...
    std::string bytes;
    // ...and the highest id among the events dropped from that list. Ids grow in the
    // order events are sent, so an event above it that is not in the list was never
    // applied; one at or below it may have been, and the record can no longer tell.
    MessageId forgottenThrough = 0;
    std::uint32_t stateSize : 28 = 0;  // bit fields: the record stays 56 bytes
    std::uint32_t recentCount : 4 = 0;
    // The highest event id ever applied (kIdsBeyond once ids outgrow it): a new event
    // is above it, so the common lookup needs no walk through the list.
    std::uint32_t newestApplied = 0;

    static constexpr std::uint32_t kRecentEvents = 8;
    static constexpr std::uint32_t kIdsBeyond = ~std::uint32_t{0};
    static constexpr std::uint32_t kMaxStateSize = (std::uint32_t{1} << 28) - 1;
};

// What a record says about an event id.
enum class AppliedLookup : std::uint8_t {
    NotApplied,  // never applied: step it
    Applied,     // applied, its side effects at hand
    Forgotten,   // older than the record remembers: not applied again, reported
};

class VersionedStore {
public:
    VersionedStore(StoreSettings settings, Random random);

    // One record per device, all at version 0 with `initial`.
    void provision(std::size_t devices, const model::Configuration& initial);
    std::size_t size() const { return m_records.size(); }
    const StoreRecord& get(std::size_t device) const { return m_records[device]; }

    // The record's configuration, decoded into `into` (its capacity reused).
    void readConfiguration(std::size_t device, model::Configuration& into) const;
    // Whether the record's configuration still arms timer `token` (without decoding it).
    bool armsTimer(std::size_t device, std::uint64_t token) const;
    // Whether `eventId` was applied to the record; when it was, its side effects are
    // decoded into `effects`.
    AppliedLookup lookup(std::size_t device, MessageId eventId,
                         std::vector<model::EmittedAction>& effects) const;

    // Whether `device`'s record is still at `expectedVersion`; a put that would not be
    // (a conflict) is counted.
    bool checkVersion(std::size_t device, std::uint64_t expectedVersion);

    // The conditional put: writes `configuration` and remembers that `eventId` was
    // applied with the side effects among `actions` (isSideEffect; step()'s actions
    // can be passed whole), only if the record is still at `expectedVersion`.
    // Returns false (a conflict, counted) otherwise.
    bool putIfVersion(std::size_t device, std::uint64_t expectedVersion,
                      const model::Configuration& configuration, MessageId eventId,
                      const std::vector<model::EmittedAction>& actions);
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
    std::string m_scratch;  // a put's effects, encoded
    NameDictionary m_names; // the names in the records' effects
};

} // namespace swivel::emu
