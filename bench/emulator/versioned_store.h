#pragma once
// The benchmark's versioned key-value store: one record and its version per device,
// get -> (record, version) and put-if-version (compare-and-swap). In memory and
// single-threaded: it measures what the handler pattern costs a handler (copying the
// record out, comparing, swapping it in), not a network. The same template holds the
// hand-written machine's small record and Swivel's model::Configuration.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace swivel::bench {

template <class Record> class VersionedStore {
public:
    VersionedStore(std::size_t keys, const Record& initial) : m_slots(keys, Slot{0, initial}) {}

    // Copies the record into `out` (a worker's scratch record: its capacity is reused)
    // and returns the version read.
    std::uint64_t read(std::size_t key, Record& out) const {
        const Slot& slot = m_slots[key];
        out = slot.record;
        return slot.version;
    }

    // Put-if-version: when the stored version is still `expected`, `record` is swapped
    // in (and `record` receives the old one, to be reused as scratch) and the version
    // moves on; otherwise nothing changes and the caller must re-read.
    bool putIfVersion(std::size_t key, std::uint64_t expected, Record& record) {
        Slot& slot = m_slots[key];
        if (slot.version != expected)
            return false;
        std::swap(slot.record, record);
        ++slot.version;
        return true;
    }

    std::uint64_t version(std::size_t key) const { return m_slots[key].version; }
    const Record& record(std::size_t key) const { return m_slots[key].record; }

private:
    struct Slot {
        std::uint64_t version = 0;
        Record record;
    };
    std::vector<Slot> m_slots;
};

} // namespace swivel::bench
