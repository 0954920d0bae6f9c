#pragma once
// What the recorder keeps of the messages in flight and the invocations running until
// each ends: ids are 1, 2, ... in order of starting and most end soon, so the open
// ones lie in a short window of ids. A ring of slots indexed by id (not a hash map:
// no node per item, no hashing) whose slots are reused, strings and all, so the
// steady state allocates nothing; the few items open for long go to a map, so the
// ring stays small.

#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace swivel::emu {

template <typename Item>
class OpenById {
public:
    // The ring never grows past this many slots: an item open longer than that many
    // ids (a message that is never delivered, say) moves to a map of its own.
    static constexpr std::size_t kMaxSlots = std::size_t{1} << 16;

    // The slot for `id`, open. The item keeps what the slot held before; the caller
    // overwrites it.
    Item& open(std::uint64_t id) {
        if (id < m_first)
            return m_overflow[id];  // out of order (ids should come in order)
        if (m_first == m_end)
            m_first = m_end = id;  // nothing open in the ring: the window starts here
        while (id - m_first >= m_slots.size() && m_slots.size() < kMaxSlots)
            grow();
        while (id - m_first >= m_slots.size()) {
            retireFirst();
            if (m_first == m_end)
                m_first = m_end = id;
        }
        Slot& slot = m_slots[index(id)];
        slot.open = true;
        if (id >= m_end)
            m_end = id + 1;
        prefetchSlot(id + kPrefetchAhead);
        return slot.item;
    }

    // The open item `id`, or null (never opened, or closed already).
    Item* find(std::uint64_t id) {
        if (id < m_first) {
            const auto found = m_overflow.find(id);
            return found != m_overflow.end() ? &found->second : nullptr;
        }
        if (id >= m_end)
            return nullptr;
        Slot& slot = m_slots[index(id)];
        return slot.open ? &slot.item : nullptr;
    }

    void close(std::uint64_t id) {
        if (id < m_first) {
            m_overflow.erase(id);
            return;
        }
        if (id >= m_end)
            return;
        m_slots[index(id)].open = false;
        while (m_first < m_end && !m_slots[index(m_first)].open)
            ++m_first;
    }

    // Every open item in the order of ids, then none.
    template <typename Visit>
    void drain(Visit visit) {
        for (auto& [id, item] : m_overflow)
            visit(item);  // all below m_first
        m_overflow.clear();
        for (std::uint64_t id = m_first; id < m_end; ++id) {
            Slot& slot = m_slots[index(id)];
            if (slot.open) {
                visit(slot.item);
                slot.open = false;
            }
        }
        m_first = m_end;
    }

private:
    struct Slot {
        Item item{};
        bool open = false;
    };

    std::size_t index(std::uint64_t id) const { return static_cast<std::size_t>(id) & (m_slots.size() - 1); }

    // Ids come in order, so the slot of a coming id is known: asked for now, it is in
    // the cache when its item opens. (With thousands open at once, the ring is larger
    // than the cache, and opening an item waited for its slot.)
    static constexpr std::uint64_t kPrefetchAhead = 2;
    void prefetchSlot(std::uint64_t id) const {
        const auto* bytes = reinterpret_cast<const char*>(&m_slots[index(id)]);
        for (std::size_t offset = 0; offset < sizeof(Slot); offset += 64)
            __builtin_prefetch(bytes + offset, 1);
    }

    // Twice the slots (a power of two), the open window moved to its new places.
    void grow() {
        std::vector<Slot> larger(m_slots.empty() ? 64 : m_slots.size() * 2);
        const std::size_t mask = larger.size() - 1;
        for (std::uint64_t id = m_first; id < m_end; ++id)
            larger[static_cast<std::size_t>(id) & mask] = std::move(m_slots[index(id)]);
        m_slots = std::move(larger);
    }

    // The window moves on by one id; the item there, if open, to the map.
    void retireFirst() {
        Slot& slot = m_slots[index(m_first)];
        if (slot.open) {
            m_overflow.emplace(m_first, std::move(slot.item));
            slot.open = false;
        }
        ++m_first;
        while (m_first < m_end && !m_slots[index(m_first)].open)
            ++m_first;
    }

    std::vector<Slot> m_slots;  // size 0 or a power of two
    std::uint64_t m_first = 0;  // the lowest id the ring may hold open
    std::uint64_t m_end = 0;    // one past the highest id opened in the ring
    std::map<std::uint64_t, Item> m_overflow;  // open items below m_first
};

} // namespace swivel::emu
