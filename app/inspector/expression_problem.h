#pragma once
// The first problem of an expression as the inspector shows it while it is typed:
// a syntax error, a type error against the expression's scope, or a value of the
// wrong type for where it sits, with the column (1-based, in characters) it points at.

#include <optional>
#include <string>

#include <QString>

#include "model/expression.h"

namespace swivel::inspector {

struct ExpressionProblem {
    int column = 1;
    QString message; // "column 7: event has no tag 'Bering'; did you mean 'Bearing'?"
};

struct ExpressionRules {
    model::TypeScope scope;
    std::optional<model::Type> expected;             // the type the value must fit, if any
    QString what = QStringLiteral("the expression"); // "a guard", for type messages
    bool required = false;                           // empty text is a problem
};

std::optional<ExpressionProblem> firstProblem(const std::string& text,
                                              const ExpressionRules& rules);

} // namespace swivel::inspector
