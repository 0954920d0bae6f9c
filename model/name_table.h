#pragma once
// Private to the model library: a read-only map from names to their positions in a
// list, for lookups on the stepping path. It is flat and open-addressed (a power-of-two
// table at most half full, full hashes kept beside the indices): one hash, usually one
// probe and one string comparison. std::unordered_map with a transparent hash keeps no
// hash codes, so its lookups rehash the keys they walk past, and it divides by a prime
// and chases scattered nodes; that cost more than the rest of selecting a transition.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace swivel::model::detail {

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
    static std::uint64_t hash(std::string_view name);

    std::vector<std::string> m_names;
    std::vector<Slot> m_slots;
    std::uint64_t m_mask = 0;
};

} // namespace swivel::model::detail
