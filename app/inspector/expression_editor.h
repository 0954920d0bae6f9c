#pragma once
// A one-line QScintilla editor for an expression, that commits like CommitLineEdit:
// the text goes to the model only when the user finishes (Enter, Tab, focus out) and
// only if it differs from the value last shown; Escape puts that value back; while
// the user is typing, a new value from the model does not overwrite the text.
//
// It looks and sizes like a QLineEdit (no margins, no scroll bars, one line high).
// Enter and Tab commit rather than insert; pasted or dropped newlines become spaces.
// The text is coloured by ExpressionLexer, a problem's extent is underlined with a
// squiggle whose hover shows the message, and ExpressionApis completes names: on its
// own after "event." and "in(", everything with Ctrl+Space. With the completion list
// open, Enter and Tab take the chosen entry (Enter commits when what is typed already
// is the entry), Escape closes the list.

#include <optional>

#include <QStringList>

#include <Qsci/qsciscintilla.h>

#include "inspector/expression_problem.h"

namespace swivel::inspector {

class ExpressionApis;
class ExpressionLexer;

class ExpressionEditor : public QsciScintilla {
    Q_OBJECT
public:
    // The indicator that marks a problem (QScintilla's lexers use 0–7).
    static constexpr int kErrorIndicator = 8;

    explicit ExpressionEditor(QWidget* parent = nullptr);

    // The model's value. Shown at once unless the user is editing this field.
    void setValue(const QString& value);
    // Shows `value` even over the user's typing: another element is being shown.
    void resetValue(const QString& value);
    const QString& value() const { return m_value; }
    // True while the text differs from the value and is not yet committed.
    bool isEditing() const { return text() != m_value; }

    // The names the expression may use and the values it may take (quoted if they
    // are strings), for colours and completion.
    void setScope(const model::TypeScope& scope, const QStringList& values = {});
    // Underlines the problem's columns (nothing when nullopt); its message is what
    // hovering the underlined text shows.
    void setProblem(const std::optional<ExpressionProblem>& problem);
    // The message hovering byte position `position` shows; empty off the problem.
    QString problemAt(int position) const;

    // Opens the completion list for the text before the cursor (Ctrl+Space).
    void showCompletions();
    // The entries of the open completion list, as last offered.
    const QStringList& completions() const { return m_completions; }

    void setPlaceholderText(const QString& text);
    const QString& placeholderText() const { return m_placeholder; }

    ExpressionLexer* expressionLexer() const { return m_lexer; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    // The user finished with a text that differs from value(); value() is the new text.
    void committed(const QString& text);
    // Escape put value() back.
    void reverted();

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;
    bool focusNextPrevChild(bool next) override;
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    QByteArray fromMimeData(const QMimeData* source, bool& rectangular) const override;

private:
    void finishEditing();
    void applyPalette();
    void fitOneLine();
    void charAdded(int ch);
    void showToolTip(int position, int x, int y);
    QStringList completionContext(int& partialBytes) const;
    bool caretOnAScreen() const;

    ExpressionLexer* m_lexer;
    ExpressionApis* m_apis;
    QString m_value;
    bool m_userEdited = false; // typed since the value was last shown or committed
    bool m_settingText = false;
    QString m_placeholder;
    QString m_problemMessage;
    QStringList m_completions;
    int m_completionStart = 0; // byte position where the completed word starts
    int m_lineHeight = 0;      // a QLineEdit's height in this font and style
};

} // namespace swivel::inspector
