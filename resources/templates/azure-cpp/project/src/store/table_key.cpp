#include "store/table_key.h"

#include <stdexcept>

namespace store {
namespace {

constexpr char hexDigits[] = "0123456789ABCDEF";

void appendEscaped(std::string& out, unsigned char byte) {
    out += '%';
    out += hexDigits[byte >> 4];
    out += hexDigits[byte & 0x0F];
}

// The length of the well-formed UTF-8 sequence at the start of `text` (1-4), or 0
// when it is not one (stray continuation byte, overlong form, surrogate, > U+10FFFF,
// truncated).
std::size_t utf8SequenceLength(std::string_view text) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    unsigned char secondMin = 0x80, secondMax = 0xBF;
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0)
            secondMin = 0xA0; // overlong below U+0800
        if (lead == 0xED)
            secondMax = 0x9F; // UTF-16 surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0)
            secondMin = 0x90; // overlong below U+10000
        if (lead == 0xF4)
            secondMax = 0x8F; // above U+10FFFF
    } else {
        return 0;
    }
    if (text.size() < length || byte(1) < secondMin || byte(1) > secondMax)
        return 0;
    for (std::size_t i = 2; i < length; ++i) {
        if (byte(i) < 0x80 || byte(i) > 0xBF)
            return 0;
    }
    return length;
}

bool isForbiddenAscii(unsigned char byte) {
    return byte < 0x20 || byte == 0x7F || byte == '/' || byte == '\\' || byte == '#' ||
           byte == '?' || byte == '%';
}

// U+0080-U+009F, the C1 control characters: C2 80 - C2 9F in UTF-8.
bool isC1Control(std::string_view sequence) {
    return sequence.size() == 2 && static_cast<unsigned char>(sequence[0]) == 0xC2 &&
           static_cast<unsigned char>(sequence[1]) <= 0x9F;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1; // lower case never comes out of partitionKeyForDeviceId
}

} // namespace

std::string partitionKeyForDeviceId(std::string_view deviceId) {
    std::string key;
    key.reserve(deviceId.size());
    std::size_t i = 0;
    while (i < deviceId.size()) {
        const std::size_t length = utf8SequenceLength(deviceId.substr(i));
        const std::string_view sequence = deviceId.substr(i, length == 0 ? 1 : length);
        const bool escape =
            length == 0 ||
            (length == 1 && isForbiddenAscii(static_cast<unsigned char>(sequence[0]))) ||
            isC1Control(sequence);
        if (escape) {
            for (const char c : sequence)
                appendEscaped(key, static_cast<unsigned char>(c));
        } else {
            key += sequence;
        }
        i += sequence.size();
    }
    return key;
}

std::string deviceIdFromPartitionKey(std::string_view partitionKey) {
    std::string deviceId;
    deviceId.reserve(partitionKey.size());
    for (std::size_t i = 0; i < partitionKey.size(); ++i) {
        if (partitionKey[i] != '%') {
            deviceId += partitionKey[i];
            continue;
        }
        const bool complete = i + 2 < partitionKey.size();
        const int high = complete ? hexValue(partitionKey[i + 1]) : -1;
        const int low = complete ? hexValue(partitionKey[i + 2]) : -1;
        if (high < 0 || low < 0)
            throw std::invalid_argument("partition key has a malformed %-escape at byte " +
                                        std::to_string(i));
        deviceId += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return deviceId;
}

std::string percentEncode(std::string_view text) {
    std::string out;
    out.reserve(text.size() * 3);
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                                (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' ||
                                byte == '_' || byte == '~';
        if (unreserved)
            out += c;
        else
            appendEscaped(out, byte);
    }
    return out;
}

std::string odataStringLiteral(std::string_view text) {
    std::string literal = "'";
    for (const char c : text) {
        literal += c;
        if (c == '\'')
            literal += '\'';
    }
    literal += '\'';
    return literal;
}

} // namespace store
