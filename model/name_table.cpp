#include "name_table.h"

#include <cstring>

namespace swivel::model::detail {

NameTable::NameTable(std::vector<std::string> names) : m_names(std::move(names)) {
    std::size_t capacity = 4;
    while (capacity < 2 * m_names.size())
        capacity *= 2;
    m_slots.resize(capacity);
    m_mask = capacity - 1;
    for (std::size_t i = 0; i < m_names.size(); ++i) {
        if (find(m_names[i]) >= 0)
            continue;
        const std::uint64_t h = hashName(m_names[i]);
        std::uint64_t position = h & m_mask;
        while (m_slots[position].index >= 0)
            position = (position + 1) & m_mask;
        m_slots[position] = {h, static_cast<int>(i)};
    }
}

int NameTable::find(std::string_view name) const {
    if (m_slots.empty())
        return -1;
    const std::uint64_t h = hashName(name);
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
