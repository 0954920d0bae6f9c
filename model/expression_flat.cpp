// The flat form of expressions and its evaluation: the interpreter's arithmetic
// (expression_eval.cpp), case for case, minus the error messages.

#include "expression_flat.h"

#include "name_table.h"
#include "semantics.h"

namespace swivel::model::detail {

namespace {

// Post-order; the recursion is as deep as the tree, which the parser bounds.
int flattenNode(const ExprNode& node, const std::function<int(std::string_view)>& variableIndex,
                const std::function<int(std::string_view)>& stateIndex, FlatExpression& out,
                bool& ok) {
    FlatNode flat;
    flat.op = node.op;
    switch (node.op) {
    case ExprOp::Literal:
        flat.literal = &node.value;
        break;
    case ExprOp::EventTag:
        flat.name = node.name;
        break;
    case ExprOp::Variable:
        flat.index = variableIndex(node.name);
        ok = ok && flat.index >= 0;
        break;
    case ExprOp::InState:
        flat.index = stateIndex(node.name);
        break;
    default:
        if (node.operands.empty() || !node.operands[0]) {
            ok = false;
            break;
        }
        flat.left = flattenNode(*node.operands[0], variableIndex, stateIndex, out, ok);
        if (node.operands.size() > 1 && node.operands[1])
            flat.right = flattenNode(*node.operands[1], variableIndex, stateIndex, out, ok);
        const bool unary = node.op == ExprOp::Not || node.op == ExprOp::Negate;
        ok = ok && (unary || flat.right >= 0);
        if (node.op == ExprOp::Add)
            flat.buffer = out.buffers++;
        break;
    }
    out.nodes.push_back(flat);
    return static_cast<int>(out.nodes.size()) - 1;
}

std::int64_t wrap(std::uint64_t v) {
    return static_cast<std::int64_t>(v); // modular since C++20
}
std::uint64_t bits(std::int64_t v) {
    return static_cast<std::uint64_t>(v);
}

void load(const Value& value, FlatValue& out) {
    switch (value.index()) {
    case 0:
        out.type = Type::Bool;
        out.b = *std::get_if<bool>(&value);
        return;
    case 1:
        out.type = Type::Int;
        out.i = *std::get_if<std::int64_t>(&value);
        return;
    case 2:
        out.type = Type::Double;
        out.d = *std::get_if<double>(&value);
        return;
    default:
        out.type = Type::String;
        out.s = std::get_if<std::string>(&value);
        return;
    }
}

bool isNumber(const FlatValue& v) {
    return v.type == Type::Int || v.type == Type::Double;
}
double asDouble(const FlatValue& v) {
    return v.type == Type::Int ? static_cast<double>(v.i) : v.d;
}

class FlatEvaluator {
public:
    FlatEvaluator(const FlatExpression& expression, const FlatInputs& inputs)
        : m_nodes(expression.nodes.data()), m_inputs(inputs) {}

