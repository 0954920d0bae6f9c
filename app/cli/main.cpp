// swivel-cli: a thin main over swivel::cli::run(). Built with the GUI part, it lends
// `export` the canvas for PNG and SVG (swivel_cli_lib itself has no Qt).

#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.h"

#ifdef SWIVEL_CLI_RENDERS_DIAGRAMS
#include "render/machine_diagram.h"

namespace {

std::optional<std::string> renderDiagram(const swivel::model::Machine& machine,
                                         const std::string& format, double scale,
                                         std::string& error) {
    using swivel::render::DiagramFormat;
    if (format != "png" && format != "svg") {
        error = "no renderer for " + format;
        return std::nullopt;
    }
    swivel::render::DiagramOptions options;
    options.scale = scale;
    QString message;
    const QByteArray image = swivel::render::renderMachineDiagram(
        machine, format == "svg" ? DiagramFormat::Svg : DiagramFormat::Png, options, &message);
    if (image.isEmpty()) {
        error = message.toStdString();
        return std::nullopt;
    }
    return image.toStdString();
}

} // namespace
#endif

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
#ifdef SWIVEL_CLI_RENDERS_DIAGRAMS
    return swivel::cli::run(args, std::cout, std::cerr, renderDiagram);
#else
    return swivel::cli::run(args, std::cout, std::cerr);
#endif
}
