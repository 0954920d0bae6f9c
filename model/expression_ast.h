#pragma once
// The syntax tree of an expression: read by the checker, the interpreter and the
// C++ generator. Nodes are immutable once parsed.

#include <memory>
#include <string>
#include <vector>

#include "value.h"

namespace swivel::model {

enum class ExprOp {
    Literal,   // value
    EventTag,  // event.<name>
    Variable,  // <name>
    InState,   // in(<name>)
    Not, Negate,
    Add, Sub, Mul, Div, Mod,
    Eq, Ne, Lt, Le, Gt, Ge,
    And, Or,
};

// x < y, x <= y, x > y or x >= y for the comparison `op` (Lt, Le, Gt, Ge): shared by
// the interpreter and the stepper's flat evaluator, which must agree.
template <typename T> bool compareOrdered(ExprOp op, T x, T y) {
    switch (op) {
    case ExprOp::Lt:
        return x < y;
    case ExprOp::Le:
        return x <= y;
    case ExprOp::Gt:
        return x > y;
    default:
        return x >= y;
    }
}

struct ExprNode {
    ExprOp op = ExprOp::Literal;
    Value value;         // Literal
    std::string name;    // EventTag, Variable, InState
    std::vector<std::shared_ptr<const ExprNode>> operands;  // 1 for unary, 2 for binary
    std::size_t offset = 0;  // where the node starts in the text
    std::size_t length = 0;
};

} // namespace swivel::model
