#pragma once
// Running swivel-cli in-process for the command-line tests: run() with the arguments,
// its exit code and what it wrote to stdout and stderr; and the files it reads and writes.

#include <fstream>
#include <iterator>
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

inline std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void writeFile(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace swivel::test
