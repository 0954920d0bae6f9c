#include "cli/step_command.h"

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/diagnostic_format.h"
#include "cli/event_argument.h"
#include "common/machine_check.h"
#include "model/device_catalog.h"
#include "model/semantics.h"
#include "model/state_record.h"

namespace swivel::cli {

namespace {

struct StepOptions {
    std::string file;
    std::vector<std::string> events;
};

// One compact line; the keys in this order (a JSON object would sort them).
void printStep(std::ostream& out, const model::Event* event,
               const model::CompiledMachine& machine, const model::StepResult& result) {
    nlohmann::json actions = nlohmann::json::array();
    for (const model::EmittedAction& action : result.actions)
        actions.push_back(model::actionToJson(action));
    const nlohmann::json name = event ? nlohmann::json(event->name) : nlohmann::json(nullptr);
    const nlohmann::json configuration =
        model::activeAtomicStates(machine, result.configuration);
    out << R"({"event":)" << name.dump() << R"(,"configuration":)" << configuration.dump()
        << R"(,"actions":)" << actions.dump() << "}\n";
}

ExitCode stepFile(const StepOptions& options, Io io) {
    const app::CheckedFile checked = app::checkMachineFile(options.file);
    if (checked.unreadable || checked.hasErrors() || !checked.load.machine) {
        printDiagnostics(io.out, options.file, checked.diagnostics);
        return checked.unreadable ? ExitCode::Usage : ExitCode::Errors;
    }
    const model::Machine& machine = *checked.load.machine;

    const model::DeviceType* device = model::DeviceCatalog::builtin().findDevice(machine.deviceType);
    std::vector<model::Event> events;
    for (const std::string& argument : options.events) {
        std::string error;
        std::optional<model::Event> event = parseEventArgument(argument, device, error);
        if (!event) {
            io.err << "swivel-cli step: " << error << '\n';
            return ExitCode::Usage;
        }
        events.push_back(std::move(*event));
    }

    std::vector<model::Diagnostic> compileDiagnostics;
    const auto compiled = model::CompiledMachine::compile(machine, &compileDiagnostics);
    if (!compiled) {
        for (model::Diagnostic& diagnostic : compileDiagnostics)
            checked.load.sourceMap.locate(diagnostic);
        printDiagnostics(io.out, options.file, compileDiagnostics);
        return ExitCode::Errors;
    }

    model::StepResult result = model::start(*compiled);
    printStep(io.out, nullptr, *compiled, result);
    for (const model::Event& event : events) {
        result = model::step(*compiled, result.configuration, event);
        printStep(io.out, &event, *compiled, result);
    }
    return ExitCode::Ok;
}

} // namespace

void addStepCommand(CLI::App& app, Io io, ExitCode& result) {
    auto options = std::make_shared<StepOptions>();
    CLI::App* command =
        app.add_subcommand("step", "Start a machine, feed it events and print each step");
    command->footer(
        "Prints one JSON object per line, the start first:\n"
        "  {\"event\": null|NAME, \"configuration\": [active atomic states], \"actions\": [...]}\n"
        "Example: swivel-cli step camera.swivel.json 'Motion={\"Bearing\":90}' MoveDone FocusDone\n"
        "Exit status: 0 done, 1 the machine has errors, 2 unusable arguments or file.");
    command->add_option("FILE", options->file, "the *.swivel.json machine")->required();
    command->add_option("EVENT", options->events,
                        "events in order, each NAME or NAME=JSON with the tags as a JSON "
                        "object, e.g. 'Motion={\"Bearing\":90}'");
    command->callback([options, io, &result] { result = stepFile(*options, io); });
}

} // namespace swivel::cli
