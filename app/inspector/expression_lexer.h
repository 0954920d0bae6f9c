#pragma once
// Colours an expression of Swivel's language as it is typed, from the tokens the
// model's own lexer reads (model/expression_tokens.h), so that the editor and the
// parser never disagree about where a word or a string ends. Names are coloured by
// what they are in the expression's scope: a machine variable, a state of in(...),
// a tag of the transition's event, or unknown (the error indicator says why).
//
// The colours follow the application's palette: text and paper are the palette's
// Text and Base, and the styles take darker or lighter shades depending on whether
// the palette's Window colour is dark.

#include <set>
#include <string>

#include <QPalette>

#include <Qsci/qscilexercustom.h>

#include "model/expression.h"

namespace swivel::inspector {

class ExpressionLexer : public QsciLexerCustom {
    Q_OBJECT
public:
    enum Style {
        Default = 0,
        Number,
        String,
        Keyword,  // true, false
        Event,    // the word event
        Tag,      // a tag of the event, after "event."
        Variable, // a variable of the machine
        State,    // a state id of the machine in in(...)
        Function, // in
        Operator, // operators, parentheses and the dot
        Unknown,  // a name the scope does not know
        Error,    // what the lexer rejects: a stray '=', an unclosed string
        StyleCount
    };

    explicit ExpressionLexer(QObject* parent = nullptr);

    const char* language() const override;
    QString description(int style) const override;
    void styleText(int start, int end) override;
    QColor defaultColor(int style) const override;
    QColor defaultPaper(int style) const override;
    QFont defaultFont(int style) const override;
    const char* wordCharacters() const override;
    QStringList autoCompletionWordSeparators() const override;

    // The names the expression may use; the editor is recoloured.
    void setScope(const model::TypeScope& scope);
    // Colours and font for `palette` and `font`, every style at once.
    void applyPalette(const QPalette& palette, const QFont& font);
    bool isDark() const { return m_dark; }

private:
    int styleOfWord(const std::string& word, bool afterEventDot) const;

    model::TypeScope m_scope;
    QPalette m_palette;
    QFont m_font;
    bool m_dark = false;
};

} // namespace swivel::inspector
