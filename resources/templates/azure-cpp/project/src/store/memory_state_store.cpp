#include "store/memory_state_store.h"

namespace store {

std::optional<StoredRecord> MemoryStateStore::read(const std::string& key) {
    std::lock_guard lock(m_mutex);
    const auto found = m_records.find(key);
    if (found == m_records.end())
        return std::nullopt;
    return found->second;
}

std::optional<std::string> MemoryStateStore::put(const std::string& key, const std::string& json,
                                                 const std::string& expectedEtag) {
    std::lock_guard lock(m_mutex);
    const auto found = m_records.find(key);
    const bool conditionHolds =
        expectedEtag.empty() ? found == m_records.end()
                             : found != m_records.end() && found->second.etag == expectedEtag;
    if (!conditionHolds) {
        ++m_conflicts;
        return std::nullopt;
    }
    std::string etag = std::to_string(++m_lastEtag);
    m_records.insert_or_assign(key, StoredRecord{json, etag});
    return etag;
}

std::uint64_t MemoryStateStore::conflicts() const {
    std::lock_guard lock(m_mutex);
    return m_conflicts;
}

std::size_t MemoryStateStore::size() const {
    std::lock_guard lock(m_mutex);
    return m_records.size();
}

} // namespace store
