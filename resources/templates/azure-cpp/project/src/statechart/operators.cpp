#include "statechart/operators.h"

namespace statechart::ops {

namespace {

bool isInt(const Value& v) { return std::holds_alternative<std::int64_t>(v); }
bool isNumber(const Value& v) { return isInt(v) || std::holds_alternative<double>(v); }
std::int64_t asInt(const Value& v) { return std::get<std::int64_t>(v); }
double asDouble(const Value& v) {
    return isInt(v) ? static_cast<double>(asInt(v)) : std::get<double>(v);
}
// Int arithmetic in uint64_t, where overflow wraps by definition.
std::int64_t wrap(std::uint64_t v) { return static_cast<std::int64_t>(v); }
std::uint64_t bits(std::int64_t v) { return static_cast<std::uint64_t>(v); }

[[noreturn]] void typeError(const char* op, const Value& a) {
    throw EvaluationError(std::string("'") + op + "' cannot take " + typeName(a));
}
[[noreturn]] void typeError(const char* op, const Value& a, const Value& b) {
    throw EvaluationError(std::string("'") + op + "' cannot take " + typeName(a) + " and " +
                          typeName(b));
}

bool bothInts(const Value& a, const Value& b) { return isInt(a) && isInt(b); }
bool bothNumbers(const Value& a, const Value& b) { return isNumber(a) && isNumber(b); }

template <typename Compare> Value order(const char* op, const Value& a, const Value& b, Compare c) {
    if (!bothNumbers(a, b))
        typeError(op, a, b);
    return bothInts(a, b) ? Value{c(asInt(a), asInt(b))} : Value{c(asDouble(a), asDouble(b))};
}

bool equal(const Value& a, const Value& b) {
    if (bothInts(a, b))
        return asInt(a) == asInt(b);
    if (bothNumbers(a, b))
        return asDouble(a) == asDouble(b);
    if (a.index() == b.index() && !isNumber(a))
        return a == b;
    throw EvaluationError(std::string("cannot compare ") + typeName(a) + " with " + typeName(b));
}

} // namespace

Value add(const Operands& o) {
    const Value& a = o.left;
    const Value& b = o.right;
    if (bothInts(a, b))
        return wrap(bits(asInt(a)) + bits(asInt(b)));
    if (bothNumbers(a, b))
        return asDouble(a) + asDouble(b);
    if (std::holds_alternative<std::string>(a) && std::holds_alternative<std::string>(b))
        return std::get<std::string>(a) + std::get<std::string>(b);
    typeError("+", a, b);
}

Value sub(const Operands& o) {
    const Value& a = o.left;
    const Value& b = o.right;
    if (bothInts(a, b))
        return wrap(bits(asInt(a)) - bits(asInt(b)));
    if (bothNumbers(a, b))
        return asDouble(a) - asDouble(b);
    typeError("-", a, b);
}

Value mul(const Operands& o) {
    const Value& a = o.left;
    const Value& b = o.right;
    if (bothInts(a, b))
        return wrap(bits(asInt(a)) * bits(asInt(b)));
    if (bothNumbers(a, b))
        return asDouble(a) * asDouble(b);
    typeError("*", a, b);
}

Value div(const Operands& o) {
    const Value& a = o.left;
    const Value& b = o.right;
    if (!bothNumbers(a, b))
        typeError("/", a, b);
    if (bothInts(a, b)) {
        if (asInt(b) == 0)
            throw EvaluationError("division by zero");
        // INT64_MIN / -1 overflows in C++; wrapping gives INT64_MIN back.
        return asInt(b) == -1 ? wrap(0 - bits(asInt(a))) : asInt(a) / asInt(b);
    }
    if (asDouble(b) == 0.0)
        throw EvaluationError("division by zero");
    return asDouble(a) / asDouble(b);
}

Value mod(const Operands& o) {
    const Value& a = o.left;
    const Value& b = o.right;
    if (!bothInts(a, b))
        typeError("%", a, b);
    if (asInt(b) == 0)
        throw EvaluationError("division by zero");
    return asInt(b) == -1 ? std::int64_t{0} : asInt(a) % asInt(b);
}

Value eq(const Operands& o) {
    const Value& a = o.left;
    const Value& b = o.right; return equal(a, b); }
Value ne(const Operands& o) {
    const Value& a = o.left;
    const Value& b = o.right; return !equal(a, b); }
Value lt(const Operands& o) {
    const Value& a = o.left;
    const Value& b = o.right;
    return order("<", a, b, [](auto x, auto y) { return x < y; });
}
Value le(const Operands& o) {
    const Value& a = o.left;
    const Value& b = o.right;
    return order("<=", a, b, [](auto x, auto y) { return x <= y; });
}
Value gt(const Operands& o) {
    const Value& a = o.left;
    const Value& b = o.right;
    return order(">", a, b, [](auto x, auto y) { return x > y; });
}
Value ge(const Operands& o) {
    const Value& a = o.left;
    const Value& b = o.right;
    return order(">=", a, b, [](auto x, auto y) { return x >= y; });
}

Value negate(const Value& a) {
    if (isInt(a))
        return wrap(0 - bits(asInt(a)));
    if (std::holds_alternative<double>(a))
        return -std::get<double>(a);
    typeError("-", a);
}

Value logicalNot(const Value& a) {
    if (!std::holds_alternative<bool>(a))
        typeError("!", a);
    return !std::get<bool>(a);
}

bool truth(const Value& a, const char* op) {
    if (!std::holds_alternative<bool>(a))
        typeError(op, a);
    return std::get<bool>(a);
}

Value fail(const char* message) {
    throw EvaluationError(message);
}

} // namespace statechart::ops
