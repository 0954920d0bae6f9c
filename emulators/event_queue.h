#pragma once
// The discrete-event queue at the core of the simulator: payloads ordered by virtual
// time, ties broken by insertion order, so a run never depends on heap internals.
// Payloads are plain values (the simulator dispatches on them), not callbacks: a
// million events a second cannot afford a heap-allocated closure each.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "virtual_time.h"

namespace swivel::emu {

template <class Payload>
class EventQueue {
public:
    struct Entry {
        VirtualTime time = 0;
        std::uint64_t sequence = 0;
        Payload payload;
    };

    // Schedules `payload` at `time`; times in the past are the caller's bug and are
    // clamped to now() so that virtual time never runs backwards.
    std::uint64_t schedule(VirtualTime time, Payload payload) {
        if (time < m_now)
            time = m_now;
        const std::uint64_t sequence = m_nextSequence++;
        m_heap.push_back(Entry{time, sequence, std::move(payload)});
        siftUp(m_heap.size() - 1);
        return sequence;
    }

    bool empty() const { return m_heap.empty(); }
    std::size_t size() const { return m_heap.size(); }
    VirtualTime now() const { return m_now; }
    // Time of the next entry, if any.
    std::optional<VirtualTime> nextTime() const {
        if (m_heap.empty())
            return std::nullopt;
        return m_heap.front().time;
    }

    // Removes the earliest entry and advances now() to its time.
    std::optional<Entry> pop() {
        if (m_heap.empty())
            return std::nullopt;
        Entry top = std::move(m_heap.front());
        m_heap.front() = std::move(m_heap.back());
        m_heap.pop_back();
        if (!m_heap.empty())
            siftDown(0);
        m_now = top.time;
        return top;
    }

    // Advances the clock with nothing to do (e.g. "run to time T" past the last entry).
    void advanceTo(VirtualTime time) {
        if (time > m_now)
            m_now = time;
    }

    void clear() {
        m_heap.clear();
        m_now = 0;
        m_nextSequence = 0;
    }

private:
    static bool before(const Entry& a, const Entry& b) {
        return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
    }
    // A 4-ary heap: half the levels of a binary one, and a node's children share
    // cache lines, so a pop from a queue of many thousands touches less memory.
    static constexpr std::size_t kArity = 4;

    void siftUp(std::size_t i) {
        Entry entry = std::move(m_heap[i]);
        while (i > 0) {
            const std::size_t parent = (i - 1) / kArity;
            if (!before(entry, m_heap[parent]))
                break;
            m_heap[i] = std::move(m_heap[parent]);
            i = parent;
        }
        m_heap[i] = std::move(entry);
    }
    void siftDown(std::size_t i) {
        const std::size_t n = m_heap.size();
        Entry entry = std::move(m_heap[i]);
        for (;;) {
            const std::size_t first = kArity * i + 1;
            if (first >= n)
                break;
            std::size_t smallest = first;
            const std::size_t last = std::min(first + kArity, n);
            for (std::size_t child = first + 1; child < last; ++child) {
                if (before(m_heap[child], m_heap[smallest]))
                    smallest = child;
            }
            if (!before(m_heap[smallest], entry))
                break;
            m_heap[i] = std::move(m_heap[smallest]);
            i = smallest;
        }
        m_heap[i] = std::move(entry);
    }

    std::vector<Entry> m_heap;
    VirtualTime m_now = 0;
    std::uint64_t m_nextSequence = 0;
};

} // namespace swivel::emu
