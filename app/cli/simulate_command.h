#pragma once
// `swivel-cli simulate SCENARIO [--seed N] [--devices N] [--duration 60s]
// [--record session.db] [--json]`: runs a scenario (*.scenario.json, or a machine
// file for one device of its type) as fast as possible and prints its summary: events,
// deliveries, invocations, conflicts, retries, duplicates suppressed, commands, bytes
// moved, event->command latency percentiles, longest queue, visits per state. A
// progress bar goes to a terminal's stderr.

#include <CLI/App.hpp>

#include "cli/cli.h"

namespace swivel::cli {

void addSimulateCommand(CLI::App& app, Io io, ExitCode& result);

} // namespace swivel::cli
