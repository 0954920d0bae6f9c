#pragma once
// swivel-cli's testable entry point. main.cpp only forwards argv to run(); the tests
// call run() directly and read what it wrote to `out` and `err`.

#include <ostream>
#include <string>
#include <vector>

namespace swivel::cli {

// What run() returns; also the process exit status.
enum class ExitCode : int {
    Ok = 0,      // done, no errors (also --help and --version)
    Errors = 1,  // a file has errors (validation, or step on a broken machine)
    Usage = 2,   // unusable arguments or an unreadable file
};

// The output streams of one run.
struct Io {
    std::ostream& out;
    std::ostream& err;
};

// Runs swivel-cli with `args` (the arguments after the program name).
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace swivel::cli
