#include "inspector/expression_apis.h"

namespace swivel::inspector {
namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

} // namespace

ExpressionApis::ExpressionApis(QsciLexer* lexer) : QsciAbstractAPIs(lexer) {}

void ExpressionApis::setScope(const model::TypeScope& scope, const QStringList& values) {
    m_scope = scope;
    m_values = values;
}

void ExpressionApis::updateAutoCompletionList(const QStringList& context, QStringList& list) {
    const QString partial = context.isEmpty() ? QString() : context.last();
    const QString before = context.size() >= 2 ? context[context.size() - 2] : QString();
    QStringList words;
    if (before == QLatin1String("event")) {
        if (m_scope.eventTags)
            for (const auto& [tag, type] : *m_scope.eventTags)
                words << qs(tag);
    } else if (before == QLatin1String("in(")) {
        for (const std::string& state : m_scope.states)
            words << qs(state);
    } else if (context.size() <= 1) {
        for (const auto& [name, type] : m_scope.variables)
            words << qs(name);
        // A known event without tags has nothing to read after "event.".
        if (!m_scope.eventTags || !m_scope.eventTags->empty())
            words << QStringLiteral("event.");
        if (!m_scope.states.empty())
            words << QStringLiteral("in(");
        words << QStringLiteral("true") << QStringLiteral("false") << m_values;
    }
    for (const QString& word : words)
        if (word.startsWith(partial, Qt::CaseInsensitive) && !list.contains(word))
            list << word;
}

QStringList ExpressionApis::callTips(const QStringList&, int, QsciScintilla::CallTipsStyle,
                                     QList<int>&) {
    return {};
}

} // namespace swivel::inspector
