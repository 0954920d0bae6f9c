#pragma once
// `swivel-cli step FILE EVENT[=JSON] ...`: starts the machine, feeds it the events in
// order and prints one JSON object per line: {"event", "configuration", "actions"}
// (event null for the start; configuration = active atomic state ids in document order).

#include <CLI/App.hpp>

#include "cli/cli.h"

namespace swivel::cli {

// Registers the subcommand on `app`; when it runs, its exit code lands in `result`.
void addStepCommand(CLI::App& app, Io io, ExitCode& result);

} // namespace swivel::cli
