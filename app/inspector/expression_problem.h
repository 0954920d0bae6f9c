#pragma once
// The first problem of an expression as the inspector shows it while it is typed:
// a syntax error, a type error against the expression's scope, or a value of the
// wrong type for where it sits, with the columns (1-based, in characters) it covers.

#include <optional>
#include <string>

#include <QString>
#include <QStringList>

#include "model/expression.h"

namespace swivel::inspector {

struct ExpressionProblem {
    int column = 1;  // where it starts, 1-based, in characters
    int length = 0;  // characters it covers: the node or token at fault (event.Bering
                     // for a misspelled tag, the whole text for a value of the wrong
                     // type); 0 past the end of the text ("count >" lacks an operand)
    QString message; // "column 7: event has no tag 'Bering'; did you mean 'Bearing'?"
};

struct ExpressionRules {
    model::TypeScope scope;
    std::optional<model::Type> expected;             // the type the value must fit, if any
    QString what = QStringLiteral("the expression"); // "a guard", for type messages
    bool required = false;                           // empty text is a problem
    QStringList values; // what the value may be, for completion ("\"auto\"", ...)
};

std::optional<ExpressionProblem> firstProblem(const std::string& text,
                                              const ExpressionRules& rules);

} // namespace swivel::inspector
