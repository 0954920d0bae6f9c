#pragma once
// What the expression editor offers to complete, answered from the expression's scope
// directly (no prepared API file, so the answer is there at once): after "event." the
// tags of the transition's event, inside "in(" the machine's state ids, elsewhere its
// variables, the values the field may take (an enumerated argument's), event. and in(
// and the keywords true and false.
//
// The context is QScintilla's: the words before the cursor, the last one the partial
// word being completed; {"event", "Be"} asks for tags, {"in(", "Id"} for state ids
// (the editor gives that context itself: QScintilla's own words stop at '(').

#include <QStringList>

#include <Qsci/qsciabstractapis.h>

#include "model/expression.h"

namespace swivel::inspector {

class ExpressionApis : public QsciAbstractAPIs {
    Q_OBJECT
public:
    explicit ExpressionApis(QsciLexer* lexer);

    void setScope(const model::TypeScope& scope, const QStringList& values);

    void updateAutoCompletionList(const QStringList& context, QStringList& list) override;
    QStringList callTips(const QStringList& context, int commas, QsciScintilla::CallTipsStyle style,
                         QList<int>& shifts) override;

private:
    model::TypeScope m_scope;
    QStringList m_values;
};

} // namespace swivel::inspector
