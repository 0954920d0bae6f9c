#include "cli/cli.h"

#include <algorithm>

#include <CLI/CLI.hpp>

#include "cli/diff_command.h"
#include "cli/export_command.h"
#include "cli/generate_command.h"
#include "cli/import_command.h"
#include "cli/replay_command.h"
#include "cli/simulate_command.h"
#include "cli/step_command.h"
#include "cli/validate_command.h"

namespace swivel::cli {

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        const DiagramRenderer& renderDiagram) {
    CLI::App app{"Swivel: check, run and export IoT device state machines (*.swivel.json).",
                 "swivel-cli"};
    app.set_version_flag("--version", std::string("swivel-cli ") + SWIVEL_VERSION);
    app.require_subcommand(1);

    Io io{out, err};
    ExitCode result = ExitCode::Ok;
    addValidateCommand(app, io, result);
    addStepCommand(app, io, result);
    addExportCommand(app, io, renderDiagram, result);
    addImportCommand(app, io, result);
    addGenerateCommand(app, io, result);
    addSimulateCommand(app, io, result);
    addReplayCommand(app, io, result);
    addDiffCommand(app, io, result);

    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 parses from the back
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error, out, err);
        return code == 0 ? static_cast<int>(ExitCode::Ok) : static_cast<int>(ExitCode::Usage);
    }
    return static_cast<int>(result);
}

} // namespace swivel::cli
