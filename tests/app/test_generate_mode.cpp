// The Generate mode, as a student uses it beside the diagram: Ctrl+G shows the
// generated project; machine.cpp opens first, in the C++ lexer, read-only; an edit of
// the machine regenerates it after a short pause, and the lines it changed are marked.
// The source map works both ways: selecting a transition highlights its `case` in the
// switch and scrolls there; clicking in a generated `case` selects that transition on
// the canvas. Ctrl+F finds in the file; the views follow a dark palette.
#include <QtTest>

#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QStyleFactory>
#include <QTreeWidget>
#include <QTimer>
#include <QUndoStack>

#include <Qsci/qscilexercpp.h>
#include <Qsci/qscilexerjson.h>

#include "canvas/machine_scene.h"
#include "canvas/transition_item.h"
#include "commands/change_machine.h"
#include "commands/change_transition.h"
#include "designer/generate_dock.h"
#include "designer/main_window.h"
#include "document/document.h"
#include "document/selection.h"
#include "generate/code_view.h"
#include "generate/export_dialog.h"
#include "generate/find_bar.h"
#include "generate/generate_panel.h"
#include "window_test_support.h"

using namespace swivel;

namespace {

const QString kCamera =
    QStringLiteral(SWIVEL_SOURCE_RESOURCES "/examples/camera-point-focus-shoot.swivel.json");

// The 1-based line of the view's text that contains `needle`, or 0.
int lineContaining(const generate::CodeView& view, const QString& needle) {
    const QStringList lines = view.text().split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        if (lines[i].contains(needle))
            return i + 1;
    }
    return 0;
}

bool lineIsOnScreen(generate::CodeView& view, int line) {
    const int first = view.firstVisibleLine() + 1;
    const int count = static_cast<int>(view.SendScintilla(QsciScintilla::SCI_LINESONSCREEN));
    return line >= first && line < first + count;
}

// Clicks the middle of the text of `line` (1-based), as a user would.
void clickLine(generate::CodeView& view, int line) {
    view.setFirstVisibleLine(std::max(0, line - 5));
    QCoreApplication::processEvents();
    const QString text = view.text(line - 1);
    const long position = view.positionFromLineIndex(line - 1, text.trimmed().isEmpty()
                                                                   ? 0
                                                                   : static_cast<int>(text.size() / 2));
    const int x = static_cast<int>(
        view.SendScintilla(QsciScintilla::SCI_POINTXFROMPOSITION, 0UL, position));
    const int y = static_cast<int>(
        view.SendScintilla(QsciScintilla::SCI_POINTYFROMPOSITION, 0UL, position));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, QPoint(x + 2, y + 4));
}

} // namespace

class TestGenerateMode : public QObject {
    Q_OBJECT

    std::unique_ptr<designer::MainWindow> m_window;

    generate::GeneratePanel& panel() { return *m_window->generateDock()->panel(); }
    generate::CodeView& code() { return *panel().codeView(); }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init() {
        m_window = std::make_unique<designer::MainWindow>();
        QVERIFY(m_window->openFile(kCamera));
        test::showActive(*m_window);
        QVERIFY(!m_window->generateDock()->isVisible());
        QTest::keyClick(m_window.get(), Qt::Key_G, Qt::ControlModifier);
        QTRY_VERIFY(m_window->generateDock()->isVisible());
        QTRY_VERIFY(panel().generations() > 0);
    }

    void cleanup() { m_window.reset(); }

    void ctrlGShowsTheGeneratedProjectWithMachineCppFirst() {
        QCOMPARE(code().path(), QStringLiteral("src/machine.cpp"));
        QVERIFY(qobject_cast<QsciLexerCPP*>(code().lexer()));
        QVERIFY(code().isReadOnly());
        QVERIFY(code().text().contains(QStringLiteral("int selectTransition(")));
        QVERIFY(panel().statusLabel()->text().contains(QStringLiteral("files")));
        // Every generated file is listed; function.json opens in the JSON lexer.
        QVERIFY(panel().output().files.contains("host.json"));
        QVERIFY(panel().showFile(QStringLiteral("host.json")));
        QCOMPARE(code().path(), QStringLiteral("host.json"));
        QVERIFY(qobject_cast<QsciLexerJSON*>(code().lexer()));
        // Typing into a read-only view changes nothing.
        code().setFocus();
        QTest::keyClicks(&code(), QStringLiteral("xyz"));
        QCOMPARE(QString::fromStdString(*panel().output().files.find("host.json")), code().text());
        // Ctrl+G again hides the mode.
        QTest::keyClick(m_window.get(), Qt::Key_G, Qt::ControlModifier);
        QTRY_VERIFY(!m_window->generateDock()->isVisible());
    }

