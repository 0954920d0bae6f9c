#include "cli/diff_command.h"

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/diagnostic_format.h"
#include "common/machine_check.h"
#include "emulators/scenario.h"
#include "emulators/session.h"

namespace swivel::cli {

namespace {

struct DiffOptions {
    std::string session;
    std::string machine;
};

std::string counted(std::size_t count, const char* singular, const char* plural) {
    return std::to_string(count) + " " + (count == 1 ? singular : plural);
}

// `Motion {"Bearing":90}`, `MoveDone`, or `(the start)` for the initial record.
std::string eventText(const nlohmann::json& event) {
    if (!event.is_object() || !event.contains("event"))
        return "(the start)";
    std::string text = event["event"].is_string() ? event["event"].get<std::string>() : event["event"].dump();
    const auto tags = event.find("tags");
    if (tags != event.end() && tags->is_object() && !tags->empty())
        text += " " + tags->dump();
    return text;
}

// A configuration reads best as a list of ids; actions as their JSON.
std::string valueText(const std::string& what, const nlohmann::json& value) {
    if (what != "configuration" || !value.is_array())
        return value.dump();
    std::string text;
    for (const nlohmann::json& id : value)
        text += (text.empty() ? "" : ", ") + (id.is_string() ? id.get<std::string>() : id.dump());
    return text.empty() ? "(none)" : text;
}

ExitCode diffSession(const DiffOptions& options, Io io) {
    std::string error;
    const std::unique_ptr<emu::Session> session = emu::Session::open(options.session, error);
    if (!session) {
        io.err << "swivel-cli diff: " << error << '\n';
        return ExitCode::Usage;
    }
    const app::CheckedFile checked = app::checkMachineFile(options.machine);
    if (checked.unreadable || checked.hasErrors() || !checked.load.machine) {
        printDiagnostics(io.out, options.machine, checked.diagnostics);
        io.err << "swivel-cli diff: " << options.machine
               << (checked.unreadable ? " cannot be read\n" : " has errors; nothing was compared\n");
        return ExitCode::Usage;
    }

    try {
        const std::optional<emu::Divergence> divergence =
            session->firstDivergence(*checked.load.machine, error);
        if (!error.empty()) {
            io.err << "swivel-cli diff: " << options.machine << ": " << error << '\n';
            return ExitCode::Usage;
        }
        if (!divergence) {
            const std::vector<emu::AppliedEvent> applied = session->appliedEvents();
            io.out << "no divergence: " << counted(applied.size(), "applied event", "applied events")
                   << " of " << counted(session->devices().size(), "device", "devices")
                   << (applied.size() == 1 ? " behaves" : " behave") << " the same\n";
            return ExitCode::Ok;
        }
        const emu::Divergence& d = *divergence;
        io.out << "first divergence at step " << d.step << " (" << emu::formatDuration(d.time)
               << "), device " << d.device << ", version " << d.version << ", event "
               << eventText(d.event) << ":\n"
               << "  the " << d.what << (d.what == "actions" ? " differ" : " differs") << '\n'
               << "  recorded: " << valueText(d.what, d.recorded) << '\n'
               << "  re-run:   " << valueText(d.what, d.rerun) << '\n';
        return ExitCode::Errors;
    } catch (const std::exception& fault) {
        io.err << "swivel-cli diff: " << fault.what() << '\n';
        return ExitCode::Usage;
    }
}

} // namespace

void addDiffCommand(CLI::App& app, Io io, ExitCode& result) {
    auto options = std::make_shared<DiffOptions>();
    CLI::App* command = app.add_subcommand(
        "diff", "Re-run a recorded session's events through a machine; report where it differs");
    command->footer(
        "Every device starts where FILE's machine starts and takes the events the session\n"
        "applied, in order; after each one its configuration (active atomic states) and\n"
        "actions are compared with the recording. Prints the first step that differs.\n"
        "Example: swivel-cli diff s.db camera-changed.swivel.json\n"
        "Exit status: 0 the same behaviour, 1 a divergence, 2 unusable arguments, a broken\n"
        "session file or a machine file with errors.");
    command->add_option("SESSION", options->session, "a session recorded by simulate --record")
        ->required();
    command->add_option("FILE", options->machine, "the *.swivel.json machine to compare")
        ->required();
    command->callback([options, io, &result] { result = diffSession(*options, io); });
}

} // namespace swivel::cli
