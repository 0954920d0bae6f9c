#pragma once
// Private to the model library: an expression tree laid out flat for the stepper, with
// its variables and in(...) states resolved to indices at compile time. step() reads
// guards and arguments through it without the interpreter's virtual lookups by name
// and without building a Value per intermediate result. It computes the value the
// interpreter (expression_eval.cpp) computes, operator for operator; on anything the
// interpreter would report as an error it gives up instead, and the stepper runs the
// interpreter, which words the error. Expressions have no side effects, so running
// the two one after the other changes nothing.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "expression_ast.h"
#include "value.h"

namespace swivel::model {
struct Event;
}

namespace swivel::model::detail {

struct FlatNode {
    ExprOp op = ExprOp::Literal;
    int left = -1;  // operand nodes: indices into FlatExpression::nodes, before this one
    int right = -1;
    int index = -1; // Variable: variable index; InState: state index (-1: no such state)
    int buffer = -1; // Add: the string buffer a concatenation is built in
    const Value* literal = nullptr; // Literal: the tree's value
    std::string_view name;          // EventTag: the tag (the tree's string)
};

// Nodes in post-order: operands before their operator, the root last. Empty when the
// expression is not flattened (an undeclared variable, left to the interpreter).
struct FlatExpression {
    std::vector<FlatNode> nodes;
    int buffers = 0; // string buffers a step needs to evaluate it
    bool empty() const { return nodes.empty(); }
};

// `variableIndex` and `stateIndex` answer -1 for names they do not know. The nodes
// point into `root`'s tree, which must outlive the result.
FlatExpression flatten(const ExprNode& root,
                       const std::function<int(std::string_view)>& variableIndex,
                       const std::function<int(std::string_view)>& stateIndex);

// An intermediate or final result. A string is borrowed: from the tree, the event, a
// variable, or one of the evaluation's buffers.
struct FlatValue {
    Type type = Type::Bool;
    bool b = false;
    std::int64_t i = 0;
    double d = 0;
    const std::string* s = nullptr;
};

// What an expression reads while a step runs.
struct FlatInputs {
    const Event* event = nullptr;             // null: no event (every tag is missing)
    const std::vector<Value>* variables = nullptr;
    const std::uint8_t* active = nullptr;     // live flags by state index
    std::vector<std::string>* buffers = nullptr; // at least `buffers` of them
};

// False when the interpreter would fail (the result is then unspecified).
bool evaluateFlat(const FlatExpression& expression, const FlatInputs& inputs, FlatValue& out);

// `out = value`, as the interpreter stores its result: a string into the string `out`
// already holds, so that its capacity is reused.
void storeFlat(const FlatValue& value, Value& out);

} // namespace swivel::model::detail