    void anEditRegeneratesAfterAPauseAndMarksTheChangedLines() {
        const int before = panel().generations();
        QVERIFY(code().changedLines().empty());
        m_window->document()->undoStack()->push(new commands::ChangeTransitionGuard(
            m_window->document(), {"motion"}, "focusTries == 0"));
        // Not at once: typing must stay smooth.
        QCOMPARE(panel().generations(), before);
        QTRY_COMPARE(panel().generations(), before + 1);
        const std::vector<int> changed = code().changedLines();
        QVERIFY(!changed.empty());
        // The guard's new function is among the changed lines, and nothing far away is.
        const int guardComment = lineContaining(code(), QStringLiteral("focusTries == 0"));
        QVERIFY(guardComment > 0);
        QVERIFY(std::find(changed.begin(), changed.end(), guardComment) != changed.end());
        QVERIFY(changed.size() < 20);
        QVERIFY(std::find(changed.begin(), changed.end(), 1) == changed.end());
        // Undo regenerates again: the guard is gone.
        m_window->document()->undoStack()->undo();
        QTRY_COMPARE(panel().generations(), before + 2);
        QCOMPARE(lineContaining(code(), QStringLiteral("focusTries == 0")), 0);
    }

    void selectingATransitionHighlightsItsCaseAndScrollsThere() {
        // A transition tested late in the switch: the view must scroll to it.
        m_window->selection()->selectTransition("bootFailed");
        const int test = lineContaining(code(), QStringLiteral("return transition::bootFailed;"));
        QVERIFY(test > 0);
        const std::vector<int> lit = code().highlightedLines();
        QVERIFY(std::find(lit.begin(), lit.end(), test) != lit.end());
        QVERIFY(std::find(lit.begin(), lit.end(), test - 1) != lit.end());  // its `if`
        QVERIFY(lineIsOnScreen(code(), *std::min_element(lit.begin(), lit.end())));
        // scripts/screenshots.sh keeps this moment for the docs.
        if (const QString directory = qEnvironmentVariable("SWIVEL_SCREENSHOT_DIR"); !directory.isEmpty())
            m_window->grab().save(directory + "/generate-mode.png");
        // Another transition's test is not lit.
        const int other = lineContaining(code(), QStringLiteral("return transition::booted;"));
        QVERIFY(std::find(lit.begin(), lit.end(), other) == lit.end());
        // Clearing the selection clears the highlight.
        m_window->selection()->clear();
        QVERIFY(code().highlightedLines().empty());
    }

    void selectingAStateInAnotherFileGoesToTheMachine() {
        QVERIFY(panel().showFile(QStringLiteral("README.md")));
        m_window->selection()->selectState("Focus");
        QCOMPARE(code().path(), QStringLiteral("src/machine.cpp"));
        QVERIFY(!code().highlightedLines().empty());
    }

    void clickingInAGeneratedCaseSelectsThatTransition() {
        const int test = lineContaining(code(), QStringLiteral("return transition::refocus;"));
        QVERIFY(test > 0);
        clickLine(code(), test);
        QCOMPARE(m_window->selection()->transitions(), std::vector<std::string>{"refocus"});
        QVERIFY(m_window->selection()->states().empty());
        // The canvas shows it selected too.
        canvas::TransitionItem* item = m_window->scene()->transitionItem("refocus");
        QVERIFY(item);
        QVERIFY(item->isSelected());
        // A click on the case of a state selects the state.
        const int stateCase = lineContaining(code(), QStringLiteral("case State::Off:"));
        QVERIFY(stateCase > 0);
        clickLine(code(), stateCase);
        QCOMPARE(m_window->selection()->states(), std::vector<std::string>{"Off"});
        // A click on an include selects nothing new.
        clickLine(code(), lineContaining(code(), QStringLiteral("#include \"machine.h\"")));
        QCOMPARE(m_window->selection()->states(), std::vector<std::string>{"Off"});
    }

