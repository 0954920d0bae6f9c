#include "json_locations.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <istream>
#include <streambuf>
#include <type_traits>
#include <unordered_map>

namespace swivel::model {

namespace {

using Kind = JsonLocations::Kind;

// A get area over the caller's text: nlohmann reads it through an istream, and the
// number of bytes its lexer has taken is the get pointer, readable at every SAX event
// without copying the input.
class CountingBuffer : public std::streambuf {
public:
    explicit CountingBuffer(std::string_view text) {
        char* begin = const_cast<char*>(text.data());  // a get area is never written
        setg(begin, begin, begin + text.size());
    }
    std::size_t consumed() const { return static_cast<std::size_t>(gptr() - eback()); }
};

// What may lie between the end of one value (or key) and the start of the next.
bool isSeparator(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':';
}

std::size_t utf8SequenceLength(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    std::size_t length = 0;
    if (c < 0x80) {
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
    } else {
        return 0;
    }
    if (i + length > text.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            return 0;
        }
    }
    // Overlong forms, surrogates and code points above U+10FFFF.
    if ((c == 0xE0 && byte(i + 1) < 0xA0) || (c == 0xED && byte(i + 1) > 0x9F) ||
        (c == 0xF0 && byte(i + 1) < 0x90) || (c == 0xF4 && byte(i + 1) > 0x8F)) {
        return 0;
    }
    return length;
}

// nlohmann quotes the raw bytes it last read, which may be invalid UTF-8 (the very
// fault being reported) or megabytes long (an unterminated string): show bad bytes as
// \xNN and keep only the tail of a long quote.
std::string printable(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = utf8SequenceLength(text, i);
        if (length == 0) {
            static const char* hex = "0123456789ABCDEF";
            const auto c = static_cast<unsigned char>(text[i]);
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xF];
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

std::string cleanMessage(std::string_view what) {
    if (what.starts_with("[json.exception.")) {
        if (const auto end = what.find("] "); end != std::string_view::npos) {
            what.remove_prefix(end + 2);
        }
    }
    if (what.starts_with("parse error")) {
        if (const auto colon = what.find(": "); colon != std::string_view::npos) {
            what.remove_prefix(colon + 2);
        }
    }
    constexpr std::string_view lastRead = "; last read: '";
    const auto quote = what.find(lastRead);
    if (quote == std::string_view::npos) {
        return printable(what);
    }
    const std::string_view head = what.substr(0, quote + lastRead.size());
    std::string_view quoted = what.substr(head.size());
    std::string_view tail;
    if (const auto close = quoted.rfind('\''); close != std::string_view::npos) {
        tail = quoted.substr(close);
        quoted = quoted.substr(0, close);
    }
    constexpr std::size_t kMaxQuote = 40;
    std::string shown;
    if (quoted.size() > kMaxQuote) {
        std::size_t from = quoted.size() - kMaxQuote;
        while (from < quoted.size() && (static_cast<unsigned char>(quoted[from]) & 0xC0) == 0x80) {
            ++from;  // do not start inside a character
        }
        shown = "..." + printable(quoted.substr(from));
    } else {
        shown = printable(quoted);
    }
    return printable(head) + shown + printable(tail);
}

std::size_t utf8Length(std::uint32_t codePoint) {
    return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::optional<std::uint32_t> hex4(std::string_view text, std::size_t at) {
    if (at + 4 > text.size()) {
        return std::nullopt;
    }
    std::uint32_t value = 0;
    for (std::size_t k = 0; k < 4; ++k) {
        const int digit = hexValue(text[at + k]);
        if (digit < 0) {
            return std::nullopt;
        }
        value = value * 16 + static_cast<std::uint32_t>(digit);
    }
    return value;
}

// One escape at text[i] == '\\': raw bytes and decoded bytes.
std::pair<std::size_t, std::size_t> escapeSize(std::string_view text, std::size_t i) {
    if (i + 1 >= text.size() || text[i + 1] != 'u') {
        return {2, 1};
    }
    const auto first = hex4(text, i + 2);
    if (!first) {
        return {2, 1};
    }
    if (*first >= 0xD800 && *first <= 0xDBFF && i + 11 < text.size() && text[i + 6] == '\\' &&
        text[i + 7] == 'u') {
        if (const auto second = hex4(text, i + 8); second && *second >= 0xDC00 && *second <= 0xDFFF) {
            return {12, 4};
        }
    }
    return {6, utf8Length(*first)};
}

std::vector<std::uint32_t> lineStarts(std::string_view text) {
    std::vector<std::uint32_t> starts{0};
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    for (const char* p = begin; p < end;) {
        const void* found = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
        if (found == nullptr) {
            break;
        }
        p = static_cast<const char*>(found) + 1;
        starts.push_back(static_cast<std::uint32_t>(p - begin));
    }
    return starts;
}

template <typename Json>
concept OrderedObjects = requires { typename Json::object_t::Container; };

} // namespace

// The SAX handler: builds the DOM (like nlohmann's own DOM parser) and the location
// tree in the same pass, with explicit stacks so that nesting depth costs no C++ stack.
template <typename Json>
class LocatingParser {
public:
    using number_integer_t = typename Json::number_integer_t;
    using number_unsigned_t = typename Json::number_unsigned_t;
    using number_float_t = typename Json::number_float_t;
    using string_t = typename Json::string_t;
    using binary_t = typename Json::binary_t;

    LocatingParser(std::string_view text, LocatedJson<Json>& out, const CountingBuffer& buffer)
        : m_text(text), m_out(out), m_locations(out.locations), m_buffer(buffer) {
        if (text.starts_with("\xEF\xBB\xBF")) {
            m_scanFrom = 3;  // nlohmann skips a byte order mark
        }
    }

    // Never throws; on a syntax error the value and the locations are empty.
    static LocatedJson<Json> parse(std::string_view text) {
        LocatedJson<Json> out;
        if (text.size() >= JsonLocations::npos) {
            out.error = JsonSyntaxError{0, {1, 1}, "input too large (4 GiB or more)"};
            return out;
        }
        try {
            out.locations.m_lineStarts = lineStarts(text);
            CountingBuffer buffer(text);
            std::istream stream(&buffer);
            LocatingParser handler(text, out, buffer);
            if (!Json::sax_parse(stream, &handler) && !out.error) {
                out.error = JsonSyntaxError{buffer.consumed(), {}, "syntax error"};
            }
        } catch (const std::exception& e) {
            out.error = JsonSyntaxError{0, {}, std::string("cannot parse: ") + e.what()};
        }
        if (out.error) {
            out.error->position = out.locations.positionOf(out.error->offset);
            out.value = nullptr;
            auto lines = std::move(out.locations.m_lineStarts);
            out.locations = JsonLocations();
            out.locations.m_lineStarts = std::move(lines);
        }
        return out;
    }

    bool null() { return scalar(Json(nullptr), Kind::Null); }
    bool boolean(bool value) { return scalar(Json(value), Kind::Boolean); }
    bool number_integer(number_integer_t value) { return scalar(Json(value), Kind::Number); }
    bool number_unsigned(number_unsigned_t value) { return scalar(Json(value), Kind::Number); }
    bool number_float(number_float_t value, const string_t&) {
        return scalar(Json(value), Kind::Number);
    }
    bool string(string_t& value) { return scalar(Json(std::move(value)), Kind::String); }
    bool binary(binary_t&) { return false; }  // JSON text has no binary values

    bool start_object(std::size_t) { return open(Kind::Object); }
    bool start_array(std::size_t) { return open(Kind::Array); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(string_t& key) {
        m_pendingKeyBegin = static_cast<std::uint32_t>(m_locations.m_keys.size());
        m_pendingKeyLength = static_cast<std::uint32_t>(key.size());
        m_locations.m_keys += key;
        if constexpr (OrderedObjects<Json>) {
            // Members wait in a plain vector until the object closes: ordered_map's own
            // insert searches every key (quadratic), and its growth copies the members
            // (a pair with a const key cannot be moved), which recurses into them.
            auto& members = m_openMembers.back();
            members.emplace_back(std::move(key), nullptr);
            m_slot = &members.back().second;
        } else {
            auto& object = m_frames.back().json->template get_ref<typename Json::object_t&>();
            m_slot = &object[std::move(key)];
        }
        m_scanFrom = m_buffer.consumed();
        return true;
    }

    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
        JsonSyntaxError error;
        // nlohmann counts the faulty byte (or the end of input) as read.
        error.offset = std::min(position > 0 ? position - 1 : 0, m_text.size());
        error.message = cleanMessage(ex.what());
        // A whole token in the wrong place ("unexpected string literal") is reported
        // after its last byte; point at its first instead. Faults inside a token (they
        // quote what was "last read") are exact already.
        if (error.message.find("; last read: ") == std::string::npos) {
            error.offset = std::min(tokenStart(error.message), error.offset);
        }
        m_out.error = std::move(error);
        return false;
    }

private:
    struct Frame {
        JsonLocations::Node node;
        Json* json;
        std::size_t pendingBegin;
    };

    // The first token after the last event: whitespace, then at most one separator
    // (unless the separator itself is what was unexpected).
    std::size_t tokenStart(const std::string& message) const {
        const auto skipSpace = [&](std::size_t at) {
            while (at < m_text.size() && (m_text[at] == ' ' || m_text[at] == '\t' ||
                                          m_text[at] == '\n' || m_text[at] == '\r')) {
                ++at;
            }
            return at;
        };
        std::size_t at = skipSpace(m_scanFrom);
        if (at < m_text.size() && (m_text[at] == ',' || m_text[at] == ':') &&
            message.find(std::string("unexpected '") + m_text[at] + "'") == std::string::npos) {
            at = skipSpace(at + 1);
        }
        return at;
    }

    // A value starts at the first byte after the previous event's end that is not
    // whitespace, ',' or ':'. (After a number nlohmann has read one byte further, but
    // in valid JSON that byte is one of those or a closing bracket.)
    std::uint32_t startOfValue() const {
        std::size_t at = m_scanFrom;
        const std::size_t end = m_buffer.consumed();
        while (at < end && isSeparator(m_text[at])) {
            ++at;
        }
        return static_cast<std::uint32_t>(at);
    }

    JsonLocations::Node addNode(Kind kind) {
        JsonLocations::Entry entry;
        entry.offset = startOfValue();
        entry.kind = kind;
        if (!m_frames.empty() && m_frames.back().json->is_object()) {
            entry.keyBegin = m_pendingKeyBegin;
            entry.keyLength = m_pendingKeyLength;
        }
        const auto node = static_cast<JsonLocations::Node>(m_locations.m_nodes.size());
        m_locations.m_nodes.push_back(entry);
        if (!m_frames.empty()) {
            m_pending.push_back(node);
        }
        return node;
    }

    Json* place(Json&& value) {
        if (m_frames.empty()) {
            m_out.value = std::move(value);
            return &m_out.value;
        }
        Json& container = *m_frames.back().json;
        if (container.is_array()) {
            auto& array = container.template get_ref<typename Json::array_t&>();
            array.push_back(std::move(value));
            return &array.back();
        }
        *m_slot = std::move(value);
        return m_slot;
    }

    bool scalar(Json&& value, Kind kind) {
        addNode(kind);
        place(std::move(value));
        m_scanFrom = m_buffer.consumed();
        return true;
    }

    bool open(Kind kind) {
        const auto node = addNode(kind);
        Json* json = place(Json(kind == Kind::Object ? Json::value_t::object : Json::value_t::array));
        m_frames.push_back({node, json, m_pending.size()});
        if constexpr (OrderedObjects<Json>) {
            if (kind == Kind::Object) {
                m_openMembers.emplace_back();
            }
        }
        m_locations.m_depth = std::max(m_locations.m_depth, static_cast<int>(m_frames.size()));
        m_scanFrom = m_buffer.consumed();
        return true;
    }

    bool close() {
        const Frame frame = m_frames.back();
        m_frames.pop_back();
        auto& nodes = m_locations.m_nodes;
        auto& children = m_locations.m_children;
        const std::size_t count = m_pending.size() - frame.pendingBegin;
        nodes[frame.node].childBegin = static_cast<std::uint32_t>(children.size());
        nodes[frame.node].childCount = static_cast<std::uint32_t>(count);
        const auto first = m_pending.begin() + static_cast<std::ptrdiff_t>(frame.pendingBegin);
        children.insert(children.end(), first, m_pending.end());
        if (frame.json->is_object()) {
            // A sorted copy of the members makes member() a binary search.
            const std::size_t sortedBegin = children.size();
            children.insert(children.end(), first, m_pending.end());
            const auto begin = children.begin() + static_cast<std::ptrdiff_t>(sortedBegin);
            const auto keyOf = [this](JsonLocations::Node node) { return m_locations.key(node); };
            std::stable_sort(begin, children.end(), [&](auto a, auto b) { return keyOf(a) < keyOf(b); });
            const bool duplicates =
                std::adjacent_find(begin, children.end(), [&](auto a, auto b) {
                    return keyOf(a) == keyOf(b);
                }) != children.end();
            if constexpr (OrderedObjects<Json>) {
                moveMembers(*frame.json, duplicates);
            }
        }
        m_pending.resize(frame.pendingBegin);
        m_scanFrom = m_buffer.consumed();
        return true;
    }

    // Fills a closed ordered object from its waiting members, reserving first so that
    // nothing is copied. As in nlohmann's DOM, a repeated key keeps its first place and
    // its last value.
    void moveMembers(Json& json, bool duplicates) {
        auto members = std::move(m_openMembers.back());
        m_openMembers.pop_back();
        auto& object = static_cast<typename Json::object_t::Container&>(
            json.template get_ref<typename Json::object_t&>());
        object.reserve(members.size());
        std::unordered_map<std::string_view, std::size_t> placeOf;
        for (auto& [key, value] : members) {
            if (duplicates) {
                if (const auto it = placeOf.find(key); it != placeOf.end()) {
                    object[it->second].second = std::move(value);
                    continue;
                }
            }
            object.emplace_back(std::move(key), std::move(value));
            if (duplicates) {
                placeOf.emplace(object.back().first, object.size() - 1);  // reserved: stays put
            }
        }
    }

    std::string_view m_text;
    LocatedJson<Json>& m_out;
    JsonLocations& m_locations;
    const CountingBuffer& m_buffer;
    std::size_t m_scanFrom = 0;
    std::vector<Frame> m_frames;
    std::vector<JsonLocations::Node> m_pending;  // children of the open containers
    Json* m_slot = nullptr;                      // the member a key() announced
    // Members of the open ordered objects, innermost last.
    std::vector<std::vector<std::pair<std::string, Json>>> m_openMembers;
    std::uint32_t m_pendingKeyBegin = 0;
    std::uint32_t m_pendingKeyLength = 0;
};

TextPosition JsonLocations::positionOf(std::size_t offset) const {
    if (m_lineStarts.empty()) {
        return {1, static_cast<int>(std::min<std::size_t>(offset + 1, INT_MAX))};
    }
    const auto next = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), offset);
    const auto line = static_cast<std::size_t>(next - m_lineStarts.begin());
    const std::size_t column = offset - *(next - 1) + 1;
    return {static_cast<int>(std::min<std::size_t>(line, INT_MAX)),
            static_cast<int>(std::min<std::size_t>(column, INT_MAX))};
}

