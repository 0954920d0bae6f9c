#pragma once
// Diagnostic codes of the code generators (SW2xx), beside the loader's SW0xx and the
// validator's SW1xx in model/diagnostic_codes.h. Never renumber a code: users grep
// for them. docs/codegen.md explains each.

namespace swivel::codegen::codes {

// A generated JSON file does not match its published schema (host.json, function.json).
inline constexpr const char* SchemaViolation = "SW201";
// A template is missing, does not parse, names a value the generator does not give,
// or renders a JSON file that is not JSON.
inline constexpr const char* TemplateError = "SW202";
// A schema file of resources/schemas/ is missing or is not a usable JSON schema.
inline constexpr const char* SchemaUnusable = "SW203";

} // namespace swivel::codegen::codes
