#pragma once
// A double-ended queue in one power-of-two ring: push at the back, pop at the front,
// index from the front with a mask. The simulator keeps windows over increasing ids
// this way (the messages' slot indices, the invariant ledger); each event looks into
// them several times, and std::deque's iterator arithmetic cost several times a
// masked index.

#include <cstddef>
#include <utility>
#include <vector>

namespace swivel::emu {

template <class T>
class RingDeque {
public:
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }

    T& operator[](std::size_t i) { return m_items[(m_head + i) & (m_items.size() - 1)]; }
    const T& operator[](std::size_t i) const { return m_items[(m_head + i) & (m_items.size() - 1)]; }
    T& front() { return m_items[m_head]; }
    const T& front() const { return m_items[m_head]; }

    void push_back(T value) {
        if (m_size == m_items.size())
            grow();
        (*this)[m_size] = std::move(value);
        ++m_size;
    }
    void pop_front() {
        m_head = (m_head + 1) & (m_items.size() - 1);
        --m_size;
    }
    // Grows with default values, or drops from the back.
    void resize(std::size_t size) {
        while (m_size < size)
            push_back(T{});
        m_size = size;
    }
    void clear() {
        m_head = 0;
        m_size = 0;
    }

private:
    // Twice the ring, the items moved to its start.
    void grow() {
        std::vector<T> larger(m_items.empty() ? 64 : 2 * m_items.size());
        for (std::size_t i = 0; i < m_size; ++i)
            larger[i] = std::move((*this)[i]);
        m_items = std::move(larger);
        m_head = 0;
    }

    std::vector<T> m_items;  // a power of two, or empty
    std::size_t m_head = 0;
    std::size_t m_size = 0;
};

} // namespace swivel::emu
