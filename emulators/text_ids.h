#pragma once
// The ids the recorder gave the JSON texts it wrote to `texts`, by content, so that a
// text met again is stored once (session_schema::kMaxTextsRemembered of them; when full
// it starts again empty, and a text met after that is simply stored again).
//
// Most texts are new (a photo's UID is in its record, its event and its actions), so
// remembering one must be cheap: the texts go one after the other into one buffer, and
// an open-addressing table of 16-byte slots (hash, where, length, order) finds them.
// No allocation per text, no node to chase: a std::unordered_map<std::string, id> spent
// a quarter of the recording thread's time in its nodes and the allocator.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace swivel::emu {

class TextIds {
public:
    // Remembers at most `capacity` texts (and 4 GiB of them) before starting again.
    explicit TextIds(std::size_t capacity);

    // The id given to `text` earlier, or nullopt after giving it `newId` (the caller
    // then writes it). Ids must be given in increasing steps of one.
    std::optional<std::int64_t> find(std::string_view text, std::int64_t newId) {
        return find(text, hashOf(text), newId);
    }

    // The same in two halves, for several texts at once: hashOf() each (it asks the
    // memory for the text's slot), then find() each. The table is megabytes, so a
    // lookup mostly waits for its slot; asked for together, several wait at once.
    std::uint32_t hashOf(std::string_view text) const;
    std::optional<std::int64_t> find(std::string_view text, std::uint32_t hash, std::int64_t newId);

private:
    struct Slot {
        std::uint32_t hash = 0;
        std::uint32_t offset = 0;  // in m_texts
        std::uint32_t length = 0;
        std::uint32_t order = 0;   // 0: empty; else 1 + the text's place since the start
    };
    void clear();

    std::size_t m_capacity;
    std::vector<Slot> m_slots;   // a power of two, at most half full
    std::string m_texts;         // every remembered text, one after the other
    std::size_t m_count = 0;
    std::int64_t m_firstId = 0;  // the id of the first text remembered since the start
};

} // namespace swivel::emu
