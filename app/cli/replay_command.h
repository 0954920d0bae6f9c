#pragma once
// `swivel-cli replay SESSION [--step N | --time T] [--json]`: the whole emulated system
// at one moment of a recorded session (default: the end): every device's version and
// configuration, the messages in flight and the instances running. --json prints
// emu::toJson(SystemState).

#include <CLI/App.hpp>

#include "cli/cli.h"

namespace swivel::cli {

// Registers the subcommand on `app`; when it runs, its exit code lands in `result`.
void addReplayCommand(CLI::App& app, Io io, ExitCode& result);

} // namespace swivel::cli
