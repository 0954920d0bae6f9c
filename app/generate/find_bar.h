#pragma once
// The find bar under a code view: type to find as you type, Enter / F3 for the next
// match, Shift+Enter / Shift+F3 for the previous one, Escape to close. The field turns
// red when nothing matches.

#include <QWidget>

class QCheckBox;
class QLineEdit;
class QsciScintilla;

namespace swivel::generate {

class FindBar : public QWidget {
    Q_OBJECT
public:
    explicit FindBar(QsciScintilla* view, QWidget* parent = nullptr);

    // Shows the bar with the view's selected text (if any) and focuses the field.
    void open();
    // From the current match (or the cursor) on; false when there is none.
    bool findNext();
    bool findPrevious();
    QLineEdit* field() const { return m_field; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    bool find(bool forward, bool fromCursor);
    void showFound(bool found);

    QsciScintilla* m_view;
    QLineEdit* m_field;
    QCheckBox* m_matchCase;
};

} // namespace swivel::generate
