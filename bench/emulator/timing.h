#pragma once
// Wall-clock timing of one measured run.

#include <chrono>

namespace swivel::bench {

template <class Fn> double secondsTaken(Fn&& run) {
    const auto begin = std::chrono::steady_clock::now();
    run();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
}

} // namespace swivel::bench
