#pragma once
// A read-only map from names to their positions in a list, for lookups on the
// stepping path, and the name hash and comparison it is made of (the emulator's store
// dictionary uses them too). It is flat and open-addressed (a power-of-two
// table at most half full, full hashes kept beside the indices): one hash, usually one
// probe and one string comparison. std::unordered_map with a transparent hash keeps no
// hash codes, so its lookups rehash the keys they walk past, and it divides by a prime
// and chases scattered nodes; that cost more than the rest of selecting a transition.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace swivel::model::detail {

// Whether `a` and `b`, both `size` bytes long, hold the same bytes. Names on the stepping
// path (events, tags, variables) are short: two overlapping word loads from each end
// compare them without a call to memcmp.
inline bool sameBytes(const char* a, const char* b, std::size_t size) {
    if (size >= 8 && size <= 16) {
        std::uint64_t a1, a2, b1, b2;
        std::memcpy(&a1, a, 8);
        std::memcpy(&b1, b, 8);
        std::memcpy(&a2, a + size - 8, 8);
        std::memcpy(&b2, b + size - 8, 8);
        return ((a1 ^ b1) | (a2 ^ b2)) == 0;
    }
    if (size >= 4 && size < 8) {
        std::uint32_t a1, a2, b1, b2;
        std::memcpy(&a1, a, 4);
        std::memcpy(&b1, b, 4);
        std::memcpy(&a2, a + size - 4, 4);
        std::memcpy(&b2, b + size - 4, 4);
        return ((a1 ^ b1) | (a2 ^ b2)) == 0;
    }
    if (size < 4) {
        for (std::size_t i = 0; i < size; ++i) {
            if (a[i] != b[i])
                return false;
        }
        return true;
    }
    return std::memcmp(a, b, size) == 0;
}

// Names are short: mixing in eight bytes at a time costs a few multiplications, less
// than the call to std::hash's general-purpose byte hash.
[[gnu::always_inline]] inline std::uint64_t hashName(std::string_view name) {
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

class NameTable {
public:
    NameTable() = default;
    // Name i maps to i; of equal names, the first wins.
    explicit NameTable(std::vector<std::string> names);

    int find(std::string_view name) const; // -1 if absent
    std::size_t size() const { return m_names.size(); }

private:
    struct Slot {
        std::uint64_t hash = 0;
        int index = -1; // -1: empty
    };

    std::vector<std::string> m_names;
    std::vector<Slot> m_slots;
    std::uint64_t m_mask = 0;
};

} // namespace swivel::model::detail