JsonLocations::Node JsonLocations::child(Node node, std::size_t index) const {
    const Entry& entry = m_nodes[node];
    return index < entry.childCount ? m_children[entry.childBegin + index] : npos;
}

std::string_view JsonLocations::key(Node node) const {
    const Entry& entry = m_nodes[node];
    return std::string_view(m_keys).substr(entry.keyBegin, entry.keyLength);
}

JsonLocations::Node JsonLocations::element(Node array, std::size_t index) const {
    if (array >= m_nodes.size() || m_nodes[array].kind != Kind::Array) {
        return npos;
    }
    return child(array, index);
}

JsonLocations::Node JsonLocations::member(Node object, std::string_view key) const {
    if (object >= m_nodes.size() || m_nodes[object].kind != Kind::Object) {
        return npos;
    }
    const Entry& entry = m_nodes[object];
    const auto begin = m_children.begin() + entry.childBegin + entry.childCount;
    const auto end = begin + entry.childCount;
    const auto after = std::upper_bound(begin, end, key, [this](std::string_view wanted, Node node) {
        return wanted < this->key(node);
    });
    if (after == begin || this->key(*(after - 1)) != key) {
        return npos;
    }
    return *(after - 1);
}

JsonLocations::Node JsonLocations::step(Node node, std::string_view token) const {
    if (m_nodes[node].kind == Kind::Array) {
        if (token.empty() || token.size() > 10 || (token.size() > 1 && token[0] == '0')) {
            return npos;
        }
        std::size_t index = 0;
        for (char c : token) {
            if (c < '0' || c > '9') {
                return npos;
            }
            index = index * 10 + static_cast<std::size_t>(c - '0');
        }
        return element(node, index);
    }
    if (token.find('~') == std::string_view::npos) {
        return member(node, token);
    }
    std::string key;
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] != '~') {
            key += token[i];
        } else if (i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
            key += token[i + 1] == '0' ? '~' : '/';
            ++i;
        } else {
            return npos;
        }
    }
    return member(node, key);
}

