#pragma once
// Compiles an expression of Swivel's expression language to one C++ expression of
// type statechart::Value over the generated runtime (statechart/operators.h), with
// exactly the interpreter's results and error messages: operands are evaluated left
// to right, && and || short-circuit, a missing tag or an unknown variable throws.

#include <functional>
#include <string>

#include "model/expression.h"

namespace swivel::codegen {

struct ExpressionNames {
    // The index of a declared variable (the first of equal names), or -1.
    std::function<int(const std::string&)> variable;
    // The index of a state for in(...), or -1 when there is none such.
    std::function<int(const std::string&)> state;
};

// `r` is the statechart::Run the code runs in. An empty or broken expression compiles
// to code that throws the interpreter's error for it.
std::string compileExpressionToCpp(const model::Expression& expression,
                                   const ExpressionNames& names);

// A value as code: ops::integer(std::int64_t{90}), ops::text("..."), ...
std::string cppValueLiteral(const model::Value& value);

} // namespace swivel::codegen
