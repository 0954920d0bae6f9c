// The interpreter of the expression language, on the emulator's hot path.
//
// Intermediate results live in a Slot on the stack: numbers and bools in place, strings
// borrowed from the tree or the context whenever possible, so that numeric and boolean
// work never allocates. Only the final result becomes a Value, stored in place (the
// stepper reuses its values' strings). Int arithmetic is done in uint64_t, where
// overflow wraps by definition; the generated C++ does the same.

#include "expression.h"
#include "expression_eval.h"

#include <cstdint>
#include <limits>

namespace swivel::model {

namespace {

struct Slot {
    Type type = Type::Bool;
    bool b = false;
    std::int64_t i = 0;
    double d = 0;
    const std::string* borrowed = nullptr; // a string owned by the tree or the context
    std::string owned;                     // a computed string (concatenation)

    const std::string& str() const { return borrowed ? *borrowed : owned; }
    double asDouble() const { return type == Type::Int ? static_cast<double>(i) : d; }
    bool isNumber() const { return type == Type::Int || type == Type::Double; }

    void setBool(bool v) {
        type = Type::Bool;
        b = v;
    }
    void setInt(std::int64_t v) {
        type = Type::Int;
        i = v;
    }
    void setDouble(double v) {
        type = Type::Double;
        d = v;
    }
    void load(const Value& value) {
        if (const auto* v = std::get_if<bool>(&value)) {
            setBool(*v);
        } else if (const auto* v = std::get_if<std::int64_t>(&value)) {
            setInt(*v);
        } else if (const auto* v = std::get_if<double>(&value)) {
            setDouble(*v);
        } else if (const auto* v = std::get_if<std::string>(&value)) {
            type = Type::String;
            borrowed = v;
        }
    }
    // The result, stored without building a new Value: a string goes into the string
    // `out` already holds (assign copes with `out` being the borrowed string itself),
    // or else a computed one hands over its buffer. The slot is spent afterwards.
    void store(Value& out) {
        switch (type) {
        case Type::Bool:
            out.emplace<bool>(b);
            return;
        case Type::Int:
            out.emplace<std::int64_t>(i);
            return;
        case Type::Double:
            out.emplace<double>(d);
            return;
        case Type::String:
            if (auto* text = std::get_if<std::string>(&out)) {
                text->assign(str());
            } else if (borrowed) {
                // Emplaced empty, then assigned: emplacing the copy builds a temporary
                // and moves it, the string's copy being allowed to throw.
                out.emplace<std::string>().assign(*borrowed);
            } else {
                out.emplace<std::string>(std::move(owned));
            }
            return;
        }
    }
};

std::int64_t wrap(std::uint64_t v) {
    return static_cast<std::int64_t>(v); // modular since C++20
}
std::uint64_t bits(std::int64_t v) {
    return static_cast<std::uint64_t>(v);
}

const char* opText(ExprOp op) {
    switch (op) {
    case ExprOp::Not:
        return "!";
    case ExprOp::Negate:
    case ExprOp::Sub:
        return "-";
    case ExprOp::Add:
        return "+";
    case ExprOp::Mul:
        return "*";
    case ExprOp::Div:
        return "/";
    case ExprOp::Mod:
        return "%";
    case ExprOp::Eq:
        return "==";
    case ExprOp::Ne:
        return "!=";
    case ExprOp::Lt:
        return "<";
    case ExprOp::Le:
        return "<=";
    case ExprOp::Gt:
        return ">";
    case ExprOp::Ge:
        return ">=";
    case ExprOp::And:
        return "&&";
    case ExprOp::Or:
        return "||";
    default:
        return "?";
    }
}

class Evaluator {
public:
    Evaluator(const EvalContext& context, std::string& error)
        : m_context(context), m_error(error) {}

    // The tree's height is bounded by the parser, and so is this recursion.
    bool eval(const ExprNode& node, Slot& out) {
        switch (node.op) {
        case ExprOp::Literal:
            out.load(node.value);
            return true;
        case ExprOp::EventTag: {
            const Value* value = m_context.eventTag(node.name);
            if (!value) {
                return fail("event has no tag '" + node.name + "'");
            }
            out.load(*value);
            return true;
        }
        case ExprOp::Variable: {
            const Value* value = m_context.variableOf(node);
            if (!value) {
                return fail("unknown variable '" + node.name + "'");
            }
            out.load(*value);
            return true;
        }
        case ExprOp::InState:
            out.setBool(m_context.inState(node.name));
            return true;
        case ExprOp::Not:
            if (!eval(*node.operands[0], out)) {
                return false;
            }
            if (out.type != Type::Bool) {
                return typeError(node, out);
            }
            out.b = !out.b;
            return true;
        case ExprOp::Negate:
            if (!eval(*node.operands[0], out)) {
                return false;
            }
            if (out.type == Type::Int) {
                out.i = wrap(0 - bits(out.i));
            } else if (out.type == Type::Double) {
                out.d = -out.d;
            } else {
                return typeError(node, out);
            }
            return true;
        case ExprOp::And:
        case ExprOp::Or:
            return logical(node, out);
        default:
            return binary(node, out);
        }
    }

private:
    bool fail(std::string message) {
        m_error = std::move(message);
        return false;
    }

