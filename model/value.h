#pragma once
// Typed values of the expression language, machine variables and event tags.
// Shared by every library; plain data, no behaviour beyond conversion.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json_fwd.hpp>

namespace swivel::model {

enum class Type { Bool, Int, Double, String };

// Index order matches Type: Value::index() == static_cast<size_t>(type).
using Value = std::variant<bool, std::int64_t, double, std::string>;

Type typeOf(const Value& value);
std::string_view typeName(Type type);                      // "bool", "int", "double", "string"
std::optional<Type> typeFromName(std::string_view name);   // inverse of typeName
Value defaultValue(Type type);                             // false, 0, 0.0, ""

// JSON conversion. fromJson converts a JSON scalar to the wanted type, accepting an
// integral double for int and an int for double; nullopt when it does not fit.
nlohmann::json toJson(const Value& value);
std::optional<Value> fromJson(const nlohmann::json& json, Type type);
// Best type for an untyped JSON scalar (bool, int, double, string); nullopt otherwise.
std::optional<Value> fromJson(const nlohmann::json& json);

// `value` in type `type` with the conversions fromJson allows (int -> double, an
// integral double -> int); nullopt otherwise.
std::optional<Value> convertTo(const Value& value, Type type);

std::string toDisplayString(const Value& value);  // 90, 1.5, true, "text" (quoted)

} // namespace swivel::model
