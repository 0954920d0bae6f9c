#include "inspector/expression_problem.h"

#include <algorithm>
#include <vector>

namespace swivel::inspector {
namespace {

// Offsets count bytes; a column counts characters, as the user sees them.
int columnOf(const std::string& text, std::size_t offset) {
    offset = std::min(offset, text.size());
    return static_cast<int>(QString::fromUtf8(text.data(), static_cast<qsizetype>(offset)).size()) +
           1;
}

ExpressionProblem problemAt(const std::string& text, const model::ExprError& error) {
    const int column = columnOf(text, error.offset);
    // At the end of the text the error covers the place after it, which has no
    // character: the extent is then empty and editors mark the last column.
    const int length = std::max(0, columnOf(text, error.offset + error.length) - column);
    return {column, length,
            QStringLiteral("column %1: %2").arg(column).arg(QString::fromStdString(error.message))};
}

int characterCount(const std::string& text) {
    return columnOf(text, text.size()) - 1;
}

bool fits(model::Type expected, model::Type actual) {
    return expected == actual || (expected == model::Type::Double && actual == model::Type::Int);
}

QString describe(model::Type type) {
    const QString name = QString::fromUtf8(model::typeName(type).data(),
                                           static_cast<qsizetype>(model::typeName(type).size()));
    return (type == model::Type::Int ? QStringLiteral("an ") : QStringLiteral("a ")) + name;
}

} // namespace

std::optional<ExpressionProblem> firstProblem(const std::string& text,
                                              const ExpressionRules& rules) {
    const model::Expression parsed = model::Expression::parse(text);
    if (parsed.empty()) {
        if (!rules.required)
            return std::nullopt;
        return ExpressionProblem{1, 0, QStringLiteral("column 1: empty; write an expression")};
    }
    if (!parsed.ok()) {
        const model::ExprError& e = parsed.errors().front();
        return problemAt(text, e);
    }
    std::vector<model::ExprError> errors;
    const std::optional<model::Type> type = parsed.check(rules.scope, errors);
    if (!errors.empty())
        return problemAt(text, errors.front());
    if (type && rules.expected && !fits(*rules.expected, *type))
        return ExpressionProblem{1, characterCount(text),
                                 QStringLiteral("column 1: this is %1, but %2 must be %3")
                                     .arg(describe(*type), rules.what, describe(*rules.expected))};
    return std::nullopt;
}

} // namespace swivel::inspector
