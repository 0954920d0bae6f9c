#pragma once
// Virtual time of the emulator: microseconds since the start of a run. Integral so
// that the same scenario and seed give the same session bit for bit on any machine.

#include <cmath>
#include <cstdint>

namespace swivel::emu {

using VirtualTime = std::int64_t;  // microseconds

inline constexpr VirtualTime microseconds(std::int64_t us) { return us; }
inline constexpr VirtualTime milliseconds(std::int64_t ms) { return ms * 1000; }
inline constexpr VirtualTime seconds(std::int64_t s) { return s * 1000000; }
inline constexpr double toSeconds(VirtualTime t) { return static_cast<double>(t) / 1e6; }

// std::llround(us), half away from zero, without the call into libm: each event draws
// and converts a few latencies. Exact: below 2^53 a double's fractional part is
// exact, and from there on it is an integer already.
inline VirtualTime roundToMicroseconds(double us) {
    if (!(us > -4e18 && us < 4e18))
        return static_cast<VirtualTime>(std::llround(us));  // NaN, huge: as llround does
    auto whole = static_cast<VirtualTime>(us);  // toward zero
    const double rest = us - static_cast<double>(whole);
    if (rest >= 0.5)
        ++whole;
    else if (rest <= -0.5)
        --whole;
    return whole;
}

// A duration in milliseconds (scenario files, the catalog), to the nearest µs.
inline VirtualTime fromMilliseconds(double ms) { return roundToMicroseconds(ms * 1000.0); }

} // namespace swivel::emu