JsonLocations::Node JsonLocations::findNearest(std::string_view pointer) const {
    Node node = root();
    if (node == npos || pointer.empty() || pointer[0] != '/') {
        return node;
    }
    pointer.remove_prefix(1);
    while (true) {
        const auto slash = pointer.find('/');
        const Node next = step(node, pointer.substr(0, slash));
        if (next == npos) {
            return node;
        }
        node = next;
        if (slash == std::string_view::npos) {
            return node;
        }
        pointer.remove_prefix(slash + 1);
    }
}

JsonLocations::Node JsonLocations::find(std::string_view pointer) const {
    Node node = root();
    if (node == npos || pointer.empty()) {
        return node;
    }
    if (pointer[0] != '/') {
        return npos;
    }
    pointer.remove_prefix(1);
    while (node != npos) {
        const auto slash = pointer.find('/');
        node = step(node, pointer.substr(0, slash));
        if (slash == std::string_view::npos) {
            break;
        }
        pointer.remove_prefix(slash + 1);
    }
    return node;
}

LocatedJson<nlohmann::json> parseJsonWithLocations(std::string_view text) {
    return LocatingParser<nlohmann::json>::parse(text);
}

LocatedJson<nlohmann::ordered_json> parseOrderedJsonWithLocations(std::string_view text) {
    return LocatingParser<nlohmann::ordered_json>::parse(text);
}

