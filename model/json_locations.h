#pragma once
// Parsing JSON with nlohmann's own parser while remembering where every value starts,
// so that the file loader and the device catalog can point at the offending line and
// column. The locations form a compact tree beside the DOM (not a map of pointer
// strings), so memory and time stay linear however deep or wide the input is; JSON
// pointers are resolved on demand.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace swivel::model {

// A place in a text, as editors and compilers count it.
struct TextPosition {
    int line = 0;    // 1-based
    int column = 0;  // 1-based, in bytes
    bool operator==(const TextPosition&) const = default;
};

// Why and where a text is not JSON (including invalid UTF-8).
struct JsonSyntaxError {
    std::size_t offset = 0;  // byte offset of the fault (text size: at the end)
    TextPosition position;
    std::string message;     // nlohmann's explanation, e.g. "syntax error while parsing
                             // value - unexpected '}'; expected '[', '{', or literal"
};

// Where each value of one parsed JSON text starts. Nodes are numbered in document
// order (pre-order), the root is node 0. Owned by whoever parsed the text; it does not
// keep the text.
class JsonLocations {
public:
    using Node = std::uint32_t;
    static constexpr Node npos = 0xffffffffu;
    enum class Kind : std::uint8_t { Null, Boolean, Number, String, Array, Object };

    std::size_t size() const { return m_nodes.size(); }
    Node root() const { return m_nodes.empty() ? npos : 0; }
    int depth() const { return m_depth; }  // deepest nesting; a scalar root is 0

    Kind kind(Node node) const { return m_nodes[node].kind; }
    std::size_t offset(Node node) const { return m_nodes[node].offset; }
    TextPosition position(Node node) const { return positionOf(m_nodes[node].offset); }
    TextPosition positionOf(std::size_t offset) const;

    // Elements or members in document order (duplicate keys included).
    std::size_t childCount(Node node) const { return m_nodes[node].childCount; }
    Node child(Node node, std::size_t index) const;
    std::string_view key(Node node) const;  // a member's key; "" otherwise

    Node element(Node array, std::size_t index) const;  // npos if absent
    // With duplicate keys the last one wins, as in nlohmann's DOM.
    Node member(Node object, std::string_view key) const;
    // RFC 6901 pointer ("/states/3/id", "" for the root); npos if absent or malformed.
    Node find(std::string_view pointer) const;
    // The deepest node on the way to `pointer` (the root at worst; npos when empty).
    Node findNearest(std::string_view pointer) const;

private:
    template <typename Json> friend class LocatingParser;

    struct Entry {
        std::uint32_t offset = 0;
        std::uint32_t childBegin = 0;  // into m_children: document order, then (objects)
        std::uint32_t childCount = 0;  // the same members sorted by key
        std::uint32_t keyBegin = 0;    // into m_keys
        std::uint32_t keyLength = 0;
        Kind kind = Kind::Null;
    };
    Node step(Node node, std::string_view token) const;

    std::vector<Entry> m_nodes;
    std::vector<Node> m_children;
    std::string m_keys;
    std::vector<std::uint32_t> m_lineStarts;
    int m_depth = 0;
};

// A parsed document and where its values are; owned by the caller.
template <typename Json>
struct LocatedJson {
    Json value;                             // null when there is an error
    JsonLocations locations;                // empty when there is an error
    std::optional<JsonSyntaxError> error;
};

// Never throws. Inputs of 4 GiB or more are refused with an error.
LocatedJson<nlohmann::json> parseJsonWithLocations(std::string_view text);
// Object members keep document order (what machine files need for argument lists).
LocatedJson<nlohmann::ordered_json> parseOrderedJsonWithLocations(std::string_view text);

// "~" and "/" escaped as "~0" and "~1", for building JSON pointers.
std::string jsonPointerEscape(std::string_view key);

// The escapes of the JSON string whose opening quote is at `quote` in `text`: for each,
// the offset in the decoded string where it starts and how many more bytes the raw
// form takes ("\n": 1, "\u00e9": 4). Lets a position inside a decoded string (an
// expression error) be mapped back to a column.
std::vector<std::pair<std::size_t, std::size_t>> jsonStringEscapes(std::string_view text,
                                                                   std::size_t quote);
// Byte offset in `text` of decoded offset `decoded` of the string at `quote`.
std::size_t jsonStringRawOffset(std::string_view text, std::size_t quote, std::size_t decoded);

} // namespace swivel::model
