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

struct ExprNode {
    ExprOp op = ExprOp::Literal;
    Value value;         // Literal
    std::string name;    // EventTag, Variable, InState
    std::vector<std::shared_ptr<const ExprNode>> operands;  // 1 for unary, 2 for binary
    std::size_t offset = 0;  // where the node starts in the text
    std::size_t length = 0;
};

} // namespace swivel::model
