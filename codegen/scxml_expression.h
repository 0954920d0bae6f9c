#pragma once
// Translation between Swivel's expression language and the simple ECMAScript that
// SCXML's ecmascript data model evaluates, token by token so that the spacing and
// parentheses a user wrote survive both ways:
//   event.Tag   <->  _event.data.Tag
//   in(State)   <->  In('State')
//   "text"      <->  "text" (ECMAScript's 'text' is read too)
//   == != < <= > >= && || ! + - * / %, numbers, true, false, variable names: as they are
//                <-  === and !== read as == and != (operands of one type compare alike)
// Anything else in ECMAScript (calls, member access, assignment, ?:, null, ...) is
// refused with the offset of the first token Swivel cannot say.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace swivel::codegen {

// Swivel text to ECMAScript. Never fails: a broken Swivel expression is carried over
// as it is (the export then keeps the original text beside it, see scxml_generator.h).
std::string swivelToEcmaScript(std::string_view swivel);

struct EcmaScriptImport {
    bool ok = false;
    std::string text;        // Swivel expression text when ok
    std::size_t offset = 0;  // where in the ECMAScript the first problem is, when not ok
    std::string message;     // what the problem is, when not ok
};

// ECMAScript to Swivel. `isVariable` says which plain names are data model variables;
// any other name is refused. The result also parses as a Swivel expression.
EcmaScriptImport ecmaScriptToSwivel(std::string_view ecma,
                                    const std::function<bool(std::string_view)>& isVariable);

// True for ECMAScript reserved words and the names the SCXML ecmascript data model
// reserves (_event, _sessionid, _name, _ioprocessors, _x, In): such a Swivel variable
// name cannot be exported as it is.
bool isReservedEcmaScriptName(std::string_view name);

} // namespace swivel::codegen
