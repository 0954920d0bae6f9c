#include "cli/import_command.h"

#include <memory>
#include <string>

#include "cli/diagnostic_format.h"
#include "codegen/scxml_import.h"
#include "model/machine_file.h"

namespace swivel::cli {

namespace {

struct ImportOptions {
    std::string file;
    std::string output;
};

ExitCode importFile(const ImportOptions& options, Io io) {
    const codegen::ScxmlImport imported = codegen::importScxmlFile(options.file);
    printDiagnostics(io.err, options.file, imported.diagnostics);
    if (!imported.machine)
        return ExitCode::Usage;
    std::string error;
    if (!model::saveMachineFile(*imported.machine, options.output, &error)) {
        io.err << "swivel-cli: cannot write " << options.output << ": " << error << '\n';
        return ExitCode::Usage;
    }
    return model::hasErrors(imported.diagnostics) ? ExitCode::Errors : ExitCode::Ok;
}

} // namespace

void addImportCommand(CLI::App& app, Io io, ExitCode& result) {
    auto options = std::make_shared<ImportOptions>();
    CLI::App* command =
        app.add_subcommand("import", "Read an SCXML document into a Swivel machine file");
    command->footer(
        "Prints what the machine cannot represent as FILE:LINE:COL: error|warning: CODE:\n"
        "message. Exit status: 0 imported, 1 imported without what the errors name,\n"
        "2 unreadable or not SCXML, or the output cannot be written.");
    command->add_option("FILE", options->file, "the .scxml document")->required();
    command->add_option("-o,--output", options->output, "the .swivel.json file to write")
        ->required();
    command->callback([options, io, &result] { result = importFile(*options, io); });
}

} // namespace swivel::cli