std::string jsonPointerEscape(std::string_view key) {
    std::string out;
    out.reserve(key.size());
    for (char c : key) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

std::vector<std::pair<std::size_t, std::size_t>> jsonStringEscapes(std::string_view text,
                                                                   std::size_t quote) {
    std::vector<std::pair<std::size_t, std::size_t>> escapes;
    std::size_t decoded = 0;
    for (std::size_t i = quote + 1; i < text.size() && text[i] != '"';) {
        if (text[i] == '\\') {
            const auto [raw, length] = escapeSize(text, i);
            escapes.emplace_back(decoded, raw - length);
            decoded += length;
            i += raw;
        } else {
            ++decoded;
            ++i;
        }
    }
    return escapes;
}

std::size_t jsonStringRawOffset(std::string_view text, std::size_t quote, std::size_t decoded) {
    std::size_t at = quote + 1;
    std::size_t seen = 0;
    while (at < text.size() && text[at] != '"' && seen < decoded) {
        if (text[at] == '\\') {
            const auto [raw, length] = escapeSize(text, at);
            if (seen + length > decoded) {
                break;  // inside one escaped character: point at its escape
            }
            seen += length;
            at += raw;
        } else {
            ++seen;
            ++at;
        }
    }
    return std::min(at, text.size());
}

} // namespace swivel::model
