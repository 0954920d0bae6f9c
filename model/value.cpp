#include "value.h"

#include <charconv>
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

namespace swivel::model {

Type typeOf(const Value& value) {
    return static_cast<Type>(value.index());
}

std::string_view typeName(Type type) {
    switch (type) {
    case Type::Bool:
        return "bool";
    case Type::Int:
        return "int";
    case Type::Double:
        return "double";
    case Type::String:
        return "string";
    }
    return "unknown";
}

std::optional<Type> typeFromName(std::string_view name) {
    for (Type type : {Type::Bool, Type::Int, Type::Double, Type::String}) {
        if (typeName(type) == name) {
            return type;
        }
    }
    return std::nullopt;
}

Value defaultValue(Type type) {
    switch (type) {
    case Type::Bool:
        return false;
    case Type::Int:
        return std::int64_t{0};
    case Type::Double:
        return 0.0;
    case Type::String:
        return std::string();
    }
    return false;
}

nlohmann::json toJson(const Value& value) {
    return std::visit([](const auto& v) { return nlohmann::json(v); }, value);
}

namespace {

// 2^63 is exactly representable; every double below it converts to int64 without UB.
constexpr double kTwoPow63 = 9223372036854775808.0;

std::optional<std::int64_t> integralDouble(double d) {
    if (!std::isfinite(d) || d != std::trunc(d) || d < -kTwoPow63 || d >= kTwoPow63) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(d);
}

} // namespace

std::optional<Value> convertTo(const Value& value, Type type) {
    if (typeOf(value) == type) {
        return value;
    }
    if (type == Type::Double && std::holds_alternative<std::int64_t>(value)) {
        return static_cast<double>(std::get<std::int64_t>(value));
    }
    if (type == Type::Int && std::holds_alternative<double>(value)) {
        if (auto i = integralDouble(std::get<double>(value))) {
            return *i;
        }
    }
    return std::nullopt;
}

std::optional<Value> fromJson(const nlohmann::json& json, Type type) {
    switch (type) {
    case Type::Bool:
        if (json.is_boolean()) {
            return json.get<bool>();
        }
        return std::nullopt;
    case Type::Int:
        if (json.is_number_unsigned()) {
            auto u = json.get<std::uint64_t>();
            if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                return std::nullopt;
            }
            return static_cast<std::int64_t>(u);
        }
        if (json.is_number_integer()) {
            return json.get<std::int64_t>();
        }
        if (json.is_number_float()) {
            if (auto i = integralDouble(json.get<double>())) {
                return *i;
            }
        }
        return std::nullopt;
    case Type::Double:
        if (json.is_number()) {
            return json.get<double>();
        }
        return std::nullopt;
    case Type::String:
        if (json.is_string()) {
            return json.get<std::string>();
        }
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<Value> fromJson(const nlohmann::json& json) {
    if (json.is_boolean()) {
        return json.get<bool>();
    }
    if (json.is_number_unsigned()) {
        // Too large for int: a double keeps the magnitude rather than failing.
        if (auto v = fromJson(json, Type::Int)) {
            return v;
        }
        return json.get<double>();
    }
    if (json.is_number_integer()) {
        return json.get<std::int64_t>();
    }
    if (json.is_number_float()) {
        return json.get<double>();
    }
    if (json.is_string()) {
        return json.get<std::string>();
    }
    return std::nullopt;
}

namespace {

std::string displayDouble(double d) {
    if (std::isnan(d)) {
        return "nan";
    }
    if (std::isinf(d)) {
        return d < 0 ? "-inf" : "inf";
    }
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
    std::string text(buffer, ec == std::errc() ? end : buffer);
    // A double that happens to be integral still reads as a double (2.0, not 2).
    if (text.find_first_of(".eE") == std::string::npos) {
        text += ".0";
    }
    return text;
}

// Quoted in the expression language's own syntax, so a displayed string can be
// pasted back into an expression.
std::string displayString(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (c < 0x20 || c == 0x7f) {
                static constexpr char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xf];
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
    return out;
}

} // namespace

std::string toDisplayString(const Value& value) {
    switch (typeOf(value)) {
    case Type::Bool:
        return std::get<bool>(value) ? "true" : "false";
    case Type::Int:
        return std::to_string(std::get<std::int64_t>(value));
    case Type::Double:
        return displayDouble(std::get<double>(value));
    case Type::String:
        return displayString(std::get<std::string>(value));
    }
    return {};
}

} // namespace swivel::model
