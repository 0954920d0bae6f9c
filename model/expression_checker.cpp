// The type checker of the expression language.
//
// Besides the four value types, a node may be "any" (a tag of an unknown event: it may
// hold anything, so it is accepted everywhere) or "broken" (an error was reported below
// it: the parent stays silent rather than report a consequence of the same mistake).

#include "expression.h"

#include <algorithm>
#include <numeric>

namespace swivel::model {

namespace {

enum class CType { Bool, Int, Double, String, Any, Broken };

CType fromType(Type type) {
    switch (type) {
    case Type::Bool:
        return CType::Bool;
    case Type::Int:
        return CType::Int;
    case Type::Double:
        return CType::Double;
    case Type::String:
        return CType::String;
    }
    return CType::Broken;
}

std::optional<Type> toType(CType type) {
    switch (type) {
    case CType::Bool:
        return Type::Bool;
    case CType::Int:
        return Type::Int;
    case CType::Double:
        return Type::Double;
    case CType::String:
        return Type::String;
    default:
        return std::nullopt;
    }
}

std::string name(CType type) {
    auto t = toType(type);
    return t ? std::string(typeName(*t)) : std::string("unknown");
}

bool isNumber(CType t) {
    return t == CType::Int || t == CType::Double;
}
bool isConcrete(CType t) {
    return t != CType::Any && t != CType::Broken;
}

std::string_view opText(ExprOp op) {
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

// Levenshtein distance, giving up (returning limit + 1) once it exceeds `limit`.
std::size_t editDistance(std::string_view a, std::string_view b, std::size_t limit) {
    if (a.size() > b.size() + limit || b.size() > a.size() + limit) {
        return limit + 1;
    }
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        std::size_t best = row[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = up;
            best = std::min(best, row[j]);
        }
        if (best > limit) {
            return limit + 1;
        }
    }
    return row[b.size()];
}

// "; did you mean 'x'?" for the closest candidate within two edits, else "".
template <typename Names> std::string suggestion(std::string_view wrong, const Names& names) {
    constexpr std::size_t kLimit = 2;
    std::string_view best;
    std::size_t bestDistance = kLimit + 1;
    for (const auto& entry : names) {
        std::string_view candidate;
        if constexpr (requires { entry.first; }) {
            candidate = entry.first;
        } else {
            candidate = entry;
        }
        std::size_t d = editDistance(wrong, candidate, kLimit);
        if (d < bestDistance) {
            bestDistance = d;
            best = candidate;
        }
    }
    if (bestDistance > kLimit) {
        return {};
    }
    return "; did you mean '" + std::string(best) + "'?";
}

class Checker {
public:
    Checker(const TypeScope& scope, std::vector<ExprError>& errors,
            std::map<const ExprNode*, Type>* nodeTypes)
        : m_scope(scope), m_errors(errors), m_nodeTypes(nodeTypes) {}

    CType visit(const ExprNode& node) {
        CType type = visitNode(node);
        if (m_nodeTypes) {
            if (auto t = toType(type)) {
                (*m_nodeTypes)[&node] = *t;
            }
        }
        return type;
    }

private:
    CType error(const ExprNode& node, std::string message) {
        m_errors.push_back(
            {node.offset, std::max<std::size_t>(node.length, 1), std::move(message)});
        return CType::Broken;
    }

    CType visitNode(const ExprNode& node) {
        switch (node.op) {
        case ExprOp::Literal:
            return fromType(typeOf(node.value));
        case ExprOp::EventTag:
            return eventTag(node);
        case ExprOp::Variable: {
            auto it = m_scope.variables.find(node.name);
            if (it == m_scope.variables.end()) {
                return error(node, "unknown variable '" + node.name + "'" +
                                       suggestion(node.name, m_scope.variables));
            }
            return fromType(it->second);
        }
        case ExprOp::InState:
            if (!m_scope.states.contains(node.name)) {
                error(node,
                      "unknown state '" + node.name + "'" + suggestion(node.name, m_scope.states));
            }
            return CType::Bool; // whatever the state, in() is a bool: no cascade
        case ExprOp::Not:
        case ExprOp::Negate:
            return unary(node);
        default:
            return binary(node);
        }
    }

