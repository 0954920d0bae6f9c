// The inspector's expression editor (QScintilla), offscreen, on the camera example,
// with real keys and mouse: a misspelled tag is underlined exactly where it is while
// it is typed and the underline's hover tells why; fixing it by keys takes the mark
// away and Enter commits the fixed text as one undo step; "event." opens the list of
// the event's tags on its own and Tab or Enter takes one; words are coloured by what
// they are; the field is one line high and stays one line.

#include <QtTest>

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QScrollBar>
#include <QStackedWidget>
#include <QToolTip>
#include <QVBoxLayout>

#include "document/document.h"
#include "document/selection.h"
#include "document_test_support.h"
#include "inspector/expression_editor.h"
#include "inspector/expression_lexer.h"
#include "inspector/inspector.h"
#include "model/machine_file.h"
#include "model/resources.h"

using namespace swivel;
using inspector::ExpressionEditor;
using inspector::ExpressionLexer;

namespace {

QString cameraExample() {
    return QString::fromStdString(model::resourcesDirectory()) +
           QStringLiteral("/examples/camera-point-focus-shoot.swivel.json");
}

// An inspector on the camera example, shown and active so that focus, Enter and
// focus out behave as they do for a user.
struct Fixture {
    document::Document document;
    document::Selection selection;
    QWidget window;
    inspector::Inspector* inspector;

    Fixture() {
        const model::LoadResult loaded = model::loadMachineFile(cameraExample().toStdString());
        if (!loaded.machine)
            qFatal("cannot load the camera example");
        document.reset(*loaded.machine, cameraExample());
        inspector = new inspector::Inspector(&document, &selection, &window);
        auto* layout = new QVBoxLayout(&window);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(inspector);
        window.resize(380, 900);
        window.show();
    }
    bool active() {
        window.activateWindow();
        return QTest::qWaitForWindowActive(&window);
    }
    ExpressionEditor* guard() const {
        return inspector->findChild<ExpressionEditor*>(QStringLiteral("transitionGuard"));
    }
    QLabel* guardError() const {
        return inspector->findChild<QLabel*>(QStringLiteral("transitionGuardError"));
    }
    int steps() { return document.undoStack()->count(); }
    const model::Transition& transition(const std::string& id) const {
        return *document.machine().findTransition(id);
    }
};

// Clicks into the editor's text, as a user does, and empties it by keys.
void clickAndClear(ExpressionEditor* editor) {
    QTest::mouseClick(editor->viewport(), Qt::LeftButton);
    QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(editor, Qt::Key_Backspace);
}

struct Extent {
    long start = -1; // byte positions; -1: nothing marked
    long end = -1;
    bool operator==(const Extent&) const = default;
};

// Where the error indicator lies: from its first marked position to past its last.
Extent errorExtent(ExpressionEditor* editor) {
    Extent extent;
    const long length = editor->SendScintilla(QsciScintillaBase::SCI_GETLENGTH);
    for (long position = 0; position < length; ++position)
        if (editor->SendScintilla(QsciScintillaBase::SCI_INDICATORVALUEAT,
                                  ExpressionEditor::kErrorIndicator, position) != 0) {
            if (extent.start < 0)
                extent.start = position;
            extent.end = position + 1;
        }
    return extent;
}

int styleAt(ExpressionEditor* editor, int position) {
    editor->SendScintilla(QsciScintillaBase::SCI_COLOURISE, 0UL, -1L);
    return static_cast<int>(editor->SendScintilla(QsciScintillaBase::SCI_GETSTYLEAT,
                                                  static_cast<unsigned long>(position)));
}

// The completion list QScintilla shows: a top-level list of its own.
QListWidget* completionPopup() {
    for (QWidget* widget : QApplication::topLevelWidgets())
        if (auto* list = qobject_cast<QListWidget*>(widget); list && list->isVisible())
            return list;
    return nullptr;
}

QStringList itemsOf(QListWidget* list) {
    QStringList items;
    for (int i = 0; list && i < list->count(); ++i)
        items << list->item(i)->text();
    return items;
}

QPoint pointOf(ExpressionEditor* editor, int position) {
    const int x = static_cast<int>(editor->SendScintilla(QsciScintillaBase::SCI_POINTXFROMPOSITION,
                                                         0UL, static_cast<long>(position)));
    const int y = static_cast<int>(editor->SendScintilla(QsciScintillaBase::SCI_POINTYFROMPOSITION,
                                                         0UL, static_cast<long>(position)));
    const int height =
        static_cast<int>(editor->SendScintilla(QsciScintillaBase::SCI_TEXTHEIGHT, 0UL));
    return {x + 2, y + height / 2};
}

} // namespace

