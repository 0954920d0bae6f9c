#include "record_codec.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

namespace swivel::emu {

namespace {

using model::ArmedTimer;
using model::Configuration;
using model::EmittedAction;
using model::EventTag;
using model::Value;

// Value tags (see the header): the bool's value is in its tag.
constexpr unsigned char kFalse = 0, kTrue = 1, kInt = 2, kDouble = 3, kString = 4;

// Presence bits of an action's header, most often present first so that the usual
// actions keep the header below 128 (one byte).
constexpr unsigned kName = 1u << 0;
constexpr unsigned kArgs = 1u << 1;
constexpr unsigned kToken = 1u << 2;
constexpr unsigned kDelay = 1u << 3;
constexpr unsigned kValue = 1u << 4;
constexpr unsigned kLabel = 1u << 5;
constexpr unsigned kTarget = 1u << 6;
constexpr unsigned kReply = 1u << 7;
constexpr unsigned kKindBits = 3;
constexpr auto kLastKind = static_cast<std::uint64_t>(EmittedAction::Kind::Error);
static_assert(kLastKind < (1u << kKindBits));

// Copies `size` bytes. Most strings in a record are short (names, UIDs): two
// overlapping loads and stores from each end copy them without a call to memcpy and its
// dispatch on the size. Touches no byte outside either range.
inline void copyBytes(char* to, const char* from, std::size_t size) {
    if (size >= 8 && size <= 16) {
        std::uint64_t head, tail;
        std::memcpy(&head, from, 8);
        std::memcpy(&tail, from + size - 8, 8);
        std::memcpy(to, &head, 8);
        std::memcpy(to + size - 8, &tail, 8);
    } else if (size >= 4 && size < 8) {
        std::uint32_t head, tail;
        std::memcpy(&head, from, 4);
        std::memcpy(&tail, from + size - 4, 4);
        std::memcpy(to, &head, 4);
        std::memcpy(to + size - 4, &tail, 4);
    } else if (size < 4) {
        if (size > 0) {
            const char first = from[0], middle = from[size / 2], last = from[size - 1];
            to[0] = first;
            to[size / 2] = middle;
            to[size - 1] = last;
        }
    } else {
        std::memcpy(to, from, size);
    }
}

// ---- writing ----

// Writes through a pointer into room made ahead in `out`, which is cut to what was
// written when the writer goes. A push_back per byte checked the capacity and wrote a
// terminator each time, about a tenth of the store's puts (bench (d)); here each field
// checks its room once.
class Writer {
public:
    explicit Writer(std::string& out)
        : m_out(out), m_at(out.data() + out.size()), m_end(m_at) {}
    ~Writer() { m_out.resize(static_cast<std::size_t>(m_at - m_out.data())); }
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    void byte(unsigned char value) {
        need(1);
        *m_at++ = static_cast<char>(value);
    }

    // Most numbers in a record (state and transition indices, counts, tokens, small
    // values) take one byte.
    void varint(std::uint64_t value) {
        need(kMaxVarint);
        while (value >= 0x80) {
            *m_at++ = static_cast<char>((value & 0x7f) | 0x80);
            value >>= 7;
        }
        *m_at++ = static_cast<char>(value);
    }

    void integer(std::int64_t value) {
        const auto bits = static_cast<std::uint64_t>(value);
        varint((bits << 1) ^ (value < 0 ? ~std::uint64_t{0} : 0));
    }

    void bytes(const char* data, std::size_t size) {
        need(size);
        copyBytes(m_at, data, size);
        m_at += size;
    }

private:
    static constexpr std::size_t kMaxVarint = 10;
    // Room made at least at a time: a configuration or a step's side effects mostly fit.
    static constexpr std::size_t kMinRoom = 64;

    void need(std::size_t size) {
        if (static_cast<std::size_t>(m_end - m_at) < size)
            grow(size);
    }
    // resize() zero-fills the room it makes: a little at a time, as most records are short.
    [[gnu::noinline]] void grow(std::size_t size) {
        const auto written = static_cast<std::size_t>(m_at - m_out.data());
        m_out.resize(written + std::max(size, kMinRoom));
        m_at = m_out.data() + written;
        m_end = m_out.data() + m_out.size();
    }

