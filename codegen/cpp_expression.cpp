#include "codegen/cpp_expression.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "codegen/cpp_text.h"

namespace swivel::codegen {

namespace {

using model::ExprNode;
using model::ExprOp;

std::string failWith(const std::string& message) {
    return "ops::fail(" + cppStringLiteral(message) + ")";
}

std::string doubleLiteral(double d) {
    if (std::isnan(d))
        return "std::numeric_limits<double>::quiet_NaN()";
    if (std::isinf(d))
        return d < 0 ? "-std::numeric_limits<double>::infinity()"
                     : "std::numeric_limits<double>::infinity()";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.17g", d);
    std::string text = buffer;
    if (text.find_first_of(".eEn") == std::string::npos)
        text += ".0";
    return text;
}

std::string intLiteral(std::int64_t i) {
    if (i == std::numeric_limits<std::int64_t>::min())
        return "std::numeric_limits<std::int64_t>::min()";
    return "std::int64_t{" + std::to_string(i) + "}";
}

std::string literal(const model::Value& value) {
    if (const auto* b = std::get_if<bool>(&value))
        return std::string("ops::boolean(") + (*b ? "true" : "false") + ")";
    if (const auto* i = std::get_if<std::int64_t>(&value))
        return "ops::integer(" + intLiteral(*i) + ")";
    if (const auto* d = std::get_if<double>(&value))
        return "ops::real(" + doubleLiteral(*d) + ")";
    return "ops::text(" + cppStringLiteral(std::get<std::string>(value)) + ")";
}

const char* binaryFunction(ExprOp op) {
    switch (op) {
    case ExprOp::Add:
        return "ops::add";
    case ExprOp::Sub:
        return "ops::sub";
    case ExprOp::Mul:
        return "ops::mul";
    case ExprOp::Div:
        return "ops::div";
    case ExprOp::Mod:
        return "ops::mod";
    case ExprOp::Eq:
        return "ops::eq";
    case ExprOp::Ne:
        return "ops::ne";
    case ExprOp::Lt:
        return "ops::lt";
    case ExprOp::Le:
        return "ops::le";
    case ExprOp::Gt:
        return "ops::gt";
    case ExprOp::Ge:
        return "ops::ge";
    default:
        return nullptr;
    }
}

// The parser bounds the tree's height (kMaxExpressionDepth), and so this recursion.
std::string compile(const ExprNode& node, const ExpressionNames& names) {
    switch (node.op) {
    case ExprOp::Literal:
        return literal(node.value);
    case ExprOp::EventTag:
        return "r.tag(" + cppStringLiteral(node.name) + ")";
    case ExprOp::Variable: {
        const int index = names.variable(node.name);
        if (index < 0)
            return failWith("unknown variable '" + node.name + "'");
        return "r.variable(" + std::to_string(index) + ")";
    }
    case ExprOp::InState: {
        const int index = names.state(node.name);
        return index < 0 ? "ops::boolean(false)"
                         : "ops::boolean(r.in(" + std::to_string(index) + "))";
    }
    case ExprOp::Not:
        return "ops::logicalNot(" + compile(*node.operands[0], names) + ")";
    case ExprOp::Negate:
        return "ops::negate(" + compile(*node.operands[0], names) + ")";
    case ExprOp::And:
    case ExprOp::Or: {
        const char* op = node.op == ExprOp::And ? "&&" : "||";
        const std::string quoted = std::string("\"") + op + "\"";
        return std::string("ops::boolean(ops::truth(") + compile(*node.operands[0], names) + ", " +
               quoted + ") " + op + " ops::truth(" + compile(*node.operands[1], names) + ", " +
               quoted + "))";
    }
    default:
        break;
    }
    const char* function = binaryFunction(node.op);
    if (!function || node.operands.size() != 2)
        return failWith("malformed expression");
    return std::string(function) + "({" + compile(*node.operands[0], names) + ", " +
           compile(*node.operands[1], names) + "})";
}

} // namespace

std::string cppValueLiteral(const model::Value& value) {
    return literal(value);
}

std::string compileExpressionToCpp(const model::Expression& expression,
                                   const ExpressionNames& names) {
    if (!expression.ok())
        return failWith("syntax error: " + (expression.errors().empty()
                                                ? std::string("syntax error")
                                                : expression.errors().front().message));
    if (!expression.root())
        return failWith("empty expression");
    return compile(*expression.root(), names);
}

} // namespace swivel::codegen
