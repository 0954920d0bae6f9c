#pragma once
// swivel-cli's testable entry point. main.cpp only forwards argv to run(); the tests
// call run() directly and read what it wrote to `out` and `err`.

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "model/machine.h"

namespace swivel::cli {

// What run() returns; also the process exit status.
enum class ExitCode : int {
    Ok = 0,      // done, no errors (also --help and --version)
    Errors = 1,  // a file has errors (validation, or step on a broken machine)
    Usage = 2,   // unusable arguments, an unreadable file or an unwritable output
};

// The output streams of one run.
struct Io {
    std::ostream& out;
    std::ostream& err;
};

// Draws `machine` in an image format of exportFormats() ("png", "svg") at `scale` and
// returns the file's bytes, or nullopt with `error` set. This library has no Qt: the
// executable passes one to run() when it is built with the GUI part (main.cpp);
// without one, `export` reports the image formats as unavailable in this build.
using DiagramRenderer = std::function<std::optional<std::string>(
    const model::Machine& machine, const std::string& format, double scale, std::string& error)>;

// Runs swivel-cli with `args` (the arguments after the program name).
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        const DiagramRenderer& renderDiagram = {});

} // namespace swivel::cli