    bool eval(int index, FlatValue& out) {
        const FlatNode& node = m_nodes[index];
        switch (node.op) {
        case ExprOp::Literal:
            load(*node.literal, out);
            return true;
        case ExprOp::EventTag: {
            const Value* value = m_inputs.event ? m_inputs.event->tag(node.name) : nullptr;
            if (!value)
                return false;
            load(*value, out);
            return true;
        }
        case ExprOp::Variable: {
            const auto i = static_cast<std::size_t>(node.index);
            if (i >= m_inputs.variables->size())
                return false;
            load((*m_inputs.variables)[i], out);
            return true;
        }
        case ExprOp::InState:
            out.type = Type::Bool;
            out.b = node.index >= 0 && m_inputs.active[node.index] != 0;
            return true;
        case ExprOp::Not:
            if (!eval(node.left, out) || out.type != Type::Bool)
                return false;
            out.b = !out.b;
            return true;
        case ExprOp::Negate:
            if (!eval(node.left, out))
                return false;
            if (out.type == Type::Int)
                out.i = wrap(0 - bits(out.i));
            else if (out.type == Type::Double)
                out.d = -out.d;
            else
                return false;
            return true;
        case ExprOp::And:
        case ExprOp::Or:
            if (!eval(node.left, out) || out.type != Type::Bool)
                return false;
            if (out.b == (node.op == ExprOp::Or))
                return true; // short circuit: the right side is not evaluated
            return eval(node.right, out) && out.type == Type::Bool;
        default:
            return binary(node, out);
        }
    }

private:
    bool binary(const FlatNode& node, FlatValue& out) {
        FlatValue a;
        FlatValue b;
        if (!eval(node.left, a) || !eval(node.right, b))
            return false;
        const bool ints = a.type == Type::Int && b.type == Type::Int;
        const bool numbers = isNumber(a) && isNumber(b);
        switch (node.op) {
        case ExprOp::Add:
            if (ints) {
                setInt(out, wrap(bits(a.i) + bits(b.i)));
            } else if (numbers) {
                setDouble(out, asDouble(a) + asDouble(b));
            } else if (a.type == Type::String && b.type == Type::String) {
                std::string& text = (*m_inputs.buffers)[static_cast<std::size_t>(node.buffer)];
                text.assign(*a.s);
                text.append(*b.s);
                out.type = Type::String;
                out.s = &text;
            } else {
                return false;
            }
            return true;
        case ExprOp::Sub:
            if (ints)
                setInt(out, wrap(bits(a.i) - bits(b.i)));
            else if (numbers)
                setDouble(out, asDouble(a) - asDouble(b));
            else
                return false;
            return true;
        case ExprOp::Mul:
            if (ints)
                setInt(out, wrap(bits(a.i) * bits(b.i)));
            else if (numbers)
                setDouble(out, asDouble(a) * asDouble(b));
            else
                return false;
            return true;
        case ExprOp::Div:
            if (!numbers)
                return false;
            if (ints) {
                if (b.i == 0)
                    return false;
                // INT64_MIN / -1 overflows in C++; wrapping gives INT64_MIN back.
                setInt(out, b.i == -1 ? wrap(0 - bits(a.i)) : a.i / b.i);
            } else {
                if (asDouble(b) == 0.0)
                    return false;
                setDouble(out, asDouble(a) / asDouble(b));
            }
            return true;
        case ExprOp::Mod:
            if (!ints || b.i == 0)
                return false;
            setInt(out, b.i == -1 ? 0 : a.i % b.i);
            return true;
        case ExprOp::Eq:
        case ExprOp::Ne: {
            bool equal = false;
            if (ints)
                equal = a.i == b.i;
            else if (numbers)
                equal = asDouble(a) == asDouble(b);
            else if (a.type == Type::Bool && b.type == Type::Bool)
                equal = a.b == b.b;
            else if (a.type == Type::String && b.type == Type::String)
                equal = a.s->size() == b.s->size() &&
                        sameBytes(a.s->data(), b.s->data(), a.s->size());
            else
                return false;
            out.type = Type::Bool;
            out.b = equal == (node.op == ExprOp::Eq);
            return true;
        }
        case ExprOp::Lt:
        case ExprOp::Le:
        case ExprOp::Gt:
        case ExprOp::Ge:
            if (!numbers)
                return false;
            out.type = Type::Bool;
            out.b = ints ? compareOrdered(node.op, a.i, b.i)
                         : compareOrdered(node.op, asDouble(a), asDouble(b));
            return true;
        default:
            return false;
        }
    }

    static void setInt(FlatValue& out, std::int64_t v) {
        out.type = Type::Int;
        out.i = v;
    }
    static void setDouble(FlatValue& out, double v) {
        out.type = Type::Double;
        out.d = v;
    }

    const FlatNode* m_nodes;
    const FlatInputs& m_inputs;
};

} // namespace

FlatExpression flatten(const ExprNode& root,
                       const std::function<int(std::string_view)>& variableIndex,
                       const std::function<int(std::string_view)>& stateIndex) {
    FlatExpression flat;
    bool ok = true;
    flattenNode(root, variableIndex, stateIndex, flat, ok);
    if (!ok)
        return {};
    return flat;
}

bool evaluateFlat(const FlatExpression& expression, const FlatInputs& inputs, FlatValue& out) {
    if (inputs.buffers->size() < static_cast<std::size_t>(expression.buffers))
        inputs.buffers->resize(static_cast<std::size_t>(expression.buffers));
    FlatEvaluator evaluator(expression, inputs);
    return evaluator.eval(static_cast<int>(expression.nodes.size()) - 1, out);
}

void storeFlat(const FlatValue& value, Value& out) {
    switch (value.type) {
    case Type::Bool:
        out.emplace<bool>(value.b);
        return;
    case Type::Int:
        out.emplace<std::int64_t>(value.i);
        return;
    case Type::Double:
        out.emplace<double>(value.d);
        return;
    case Type::String:
        if (auto* text = std::get_if<std::string>(&out))
            text->assign(*value.s);
        else
            out.emplace<std::string>().assign(*value.s);
        return;
    }
}

} // namespace swivel::model::detail