    std::string& m_out;
    char* m_at;   // the next byte to write
    char* m_end;  // the end of the room made
};

void putString(Writer& out, std::string_view text) {
    out.varint(text.size());
    out.bytes(text.data(), text.size());
}

void putValue(Writer& out, const Value& value) {
    switch (value.index()) {
    case 0:
        out.byte(std::get<bool>(value) ? kTrue : kFalse);
        break;
    case 1:
        out.byte(kInt);
        out.integer(std::get<std::int64_t>(value));
        break;
    case 2: {
        out.byte(kDouble);
        std::uint64_t bits = std::bit_cast<std::uint64_t>(std::get<double>(value));
        char little[8];
        for (char& b : little) {
            b = static_cast<char>(bits & 0xff);
            bits >>= 8;
        }
        out.bytes(little, sizeof little);
        break;
    }
    default:
        out.byte(kString);
        putString(out, std::get<std::string>(value));
        break;
    }
}

bool isDefault(const Value& value) {
    return value.index() == 0 && !std::get<bool>(value);
}

// ---- reading: every call checks the bytes left and fails rather than read past them ----

class Reader {
public:
    Reader(std::string_view bytes, std::size_t offset) : m_bytes(bytes), m_pos(offset) {}

    std::size_t position() const { return m_pos; }
    std::size_t remaining() const { return m_pos <= m_bytes.size() ? m_bytes.size() - m_pos : 0; }

    bool byte(unsigned char& value) {
        if (remaining() == 0)
            return false;
        value = static_cast<unsigned char>(m_bytes[m_pos++]);
        return true;
    }

    bool varint(std::uint64_t& value) {
        value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            unsigned char b = 0;
            if (!byte(b))
                return false;
            // The tenth byte holds only the top bit of a 64-bit value.
            if (shift == 63 && b > 1)
                return false;
            value |= std::uint64_t{b & 0x7fu} << shift;
            if (!(b & 0x80))
                return true;
        }
        return false;
    }

    bool integer(std::int64_t& value) {
        std::uint64_t bits = 0;
        if (!varint(bits))
            return false;
        value = static_cast<std::int64_t>((bits >> 1) ^ (~(bits & 1) + 1));
        return true;
    }

    bool integer(int& value) {
        std::int64_t wide = 0;
        if (!integer(wide) || wide < std::numeric_limits<int>::min() ||
            wide > std::numeric_limits<int>::max())
            return false;
        value = static_cast<int>(wide);
        return true;
    }

    // A count of elements that each take at least one byte: more than the bytes left
    // is garbage, and refusing it keeps a hostile count from allocating.
    bool count(std::size_t& value) {
        std::uint64_t wide = 0;
        if (!varint(wide) || wide > remaining())
            return false;
        value = static_cast<std::size_t>(wide);
        return true;
    }

    // Assigns into `text`, whose capacity is reused. A scratch record decodes one
    // device's record after another's, whose strings mostly have the same lengths:
    // those are overwritten in place.
    bool string(std::string& text) {
        std::size_t length = 0;
        if (!count(length))
            return false;
        if (text.size() == length)
            copyBytes(text.data(), m_bytes.data() + m_pos, length);
        else
            text.assign(m_bytes.data() + m_pos, length);
        m_pos += length;
        return true;
    }

