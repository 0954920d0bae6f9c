#pragma once
// The formats `swivel-cli export` writes, one row each. Text formats are made by the
// code generator of the same id (codegen::GeneratorRegistry); image formats are drawn
// by the DiagramRenderer the executable installs (see cli.h). A new format is one more
// row in exportFormats() (and, for a text format, its generator).

#include <string>
#include <string_view>
#include <vector>

namespace swivel::cli {

enum class ExportKind {
    Text,  // one file from the codegen generator with this id
    Image, // drawn like the canvas; needs the GUI part of the build
};

struct ExportFormat {
    std::string id;                      // what --format takes: "png"
    std::vector<std::string> extensions; // lower case, with the dot; the first is usual
    ExportKind kind;
    std::string description; // one line for --help
};

const std::vector<ExportFormat>& exportFormats();

// By id, ignoring case; null when there is none.
const ExportFormat* findExportFormat(std::string_view id);
// By the extension of `path`, ignoring case ("camera.SVG"); null when none matches.
const ExportFormat* exportFormatForPath(std::string_view path);

// "png, svg, dot, mermaid" and ".png .svg .dot .gv .mmd", for messages.
std::string exportFormatIds();
std::string exportFormatExtensions();

} // namespace swivel::cli
