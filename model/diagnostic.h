#pragma once
// A problem found in a file or a model: what the loader, the validator and the
// expression checker report. The element id and field say where in the model; line
// and column (1-based, 0 = unknown) say where in the file, once a SourceMap has
// located the diagnostic.

#include <string>
#include <vector>

namespace swivel::model {

enum class Severity { Error, Warning };

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string code;       // stable, e.g. "SW101"; listed in docs/diagnostics.md
    std::string elementId;  // state, transition or variable id; empty for the file itself
    std::string field;      // path below the element, e.g. "guard" or "actions/0/args/Bearing"
    std::string message;
    int offset = -1;        // position inside an expression field, when known
    int line = 0;
    int column = 0;

    bool operator==(const Diagnostic&) const = default;
};

std::string_view severityName(Severity severity);  // "error" / "warning"
bool hasErrors(const std::vector<Diagnostic>& diagnostics);

} // namespace swivel::model