    // Decodes into `value`, reusing its string's capacity when it already holds one.
    bool value(Value& value) {
        unsigned char tag = 0;
        if (!byte(tag))
            return false;
        switch (tag) {
        case kFalse:
        case kTrue:
            value = tag == kTrue;
            return true;
        case kInt: {
            std::int64_t number = 0;
            if (!integer(number))
                return false;
            value = number;
            return true;
        }
        case kDouble: {
            if (remaining() < 8)
                return false;
            std::uint64_t bits = 0;
            for (int i = 0; i < 8; ++i)
                bits |= std::uint64_t{static_cast<unsigned char>(m_bytes[m_pos + i])} << (8 * i);
            m_pos += 8;
            value = std::bit_cast<double>(bits);
            return true;
        }
        case kString:
            if (!std::holds_alternative<std::string>(value))
                value.emplace<std::string>();
            return string(std::get<std::string>(value));
        default:
            return false;
        }
    }

private:
    std::string_view m_bytes;
    std::size_t m_pos;
};

bool readTimers(Reader& in, std::vector<ArmedTimer>& timers) {
    std::size_t count = 0;
    if (!in.count(count))
        return false;
    timers.resize(count);
    for (ArmedTimer& timer : timers)
        if (!in.integer(timer.transition) || !in.varint(timer.token))
            return false;
    return true;
}

bool readIndices(Reader& in, std::vector<int>& indices) {
    std::size_t count = 0;
    if (!in.count(count))
        return false;
    indices.resize(count);
    for (int& index : indices)
        if (!in.integer(index))
            return false;
    return true;
}

bool readHistory(Reader& in, std::vector<std::vector<int>>& history) {
    std::uint64_t size = 0;
    std::size_t entries = 0;
    if (!in.varint(size) || size > kMaxEncodedStates || !in.count(entries) || entries > size)
        return false;
    // Clearing keeps each entry's capacity for the next record of the same machine.
    for (std::vector<int>& entry : history)
        entry.clear();
    history.resize(static_cast<std::size_t>(size));
    for (std::size_t i = 0; i < entries; ++i) {
        std::uint64_t state = 0;
        if (!in.varint(state) || state >= size || !history[state].empty() ||
            !readIndices(in, history[state]) || history[state].empty())
            return false;
    }
    return true;
}

void putName(Writer& out, const std::string& name, NameDictionary* names) {
    if (names)
        out.varint(names->intern(name));
    else
        putString(out, name);
}

void writeAction(Writer& out, const EmittedAction& action, NameDictionary* names) {
    unsigned presence = 0;
    presence |= action.name.empty() ? 0u : kName;
    presence |= action.args.empty() ? 0u : kArgs;
    presence |= action.token == 0 ? 0u : kToken;
    presence |= action.delayMs == 0 ? 0u : kDelay;
    presence |= isDefault(action.value) ? 0u : kValue;
    presence |= action.label.empty() ? 0u : kLabel;
    presence |= action.target.empty() ? 0u : kTarget;
    presence |= action.reply.empty() ? 0u : kReply;
    out.varint((std::uint64_t{presence} << kKindBits) | static_cast<std::uint64_t>(action.kind));
    if (presence & kName)
        putName(out, action.name, names);
    if (presence & kArgs) {
        out.varint(action.args.size());
        for (const EventTag& arg : action.args) {
            putName(out, arg.name, names);
            putValue(out, arg.value);
        }
    }
    if (presence & kToken)
        out.varint(action.token);
    if (presence & kDelay)
        out.integer(action.delayMs);
    if (presence & kValue)
        putValue(out, action.value);
    if (presence & kLabel)
        putString(out, action.label);
    if (presence & kTarget)
        putString(out, action.target);
    if (presence & kReply)
        putString(out, action.reply);
}

// An absent string field is cleared (capacity kept), a present one read.
bool readOptionalString(Reader& in, bool present, std::string& text) {
    if (!present) {
        text.clear();
        return true;
    }
    return in.string(text);
}

bool readName(Reader& in, std::string& name, const NameDictionary* names) {
    if (!names)
        return in.string(name);
    std::uint64_t number = 0;
    if (!in.varint(number))
        return false;
    const std::string* found = names->find(number);
    if (!found)
        return false;
    name = *found;
    return true;
}

bool readAction(Reader& in, EmittedAction& action, const NameDictionary* names) {
    std::uint64_t header = 0;
    if (!in.varint(header))
        return false;
    const std::uint64_t kind = header & ((1u << kKindBits) - 1);
    const std::uint64_t presence = header >> kKindBits;
    if (kind > kLastKind || presence > 0xff)
        return false;
    action.kind = static_cast<EmittedAction::Kind>(kind);
    if (presence & kName) {
        if (!readName(in, action.name, names))
            return false;
    } else {
        action.name.clear();
    }
    if (presence & kArgs) {
        std::size_t count = 0;
        if (!in.count(count))
            return false;
        action.args.resize(count);
        for (EventTag& arg : action.args)
            if (!readName(in, arg.name, names) || !in.value(arg.value))
                return false;
    } else {
        action.args.clear();
    }
    action.token = 0;
    if ((presence & kToken) && !in.varint(action.token))
        return false;
    action.delayMs = 0;
    if ((presence & kDelay) && !in.integer(action.delayMs))
        return false;
    if (presence & kValue) {
        if (!in.value(action.value))
            return false;
    } else {
        action.value = false;
    }
    return readOptionalString(in, presence & kLabel, action.label) &&
           readOptionalString(in, presence & kTarget, action.target) &&
           readOptionalString(in, presence & kReply, action.reply);
}

} // namespace