    bool typeError(const ExprNode& node, const Slot& operand) {
        return fail(std::string("'") + opText(node.op) + "' cannot take " +
                    std::string(typeName(operand.type)));
    }

    bool typeError(const ExprNode& node, const Slot& a, const Slot& b) {
        return fail(std::string("'") + opText(node.op) + "' cannot take " +
                    std::string(typeName(a.type)) + " and " + std::string(typeName(b.type)));
    }

    bool logical(const ExprNode& node, Slot& out) {
        if (!eval(*node.operands[0], out)) {
            return false;
        }
        if (out.type != Type::Bool) {
            return typeError(node, out);
        }
        if (out.b == (node.op == ExprOp::Or)) {
            return true; // short circuit: the right side is not evaluated
        }
        if (!eval(*node.operands[1], out)) {
            return false;
        }
        if (out.type != Type::Bool) {
            return typeError(node, out);
        }
        return true;
    }

    bool binary(const ExprNode& node, Slot& out) {
        Slot a;
        Slot b;
        if (!eval(*node.operands[0], a) || !eval(*node.operands[1], b)) {
            return false;
        }
        const bool ints = a.type == Type::Int && b.type == Type::Int;
        const bool numbers = a.isNumber() && b.isNumber();
        switch (node.op) {
        case ExprOp::Add:
            if (ints) {
                out.setInt(wrap(bits(a.i) + bits(b.i)));
            } else if (numbers) {
                out.setDouble(a.asDouble() + b.asDouble());
            } else if (a.type == Type::String && b.type == Type::String) {
                out.type = Type::String;
                out.borrowed = nullptr;
                out.owned.reserve(a.str().size() + b.str().size());
                out.owned.assign(a.str());
                out.owned.append(b.str());
            } else {
                return typeError(node, a, b);
            }
            return true;
        case ExprOp::Sub:
            if (ints) {
                out.setInt(wrap(bits(a.i) - bits(b.i)));
            } else if (numbers) {
                out.setDouble(a.asDouble() - b.asDouble());
            } else {
                return typeError(node, a, b);
            }
            return true;
        case ExprOp::Mul:
            if (ints) {
                out.setInt(wrap(bits(a.i) * bits(b.i)));
            } else if (numbers) {
                out.setDouble(a.asDouble() * b.asDouble());
            } else {
                return typeError(node, a, b);
            }
            return true;
        case ExprOp::Div:
            if (!numbers) {
                return typeError(node, a, b);
            }
            if (ints) {
                if (b.i == 0) {
                    return fail("division by zero");
                }
                // INT64_MIN / -1 overflows in C++; wrapping gives INT64_MIN back.
                out.setInt(b.i == -1 ? wrap(0 - bits(a.i)) : a.i / b.i);
            } else {
                if (b.asDouble() == 0.0) {
                    return fail("division by zero");
                }
                out.setDouble(a.asDouble() / b.asDouble());
            }
            return true;
        case ExprOp::Mod:
            if (!ints) {
                return typeError(node, a, b);
            }
            if (b.i == 0) {
                return fail("division by zero");
            }
            out.setInt(b.i == -1 ? 0 : a.i % b.i);
            return true;
        case ExprOp::Eq:
        case ExprOp::Ne: {
            bool equal = false;
            if (ints) {
                equal = a.i == b.i;
            } else if (numbers) {
                equal = a.asDouble() == b.asDouble();
            } else if (a.type == Type::Bool && b.type == Type::Bool) {
                equal = a.b == b.b;
            } else if (a.type == Type::String && b.type == Type::String) {
                equal = a.str() == b.str();
            } else {
                return fail("cannot compare " + std::string(typeName(a.type)) + " with " +
                            std::string(typeName(b.type)));
            }
            out.setBool(equal == (node.op == ExprOp::Eq));
            return true;
        }
        case ExprOp::Lt:
        case ExprOp::Le:
        case ExprOp::Gt:
        case ExprOp::Ge: {
            if (!numbers) {
                return typeError(node, a, b);
            }
            out.setBool(ints ? compareOrdered(node.op, a.i, b.i)
                             : compareOrdered(node.op, a.asDouble(), b.asDouble()));
            return true;
        }
        default:
            return fail("malformed expression");
        }
    }

    const EvalContext& m_context;
    std::string& m_error;
};

} // namespace

bool detail::evaluateInto(const Expression& expression, const EvalContext& context, Value& out,
                          std::string& error) {
    const ExprNode* root = expression.root();
    if (!root) {
        error = expression.errors().empty() ? "empty expression"
                                            : expression.errors().front().message;
        return false;
    }
    Slot slot;
    Evaluator evaluator(context, error);
    if (!evaluator.eval(*root, slot)) {
        return false;
    }
    slot.store(out);
    return true;
}

EvalResult Expression::evaluate(const EvalContext& context) const {
    EvalResult result;
    Value value;
    if (detail::evaluateInto(*this, context, value, result.error)) {
        result.value = std::move(value);
    }
    return result;
}

} // namespace swivel::model
