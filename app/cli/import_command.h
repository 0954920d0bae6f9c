#pragma once
// `swivel-cli import FILE.scxml -o FILE.swivel.json`: reads an SCXML document
// (codegen/scxml_import.h) and saves it as a Swivel machine, printing every
// diagnostic of the import as FILE:LINE:COL: error|warning: CODE: message.

#include <CLI/App.hpp>

#include "cli/cli.h"

namespace swivel::cli {

// Registers the subcommand on `app`; when it runs, its exit code lands in `result`.
// Exit status: 0 imported without errors (warnings are printed), 1 imported, but
// something of the document could not be represented (the machine is written anyway,
// the errors say what is missing), 2 unreadable input, not SCXML, or unwritable output.
void addImportCommand(CLI::App& app, Io io, ExitCode& result);

} // namespace swivel::cli
