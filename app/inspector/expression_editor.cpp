#include "inspector/expression_editor.h"

#include <algorithm>

#include <QApplication>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPainter>
#include <QRegularExpression>
#include <QScreen>
#include <QToolTip>

#include "inspector/expression_apis.h"
#include "inspector/expression_lexer.h"

namespace swivel::inspector {
namespace {

constexpr char kListSeparator = '\x03';
constexpr int kTextPadding = 3; // pixels left and right of the text, as a QLineEdit has
constexpr int kDwellMs = 400;

int bytesOf(const QString& text) {
    return static_cast<int>(text.toUtf8().size());
}

bool insideString(const QString& before) {
    bool inside = false;
    for (qsizetype i = 0; i < before.size(); ++i) {
        if (inside && before[i] == QLatin1Char('\\'))
            ++i; // an escaped character
        else if (before[i] == QLatin1Char('"'))
            inside = !inside;
    }
    return inside;
}

} // namespace

ExpressionEditor::ExpressionEditor(QWidget* parent)
    : QsciScintilla(parent), m_lexer(new ExpressionLexer(this)),
      m_apis(new ExpressionApis(m_lexer)) {
    setUtf8(true);
    setLexer(m_lexer);
    setWrapMode(WrapNone);
    setEolMode(EolUnix);
    for (int margin = 0; margin < 5; ++margin)
        setMarginWidth(margin, 0);
    SendScintilla(SCI_SETMARGINLEFT, 0UL, static_cast<long>(kTextPadding));
    SendScintilla(SCI_SETMARGINRIGHT, 0UL, static_cast<long>(kTextPadding));
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    SendScintilla(SCI_SETHSCROLLBAR, 0UL);
    SendScintilla(SCI_SETVSCROLLBAR, 0UL);
    SendScintilla(SCI_SETSCROLLWIDTH, 1UL);
    SendScintilla(SCI_SETSCROLLWIDTHTRACKING, 1UL);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);

    // Completion is started here, not by QScintilla's own rules: those find no words
    // before '(' or in an empty text (see charAdded and showCompletions).
    setAutoCompletionSource(AcsNone);
    SendScintilla(SCI_AUTOCSETORDER, static_cast<unsigned long>(SC_ORDER_PERFORMSORT));
    SendScintilla(SCI_AUTOCSETIGNORECASE, 1UL);
    SendScintilla(SCI_AUTOCSETMAXHEIGHT, 8UL);
    connect(this, &QsciScintillaBase::SCN_CHARADDED, this, &ExpressionEditor::charAdded);
    connect(this, &QsciScintillaBase::SCN_AUTOCCOMPLETED, this,
            [this](const char* selection, int, int, int) {
                const QString chosen = QString::fromUtf8(selection);
                // "event." and "in(" lead on to what may follow them.
                if (chosen.endsWith(QLatin1Char('.')) || chosen.endsWith(QLatin1Char('(')))
                    QMetaObject::invokeMethod(this, &ExpressionEditor::showCompletions,
                                              Qt::QueuedConnection);
            });

    indicatorDefine(SquiggleIndicator, kErrorIndicator);
    SendScintilla(SCI_SETMOUSEDWELLTIME, static_cast<unsigned long>(kDwellMs));
    connect(this, &QsciScintillaBase::SCN_DWELLSTART, this, &ExpressionEditor::showToolTip);
    connect(this, &QsciScintillaBase::SCN_DWELLEND, this, [] { QToolTip::hideText(); });

    connect(this, &QsciScintilla::textChanged, this, [this] {
        if (!m_settingText)
            m_userEdited = true;
    });

    applyPalette();
}

void ExpressionEditor::setValue(const QString& value) {
    m_value = value;
    if (hasFocus() && m_userEdited)
        return; // the user's typing wins until it is committed or reverted
    resetValue(value);
}

void ExpressionEditor::resetValue(const QString& value) {
    m_value = value;
    if (text() != value) {
        m_settingText = true;
        setText(value);
        m_settingText = false;
        // Scintilla's own undo must not go back to another element's text.
        SendScintilla(SCI_EMPTYUNDOBUFFER);
    }
    m_userEdited = false;
}

void ExpressionEditor::finishEditing() {
    m_userEdited = false;
    if (text() == m_value)
        return;
    m_value = text();
    emit committed(m_value);
}

void ExpressionEditor::setScope(const model::TypeScope& scope, const QStringList& values) {
    m_lexer->setScope(scope);
    m_apis->setScope(scope, values);
}

void ExpressionEditor::setProblem(const std::optional<ExpressionProblem>& problem) {
    const int length = static_cast<int>(SendScintilla(SCI_GETLENGTH));
    SendScintilla(SCI_SETINDICATORCURRENT, static_cast<unsigned long>(kErrorIndicator));
    SendScintilla(SCI_INDICATORCLEARRANGE, 0UL, static_cast<long>(length));
    m_problemMessage.clear();
    if (!problem || length == 0)
        return;
    m_problemMessage = problem->message;
    // Columns count characters, Scintilla counts UTF-8 bytes.
    const QString content = text();
    int first = problem->column - 1;
    int count = problem->length;
    if (count == 0 || first >= content.size()) { // past the end: mark the last character
        first = std::min<int>(first, static_cast<int>(content.size())) - 1;
        count = 1;
    }
    first = std::max(first, 0);
    const int start = bytesOf(content.left(first));
    const int end = bytesOf(content.left(first + count));
    SendScintilla(SCI_INDICATORFILLRANGE, static_cast<unsigned long>(start),
                  static_cast<long>(end - start));
}

