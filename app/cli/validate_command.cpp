#include "cli/validate_command.h"

#include <memory>
#include <string>
#include <vector>

#include "cli/diagnostic_format.h"
#include "common/machine_check.h"

namespace swivel::cli {

namespace {

struct ValidateOptions {
    std::vector<std::string> files;
    bool json = false;
};

ExitCode validateFiles(const ValidateOptions& options, Io io) {
    ExitCode result = ExitCode::Ok;
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const std::string& file : options.files) {
        const app::CheckedFile checked = app::checkMachineFile(file);
        if (options.json)
            appendDiagnosticsJson(array, file, checked.diagnostics);
        else
            printDiagnostics(io.out, file, checked.diagnostics);
        if (checked.unreadable)
            result = ExitCode::Usage;
        else if (checked.hasErrors() && result == ExitCode::Ok)
            result = ExitCode::Errors;
    }
    if (options.json)
        io.out << array.dump(2) << '\n';
    return result;
}

} // namespace

void addValidateCommand(CLI::App& app, Io io, ExitCode& result) {
    auto options = std::make_shared<ValidateOptions>();
    CLI::App* command =
        app.add_subcommand("validate", "Check machine files and print their problems");
    command->footer("Prints one line per problem, FILE:LINE:COL: error|warning: CODE: message,\n"
                    "and nothing for a clean file. Exit status: 0 no errors, 1 errors,\n"
                    "2 unusable arguments or unreadable files.");
    command->add_option("FILE", options->files, "*.swivel.json files to check")->required();
    command->add_flag("--json", options->json,
                      "print the diagnostics as a JSON array of {file, line, column, severity, "
                      "code, element, field, message}");
    command->callback([options, io, &result] { result = validateFiles(*options, io); });
}

} // namespace swivel::cli
