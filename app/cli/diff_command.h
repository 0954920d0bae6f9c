#pragma once
// `swivel-cli diff SESSION FILE`: re-runs the device events a recorded session applied
// through the machine in FILE and reports the first step where it behaves differently
// (another configuration or other actions), or that it behaves the same throughout.

#include <CLI/App.hpp>

#include "cli/cli.h"

namespace swivel::cli {

// Registers the subcommand on `app`; when it runs, its exit code lands in `result`.
void addDiffCommand(CLI::App& app, Io io, ExitCode& result);

} // namespace swivel::cli
