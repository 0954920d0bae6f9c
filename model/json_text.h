#pragma once
// How loaders of JSON files (the device catalog, scenarios) name values in their
// messages: a quoted, length-capped text and a short description of what was found.

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace swivel::model::json_text {

// `text` as a JSON string, cut (at a character boundary) after `maxBytes` so that a
// hostile megabyte-long value does not flood the diagnostics.
std::string quote(std::string_view text, std::size_t maxBytes = 60);

// "null", "a boolean", "the number 3", "the string \"x\"", "an array", "an object".
std::string describe(const nlohmann::json& json);

} // namespace swivel::model::json_text
