#include "cli/diagnostic_format.h"

namespace swivel::cli {

void printDiagnostics(std::ostream& out, const std::string& file,
                      const std::vector<model::Diagnostic>& diagnostics) {
    for (const model::Diagnostic& d : diagnostics) {
        out << file << ':';
        if (d.line > 0)
            out << d.line << ':' << (d.column > 0 ? d.column : 1) << ':';
        out << ' ' << model::severityName(d.severity) << ": " << d.code << ": " << d.message
            << '\n';
    }
}

void appendDiagnosticsJson(nlohmann::ordered_json& array, const std::string& file,
                           const std::vector<model::Diagnostic>& diagnostics) {
    for (const model::Diagnostic& d : diagnostics) {
        nlohmann::ordered_json object;
        object["file"] = file;
        object["line"] = d.line;
        object["column"] = d.column;
        object["severity"] = std::string(model::severityName(d.severity));
        object["code"] = d.code;
        object["element"] = d.elementId;
        object["field"] = d.field;
        object["message"] = d.message;
        array.push_back(std::move(object));
    }
}

} // namespace swivel::cli
