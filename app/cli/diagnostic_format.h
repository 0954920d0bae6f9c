#pragma once
// How swivel-cli writes diagnostics: one `FILE:LINE:COL: error|warning: CODE: message`
// line each (the form editors and CI logs understand), or JSON objects
// {file, line, column, severity, code, element, field, message}.

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/diagnostic.h"

namespace swivel::cli {

void printDiagnostics(std::ostream& out, const std::string& file,
                      const std::vector<model::Diagnostic>& diagnostics);

// Appends one object per diagnostic to `array`.
void appendDiagnosticsJson(nlohmann::ordered_json& array, const std::string& file,
                           const std::vector<model::Diagnostic>& diagnostics);

} // namespace swivel::cli