    void exportOpensTheExportDialogOnTheTargetShown() {
        panel().setTarget(QStringLiteral("mermaid"));
        QString shownTarget;
        bool wasModal = false;
        // exec() blocks: look at the dialog from inside its event loop, then close it.
        QTimer::singleShot(0, this, [&] {
            QTRY_VERIFY(QApplication::activeModalWidget());
            auto* dialog = qobject_cast<generate::ExportDialog*>(QApplication::activeModalWidget());
            wasModal = dialog != nullptr;
            if (dialog) {
                shownTarget = dialog->target();
                QTest::keyClick(dialog, Qt::Key_Escape);
            }
        });
        QTest::keyClick(m_window.get(), Qt::Key_G, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(wasModal);
        QCOMPARE(shownTarget, QStringLiteral("mermaid"));
        QVERIFY(!QApplication::activeModalWidget());
    }

    void ctrlFFindsInTheFile() {
        code().setFocus();
        QTest::keyClick(&code(), Qt::Key_F, Qt::ControlModifier);
        generate::FindBar* find = panel().findBar();
        QTRY_VERIFY(find->isVisible());
        QTest::keyClicks(find->field(), QStringLiteral("eventNameOf("));
        QVERIFY(code().hasSelectedText());
        QCOMPARE(code().selectedText(), QStringLiteral("eventNameOf("));
        int firstLine = 0, index = 0;
        code().getCursorPosition(&firstLine, &index);
        QTest::keyClick(find->field(), Qt::Key_Return);
        int nextLine = 0;
        code().getCursorPosition(&nextLine, &index);
        QVERIFY(nextLine > firstLine);
        QTest::keyClick(find->field(), Qt::Key_Return, Qt::ShiftModifier);
        int backLine = 0;
        code().getCursorPosition(&backLine, &index);
        QCOMPARE(backLine, firstLine);
        QTest::keyClicks(find->field(), QStringLiteral("no such text"));
        QVERIFY(!find->field()->styleSheet().isEmpty());  // turned red
        QTest::keyClick(find->field(), Qt::Key_Escape);
        QVERIFY(!find->isVisible());
    }

    void codeViewsFollowADarkPalette() {
        const QPalette light = QApplication::palette();
        auto paper = [this] {
            return QColor(static_cast<QRgb>(code().SendScintilla(
                       QsciScintilla::SCI_STYLEGETBACK, QsciScintilla::STYLE_DEFAULT)))
                .lightness();
        };
        QVERIFY(paper() > 128);
        QPalette dark = light;
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::Window, QColor(0x2d, 0x2d, 0x2d));
        dark.setColor(QPalette::Text, QColor(0xdd, 0xdd, 0xdd));
        QApplication::setPalette(dark);
        QTRY_VERIFY(paper() < 64);
        QApplication::setPalette(light);
        QTRY_VERIFY(paper() > 128);
    }

    void aMachineThatCannotBeGeneratedKeepsTheLastGoodFilesAndSaysWhy() {
        const std::string good = *panel().output().files.find("src/machine.cpp");
        const int before = panel().generations();
        m_window->document()->undoStack()->push(
            new commands::ChangeDeviceType(m_window->document(), "no-such-device"));
        QTRY_COMPARE(panel().generations(), before + 1);
        QVERIFY(panel().statusLabel()->text().contains(QStringLiteral("Not regenerated")));
        QVERIFY(panel().statusLabel()->text().contains(QStringLiteral("no-such-device")));
        QCOMPARE(*panel().output().files.find("src/machine.cpp"), good);
        QCOMPARE(code().text(), QString::fromStdString(good));
        // Fixed (undone), it generates again.
        m_window->document()->undoStack()->undo();
        QTRY_COMPARE(panel().generations(), before + 2);
        QVERIFY(!panel().statusLabel()->text().contains(QStringLiteral("Not regenerated")));
    }
};

QTEST_MAIN(TestGenerateMode)
#include "test_generate_mode.moc"
