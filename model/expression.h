#pragma once
// Swivel's expression language for guards, command arguments, assignments and log
// messages: literals (true, 42, 1.5, "text"), event.<tag>, variables, arithmetic
// (+ - * / %), comparison (== != < <= > >=), && || !, parentheses, string equality
// and concatenation with +, and in(StateId). Parsed once, type-checked against a
// scope, then evaluated by the emulator or compiled to C++ by the generator; both
// give the same result (int arithmetic is 64-bit two's complement, wrapping; int
// division truncates toward zero; x / 0 and x % 0 are evaluation errors).

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "expression_ast.h"
#include "value.h"

namespace swivel::model {

struct ExprError {
    std::size_t offset = 0;  // byte offset in the expression text
    std::size_t length = 1;  // bytes covered (at least 1; at the end of text: 1)
    std::string message;     // "expected ')' but found end of expression"
    bool operator==(const ExprError&) const = default;
};

// What names an expression may use, for the type checker.
struct TypeScope {
    // Tags of the triggering event; nullopt when the event is unknown (no tag checks).
    // An empty map means the event has no tags: any event.<tag> is an error.
    std::optional<std::map<std::string, Type, std::less<>>> eventTags;
    std::map<std::string, Type, std::less<>> variables;
    std::set<std::string, std::less<>> states;  // valid arguments of in(...)
};

// Names an expression reads at run time.
class EvalContext {
public:
    virtual ~EvalContext() = default;
    virtual const Value* eventTag(std::string_view tag) const = 0;
    virtual const Value* variable(std::string_view name) const = 0;
    virtual bool inState(std::string_view stateId) const = 0;
    // The value a Variable node reads. A context that resolved a tree's variables
    // beforehand answers without looking the name up again on every evaluation.
    virtual const Value* variableOf(const ExprNode& node) const { return variable(node.name); }
};

struct EvalResult {
    std::optional<Value> value;  // nullopt on error
    std::string error;           // "division by zero", "event has no tag 'Bearing'"
};

// A parsed expression; cheap to copy (shares its syntax tree). Never throws.
class Expression {
public:
    Expression() = default;
    static Expression parse(std::string_view text);

    const std::string& text() const { return m_text; }
    bool empty() const { return m_root == nullptr && m_errors.empty(); }
    bool ok() const { return m_errors.empty(); }
    const std::vector<ExprError>& errors() const { return m_errors; }  // syntax errors
    const ExprNode* root() const { return m_root.get(); }  // null if empty or broken

    // Type of the expression in `scope`; nullopt and errors appended when ill-typed.
    // Also nullopt, with nothing appended, when the expression is empty or has syntax
    // errors (those are in errors()), or when its type depends on a tag of an unknown
    // event (scope.eventTags is nullopt): such a tag may have any type, so it is never
    // an error by itself. `nodeTypes`, if given, receives the type of every node whose
    // type is known (the C++ generator needs them).
    std::optional<Type> check(const TypeScope& scope, std::vector<ExprError>& errors,
                              std::map<const ExprNode*, Type>* nodeTypes = nullptr) const;
    // An empty expression evaluates to the error "empty expression"; a broken one to
    // its first syntax error.
    EvalResult evaluate(const EvalContext& context) const;

private:
    std::string m_text;
    std::shared_ptr<const ExprNode> m_root;
    std::vector<ExprError> m_errors;
};

// Deepest nesting the parser accepts; deeper input is an error, not a stack overflow.
inline constexpr int kMaxExpressionDepth = 200;

} // namespace swivel::model