    CType eventTag(const ExprNode& node) {
        if (!m_scope.eventTags) {
            return CType::Any;
        }
        const auto& tags = *m_scope.eventTags;
        auto it = tags.find(node.name);
        if (it != tags.end()) {
            return fromType(it->second);
        }
        std::string message = "event has no tag '" + node.name + "'" + suggestion(node.name, tags);
        if (tags.empty()) {
            message += " (it has no tags)";
        } else {
            message += " (its tags: ";
            bool first = true;
            for (const auto& [tag, type] : tags) {
                message += (first ? "" : ", ") + tag;
                first = false;
            }
            message += ")";
        }
        return error(node, std::move(message));
    }

    CType unary(const ExprNode& node) {
        const ExprNode& operand = *node.operands[0];
        CType t = visit(operand);
        if (node.op == ExprOp::Not) {
            if (isConcrete(t) && t != CType::Bool) {
                error(operand, "'!' needs a bool but this is " + name(t));
            }
            return CType::Bool;
        }
        if (isConcrete(t) && !isNumber(t)) {
            return error(operand, "'-' needs a number but this is " + name(t));
        }
        return t;
    }

    // Reports an operand of a type the operator never takes; true if it is acceptable.
    bool require(const ExprNode& node, const ExprNode& operand, CType t, bool ok,
                 std::string_view wanted) {
        if (!isConcrete(t) || ok) {
            return true;
        }
        error(operand, "'" + std::string(opText(node.op)) + "' needs " + std::string(wanted) +
                           " but this is " + name(t));
        return false;
    }

    CType binary(const ExprNode& node) {
        const ExprNode& left = *node.operands[0];
        const ExprNode& right = *node.operands[1];
        CType l = visit(left);
        CType r = visit(right);
        switch (node.op) {
        case ExprOp::And:
        case ExprOp::Or: {
            require(node, left, l, l == CType::Bool, "bools");
            require(node, right, r, r == CType::Bool, "bools");
            return CType::Bool;
        }
        case ExprOp::Lt:
        case ExprOp::Le:
        case ExprOp::Gt:
        case ExprOp::Ge:
            require(node, left, l, isNumber(l), "numbers");
            require(node, right, r, isNumber(r), "numbers");
            return CType::Bool;
        case ExprOp::Eq:
        case ExprOp::Ne:
            if (isConcrete(l) && isConcrete(r) && l != r && !(isNumber(l) && isNumber(r))) {
                error(node, "cannot compare " + name(l) + " with " + name(r));
            }
            return CType::Bool;
        case ExprOp::Mod: {
            bool ok = require(node, left, l, l == CType::Int, "ints");
            ok = require(node, right, r, r == CType::Int, "ints") && ok;
            return ok ? CType::Int : CType::Broken;
        }
        case ExprOp::Add:
            return add(node, l, r);
        default: { // - * /
            bool ok = require(node, left, l, isNumber(l), "numbers");
            ok = require(node, right, r, isNumber(r), "numbers") && ok;
            return ok ? arithmetic(l, r) : CType::Broken;
        }
        }
    }

    static CType arithmetic(CType l, CType r) {
        if (l == CType::Broken || r == CType::Broken) {
            return CType::Broken;
        }
        if (l == CType::Double || r == CType::Double) {
            return CType::Double;
        }
        if (l == CType::Int && r == CType::Int) {
            return CType::Int;
        }
        return CType::Any;
    }

    CType add(const ExprNode& node, CType l, CType r) {
        auto addable = [](CType t) { return isNumber(t) || t == CType::String; };
        bool ok = require(node, *node.operands[0], l, addable(l), "numbers or strings");
        ok = require(node, *node.operands[1], r, addable(r), "numbers or strings") && ok;
        if (!ok || l == CType::Broken || r == CType::Broken) {
            return CType::Broken;
        }
        if (l == CType::String || r == CType::String) {
            if (isNumber(l) || isNumber(r)) {
                return error(node, "cannot add " + name(l) + " and " + name(r) +
                                       ": '+' adds two numbers or joins two strings");
            }
            return CType::String; // an "any" beside a string can only be a string
        }
        return arithmetic(l, r);
    }

    const TypeScope& m_scope;
    std::vector<ExprError>& m_errors;
    std::map<const ExprNode*, Type>* m_nodeTypes;
};

} // namespace

std::optional<Type> Expression::check(const TypeScope& scope, std::vector<ExprError>& errors,
                                      std::map<const ExprNode*, Type>* nodeTypes) const {
    if (!m_root) {
        return std::nullopt;
    }
    const std::size_t before = errors.size();
    Checker checker(scope, errors, nodeTypes);
    CType type = checker.visit(*m_root);
    if (errors.size() != before) {
        return std::nullopt;
    }
    return toType(type);
}

} // namespace swivel::model
