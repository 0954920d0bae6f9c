#include "cli/generate_command.h"

#include <filesystem>
#include <memory>
#include <string>

#include "cli/diagnostic_format.h"
#include "codegen/generator.h"
#include "codegen/write_file_set.h"
#include "common/machine_check.h"
#include "model/device_catalog.h"

namespace swivel::cli {

namespace {

constexpr const char* kPrefix = "swivel-cli generate: ";

struct GenerateOptions {
    std::string file;
    std::string target;
    std::string output;
    bool force = false;
};

std::string knownTargets() {
    std::string result;
    for (const std::string& id : codegen::GeneratorRegistry::builtin().ids())
        result += (result.empty() ? "" : ", ") + id;
    return result;
}

std::string shown(const std::string& directory, const std::string& path) {
    return (std::filesystem::path(directory) / path).string();
}

// Writes the generated files, or says which files it will not overwrite and why.
ExitCode writeOut(const codegen::FileSet& files, const std::string& target,
                  const GenerateOptions& options, Io io) {
    const codegen::WriteResult result =
        codegen::writeFileSet(files, options.output, target, options.force);
    for (const std::string& warning : result.warnings)
        io.err << kPrefix << warning << '\n';
    if (!result.conflicts.empty()) {
        bool forceable = false;
        for (const codegen::WriteConflict& conflict : result.conflicts) {
            io.err << kPrefix << "not overwriting " << shown(options.output, conflict.path)
                   << ": it " << conflict.reason << '\n';
            forceable = forceable || conflict.forceable;
        }
        io.err << kPrefix << "nothing was written"
               << (forceable ? "; --force replaces such files" : "") << '\n';
        return ExitCode::Errors;
    }
    for (const std::string& path : result.written)
        io.out << "wrote " << shown(options.output, path) << '\n';
    if (!result.error.empty()) {
        io.err << kPrefix << result.error << '\n';
        return ExitCode::Usage;
    }
    io.out << options.output << ": " << result.written.size() << " written, "
           << result.unchanged.size() << " unchanged\n";
    return ExitCode::Ok;
}

ExitCode generate(const GenerateOptions& options, Io io) {
    // The target first, so that a typo costs no loading.
    const auto& registry = codegen::GeneratorRegistry::builtin();
    const codegen::Generator* generator =
        options.target.empty() ? registry.defaultGenerator() : registry.find(options.target);
    if (!generator) {
        io.err << kPrefix << "unknown target '" << options.target
               << "'; known targets: " << knownTargets() << '\n';
        return ExitCode::Usage;
    }

    app::CheckedFile checked = app::checkMachineFile(options.file);
    printDiagnostics(io.err, options.file, checked.diagnostics);
    if (checked.unreadable)
        return ExitCode::Usage;
    if (checked.hasErrors() || !checked.load.machine) {
        io.err << kPrefix << "nothing generated: " << options.file << " has errors\n";
        return ExitCode::Errors;
    }

    codegen::GeneratorOutput generated =
        generator->generate({*checked.load.machine, model::DeviceCatalog::builtin()});
    for (model::Diagnostic& diagnostic : generated.diagnostics)
        checked.load.sourceMap.locate(diagnostic);
    printDiagnostics(io.err, options.file, generated.diagnostics);
    if (model::hasErrors(generated.diagnostics)) {
        io.err << kPrefix << "nothing generated: the " << generator->id()
               << " generator reported errors\n";
        return ExitCode::Errors;
    }
    return writeOut(generated.files, generator->id(), options, io);
}

} // namespace

void addGenerateCommand(CLI::App& app, Io io, ExitCode& result) {
    auto options = std::make_shared<GenerateOptions>();
    CLI::App* command = app.add_subcommand(
        "generate", "Generate a deployable project (by default an Azure Functions handler)");
    command->footer(
        "Targets: " + knownTargets() +
        " (the first is the default).\n"
        "DIR keeps a manifest of what was written (" +
        std::string(codegen::kManifestFileName) +
        "). A later run\n"
        "replaces only files unchanged since; a file changed by hand (or not written by\n"
        "swivel) is named and left alone, and then nothing is written, unless --force.\n"
        "Files the new project no longer has are left alone.\n"
        "Example:\n"
        "  swivel-cli generate camera.swivel.json -o out/\n"
        "Exit status: 0 written, 1 the file has errors or a file was changed by hand,\n"
        "2 unusable arguments, an unreadable FILE or an unwritable DIR.");
    command->add_option("FILE", options->file, "the *.swivel.json machine")->required();
    command
        ->add_option("-t,--target", options->target,
                     "what to generate: " + knownTargets() +
                         " (default: " + codegen::GeneratorRegistry::builtin().ids().front() + ")")
        ->type_name("TARGET");
    command->add_option("-o,--output", options->output, "the folder to write into")
        ->type_name("DIR")
        ->required();
    command->add_flag("--force", options->force,
                      "also overwrite files changed by hand since they were generated");
    command->callback([options, io, &result] { result = generate(*options, io); });
}

} // namespace swivel::cli
