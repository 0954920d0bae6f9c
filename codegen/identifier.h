#pragma once
// Names derived from a machine's free-text name for places with strict rules of their
// own. A machine's name is whatever the user typed ("Camera: point, focus, shoot",
// "Tür 3", "../x"); the names made here are always valid and never empty.

#include <cstddef>
#include <string>
#include <string_view>

namespace swivel::codegen {

// The Functions host refuses longer function names (its pattern allows a letter and
// at most 127 more characters).
inline constexpr std::size_t kMaxAzureFunctionNameLength = 128;

// Azure's rule for a function name (also its folder): [A-Za-z][A-Za-z0-9_]*.
bool isAzureFunctionName(std::string_view name);

// The ASCII letters and digits of `machineName` as PascalCase words ("Camera: point,
// focus, shoot" -> "CameraPointFocusShoot"); every other byte, non-ASCII included,
// separates words. "Machine" stands in front of a name that would start with a digit
// and alone for a name with no letter or digit at all. At most
// kMaxAzureFunctionNameLength characters.
std::string azureFunctionName(std::string_view machineName);

} // namespace swivel::codegen
