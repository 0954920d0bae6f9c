#pragma once
// Private to the model library: the interpreter's entry point for the stepper's hot
// loop. Expression::evaluate builds a fresh EvalResult per call; a machine stepping a
// million events a second evaluates into values it keeps between steps instead.

#include <string>

#include "expression.h"
#include "value.h"

namespace swivel::model::detail {

// Evaluates `expression` into `out`, the same value Expression::evaluate gives; a string
// result is assigned into a string `out` already holds, so that its capacity is reused.
// False, with `error` set (out is then unspecified), on an evaluation error, an empty
// expression or a broken one, with the message Expression::evaluate gives.
bool evaluateInto(const Expression& expression, const EvalContext& context, Value& out,
                  std::string& error);

} // namespace swivel::model::detail
