#pragma once
// Checks a generated JSON document against a JSON schema of resources/schemas/
// (SchemaStore's host.json and function.json) with valijson. Draft-07 rules for every
// schema: function.json declares draft-04 but relies on draft-06's `const`, and a
// strict draft-04 reading rejects every real function.json (resources/schemas/README.md).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace swivel::codegen {

struct SchemaViolation {
    std::string pointer; // JSON pointer (RFC 6901) into the document; "" = the document
    std::string message; // what is wrong there, with the offending value when it is short
};

struct SchemaCheck {
    std::string schemaError;                 // the schema could not be read or parsed
    std::vector<SchemaViolation> violations; // most specific first (see schema_check.cpp)
    bool valid() const { return schemaError.empty() && violations.empty(); }
};

// <resources>/schemas/<fileName>, e.g. schemaPath("function.json").
std::string schemaPath(const std::string& fileName);

// Validates `document` against the schema in `schemaFile` (parsed once per path and
// kept: the schemas are read-only data files).
SchemaCheck checkAgainstSchema(const nlohmann::json& document, const std::string& schemaFile);

// "at /bindings/0/cardinality: ..." for the most specific violation (the others are
// mostly the branches of a oneOf the document never meant), or the schema's problem.
std::string describeFirstProblem(const SchemaCheck& check);

} // namespace swivel::codegen
