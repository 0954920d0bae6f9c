#pragma once
// Translation between Swivel's expression language and the simple ECMAScript that
// SCXML's ecmascript data model evaluates, token by token so that the spacing and
// parentheses a user wrote survive both ways:
//   event.Tag   <->  _event.data.Tag
//   in(State)   <->  In('State')
//   "text"      <->  "text" (ECMAScript's 'text' is read too)
//   == != < <= > >= && || ! + - * / %, numbers, true, false, variable names: as they are
//                <-  === and !== read as == and != (operands of one type compare alike)
//   a / b       <->  Math.trunc(a / b) where a and b are integers (Swivel truncates)
// Anything else in ECMAScript (calls, member access, assignment, ?:, null, ...) is
// refused with the offset of the first token Swivel cannot say.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model/machine.h"

namespace swivel::codegen {

// A byte range [begin, end) of an expression's text.
struct TextSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
};

// The divisions of `swivel`, by the types of `variables`, each list ordered by where
// they begin, the outer of two that begin together first.
struct Divisions {
    // Of two integers: Swivel's `/` truncates there and ECMAScript's does not.
    std::vector<TextSpan> integer;
    // Of a type not known here (they read an event tag): integers, perhaps.
    std::vector<TextSpan> untyped;
};
Divisions divisionsOf(std::string_view swivel, const std::vector<model::Variable>& variables);
// Whether `swivel` as a whole (spaces aside) is one of those divisions.
bool isIntegerDivision(std::string_view swivel, const std::vector<model::Variable>& variables);

// Swivel text to ECMAScript, each of `truncated` (Divisions::integer) written as
// Math.trunc(...). Never fails: a broken Swivel expression is carried over as it is
// (the export then keeps the original text beside it, see scxml_generator.h).
std::string swivelToEcmaScript(std::string_view swivel,
                               const std::vector<TextSpan>& truncated = {});

struct EcmaScriptImport {
    bool ok = false;
    std::string text;        // Swivel expression text when ok
    std::size_t offset = 0;  // where in the ECMAScript the first problem is, when not ok
    std::string message;     // what the problem is, when not ok
};

// ECMAScript to Swivel. `isVariable` says which plain names are data model variables;
// any other name is refused. Math.trunc(x) is read as x when `isIntegerDivision` says
// that x, in Swivel, divides two integers (what Swivel's `/` truncates), and refused
// otherwise. The result also parses as a Swivel expression.
EcmaScriptImport ecmaScriptToSwivel(
    std::string_view ecma, const std::function<bool(std::string_view)>& isVariable,
    const std::function<bool(std::string_view)>& isIntegerDivision = {});

// True for ECMAScript reserved words and the names the SCXML ecmascript data model
// reserves (_event, _sessionid, _name, _ioprocessors, _x, In): such a Swivel variable
// name cannot be exported as it is.
bool isReservedEcmaScriptName(std::string_view name);

} // namespace swivel::codegen
