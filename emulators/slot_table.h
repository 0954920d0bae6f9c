#pragma once
// Values by id, for the simulator's messages in flight or held by the hub. Ids are handed out in
// increasing order and most messages end soon after they start, so the table is a
// window over the ids still alive: a slot index per id from the oldest live one on
// (a RingDeque), and the values themselves in reused slots (fixed chunks). No allocation
// per message once the window has grown to the run's usual width (a node-based map
// costs one each), and a value stays where it is until erased (references survive
// inserts). Each event looks messages up about ten times: a lookup is two masked
// indexings, where std::deque's iterator arithmetic cost several times that.

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

#include "ring_deque.h"

namespace swivel::emu {

template <class Id, class Value>
class SlotTable {
public:
    // Adds `id`, which must be greater than every id added before.
    Value& insert(Id id) {
        if (m_index.empty())
            m_base = id;
        while (m_base + m_index.size() < id)
            m_index.push_back(kNone);
        std::uint32_t slot;
        if (!m_free.empty()) {
            slot = m_free.back();
            m_free.pop_back();
        } else {
            slot = m_slotCount++;
            if (slot % kChunk == 0)
                m_chunks.push_back(std::make_unique<Value[]>(kChunk));
        }
        m_index.push_back(slot);
        ++m_size;
        return value(slot);
    }

    Value* find(Id id) {
        const std::uint32_t slot = slotOf(id);
        return slot == kNone ? nullptr : &value(slot);
    }
    const Value* find(Id id) const {
        const std::uint32_t slot = slotOf(id);
        return slot == kNone ? nullptr : &value(slot);
    }
    bool contains(Id id) const { return slotOf(id) != kNone; }
    Value& at(Id id) {
        Value* found = find(id);
        if (!found)
            throw std::out_of_range("no entry with that id");
        return *found;
    }
    const Value& at(Id id) const { return const_cast<SlotTable*>(this)->at(id); }

    // Removes `id` (nothing if absent); its slot is reset and reused.
    void erase(Id id) {
        const std::uint32_t slot = slotOf(id);
        if (slot == kNone)
            return;
        value(slot) = Value{};
        m_free.push_back(slot);
        m_index[static_cast<std::size_t>(id - m_base)] = kNone;
        --m_size;
        while (!m_index.empty() && m_index.front() == kNone) {
            m_index.pop_front();
            ++m_base;
        }
    }

    std::size_t size() const { return m_size; }

    // Visits the live entries in increasing order of id.
    template <class Visit>
    void forEach(Visit visit) const {
        for (std::size_t i = 0; i < m_index.size(); ++i) {
            const std::uint32_t slot = m_index[i];
            if (slot != kNone)
                visit(static_cast<Id>(m_base + i), value(slot));
        }
    }

private:
    static constexpr std::uint32_t kNone = ~std::uint32_t{0};
    static constexpr std::uint32_t kChunk = 64;  // values per chunk (a power of two)

    Value& value(std::uint32_t slot) { return m_chunks[slot / kChunk][slot % kChunk]; }
    const Value& value(std::uint32_t slot) const { return m_chunks[slot / kChunk][slot % kChunk]; }

    std::uint32_t slotOf(Id id) const {
        if (id < m_base || id - m_base >= m_index.size())
            return kNone;
        return m_index[static_cast<std::size_t>(id - m_base)];
    }

    Id m_base = 0;                       // the id at the window's start
    RingDeque<std::uint32_t> m_index;    // slot index by id - m_base
    std::vector<std::unique_ptr<Value[]>> m_chunks;
    std::uint32_t m_slotCount = 0;
    std::vector<std::uint32_t> m_free;
    std::size_t m_size = 0;
};

} // namespace swivel::emu
