#pragma once
// A StateStore in memory, shared by any number of threads: for tests and for
// running the handler locally without Azure Storage. Etags are "1", "2", ... from
// one counter for the whole store, so an etag is never reused, not even after a
// record was written under another key.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "store/state_store.h"

namespace store {

class MemoryStateStore : public StateStore {
public:
    std::optional<StoredRecord> read(const std::string& key) override;
    std::optional<std::string> put(const std::string& key, const std::string& json,
                                   const std::string& expectedEtag) override;

    // How many puts were refused because someone else wrote first.
    std::uint64_t conflicts() const;
    std::size_t size() const;

private:
    mutable std::mutex m_mutex;
    std::map<std::string, StoredRecord> m_records;
    std::uint64_t m_lastEtag = 0;
    std::uint64_t m_conflicts = 0;
};

} // namespace store
