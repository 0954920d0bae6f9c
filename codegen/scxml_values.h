#pragma once
// Values as SCXML spells them, shared by the SCXML export and import: the literal of a
// variable's initial value in <data expr> (its type is read back from the literal),
// and the numbers of layout attributes. Both directions are exact: the shortest
// decimal that reads back to the same double.

#include <optional>
#include <string>
#include <string_view>

#include "model/value.h"

namespace swivel::codegen {

// 0, -3, 0.0, 1.5e+300, true, "text" (an ECMAScript string literal).
std::string ecmaScriptLiteral(const model::Value& value);
// The value of a literal ecmaScriptLiteral() writes, also 'text'; nullopt for anything
// else (an expression, a name): its type cannot be inferred.
std::optional<model::Value> valueOfEcmaScriptLiteral(std::string_view literal);

std::string formatNumber(double value);                    // shortest exact decimal
std::optional<double> parseNumber(std::string_view text);  // the whole text, or nullopt

} // namespace swivel::codegen
