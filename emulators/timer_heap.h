#pragma once
// The host's armed `after` timers, by due time. Unlike the event queue, a timer can
// be taken out before it is due: the handler cancels the timers its transition
// disarmed (as it would cancel a scheduled message), so a fleet holds about one
// timer per device rather than every timer it ever armed. Ties are broken by arming
// order, so runs never depend on heap internals.

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "virtual_time.h"

namespace swivel::emu {

template <class Timer>
class TimerHeap {
public:
    using Handle = std::uint32_t;

    Handle arm(VirtualTime due, Timer timer) {
        Handle handle;
        if (!m_free.empty()) {
            handle = m_free.back();
            m_free.pop_back();
        } else {
            handle = static_cast<Handle>(m_slots.size());
            m_slots.emplace_back();
        }
        m_slots[handle] = Slot{std::move(timer), m_heap.size()};
        m_heap.push_back(Entry{due, m_nextSequence++, handle});
        siftUp(m_heap.size() - 1);
        return handle;
    }

    const Timer& timer(Handle handle) const { return m_slots[handle].timer; }
    Timer& timer(Handle handle) { return m_slots[handle].timer; }

    // Takes the timer out; its handle may be reused by a later arm().
    void cancel(Handle handle) {
        const std::size_t position = m_slots[handle].position;
        m_free.push_back(handle);
        const std::size_t last = m_heap.size() - 1;
        if (position != last) {
            place(position, m_heap[last]);
            m_heap.pop_back();
            siftDown(position);
            siftUp(position);
        } else {
            m_heap.pop_back();
        }
    }

    bool empty() const { return m_heap.empty(); }
    std::size_t size() const { return m_heap.size(); }
    std::optional<VirtualTime> nextDue() const {
        if (m_heap.empty())
            return std::nullopt;
        return m_heap.front().due;
    }
    // The earliest timer (its handle), still armed.
    Handle next() const { return m_heap.front().handle; }

private:
    struct Entry {
        VirtualTime due = 0;
        std::uint64_t sequence = 0;
        Handle handle = 0;
    };
    struct Slot {
        Timer timer;
        std::size_t position = 0;
    };

    static bool before(const Entry& a, const Entry& b) {
        return a.due < b.due || (a.due == b.due && a.sequence < b.sequence);
    }
    void place(std::size_t position, const Entry& entry) {
        m_heap[position] = entry;
        m_slots[entry.handle].position = position;
    }
    void siftUp(std::size_t i) {
        const Entry entry = m_heap[i];
        while (i > 0) {
            const std::size_t parent = (i - 1) / 2;
            if (!before(entry, m_heap[parent]))
                break;
            place(i, m_heap[parent]);
            i = parent;
        }
        place(i, entry);
    }
    void siftDown(std::size_t i) {
        const Entry entry = m_heap[i];
        const std::size_t n = m_heap.size();
        for (;;) {
            std::size_t child = 2 * i + 1;
            if (child >= n)
                break;
            if (child + 1 < n && before(m_heap[child + 1], m_heap[child]))
                ++child;
            if (!before(m_heap[child], entry))
                break;
            place(i, m_heap[child]);
            i = child;
        }
        place(i, entry);
    }

    std::vector<Entry> m_heap;
    std::vector<Slot> m_slots;
    std::vector<Handle> m_free;
    std::uint64_t m_nextSequence = 0;
};

} // namespace swivel::emu
