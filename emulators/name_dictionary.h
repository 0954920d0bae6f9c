#pragma once
// Names numbered in the order they are first seen, for the hot paths of the emulator
// that meet the same few names again and again.
//
// The store's records: the names side effects repeat in every record (commands,
// `after` transitions, services, argument names) are each kept once; effects encoded
// with a dictionary name them by number (varint), so a store of many records pays for
// each name once. Decoding needs the same dictionary; it only grows.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/name_table.h"

namespace swivel::emu {

class NameDictionary {
public:
    static constexpr std::uint64_t kNone = ~std::uint64_t{0};

    // The name's number, numbering it now if it is new. Inline, as the lookup below:
    // every message and every put looks names up, and a call's register saves cost
    // about as much as finding a short name.
    [[gnu::always_inline]] std::uint64_t intern(std::string_view name) {
        const std::uint64_t hash = model::detail::hashName(name);
        const std::size_t at = slotFor(name, hash);
        const std::uint64_t number = m_slots[at].number;
        return number != kNone ? number : add(name, hash, at);
    }
    // The name's number, or kNone if it was never interned.
    [[gnu::always_inline]] std::uint64_t lookup(std::string_view name) const {
        return m_slots[slotFor(name, model::detail::hashName(name))].number;
    }
    const std::string* find(std::uint64_t number) const;
    std::size_t size() const { return m_names.size(); }

private:
    // Open addressing, a power of two at most half full, each slot with its name's
    // full hash: every put interns a few names, and std::unordered_map's hashing and
    // node chasing cost the store more than encoding the rest of the effects.
    struct Slot {
        std::uint64_t hash = 0;
        std::uint64_t number = kNone;
    };

    // The position of the slot holding `name`, or of the empty one where it would go.
    [[gnu::always_inline]] std::size_t slotFor(std::string_view name, std::uint64_t hash) const {
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t i = static_cast<std::size_t>(hash) & mask;; i = (i + 1) & mask) {
            const Slot& slot = m_slots[i];
            if (slot.number == kNone)
                return i;
            const std::string& known = m_names[static_cast<std::size_t>(slot.number)];
            if (slot.hash == hash && known.size() == name.size() &&
                model::detail::sameBytes(known.data(), name.data(), name.size()))
                return i;
        }
    }
    // Numbers `name` in the empty slot `at`.
    std::uint64_t add(std::string_view name, std::uint64_t hash, std::size_t at);
    void grow();

    std::vector<Slot> m_slots = std::vector<Slot>(16);
    std::vector<std::string> m_names;
};

// A value for each name, the first of equal names winning (as a walk through a list
// would find it), looked up through a NameDictionary.
template <class Value> class ValuesByName {
public:
    void add(std::string_view name, Value value) {
        if (m_names.intern(name) == m_values.size())
            m_values.push_back(std::move(value));
    }
    // The value added for `name`, or nullptr.
    const Value* find(std::string_view name) const {
        const std::uint64_t number = m_names.lookup(name);
        return number == NameDictionary::kNone ? nullptr : &m_values[static_cast<std::size_t>(number)];
    }

private:
    NameDictionary m_names;
    std::vector<Value> m_values;  // by name number
};

} // namespace swivel::emu
