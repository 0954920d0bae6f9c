#pragma once
// Virtual time of the emulator: microseconds since the start of a run. Integral so
// that the same scenario and seed give the same session bit for bit on any machine.

#include <cstdint>

namespace swivel::emu {

using VirtualTime = std::int64_t;  // microseconds

inline constexpr VirtualTime microseconds(std::int64_t us) { return us; }
inline constexpr VirtualTime milliseconds(std::int64_t ms) { return ms * 1000; }
inline constexpr VirtualTime seconds(std::int64_t s) { return s * 1000000; }
inline constexpr double toSeconds(VirtualTime t) { return static_cast<double>(t) / 1e6; }

} // namespace swivel::emu
