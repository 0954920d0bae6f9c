#pragma once
// `swivel-cli export FILE [--format F] -o OUT`: writes the machine's diagram as PNG or
// SVG (drawn like the canvas, no display needed) or as DOT or Mermaid text. OUT is
// replaced atomically; `-o -` writes to standard output.

#include <CLI/App.hpp>

#include "cli/cli.h"

namespace swivel::cli {

// Registers the subcommand on `app`; `renderDiagram` draws the image formats (none:
// they are reported as unavailable). When it runs, its exit code lands in `result`.
void addExportCommand(CLI::App& app, Io io, DiagramRenderer renderDiagram, ExitCode& result);

} // namespace swivel::cli
