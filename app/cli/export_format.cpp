#include "cli/export_format.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace swivel::cli {

namespace {

std::string lowerCase(std::string_view text) {
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return result;
}

} // namespace

const std::vector<ExportFormat>& exportFormats() {
    static const std::vector<ExportFormat> formats{
        {"png", {".png"}, ExportKind::Image, "PNG image of the diagram as the designer draws it"},
        {"svg", {".svg"}, ExportKind::Image, "SVG image of the diagram as the designer draws it"},
        {"dot", {".dot", ".gv"}, ExportKind::Text, "Graphviz DOT source"},
        {"mermaid", {".mmd"}, ExportKind::Text, "Mermaid stateDiagram-v2 (for Markdown)"},
        {"scxml", {".scxml"}, ExportKind::Text, "W3C SCXML 1.0 (Qt SCXML, Qt Creator)"},
    };
    return formats;
}

const ExportFormat* findExportFormat(std::string_view id) {
    const std::string wanted = lowerCase(id);
    for (const ExportFormat& format : exportFormats())
        if (format.id == wanted)
            return &format;
    return nullptr;
}

const ExportFormat* exportFormatForPath(std::string_view path) {
    const std::string extension = lowerCase(std::filesystem::path(path).extension().string());
    if (extension.empty())
        return nullptr;
    for (const ExportFormat& format : exportFormats())
        if (std::find(format.extensions.begin(), format.extensions.end(), extension) !=
            format.extensions.end())
            return &format;
    return nullptr;
}

std::string exportFormatIds() {
    std::string result;
    for (const ExportFormat& format : exportFormats())
        result += (result.empty() ? "" : ", ") + format.id;
    return result;
}

std::string exportFormatExtensions() {
    std::string result;
    for (const ExportFormat& format : exportFormats())
        for (const std::string& extension : format.extensions)
            result += (result.empty() ? "" : " ") + extension;
    return result;
}

} // namespace swivel::cli
