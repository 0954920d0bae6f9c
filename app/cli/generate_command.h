#pragma once
// `swivel-cli generate FILE [--target T] -o DIR [--force]`: writes what a code
// generator makes of the machine (by default the azure-cpp project) into DIR, with a
// manifest that protects files changed by hand since (codegen/write_file_set.h).

#include <CLI/App.hpp>

#include "cli/cli.h"

namespace swivel::cli {

// Registers the subcommand on `app`. When it runs, its exit code lands in `result`.
void addGenerateCommand(CLI::App& app, Io io, ExitCode& result);

} // namespace swivel::cli
