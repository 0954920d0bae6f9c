// swivel-cli: a thin main over swivel::cli::run().

#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.h"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    return swivel::cli::run(args, std::cout, std::cerr);
}
