#include "text_ids.h"

#include <algorithm>
#include <cstring>
#include <functional>

namespace swivel::emu {

namespace {

std::size_t tableSizeFor(std::size_t capacity) {
    std::size_t size = 16;
    while (size < 2 * capacity)
        size *= 2;
    return size;
}

constexpr std::size_t kMaxTextBytes = UINT32_MAX;

} // namespace

TextIds::TextIds(std::size_t capacity) : m_capacity(capacity), m_slots(tableSizeFor(capacity)) {}

void TextIds::clear() {
    std::fill(m_slots.begin(), m_slots.end(), Slot{});
    m_texts.clear();
    m_count = 0;
}

std::uint32_t TextIds::hashOf(std::string_view text) const {
    const auto hash = static_cast<std::uint32_t>(std::hash<std::string_view>{}(text));
    __builtin_prefetch(&m_slots[hash & (m_slots.size() - 1)]);
    return hash;
}

std::optional<std::int64_t> TextIds::find(std::string_view text, std::uint32_t hash,
                                          std::int64_t newId) {
    const std::size_t mask = m_slots.size() - 1;
    for (int pass = 0; pass < 2; ++pass) {
        std::size_t position = hash & mask;
        for (;; position = (position + 1) & mask) {
            const Slot& slot = m_slots[position];
            if (slot.order == 0)
                break;
            if (slot.hash == hash && slot.length == text.size() &&
                std::memcmp(m_texts.data() + slot.offset, text.data(), text.size()) == 0)
                return m_firstId + slot.order - 1;
        }
        // New. Room for it, or start again empty (then look for its place once more).
        if (m_count < m_capacity && m_texts.size() + text.size() <= kMaxTextBytes) {
            if (m_count == 0)
                m_firstId = newId;
            m_slots[position] = Slot{hash, static_cast<std::uint32_t>(m_texts.size()),
                                     static_cast<std::uint32_t>(text.size()),
                                     static_cast<std::uint32_t>(++m_count)};
            m_texts.append(text);
            return std::nullopt;
        }
        clear();
    }
    return std::nullopt;  // a single text over 4 GiB: never remembered, always new
}

} // namespace swivel::emu
