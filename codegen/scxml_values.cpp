#include "scxml_values.h"

#include <charconv>
#include <cstdio>

namespace swivel::codegen {

namespace {

std::string quotedString(const std::string& text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
                out += buffer;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out + "\"";
}

int hexDigit(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void appendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::optional<std::string> unquotedString(std::string_view literal) {
    if (literal.size() < 2 || (literal.front() != '"' && literal.front() != '\'') ||
        literal.back() != literal.front())
        return std::nullopt;
    const char quote = literal.front();
    std::string out;
    for (std::size_t i = 1; i + 1 < literal.size(); ++i) {
        const char c = literal[i];
        if (c == quote)
            return std::nullopt;
        if (c != '\\') {
            out += c;
            continue;
        }
        if (i + 2 >= literal.size())
            return std::nullopt;
        const char e = literal[++i];
        switch (e) {
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
            if (i + 4 >= literal.size())
                return std::nullopt;
            unsigned cp = 0;
            for (int k = 1; k <= 4; ++k) {
                const int d = hexDigit(literal[i + static_cast<std::size_t>(k)]);
                if (d < 0)
                    return std::nullopt;
                cp = cp * 16 + static_cast<unsigned>(d);
            }
            appendUtf8(out, cp);
            i += 4;
            break;
        }
        default: out += e;
        }
    }
    return out;
}

} // namespace

std::string formatNumber(double value) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

std::optional<double> parseNumber(std::string_view text) {
    double value = 0;
    if (text.empty())
        return std::nullopt;
    const char* begin = text.data();
    if (text.front() == '+')
        ++begin;
    const auto result = std::from_chars(begin, text.data() + text.size(), value);
    if (result.ec != std::errc() || result.ptr != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::string ecmaScriptLiteral(const model::Value& value) {
    switch (model::typeOf(value)) {
    case model::Type::Bool:
        return std::get<bool>(value) ? "true" : "false";
    case model::Type::Int:
        return std::to_string(std::get<std::int64_t>(value));
    case model::Type::Double: {
        std::string text = formatNumber(std::get<double>(value));
        if (text.find_first_of(".eEni") == std::string::npos)
            text += ".0";  // a double must read back as one
        return text;
    }
    case model::Type::String:
        return quotedString(std::get<std::string>(value));
    }
    return "0";
}

std::optional<model::Value> valueOfEcmaScriptLiteral(std::string_view literal) {
    while (!literal.empty() && (literal.front() == ' ' || literal.front() == '\t' ||
                                literal.front() == '\n' || literal.front() == '\r'))
        literal.remove_prefix(1);
    while (!literal.empty() && (literal.back() == ' ' || literal.back() == '\t' ||
                                literal.back() == '\n' || literal.back() == '\r'))
        literal.remove_suffix(1);
    if (literal == "true")
        return model::Value{true};
    if (literal == "false")
        return model::Value{false};
    if (auto text = unquotedString(literal))
        return model::Value{*text};
    if (literal.empty())
        return std::nullopt;
    if (literal.find_first_of(".eE") == std::string_view::npos) {
        std::int64_t number = 0;
        const auto result = std::from_chars(literal.data(), literal.data() + literal.size(), number);
        if (result.ec == std::errc() && result.ptr == literal.data() + literal.size())
            return model::Value{number};
        return std::nullopt;
    }
    if (auto number = parseNumber(literal))
        return model::Value{*number};
    return std::nullopt;
}

} // namespace swivel::codegen
