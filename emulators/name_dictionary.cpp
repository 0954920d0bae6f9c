#include "name_dictionary.h"

#include <utility>

namespace swivel::emu {

std::uint64_t NameDictionary::add(std::string_view name, std::uint64_t hash, std::size_t at) {
    const std::uint64_t number = m_names.size();
    m_names.emplace_back(name);
    m_slots[at] = {hash, number};
    if (2 * m_names.size() > m_slots.size())
        grow();
    return number;
}

void NameDictionary::grow() {
    std::vector<Slot> larger(2 * m_slots.size());
    const std::size_t mask = larger.size() - 1;
    for (const Slot& slot : m_slots) {
        if (slot.number == kNone)
            continue;
        std::size_t i = static_cast<std::size_t>(slot.hash) & mask;
        while (larger[i].number != kNone)
            i = (i + 1) & mask;
        larger[i] = slot;
    }
    m_slots = std::move(larger);
}

const std::string* NameDictionary::find(std::uint64_t number) const {
    return number < m_names.size() ? &m_names[number] : nullptr;
}

} // namespace swivel::emu