QString ExpressionEditor::problemAt(int position) const {
    if (position < 0 || m_problemMessage.isEmpty())
        return {};
    const long value =
        SendScintilla(SCI_INDICATORVALUEAT, static_cast<unsigned long>(kErrorIndicator),
                      static_cast<long>(position));
    return value ? m_problemMessage : QString();
}

void ExpressionEditor::showToolTip(int position, int x, int y) {
    const QString message = problemAt(position);
    if (message.isEmpty())
        return;
    QToolTip::showText(viewport()->mapToGlobal(QPoint(x, y)), message, viewport());
}

// The words before the cursor as ExpressionApis reads them: {"event", partial} after
// "event.", {"in(", partial} inside in(, {partial} elsewhere; empty where nothing
// completes (inside a string, after a number, after another dot).
QStringList ExpressionEditor::completionContext(int& partialBytes) const {
    const QByteArray bytes = text().toUtf8();
    const int caret = static_cast<int>(SendScintilla(SCI_GETCURRENTPOS));
    const QString before = QString::fromUtf8(bytes.left(caret));
    partialBytes = 0;
    if (insideString(before))
        return {};
    static const QRegularExpression inState(
        QStringLiteral("(?:^|[^A-Za-z0-9_.])in\\s*\\(\\s*([A-Za-z_][A-Za-z0-9_.\\-]*)?$"));
    if (const QRegularExpressionMatch m = inState.match(before); m.hasMatch()) {
        partialBytes = bytesOf(m.captured(1));
        return {QStringLiteral("in("), m.captured(1)};
    }
    static const QRegularExpression word(
        QStringLiteral("(?:^|[^A-Za-z0-9_])((?:([A-Za-z0-9_]+)\\s*\\.\\s*)?([A-Za-z0-9_]*))$"));
    const QRegularExpressionMatch m = word.match(before);
    if (!m.hasMatch())
        return {};
    const QString partial = m.captured(3);
    if (!partial.isEmpty() && partial.front().isDigit())
        return {}; // a number
    partialBytes = bytesOf(partial);
    if (m.capturedLength(1) > partial.size()) // "something." before it
        return m.captured(2) == QLatin1String("event")
                   ? QStringList{QStringLiteral("event"), partial}
                   : QStringList{};
    return {partial};
}

void ExpressionEditor::showCompletions() {
    int partialBytes = 0;
    const QStringList context = completionContext(partialBytes);
    m_completions.clear();
    if (context.isEmpty()) {
        cancelList();
        return;
    }
    m_apis->updateAutoCompletionList(context, m_completions);
    if (m_completions.isEmpty()) {
        cancelList();
        return;
    }
    if (!caretOnAScreen()) {
        cancelList();
        return;
    }
    m_completionStart = static_cast<int>(SendScintilla(SCI_GETCURRENTPOS)) - partialBytes;
    SendScintilla(SCI_AUTOCSETSEPARATOR, static_cast<unsigned long>(kListSeparator));
    const QByteArray list = m_completions.join(QLatin1Char(kListSeparator)).toUtf8();
    SendScintilla(SCI_AUTOCSHOW, static_cast<unsigned long>(partialBytes), list.constData());
}

// QScintilla places its list on the screen under the caret and does not expect there
// to be none (a field scrolled out of every screen, as in a window larger than the
// offscreen platform's screen): no list then, rather than a crash.
bool ExpressionEditor::caretOnAScreen() const {
    const long caret = SendScintilla(SCI_GETCURRENTPOS);
    const int x = static_cast<int>(SendScintilla(SCI_POINTXFROMPOSITION, 0UL, caret));
    const int y = static_cast<int>(SendScintilla(SCI_POINTYFROMPOSITION, 0UL, caret));
    const int height = static_cast<int>(SendScintilla(SCI_TEXTHEIGHT, 0UL));
    for (const QPoint& point : {QPoint(x, y), QPoint(x, y + height)})
        if (!QGuiApplication::screenAt(viewport()->mapToGlobal(point)))
            return false;
    return true;
}

void ExpressionEditor::charAdded(int ch) {
    if (ch != '.' && ch != '(')
        return;
    int partialBytes = 0;
    const QStringList context = completionContext(partialBytes);
    if (context.size() == 2) // just after "event." or "in("
        showCompletions();
}

