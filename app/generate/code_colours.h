#pragma once
// The colours of code views in the application's palette. Lexers come with colours
// for a white page; on a dark palette each style keeps its hue and trades its
// lightness, so keywords stay blue and strings stay red, readable on dark paper.

#include <QColor>
#include <QFont>

class QPalette;
class QsciLexer;

namespace swivel::generate {

struct CodeColours {
    bool dark = false;
    QColor paper;        // the page
    QColor text;         // default text
    QColor margin;       // line numbers' and folds' background
    QColor marginText;
    QColor caretLine;
    QColor changed;      // the bar beside lines changed since the last view
    QColor elementCode;  // the background of the selected element's code
};

CodeColours codeColours(const QPalette& palette);

// Every style of `lexer`: its colour for the palette, the paper, `font`.
void applyColours(QsciLexer& lexer, const CodeColours& colours, const QFont& font);

// A lexer's colour made for dark paper (same hue, light instead of dark).
QColor forDarkPaper(const QColor& colour);

} // namespace swivel::generate
