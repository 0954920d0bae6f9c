#pragma once
// What every fuzz target shares: the input as text, and the shipped resources the
// readers need beside it (catalog, examples), found as the studio finds them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/resources.h"

namespace swivel::fuzz {

inline std::string_view asText(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

inline std::string resourcePath(const std::string& relative) {
    return model::resourcesDirectory() + "/" + relative;
}

} // namespace swivel::fuzz