class TestExpressionEditor : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        qRegisterMetaType<document::Change>();
        QStandardPaths::setTestModeEnabled(true);
    }

    void aMisspelledTagIsUnderlinedUntilItIsFixed() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectTransition("motion"); // on Motion, whose tag is Bearing
        ExpressionEditor* guard = f.guard();
        QVERIFY(guard);
        const model::Machine before = f.document.machine();
        const int steps = f.steps();

        clickAndClear(guard);
        QTest::keyClicks(guard, "event.Bering > 10");
        QCOMPARE(guard->text(), QStringLiteral("event.Bering > 10"));
        // The model's extent of the fault: the tag read, event.Bering, columns 1 to 12.
        QCOMPARE(errorExtent(guard), (Extent{0, 12}));
        QVERIFY(!f.guardError()->isHidden());
        const QString message = f.guardError()->text();
        QVERIFY2(message.startsWith("column 1: ") && message.contains("'Bering'") &&
                     message.contains("'Bearing'"),
                 qPrintable(message));
        QCOMPARE(guard->problemAt(8), message);
        QCOMPARE(guard->problemAt(14), QString()); // "10" is not at fault
        QCOMPARE(f.steps(), steps);                // nothing committed while typing

        // Hovering the underlined text shows the message.
        QTest::mouseMove(guard->viewport(), pointOf(guard, 8));
        QTRY_VERIFY_WITH_TIMEOUT(QToolTip::isVisible(), 3000);
        QCOMPARE(QToolTip::text(), message);
        QTest::mouseMove(f.guardError());
        QToolTip::hideText();

        // Fix it by keys where it is: after "event.Be" "ring" becomes "aring".
        QTest::keyClick(guard, Qt::Key_End);
        for (int i = 0; i < 5; ++i) // " > 10"
            QTest::keyClick(guard, Qt::Key_Left);
        for (int i = 0; i < 4; ++i) // "ring"
            QTest::keyClick(guard, Qt::Key_Backspace);
        QTest::keyClicks(guard, "aring");
        QCOMPARE(guard->text(), QStringLiteral("event.Bearing > 10"));
        QCOMPARE(errorExtent(guard), Extent{});
        QVERIFY(f.guardError()->isHidden());
        QCOMPARE(guard->problemAt(8), QString());

        QTest::keyClick(guard, Qt::Key_Return);
        QCOMPARE(f.transition("motion").guard.text, std::string("event.Bearing > 10"));
        QCOMPARE(f.steps(), steps + 1);
        f.document.undoStack()->undo();
        QCOMPARE(test::difference(before, f.document.machine()), QString());
        QCOMPARE(guard->text(), QString());
    }

    void anErrorPastTheEndMarksTheLastCharacter() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectTransition("refocus");
        ExpressionEditor* guard = f.guard();
        clickAndClear(guard);
        QTest::keyClicks(guard, "focusTries <");
        QVERIFY2(f.guardError()->text().startsWith("column 13: "),
                 qPrintable(f.guardError()->text()));
        QCOMPARE(errorExtent(guard), (Extent{11, 12}));
        QTest::keyClick(guard, Qt::Key_Escape);
        QCOMPARE(guard->text(), QStringLiteral("focusTries < 3"));
        QCOMPARE(errorExtent(guard), Extent{});
    }

    void eventDotOpensTheTagsOfTheEvent() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectTransition("shot"); // on NewIMG: UID, GPS, SizeBytes
        ExpressionEditor* guard = f.guard();
        clickAndClear(guard);
        QTest::keyClicks(guard, "event.");
        QVERIFY(guard->isListActive());
        QCOMPARE(itemsOf(completionPopup()),
                 (QStringList{QStringLiteral("GPS"), QStringLiteral("SizeBytes"),
                              QStringLiteral("UID")}));

        // Typing narrows the choice; Tab takes it and the field keeps the focus.
        QTest::keyClicks(guard, "Si");
        QVERIFY(guard->isListActive());
        QTest::keyClick(guard, Qt::Key_Tab);
        QVERIFY(!guard->isListActive());
        QCOMPARE(guard->text(), QStringLiteral("event.SizeBytes"));
        QCOMPARE(QApplication::focusWidget(), guard);

        // Enter takes an entry too; Enter on a complete entry commits.
        QTest::keyClicks(guard, " > 0 && event.");
        QVERIFY(guard->isListActive());
        QTest::keyClick(guard, Qt::Key_Down);
        QTest::keyClick(guard, Qt::Key_Return);
        QCOMPARE(guard->text(), QStringLiteral("event.SizeBytes > 0 && event.SizeBytes"));
        QTest::keyClicks(guard, " > 1");
        QTest::keyClick(guard, Qt::Key_Return);
        QCOMPARE(f.transition("shot").guard.text,
                 std::string("event.SizeBytes > 0 && event.SizeBytes > 1"));
    }

    void enterOnATagTypedInFullCommits() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectTransition("shot");
        ExpressionEditor* guard = f.guard();
        clickAndClear(guard);
        QTest::keyClicks(guard, "event.UID");
        QVERIFY(guard->isListActive());
        QTest::keyClick(guard, Qt::Key_Return);
        QVERIFY(!guard->isListActive());
        QCOMPARE(f.transition("shot").guard.text, std::string("event.UID"));
    }

    void ctrlSpaceOffersEverythingAndInOpensTheStates() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectTransition("shot");
        ExpressionEditor* guard = f.guard();
        clickAndClear(guard);
        QTest::keyClick(guard, Qt::Key_Space, Qt::ControlModifier);
        QVERIFY(guard->isListActive());
        const QStringList offered = itemsOf(completionPopup());
        for (const char* word : {"focusTries", "lastUID", "event.", "in(", "true", "false"})
            QVERIFY2(offered.contains(QLatin1String(word)), word);

        QTest::keyClick(guard, Qt::Key_Escape); // closes the list, keeps the text
        QVERIFY(!guard->isListActive());
        QTest::keyClicks(guard, "in");
        QTest::keyClick(guard, Qt::Key_Space, Qt::ControlModifier);
        QTest::keyClick(guard, Qt::Key_Return); // in(, and then the states
        QCOMPARE(guard->text(), QStringLiteral("in("));
        QTRY_VERIFY(guard->isListActive());
        QVERIFY(itemsOf(completionPopup()).contains(QStringLiteral("TakePhoto")));
        QTest::keyClicks(guard, "Tak");
        QTest::keyClick(guard, Qt::Key_Tab);
        QTest::keyClicks(guard, ")");
        QCOMPARE(guard->text(), QStringLiteral("in(TakePhoto)"));
        QVERIFY(f.guardError()->isHidden());
    }

    void wordsAreColouredByWhatTheyAre() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectTransition("shot");
        ExpressionEditor* guard = f.guard();
        clickAndClear(guard);
        //                      0         1         2         3         4         5
        //                      0123456789012345678901234567890123456789012345678901234
        QTest::keyClicks(guard, "focusTries < 3 && true && in(Idle) && event.UID != \"x\" || nope");
        QCOMPARE(styleAt(guard, 0), int(ExpressionLexer::Variable));
        QCOMPARE(styleAt(guard, 11), int(ExpressionLexer::Operator));
        QCOMPARE(styleAt(guard, 13), int(ExpressionLexer::Number));
        QCOMPARE(styleAt(guard, 18), int(ExpressionLexer::Keyword));
        QCOMPARE(styleAt(guard, 26), int(ExpressionLexer::Function));
        QCOMPARE(styleAt(guard, 29), int(ExpressionLexer::State));
        QCOMPARE(styleAt(guard, 38), int(ExpressionLexer::Event));
        QCOMPARE(styleAt(guard, 44), int(ExpressionLexer::Tag));
        QCOMPARE(styleAt(guard, 51), int(ExpressionLexer::String));
        QCOMPARE(styleAt(guard, 58), int(ExpressionLexer::Unknown));
        // A variable and a number are told apart by colour, not only by style number.
        ExpressionLexer* lexer = guard->expressionLexer();
        QVERIFY(lexer->color(ExpressionLexer::Variable) != lexer->color(ExpressionLexer::Number));
        QVERIFY(lexer->color(ExpressionLexer::Variable) != lexer->color(ExpressionLexer::Default));
    }

    void theColoursFollowTheApplicationsPalette() {
        Fixture f;
        ExpressionEditor* guard = f.guard();
        ExpressionLexer* lexer = guard->expressionLexer();
        QVERIFY(!lexer->isDark());
        const QColor lightNumber = lexer->color(ExpressionLexer::Number);

        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
        guard->setPalette(dark);
        QVERIFY(lexer->isDark());
        QCOMPARE(lexer->paper(ExpressionLexer::Default), QColor(0x1e, 0x1e, 0x1e));
        QCOMPARE(lexer->color(ExpressionLexer::Default), QColor(0xe0, 0xe0, 0xe0));
        QCOMPARE(lexer->color(ExpressionLexer::Unknown), QColor(0xe0, 0xe0, 0xe0));
        const QColor darkNumber = lexer->color(ExpressionLexer::Number);
        QVERIFY(darkNumber != lightNumber);
        QVERIFY(darkNumber.lightness() > lightNumber.lightness());
    }

    void itIsOneLineHighAndStaysOneLine() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectTransition("shot");
        ExpressionEditor* guard = f.guard();
        QLineEdit probe;
        QCOMPARE(guard->height(), probe.sizeHint().height());
        QVERIFY(!guard->horizontalScrollBar()->isVisible());
        QVERIFY(!guard->verticalScrollBar()->isVisible());
        const int textHeight =
            static_cast<int>(guard->SendScintilla(QsciScintillaBase::SCI_TEXTHEIGHT, 0UL));
        QVERIFY(guard->viewport()->height() >= textHeight - 1);

        clickAndClear(guard);
        QApplication::clipboard()->setText(QStringLiteral("event.UID ==\n\"a\"\r\n"));
        QTest::keyClick(guard, Qt::Key_V, Qt::ControlModifier);
        QCOMPARE(guard->text(), QStringLiteral("event.UID == \"a\" "));
        QCOMPARE(guard->lines(), 1);
        QTest::keyClick(guard, Qt::Key_Return, Qt::ShiftModifier);
        QCOMPARE(guard->lines(), 1);
        QCOMPARE(f.transition("shot").guard.text, std::string("event.UID == \"a\" "));
    }

    void tabLeavesTheFieldAndCommits() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectTransition("shot");
        ExpressionEditor* guard = f.guard();
        clickAndClear(guard);
        QTest::keyClicks(guard, "true");
        QTest::keyClick(guard, Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(),
                 f.inspector->findChild<QWidget*>(QStringLiteral("transitionAfter")));
        QCOMPARE(f.transition("shot").guard.text, std::string("true"));
    }

    // Not a check: the picture of the editor with its completion list open for the
    // documentation, when asked for with SWIVEL_SCREENSHOT_DIR=<directory>.
    void screenshot() {
        const QString directory = qEnvironmentVariable("SWIVEL_SCREENSHOT_DIR");
        if (directory.isEmpty())
            QSKIP("set SWIVEL_SCREENSHOT_DIR to a directory to take it");
        Fixture f;
        f.window.resize(440, 600);
        QVERIFY(f.active());
        f.selection.selectTransition("shot");
        ExpressionEditor* guard = f.guard();
        clickAndClear(guard);
        QTest::keyClicks(guard, "event.SizeBytes > 1000 && event.");
        QTest::qWait(200); // the layouts settle, the caret blinks on
        QListWidget* popup = completionPopup();
        QVERIFY(popup);
        QPixmap shot = f.window.grab();
        QPainter painter(&shot);
        painter.drawPixmap(popup->mapToGlobal(QPoint()) - f.window.mapToGlobal(QPoint()),
                           popup->grab());
        painter.end();
        // The transition's fields down to its type: the actions are another story.
        auto* type = f.inspector->findChild<QWidget*>(QStringLiteral("transitionType"));
        const int bottom = type->mapTo(&f.window, QPoint(0, type->height())).y() + 5;
        const qreal scale = shot.devicePixelRatio();
        QVERIFY(shot.copy(0, 0, shot.width(), qRound(bottom * scale))
                    .save(directory + "/expression-editor.png"));
    }
};

QTEST_MAIN(TestExpressionEditor)
#include "test_expression_editor.moc"
