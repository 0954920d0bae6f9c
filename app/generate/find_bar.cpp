#include "generate/find_bar.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QToolButton>

#include <Qsci/qsciscintilla.h>

namespace swivel::generate {

FindBar::FindBar(QsciScintilla* view, QWidget* parent)
    : QWidget(parent), m_view(view), m_field(new QLineEdit(this)),
      m_matchCase(new QCheckBox(tr("Match case"), this)) {
    m_field->setObjectName(QStringLiteral("findField"));
    m_field->setPlaceholderText(tr("Find in file"));
    m_field->setClearButtonEnabled(true);
    m_field->installEventFilter(this);
    m_matchCase->setObjectName(QStringLiteral("findMatchCase"));

    auto* previous = new QToolButton(this);
    previous->setObjectName(QStringLiteral("findPrevious"));
    previous->setArrowType(Qt::UpArrow);
    previous->setToolTip(tr("Previous match (Shift+Enter)"));
    auto* next = new QToolButton(this);
    next->setObjectName(QStringLiteral("findNext"));
    next->setArrowType(Qt::DownArrow);
    next->setToolTip(tr("Next match (Enter)"));
    auto* close = new QToolButton(this);
    close->setObjectName(QStringLiteral("findClose"));
    close->setText(QStringLiteral("✕"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Close (Escape)"));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_field, 1);
    layout->addWidget(previous);
    layout->addWidget(next);
    layout->addWidget(m_matchCase);
    layout->addWidget(close);

    // Typing searches from where the current match starts, so it grows in place.
    connect(m_field, &QLineEdit::textEdited, this, [this] { find(true, false); });
    connect(m_matchCase, &QCheckBox::toggled, this, [this] { find(true, false); });
    connect(previous, &QToolButton::clicked, this, &FindBar::findPrevious);
    connect(next, &QToolButton::clicked, this, &FindBar::findNext);
    connect(close, &QToolButton::clicked, this, [this] {
        hide();
        m_view->setFocus();
    });
    hide();
}

void FindBar::open() {
    if (m_view->hasSelectedText() && !m_view->selectedText().contains(QLatin1Char('\n')))
        m_field->setText(m_view->selectedText());
    show();
    m_field->setFocus();
    m_field->selectAll();
}

bool FindBar::findNext() {
    return find(true, true);
}

bool FindBar::findPrevious() {
    return find(false, true);
}

bool FindBar::find(bool forward, bool fromCursor) {
    const QString text = m_field->text();
    if (text.isEmpty()) {
        showFound(true);
        return false;
    }
    int line = -1;
    int index = -1;
    if (!fromCursor || !forward) {
        // Search again from the start of the current match: as-you-type refinement
        // keeps its place, and backwards must not find the match it stands on.
        int lineTo = 0;
        int indexTo = 0;
        if (m_view->hasSelectedText())
            m_view->getSelection(&line, &index, &lineTo, &indexTo);
        else
            m_view->getCursorPosition(&line, &index);
    }
    const bool found = m_view->findFirst(text, false, m_matchCase->isChecked(), false, true,
                                         forward, line, index, true);
    showFound(found);
    return found;
}

void FindBar::showFound(bool found) {
    m_field->setStyleSheet(found ? QString()
                                 : QStringLiteral("QLineEdit { background: #f8d7da; color: #58151c; }"));
}

bool FindBar::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_field && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const bool shift = key->modifiers() & Qt::ShiftModifier;
        switch (key->key()) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
        case Qt::Key_F3:
            shift ? findPrevious() : findNext();
            return true;
        case Qt::Key_Escape:
            hide();
            m_view->setFocus();
            return true;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace swivel::generate
