#pragma once
// Running a piece of work in a forked child process, so that a crash or a hang in a
// third-party library (Graphviz's dot has both on some inputs) costs a fallback, not
// the designer. The child gets a copy of the process (no Qt calls there, please) and
// hands back a string.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace swivel::canvas {

// The string `work` returned in the child, or nullopt when the child crashed, threw,
// or did not finish within `timeout` (it is then killed).
std::optional<std::string> runInChildProcess(const std::function<std::string()>& work,
                                             std::chrono::milliseconds timeout);

} // namespace swivel::canvas
