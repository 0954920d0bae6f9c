#include "inspector/expression_lexer.h"

#include <algorithm>

#include <QApplication>

#include <Qsci/qsciscintilla.h>

#include "model/expression_tokens.h"

namespace swivel::inspector {
namespace {

struct StyleColours {
    QColor light; // on a light palette
    QColor dark;  // the same hue, lighter, for a dark palette
};

// Operator and Unknown keep the palette's text colour (an invalid colour here).
StyleColours coloursOf(int style) {
    switch (style) {
    case ExpressionLexer::Number:
        return {QColor(0x17, 0x50, 0xeb), QColor(0x6a, 0xb0, 0xf3)};
    case ExpressionLexer::String:
        return {QColor(0x06, 0x7d, 0x17), QColor(0x8b, 0xd1, 0x7c)};
    case ExpressionLexer::Keyword:
    case ExpressionLexer::Function:
        return {QColor(0x00, 0x33, 0xb3), QColor(0x7a, 0xa2, 0xf7)};
    case ExpressionLexer::Event:
    case ExpressionLexer::Tag:
        return {QColor(0x87, 0x10, 0x94), QColor(0xc7, 0x7d, 0xd8)};
    case ExpressionLexer::Variable:
        return {QColor(0x00, 0x62, 0x7a), QColor(0x4f, 0xc1, 0xd6)};
    case ExpressionLexer::State:
        return {QColor(0x9e, 0x5a, 0x00), QColor(0xe0, 0xa4, 0x58)};
    case ExpressionLexer::Error:
        return {QColor(0xc6, 0x28, 0x28), QColor(0xff, 0x6b, 0x6b)};
    default:
        return {};
    }
}

bool isBold(int style) {
    return style == ExpressionLexer::Keyword || style == ExpressionLexer::Event ||
           style == ExpressionLexer::Function;
}

} // namespace

ExpressionLexer::ExpressionLexer(QObject* parent) : QsciLexerCustom(parent) {
    applyPalette(QApplication::palette(), QApplication::font());
}

const char* ExpressionLexer::language() const {
    return "Swivel expression";
}

QString ExpressionLexer::description(int style) const {
    switch (style) {
    case Default:
        return tr("Default");
    case Number:
        return tr("Number");
    case String:
        return tr("String");
    case Keyword:
        return tr("Keyword");
    case Event:
        return tr("Event");
    case Tag:
        return tr("Event tag");
    case Variable:
        return tr("Variable");
    case State:
        return tr("State");
    case Function:
        return tr("Function");
    case Operator:
        return tr("Operator");
    case Unknown:
        return tr("Unknown name");
    case Error:
        return tr("Error");
    default:
        return {};
    }
}

QColor ExpressionLexer::defaultColor(int style) const {
    const StyleColours colours = coloursOf(style);
    const QColor& colour = m_dark ? colours.dark : colours.light;
    return colour.isValid() ? colour : m_palette.color(QPalette::Text);
}

QColor ExpressionLexer::defaultPaper(int) const {
    return m_palette.color(QPalette::Base);
}

QFont ExpressionLexer::defaultFont(int style) const {
    QFont font = m_font;
    font.setBold(isBold(style));
    return font;
}

const char* ExpressionLexer::wordCharacters() const {
    return "_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
}

QStringList ExpressionLexer::autoCompletionWordSeparators() const {
    return {QStringLiteral(".")};
}

void ExpressionLexer::setScope(const model::TypeScope& scope) {
    m_scope = scope;
    if (QsciScintilla* editor = this->editor())
        editor->recolor();
}

void ExpressionLexer::applyPalette(const QPalette& palette, const QFont& font) {
    m_palette = palette;
    m_font = font;
    m_dark = palette.color(QPalette::Window).lightness() < 128;
    setDefaultColor(palette.color(QPalette::Text));
    setDefaultPaper(palette.color(QPalette::Base));
    setDefaultFont(font);
    for (int style = 0; style < StyleCount; ++style) {
        setColor(defaultColor(style), style);
        setPaper(defaultPaper(style), style);
        setFont(defaultFont(style), style);
    }
}

int ExpressionLexer::styleOfWord(const std::string& word, bool afterEventDot) const {
    if (afterEventDot) {
        if (!m_scope.eventTags || m_scope.eventTags->contains(word))
            return Tag; // an unknown event may carry any tag
        return Unknown;
    }
    if (word == "true" || word == "false")
        return Keyword;
    if (word == "event")
        return Event;
    if (word == "in")
        return Function;
    return m_scope.variables.contains(word) ? Variable : Unknown;
}

// An expression is one short line: every change restyles all of it, so that a word
// typed later (the tag after "event.") never leaves an earlier one stale.
void ExpressionLexer::styleText(int, int) {
    QsciScintilla* editor = this->editor();
    if (!editor)
        return;
    const QByteArray bytes = editor->text().toUtf8();
    const std::string_view text(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    startStyling(0);
    std::size_t styled = 0;
    auto style = [&](std::size_t from, std::size_t length, int style) {
        if (from > styled)
            setStyling(static_cast<int>(from - styled), Default); // spaces
        setStyling(static_cast<int>(length), style);
        styled = from + length;
    };
    const std::vector<model::ExprToken> tokens = model::tokenizeExpression(text);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const model::ExprToken& token = tokens[i];
        const std::size_t length = std::min(token.length, text.size() - token.offset);
        switch (token.kind) {
        case model::ExprTokenKind::Word: {
            const bool afterEventDot =
                i >= 2 && tokens[i - 1].kind == model::ExprTokenKind::Dot &&
                text.substr(tokens[i - 2].offset, tokens[i - 2].length) == "event";
            style(token.offset, length,
                  styleOfWord(std::string(text.substr(token.offset, length)), afterEventDot));
            break;
        }
        case model::ExprTokenKind::StateId:
            style(token.offset, length,
                  m_scope.states.contains(text.substr(token.offset, length)) ? State : Unknown);
            break;
        case model::ExprTokenKind::Number:
            style(token.offset, length, Number);
            break;
        case model::ExprTokenKind::String:
            style(token.offset, length, String);
            break;
        case model::ExprTokenKind::Operator:
        case model::ExprTokenKind::Parenthesis:
        case model::ExprTokenKind::Dot:
            style(token.offset, length, Operator);
            break;
        case model::ExprTokenKind::Error:
            style(token.offset, length, Error);
            break;
        }
    }
    if (text.size() > styled)
        setStyling(static_cast<int>(text.size() - styled), Default);
}

} // namespace swivel::inspector
