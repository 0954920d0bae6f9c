#pragma once
// Private to the model library: a read-only map from names to their positions in a
// list, for lookups on the stepping path. It is flat and open-addressed (a power-of-two
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
    [[gnu::always_inline]] static std::uint64_t hash(std::string_view name);

    std::vector<std::string> m_names;
    std::vector<Slot> m_slots;
    std::uint64_t m_mask = 0;
};

} // namespace swivel::model::detail
