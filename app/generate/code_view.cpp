#include "generate/code_view.h"

#include <QApplication>
#include <QEvent>
#include <QFileInfo>
#include <QFontDatabase>
#include <QMouseEvent>
#include <QPalette>

#include <Qsci/qscilexercmake.h>
#include <Qsci/qscilexercpp.h>
#include <Qsci/qscilexerjson.h>
#include <Qsci/qscilexermarkdown.h>

#include "generate/code_colours.h"

namespace swivel::generate {

namespace {

constexpr int kLineNumberMargin = 0;
constexpr int kMarkerMargin = 1;
constexpr int kFoldMargin = 2;

// The lexer for a generated file, by its name; nullptr for plain text.
QsciLexer* lexerFor(const QString& path, QObject* parent) {
    const QFileInfo info(path);
    const QString suffix = info.suffix().toLower();
    if (info.fileName() == QLatin1String("CMakeLists.txt") || suffix == QLatin1String("cmake"))
        return new QsciLexerCMake(parent);
    if (suffix == QLatin1String("json") || path.endsWith(QLatin1String(".json.example")))
        return new QsciLexerJSON(parent);
    if (suffix == QLatin1String("md"))
        return new QsciLexerMarkdown(parent);
    static const QStringList cpp{"cpp", "cc", "cxx", "h", "hpp", "hh", "ipp", "inl"};
    if (cpp.contains(suffix))
        return new QsciLexerCPP(parent);
    return nullptr;
}

} // namespace

CodeView::CodeView(QWidget* parent) : QsciScintilla(parent) {
    setReadOnly(true);
    setUtf8(true);
    setWrapMode(WrapNone);
    setTabWidth(4);
    setIndentationGuides(true);
    setCaretLineVisible(true);
    setBraceMatching(SloppyBraceMatch);
    setMarginType(kLineNumberMargin, NumberMargin);
    setMarginLineNumbers(kLineNumberMargin, true);
    setMarginType(kMarkerMargin, SymbolMargin);
    setMarginWidth(kMarkerMargin, 6);
    setFolding(BoxedTreeFoldStyle, kFoldMargin);
    m_changedMarker = markerDefine(LeftRectangle);
    m_highlightMarker = markerDefine(Background);
    // The changed-lines bar lives in its own margin; the highlight tints the text.
    setMarginMarkerMask(kLineNumberMargin, 0);
    setMarginMarkerMask(kMarkerMargin, 1 << m_changedMarker);
    followPalette();
}

void CodeView::showFile(const QString& path, const QString& text) {
    const bool samePath = path == m_path;
    const int firstLine = firstVisibleLine();
    if (!samePath || !lexer()) {
        QsciLexer* old = lexer();
        QsciLexer* fresh = lexerFor(path, this);
        setLexer(fresh);
        delete old;
    }
    m_path = path;
    setText(text);
    fitLineNumberMargin();
    followPalette();
    if (samePath)
        setFirstVisibleLine(firstLine);
}

void CodeView::markChangedLines(const std::vector<int>& lines) {
    markerDeleteAll(m_changedMarker);
    for (int line : lines)
        markerAdd(line - 1, m_changedMarker);
}

std::vector<int> CodeView::changedLines() const {
    return linesWithMarker(m_changedMarker);
}

void CodeView::highlightRegions(const std::vector<std::pair<int, int>>& ranges) {
    markerDeleteAll(m_highlightMarker);
    for (const auto& [first, last] : ranges) {
        for (int line = first; line <= last; ++line)
            markerAdd(line - 1, m_highlightMarker);
    }
    if (ranges.empty())
        return;
    // Some context above the code, unless it already shows whole.
    const int first = ranges.front().first - 1;
    const int last = ranges.front().second - 1;
    const int visible = SendScintilla(SCI_LINESONSCREEN);
    const int top = firstVisibleLine();
    if (first < top || last >= top + visible)
        setFirstVisibleLine(std::max(0, first - std::max(2, visible / 4)));
}

std::vector<int> CodeView::highlightedLines() const {
    return linesWithMarker(m_highlightMarker);
}

void CodeView::clearHighlight() {
    markerDeleteAll(m_highlightMarker);
}

void CodeView::followPalette() {
    const QPalette palette = QApplication::palette(this);
    const CodeColours colours = codeColours(palette);
    const QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (QsciLexer* lex = lexer()) {
        applyColours(*lex, colours, font);
    } else {
        setFont(font);
        setColor(colours.text);
        setPaper(colours.paper);
    }
    setMarginsFont(font);
    setMarginsBackgroundColor(colours.margin);
    setMarginsForegroundColor(colours.marginText);
    setFoldMarginColors(colours.margin, colours.margin);
    setCaretLineBackgroundColor(colours.caretLine);
    setCaretForegroundColor(colours.text);
    setSelectionBackgroundColor(palette.color(QPalette::Highlight));
    setSelectionForegroundColor(palette.color(QPalette::HighlightedText));
    setIndentationGuidesBackgroundColor(colours.paper);
    setIndentationGuidesForegroundColor(colours.margin);
    setMarkerBackgroundColor(colours.changed, m_changedMarker);
    setMarkerForegroundColor(colours.changed, m_changedMarker);
    setMarkerBackgroundColor(colours.elementCode, m_highlightMarker);
    fitLineNumberMargin();
}

void CodeView::changeEvent(QEvent* event) {
    QsciScintilla::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        followPalette();
}

void CodeView::mouseReleaseEvent(QMouseEvent* event) {
    QsciScintilla::mouseReleaseEvent(event);
    if (event->button() != Qt::LeftButton || hasSelectedText())
        return;
    int line = 0;
    int index = 0;
    getCursorPosition(&line, &index);
    emit lineClicked(line + 1);
}

std::vector<int> CodeView::linesWithMarker(int marker) const {
    std::vector<int> lines;
    for (int line = markerFindNext(0, 1u << marker); line >= 0;
         line = markerFindNext(line + 1, 1u << marker))
        lines.push_back(line + 1);
    return lines;
}

void CodeView::fitLineNumberMargin() {
    setMarginWidth(kLineNumberMargin, QString(QString::number(std::max(lines(), 100)).size() + 1,
                                              QLatin1Char('9')));
}

} // namespace swivel::generate
