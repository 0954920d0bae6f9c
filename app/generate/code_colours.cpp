#include "generate/code_colours.h"

#include <algorithm>

#include <QPalette>

#include <Qsci/qscilexer.h>

namespace swivel::generate {

namespace {

QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
                            static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
                            static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t));
}

// QScintilla's lexers know at most 128 styles (Scintilla's STYLE_MAX is larger,
// but lexers number theirs below 128, and 32–39 are the predefined ones).
constexpr int kLexerStyles = 128;

} // namespace

CodeColours codeColours(const QPalette& palette) {
    CodeColours c;
    c.paper = palette.color(QPalette::Base);
    c.text = palette.color(QPalette::Text);
    c.dark = c.paper.lightness() < 128;
    c.margin = mix(c.paper, c.text, 0.07);
    c.marginText = mix(c.paper, c.text, 0.55);
    c.caretLine = mix(c.paper, c.text, 0.04);
    c.changed = c.dark ? QColor(0xe0, 0xa0, 0x30) : QColor(0xd0, 0x80, 0x10);
    c.elementCode = mix(c.paper, palette.color(QPalette::Highlight), c.dark ? 0.35 : 0.22);
    return c;
}

QColor forDarkPaper(const QColor& colour) {
    const QColor hsl = colour.toHsl();
    // Black text becomes the palette's light text; coloured text keeps its hue.
    const int lightness = std::clamp(255 - hsl.lightness(), 150, 235);
    return QColor::fromHsl(hsl.hslHue(), std::min(hsl.hslSaturation(), 200), lightness);
}

void applyColours(QsciLexer& lexer, const CodeColours& colours, const QFont& font) {
    lexer.setDefaultFont(font);
    lexer.setDefaultPaper(colours.paper);
    lexer.setDefaultColor(colours.text);
    for (int style = 0; style < kLexerStyles; ++style) {
        if (lexer.description(style).isEmpty())
            continue;
        QFont styled = font;
        const QFont own = lexer.defaultFont(style);
        styled.setBold(own.bold());
        styled.setItalic(own.italic());
        lexer.setFont(styled, style);
        lexer.setPaper(colours.paper, style);
        const QColor own_colour = lexer.defaultColor(style);
        lexer.setColor(colours.dark ? forDarkPaper(own_colour) : own_colour, style);
    }
}

} // namespace swivel::generate
