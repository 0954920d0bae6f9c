#pragma once
// Running swivel-cli in-process for the command-line tests: run() with the arguments,
// its exit code and what it wrote to stdout and stderr.

#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace swivel::test {

struct CliRun {
    int code = -1;
    std::string out;
    std::string err;
};

inline CliRun cli(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    CliRun run;
    run.code = swivel::cli::run(args, out, err);
    run.out = out.str();
    run.err = err.str();
    return run;
}

} // namespace swivel::test
