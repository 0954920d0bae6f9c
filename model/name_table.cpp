#include "name_table.h"

#include <cstring>

namespace swivel::model::detail {

// Names are short: mixing in eight bytes at a time costs a few multiplications, less
// than the call to std::hash's general-purpose byte hash.
inline std::uint64_t NameTable::hash(std::string_view name) {
    constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ull; // 2^64 / golden ratio
    std::uint64_t h = name.size() * kMultiplier;
    std::size_t i = 0;
    for (; i + 8 <= name.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, name.data() + i, 8);
        h = (h ^ word) * kMultiplier;
        h ^= h >> 29;
    }
    std::uint64_t tail = 0;
    if (i < name.size()) {
        if (name.size() >= 8) {
            // The last eight bytes, overlapping the words already mixed: one load
            // instead of a byte loop.
            std::memcpy(&tail, name.data() + name.size() - 8, 8);
        } else if (name.size() >= 4) {
            // The first and the last four bytes (overlapping when fewer than eight).
            std::uint32_t first, last;
            std::memcpy(&first, name.data(), 4);
            std::memcpy(&last, name.data() + name.size() - 4, 4);
            tail = first | std::uint64_t{last} << 32;
        } else {
            for (std::size_t k = 0; k < name.size(); ++k)
                tail |= std::uint64_t{static_cast<unsigned char>(name[k])} << (8 * k);
        }
    }
    h = (h ^ tail) * kMultiplier;
    return h ^ (h >> 32);
}

NameTable::NameTable(std::vector<std::string> names) : m_names(std::move(names)) {
    std::size_t capacity = 4;
    while (capacity < 2 * m_names.size())
        capacity *= 2;
    m_slots.resize(capacity);
    m_mask = capacity - 1;
    for (std::size_t i = 0; i < m_names.size(); ++i) {
        if (find(m_names[i]) >= 0)
            continue;
        const std::uint64_t h = hash(m_names[i]);
        std::uint64_t position = h & m_mask;
        while (m_slots[position].index >= 0)
            position = (position + 1) & m_mask;
        m_slots[position] = {h, static_cast<int>(i)};
    }
}

int NameTable::find(std::string_view name) const {
    if (m_slots.empty())
        return -1;
    const std::uint64_t h = hash(name);
    // Linear probing ends at an empty slot; the table is at most half full.
    for (std::uint64_t position = h & m_mask;; position = (position + 1) & m_mask) {
        const Slot& slot = m_slots[position];
        if (slot.index < 0)
            return -1;
        if (slot.hash == h) {
            const std::string& found = m_names[static_cast<std::size_t>(slot.index)];
            if (found.size() == name.size() && sameBytes(found.data(), name.data(), name.size()))
                return slot.index;
        }
    }
}

} // namespace swivel::model::detail
