#pragma once
// The operators of Swivel's expression language on Values, for the guards, arguments
// and assignments machine.cpp compiles. Each gives exactly what Swivel's emulator
// gives, errors included: int arithmetic wraps (two's complement), an int meeting a
// double becomes a double, and a type mismatch or a division by zero throws
// EvaluationError with the emulator's message.

#include <cstdint>
#include <string>

#include "statechart/value.h"

namespace statechart::ops {

inline Value integer(std::int64_t v) { return Value{v}; }
inline Value real(double v) { return Value{v}; }
inline Value boolean(bool v) { return Value{v}; }
inline Value text(const char* v) { return Value{std::string(v)}; }

// The two operands of a binary operator, braced at the call (`ops::add({a, b})`): a
// braced list is evaluated left to right, function arguments are not, and which
// operand fails first decides the error message.
struct Operands {
    Value left;
    Value right;
};

Value add(const Operands& o);
Value sub(const Operands& o);
Value mul(const Operands& o);
Value div(const Operands& o);
Value mod(const Operands& o);
Value eq(const Operands& o);
Value ne(const Operands& o);
Value lt(const Operands& o);
Value le(const Operands& o);
Value gt(const Operands& o);
Value ge(const Operands& o);
Value negate(const Value& a);
Value logicalNot(const Value& a);
// An operand of && or ||: its bool, or EvaluationError naming the operator. Written
// `Value{truth(a, "&&") && truth(b, "&&")}` so that C++ short-circuits as the
// language does.
bool truth(const Value& a, const char* op);
// An expression that can only fail (an unknown variable, say): throws its message.
[[noreturn]] Value fail(const char* message);

} // namespace statechart::ops
