#include "cli/export_command.h"

#include <algorithm>
#include <memory>
#include <string>

#include "cli/diagnostic_format.h"
#include "cli/export_format.h"
#include "model/atomic_file.h"
#include "codegen/generator.h"
#include "model/device_catalog.h"
#include "model/diagnostic_codes.h"
#include "model/machine_file.h"

namespace swivel::cli {

namespace {

constexpr const char* kPrefix = "swivel-cli export: ";
constexpr const char* kStandardOutput = "-";

struct ExportOptions {
    std::string file;
    std::string format;
    std::string output;
    double scale = 1.0;
    const CLI::Option* scaleOption = nullptr; // whether --scale was given
};

// The format asked for, or null after saying why there is none.
const ExportFormat* chooseFormat(const ExportOptions& options, Io io) {
    if (!options.format.empty()) {
        const ExportFormat* format = findExportFormat(options.format);
        if (!format)
            io.err << kPrefix << "unknown format '" << options.format
                   << "'; use one of: " << exportFormatIds() << '\n';
        return format;
    }
    if (options.output == kStandardOutput) {
        io.err << kPrefix << "give --format when writing to standard output (-o -); one of: "
               << exportFormatIds() << '\n';
        return nullptr;
    }
    const ExportFormat* format = exportFormatForPath(options.output);
    if (!format)
        io.err << kPrefix << "cannot tell the format from '" << options.output
               << "'; give --format (" << exportFormatIds() << ") or name the file "
               << exportFormatExtensions() << '\n';
    return format;
}

std::string textFormatIds() {
    std::string result;
    for (const ExportFormat& format : exportFormats())
        if (format.kind == ExportKind::Text)
            result += (result.empty() ? "" : ", ") + format.id;
    return result;
}

// The loaded file (with its machine), or nullopt after printing the loader's
// diagnostics and setting `status`.
std::optional<model::LoadResult> loadMachine(const std::string& file, Io io, ExitCode& status) {
    model::LoadResult load = model::loadMachineFile(file);
    if (load.machine && !model::hasErrors(load.diagnostics))
        return load;
    printDiagnostics(io.err, file, load.diagnostics);
    const bool unreadable = std::any_of(
        load.diagnostics.begin(), load.diagnostics.end(),
        [](const model::Diagnostic& d) { return d.code == model::codes::FileUnreadable; });
    status = unreadable ? ExitCode::Usage : ExitCode::Errors;
    return std::nullopt;
}

// The text of a Text format, or nullopt after printing why and setting `status`.
std::optional<std::string> generateText(const ExportFormat& format, const model::LoadResult& load,
                                        const ExportOptions& options, Io io, ExitCode& status) {
    const codegen::Generator* generator = codegen::GeneratorRegistry::builtin().find(format.id);
    if (!generator) {
        io.err << kPrefix << format.id << " is not available in this build\n";
        status = ExitCode::Usage;
        return std::nullopt;
    }
    codegen::GeneratorOutput generated =
        generator->generate({*load.machine, model::DeviceCatalog::builtin()});
    if (model::hasErrors(generated.diagnostics)) {
        for (model::Diagnostic& diagnostic : generated.diagnostics)
            load.sourceMap.locate(diagnostic);
        printDiagnostics(io.err, options.file, generated.diagnostics);
        status = ExitCode::Errors;
        return std::nullopt;
    }
    if (generated.files.size() != 1) {
        io.err << kPrefix << "the " << format.id << " generator made " << generated.files.size()
               << " files; export writes exactly one\n";
        status = ExitCode::Usage;
        return std::nullopt;
    }
    return generated.files.files().begin()->second;
}

std::optional<std::string> drawImage(const ExportFormat& format, const model::Machine& machine,
                                     const ExportOptions& options,
                                     const DiagramRenderer& renderDiagram, Io io,
                                     ExitCode& status) {
    std::string error;
    std::optional<std::string> image = renderDiagram(machine, format.id, options.scale, error);
    if (!image) {
        io.err << kPrefix << "cannot draw the " << format.id << " image: " << error << '\n';
        status = ExitCode::Usage;
    }
    return image;
}

ExitCode exportFile(const ExportOptions& options, const DiagramRenderer& renderDiagram, Io io) {
    // Arguments first, so that a typo costs no loading and no drawing.
    const ExportFormat* format = chooseFormat(options, io);
    if (!format)
        return ExitCode::Usage;
    if (format->kind == ExportKind::Image && !renderDiagram) {
        io.err << kPrefix << format->id
               << " is not available in this build (swivel-cli was built without the Qt GUI "
                  "part, SWIVEL_BUILD_GUI=OFF); available: "
               << textFormatIds() << '\n';
        return ExitCode::Usage;
    }
    if (options.scaleOption && options.scaleOption->count() > 0 && format->id != "png") {
        io.err << kPrefix << "--scale applies to png only\n";
        return ExitCode::Usage;
    }

    ExitCode status = ExitCode::Ok;
    const std::optional<model::LoadResult> load = loadMachine(options.file, io, status);
    if (!load)
        return status;
    const std::optional<std::string> contents =
        format->kind == ExportKind::Text
            ? generateText(*format, *load, options, io, status)
            : drawImage(*format, *load->machine, options, renderDiagram, io, status);
    if (!contents)
        return status;

    if (options.output == kStandardOutput) {
        io.out.write(contents->data(), static_cast<std::streamsize>(contents->size()));
        io.out.flush();
        if (!io.out) { // e.g. a closed pipe
            io.err << kPrefix << "cannot write to standard output\n";
            return ExitCode::Usage;
        }
        return ExitCode::Ok;
    }
    std::string error;
    if (!model::writeFileAtomically(options.output, *contents, error)) {
        io.err << kPrefix << error << '\n';
        return ExitCode::Usage;
    }
    return ExitCode::Ok;
}

std::string formatHelp() {
    std::string help = "Formats (--format, or OUT's extension):\n";
    for (const ExportFormat& format : exportFormats()) {
        std::string extensions;
        for (const std::string& extension : format.extensions)
            extensions += (extensions.empty() ? "" : " ") + extension;
        std::string line = "  " + format.id;
        line.resize(std::max<std::size_t>(line.size() + 1, 12), ' ');
        line += extensions;
        line.resize(std::max<std::size_t>(line.size() + 1, 24), ' ');
        help += line + format.description + '\n';
    }
    return help;
}

} // namespace

void addExportCommand(CLI::App& app, Io io, DiagramRenderer renderDiagram, ExitCode& result) {
    auto options = std::make_shared<ExportOptions>();
    CLI::App* command = app.add_subcommand(
        "export", "Write a machine's diagram as PNG or SVG, or as DOT or Mermaid text");
    command->footer(formatHelp() +
                    "PNG and SVG look like the designer's canvas and need no display.\n"
                    "Examples:\n"
                    "  swivel-cli export camera.swivel.json -o camera.png\n"
                    "  swivel-cli export camera.swivel.json --format mermaid -o -\n"
                    "Exit status: 0 written, 1 the file has errors, 2 unusable arguments,\n"
                    "an unreadable file or an unwritable OUT (which is then left as it was).");
    command->add_option("FILE", options->file, "the *.swivel.json machine")->required();
    command
        ->add_option("-f,--format", options->format,
                     "one of " + exportFormatIds() + " (default: from OUT's extension)")
        ->type_name("FORMAT");
    command
        ->add_option("-o,--output", options->output,
                     "the file to write (replaced atomically), or - for standard output")
        ->type_name("OUT")
        ->required();
    options->scaleOption =
        command
            ->add_option("--scale", options->scale,
                         "PNG size factor, 0.1 to 8 (default 1: 100 %, as on the canvas)")
            ->type_name("FACTOR")
            ->check(CLI::Range(0.1, 8.0));
    command->callback([options, renderDiagram = std::move(renderDiagram), io, &result] {
        result = exportFile(*options, renderDiagram, io);
    });
}

} // namespace swivel::cli