void encodeConfiguration(const Configuration& configuration, std::string& bytes) {
    Writer out(bytes);
    out.varint(configuration.timers.size());
    for (const ArmedTimer& timer : configuration.timers) {
        out.integer(timer.transition);
        out.varint(timer.token);
    }
    out.varint(configuration.nextTimerToken);
    out.byte(configuration.finished ? 1 : 0);

    out.varint(configuration.active.size());
    for (int state : configuration.active)
        out.integer(state);

    out.varint(configuration.variables.size());
    for (const Value& variable : configuration.variables)
        putValue(out, variable);

    out.varint(configuration.history.size());
    std::size_t entries = 0;
    for (const std::vector<int>& entry : configuration.history)
        entries += entry.empty() ? 0 : 1;
    out.varint(entries);
    for (std::size_t state = 0; state < configuration.history.size(); ++state) {
        const std::vector<int>& entry = configuration.history[state];
        if (entry.empty())
            continue;
        out.varint(state);
        out.varint(entry.size());
        for (int recorded : entry)
            out.integer(recorded);
    }
}

bool decodeConfiguration(std::string_view bytes, std::size_t& offset, Configuration& into) {
    Reader in(bytes, offset);
    unsigned char finished = 0;
    if (!readTimers(in, into.timers) || !in.varint(into.nextTimerToken) || !in.byte(finished) ||
        finished > 1)
        return false;
    into.finished = finished == 1;
    if (!readIndices(in, into.active))
        return false;
    std::size_t variables = 0;
    if (!in.count(variables))
        return false;
    into.variables.resize(variables);
    for (Value& variable : into.variables)
        if (!in.value(variable))
            return false;
    if (!readHistory(in, into.history))
        return false;
    offset = in.position();
    return true;
}

void encodeEffects(const std::vector<EmittedAction>& effects, std::string& bytes,
                   NameDictionary* names) {
    Writer out(bytes);
    out.varint(effects.size());
    for (const EmittedAction& action : effects)
        writeAction(out, action, names);
}

bool isSideEffect(const EmittedAction& action) {
    switch (action.kind) {
    case EmittedAction::Kind::Send:
    case EmittedAction::Kind::Call:
    case EmittedAction::Kind::TimerStart:
        return true;
    case EmittedAction::Kind::Raise:
        return action.delayMs > 0;  // an immediate raise was handled inside step()
    default:
        return false;
    }
}

void encodeSideEffects(const std::vector<EmittedAction>& actions, std::string& bytes,
                       NameDictionary* names) {
    Writer out(bytes);
    out.varint(static_cast<std::uint64_t>(std::count_if(actions.begin(), actions.end(), isSideEffect)));
    for (const EmittedAction& action : actions) {
        if (isSideEffect(action))
            writeAction(out, action, names);
    }
}

bool decodeEffects(std::string_view bytes, std::size_t& offset, std::vector<EmittedAction>& into,
                   const NameDictionary* names) {
    Reader in(bytes, offset);
    std::size_t count = 0;
    if (!in.count(count))
        return false;
    into.resize(count);
    for (EmittedAction& action : into)
        if (!readAction(in, action, names))
            return false;
    offset = in.position();
    return true;
}

bool armsTimerToken(std::string_view encodedConfiguration, std::uint64_t token) {
    Reader in(encodedConfiguration, 0);
    std::size_t count = 0;
    if (!in.count(count))
        return false;
    for (std::size_t i = 0; i < count; ++i) {
        int transition = 0;
        std::uint64_t armed = 0;
        if (!in.integer(transition) || !in.varint(armed))
            return false;
        if (armed == token)
            return true;
    }
    return false;
}

void encodeVarint(std::uint64_t value, std::string& bytes) {
    // Alone, a byte or two: appended directly, without making room ahead.
    while (value >= 0x80) {
        bytes.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    bytes.push_back(static_cast<char>(value));
}

} // namespace swivel::emu
