#pragma once
// The discrete-event queue at the core of the simulator: payloads ordered by virtual
// time, ties broken by insertion order, so a run never depends on the queue's insides.
// Payloads are plain values (the simulator dispatches on them), not callbacks: a
// million events a second cannot afford a heap-allocated closure each.
//
// Most entries are due within a few milliseconds (a link's latency, a store call, a
// handler's run), so they go into a timing wheel: one slot per microsecond over the
// next kWheelSpan µs, each slot a FIFO list, found by a bitmap of the non-empty
// slots. Scheduling and popping one are then constant time, where a heap of thousands
// paid a dozen comparisons and moves each way. Entries due later wait in a heap and
// move into the wheel, in (time, insertion) order, as soon as the clock brings them
// within its span — before anything scheduled later can be appended to their slot,
// which keeps ties in insertion order.

#include <algorithm>
#include <array>
#include <bit>
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
        Payload payload;
    };

    // The wheel's span in µs (a power of two): 16.4 ms, so that its slots cost 128 KiB.
    // With the default host and store, a delivery's way to its read (hub 5 ms, store
    // 2-8 ms) and a put (2 ms of compute, 2-8 ms) fit in it; with 8.2 ms most of them
    // went through the heap, which cost the whole emulator (bench (d)) a tenth.
    static constexpr VirtualTime kWheelSpan = VirtualTime{1} << 14;

    // Schedules `payload` at `time`; times in the past are the caller's bug and are
    // clamped to now() so that virtual time never runs backwards.
    void schedule(VirtualTime time, Payload payload) {
        if (time < m_now)
            time = m_now;
        if (time - m_now < kWheelSpan)
            addToWheel(Entry{time, std::move(payload)});
        else
            m_later.push(LaterEntry{Entry{time, std::move(payload)}, m_nextSequence++});
        ++m_size;
    }

    bool empty() const { return m_size == 0; }
    std::size_t size() const { return m_size; }
    VirtualTime now() const { return m_now; }
    // Time of the next entry, if any.
    std::optional<VirtualTime> nextTime() const {
        if (m_inWheel > 0)
            return slotTime(firstSlot());  // no look at the entry itself (pop() fetched it ahead)
        if (!m_later.empty())
            return m_later.top().entry.time;
        return std::nullopt;
    }

    // Removes the earliest entry and advances now() to its time.
    std::optional<Entry> pop() {
        if (m_size == 0)
            return std::nullopt;
        if (m_inWheel == 0)
            moveClockTo(m_later.top().entry.time);  // brings it into the wheel
        Slot& slot = m_slots[firstSlot()];
        const std::uint32_t index = slot.head;
        Node& node = m_nodes[index];
        Entry entry = std::move(node.entry);
        slot.head = node.next;
        if (slot.head == kNone) {
            slot.tail = kNone;
            clearBit(static_cast<std::size_t>(entry.time & kSlotMask));
        }
        node.next = m_freeNodes;
        m_freeNodes = index;
        --m_inWheel;
        --m_size;
        moveClockTo(entry.time);
        // The next entry is somewhere in the node pool, most likely not in the cache:
        // fetch it while the caller handles this one.
        if (m_inWheel > 0)
            __builtin_prefetch(&m_nodes[m_slots[firstSlot()].head]);
        return entry;
    }

    // Advances the clock with nothing to do (e.g. "run to time T" past the last entry);
    // never past a pending entry, which would then be in the past.
    void advanceTo(VirtualTime time) {
        if (const std::optional<VirtualTime> next = nextTime(); next && time > *next)
            time = *next;
        if (time > m_now)
            moveClockTo(time);
    }

    void clear() {
        m_nodes.clear();
        m_freeNodes = kNone;
        m_slots.fill(Slot{});
        m_bits.fill(0);
        m_later.clear();
        m_inWheel = 0;
        m_size = 0;
        m_now = 0;
        m_nextSequence = 0;
    }

