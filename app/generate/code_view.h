#pragma once
// A read-only view of one generated file: the C++ lexer for code, JSON for
// function.json and host.json, CMake and Markdown for the project files; line
// numbers, folding, the application's light or dark palette. Two kinds of marks: lines
// changed since the file was last shown (a bar in the margin), and the code of the
// selected diagram element (a tinted background), scrolled into view.

#include <utility>
#include <vector>

#include <Qsci/qsciscintilla.h>

namespace swivel::generate {

class CodeView : public QsciScintilla {
    Q_OBJECT
public:
    explicit CodeView(QWidget* parent = nullptr);

    // Shows `text` as the file `path` (the lexer follows the file name). Showing the
    // same path again keeps the first visible line, so a regeneration does not jump.
    void showFile(const QString& path, const QString& text);
    const QString& path() const { return m_path; }

    // Lines are 1-based, as in the source map and in messages.
    void markChangedLines(const std::vector<int>& lines);
    std::vector<int> changedLines() const;
    // Tints the ranges (first, last; inclusive) and scrolls the first into view.
    void highlightRegions(const std::vector<std::pair<int, int>>& ranges);
    std::vector<int> highlightedLines() const;
    void clearHighlight();

    // Lexer and margin colours from the application's palette (light or dark).
    void followPalette();

signals:
    // The user clicked on `line` (1-based): the generate dock maps it to an element.
    void lineClicked(int line);

protected:
    void changeEvent(QEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    std::vector<int> linesWithMarker(int marker) const;
    void fitLineNumberMargin();

    QString m_path;
    int m_changedMarker = -1;
    int m_highlightMarker = -1;
};

} // namespace swivel::generate
