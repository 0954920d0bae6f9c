#pragma once
// `swivel-cli validate FILE... [--json]`: loads and validates each file and prints
// its diagnostics (nothing for a clean file).

#include <CLI/App.hpp>

#include "cli/cli.h"

namespace swivel::cli {

// Registers the subcommand on `app`; when it runs, its exit code lands in `result`.
void addValidateCommand(CLI::App& app, Io io, ExitCode& result);

} // namespace swivel::cli