private:
    static constexpr std::uint32_t kNone = ~std::uint32_t{0};
    static constexpr VirtualTime kSlotMask = kWheelSpan - 1;
    static constexpr std::size_t kSlotCount = static_cast<std::size_t>(kWheelSpan);
    static constexpr std::size_t kWords = kSlotCount / 64;

    struct Node {
        Entry entry;
        std::uint32_t next = kNone;
    };
    struct Slot {
        std::uint32_t head = kNone;
        std::uint32_t tail = kNone;
    };

    // An entry due after the wheel's span, with its place in the insertion order (in
    // the wheel, a slot's list keeps that order by itself).
    struct LaterEntry {
        Entry entry;
        std::uint64_t sequence = 0;
    };

    // The entries due after the wheel's span: a 4-ary heap on (time, insertion order).
    class LaterHeap {
    public:
        bool empty() const { return m_heap.empty(); }
        const LaterEntry& top() const { return m_heap.front(); }
        void clear() { m_heap.clear(); }
        void push(LaterEntry entry) {
            m_heap.push_back(std::move(entry));
            std::size_t i = m_heap.size() - 1;
            LaterEntry moving = std::move(m_heap[i]);
            while (i > 0) {
                const std::size_t parent = (i - 1) / kArity;
                if (!before(moving, m_heap[parent]))
                    break;
                m_heap[i] = std::move(m_heap[parent]);
                i = parent;
            }
            m_heap[i] = std::move(moving);
        }
        Entry pop() {
            Entry top = std::move(m_heap.front().entry);
            LaterEntry moving = std::move(m_heap.back());
            m_heap.pop_back();
            const std::size_t n = m_heap.size();
            if (n == 0)
                return top;
            std::size_t i = 0;
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
                if (!before(m_heap[smallest], moving))
                    break;
                m_heap[i] = std::move(m_heap[smallest]);
                i = smallest;
            }
            m_heap[i] = std::move(moving);
            return top;
        }

    private:
        static constexpr std::size_t kArity = 4;
        static bool before(const LaterEntry& a, const LaterEntry& b) {
            return a.entry.time < b.entry.time ||
                   (a.entry.time == b.entry.time && a.sequence < b.sequence);
        }
        std::vector<LaterEntry> m_heap;
    };

    void addToWheel(Entry entry) {
        const auto slotIndex = static_cast<std::size_t>(entry.time & kSlotMask);
        std::uint32_t index = m_freeNodes;
        if (index != kNone) {
            m_freeNodes = m_nodes[index].next;
            m_nodes[index] = Node{std::move(entry), kNone};
        } else {
            index = static_cast<std::uint32_t>(m_nodes.size());
            m_nodes.push_back(Node{std::move(entry), kNone});
        }
        Slot& slot = m_slots[slotIndex];
        if (slot.tail == kNone) {
            slot.head = index;
            m_bits[slotIndex / 64] |= std::uint64_t{1} << (slotIndex % 64);
        } else {
            m_nodes[slot.tail].next = index;
        }
        slot.tail = index;
        ++m_inWheel;
    }

    void clearBit(std::size_t slotIndex) {
        m_bits[slotIndex / 64] &= ~(std::uint64_t{1} << (slotIndex % 64));
    }

    // The clock moves on (never past a wheel entry); what is now within the span
    // comes out of the later heap, earliest first.
    void moveClockTo(VirtualTime time) {
        m_now = time;
        while (!m_later.empty() && m_later.top().entry.time - m_now < kWheelSpan)
            addToWheel(m_later.pop());
    }

    // The time of the entries in wheel slot `slotIndex`: the one time within
    // [now, now + span) that falls on it.
    VirtualTime slotTime(std::size_t slotIndex) const {
        return m_now + ((static_cast<VirtualTime>(slotIndex) - (m_now & kSlotMask)) & kSlotMask);
    }

    // The slot of the earliest wheel entry (the wheel is not empty): every entry is
    // within [now, now + span), so the first non-empty slot from now's, wrapping round.
    std::size_t firstSlot() const {
        const auto start = static_cast<std::size_t>(m_now & kSlotMask);
        const std::size_t startWord = start / 64;
        const std::uint64_t ahead = m_bits[startWord] & (~std::uint64_t{0} << (start % 64));
        if (ahead)
            return startWord * 64 + static_cast<std::size_t>(std::countr_zero(ahead));
        for (std::size_t word = startWord + 1; word < kWords; ++word) {
            if (m_bits[word])
                return word * 64 + static_cast<std::size_t>(std::countr_zero(m_bits[word]));
        }
        for (std::size_t word = 0; word <= startWord; ++word) {
            if (m_bits[word])
                return word * 64 + static_cast<std::size_t>(std::countr_zero(m_bits[word]));
        }
        return 0;  // unreachable while the wheel holds an entry
    }

    std::vector<Node> m_nodes;       // the wheel's entries, in reused places
    std::uint32_t m_freeNodes = kNone;
    std::array<Slot, kSlotCount> m_slots{};
    std::array<std::uint64_t, kWords> m_bits{};
    LaterHeap m_later;
    std::size_t m_inWheel = 0;
    std::size_t m_size = 0;
    VirtualTime m_now = 0;
    std::uint64_t m_nextSequence = 0;
};

} // namespace swivel::emu