void ExpressionEditor::keyPressEvent(QKeyEvent* event) {
    const int key = event->key();
    if (key == Qt::Key_Space && (event->modifiers() & Qt::ControlModifier)) {
        showCompletions();
        event->accept();
        return;
    }
    if (key == Qt::Key_Return || key == Qt::Key_Enter) {
        if (isListActive()) {
            const QByteArray bytes = text().toUtf8();
            const int caret = static_cast<int>(SendScintilla(SCI_GETCURRENTPOS));
            const QString typed = QString::fromUtf8(
                bytes.mid(m_completionStart, std::max(0, caret - m_completionStart)));
            if (!m_completions.contains(typed)) {
                QsciScintilla::keyPressEvent(event); // take the chosen entry
                return;
            }
            cancelList(); // nothing left to complete: Enter is Enter
        }
        finishEditing();
        event->accept();
        return;
    }
    if (key == Qt::Key_Escape) {
        if (isListActive()) {
            cancelList();
            event->accept();
            return;
        }
        if (text() != m_value) {
            resetValue(m_value);
            emit reverted();
            event->accept();
            return;
        }
        event->ignore();
        return;
    }
    QsciScintilla::keyPressEvent(event);
}

// Tab leaves the field (and commits on the way out), except that with the completion
// list open it takes the chosen entry.
bool ExpressionEditor::focusNextPrevChild(bool next) {
    if (isListActive())
        return false;
    return QWidget::focusNextPrevChild(next);
}

void ExpressionEditor::focusOutEvent(QFocusEvent* event) {
    QsciScintilla::focusOutEvent(event);
    const QWidget* popup = QApplication::activePopupWidget();
    if (event->reason() == Qt::PopupFocusReason && popup && isAncestorOf(popup))
        return; // our own context menu
    const QWidget* active = QApplication::activeWindow();
    if (event->reason() == Qt::ActiveWindowFocusReason && active && active->parent() == this &&
        active->inherits("QsciSciListBox"))
        return; // our own completion list, where some window managers put the focus
    finishEditing();
}

QByteArray ExpressionEditor::fromMimeData(const QMimeData* source, bool& rectangular) const {
    QByteArray text = QsciScintilla::fromMimeData(source, rectangular);
    rectangular = false;
    text.replace("\r\n", " ");
    text.replace('\n', ' ');
    text.replace('\r', ' ');
    return text;
}

void ExpressionEditor::setPlaceholderText(const QString& text) {
    m_placeholder = text;
    viewport()->update();
}

void ExpressionEditor::paintEvent(QPaintEvent* event) {
    QsciScintilla::paintEvent(event);
    if (m_placeholder.isEmpty() || SendScintilla(SCI_GETLENGTH) > 0)
        return;
    QPainter painter(viewport());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.setFont(font());
    const QRect area = viewport()->rect().adjusted(kTextPadding, 0, -kTextPadding, 0);
    painter.drawText(area, Qt::AlignLeft | Qt::AlignVCenter,
                     fontMetrics().elidedText(m_placeholder, Qt::ElideRight, area.width()));
}

QSize ExpressionEditor::sizeHint() const {
    const int width = fontMetrics().horizontalAdvance(QLatin1Char('x')) * 17 + 2 * kTextPadding +
                      2 * frameWidth();
    return {width, m_lineHeight};
}

QSize ExpressionEditor::minimumSizeHint() const {
    return {fontMetrics().horizontalAdvance(QLatin1Char('x')) * 4, m_lineHeight};
}

void ExpressionEditor::resizeEvent(QResizeEvent* event) {
    QsciScintilla::resizeEvent(event);
    fitOneLine();
}

// The one line fills the field's height with its text in the middle, as in a
// QLineEdit: the space the text does not need goes above and below it.
void ExpressionEditor::fitOneLine() {
    SendScintilla(SCI_SETEXTRAASCENT, 0UL);
    SendScintilla(SCI_SETEXTRADESCENT, 0UL);
    const int textHeight = static_cast<int>(SendScintilla(SCI_TEXTHEIGHT, 0UL));
    const int spare = std::max(0, viewport()->height() - textHeight);
    SendScintilla(SCI_SETEXTRAASCENT, static_cast<unsigned long>(spare / 2));
    SendScintilla(SCI_SETEXTRADESCENT, static_cast<unsigned long>(spare - spare / 2));
    // Nothing to scroll to vertically: the first line stays at the top.
    SendScintilla(SCI_SETFIRSTVISIBLELINE, 0UL);
}

void ExpressionEditor::changeEvent(QEvent* event) {
    QsciScintilla::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange ||
        event->type() == QEvent::StyleChange)
        applyPalette();
}

void ExpressionEditor::applyPalette() {
    const QPalette palette = this->palette();
    m_lexer->applyPalette(palette, font());
    setCaretForegroundColor(palette.color(QPalette::Text));
    setSelectionBackgroundColor(palette.color(QPalette::Highlight));
    setSelectionForegroundColor(palette.color(QPalette::HighlightedText));
    setIndicatorForegroundColor(
        m_lexer->isDark() ? QColor(0xff, 0x6b, 0x6b) : QColor(0xd3, 0x2f, 0x2f), kErrorIndicator);
    QLineEdit probe;
    probe.setFont(font());
    probe.setStyle(style());
    m_lineHeight = probe.sizeHint().height();
    updateGeometry();
    fitOneLine();
}

} // namespace swivel::inspector
