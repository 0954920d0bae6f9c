// The Problems dock keeps up with the machine: an edit that breaks it shows the
// problem without anyone asking, undo clears it, a burst of edits validates once, a
// file's own diagnostics (with line and column) stay until the first edit, and
// activating a problem selects its element and brings it into view. A real
// MainWindow with the camera example, offscreen.

#include <QDockWidget>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include "canvas/machine_scene.h"
#include "canvas/machine_view.h"
#include "commands/change_transition.h"
#include "designer/diagnostics_panel.h"
#include "designer/main_window.h"
#include "document/document.h"
#include "document/selection.h"

using namespace swivel;
using designer::DiagnosticsPanel;
using designer::MainWindow;
using Ids = std::vector<std::string>;

namespace {

enum Column { Severity, Code, Location, Element, Message };

// A main window showing the camera example, its Problems dock visible.
struct Fixture {
    MainWindow window;

    Fixture() {
        window.resize(1200, 800);
        window.show();
        if (!window.openFile(MainWindow::defaultFile()))
            qFatal("the camera example does not open");
        window.diagnosticsDock()->show();
    }
    DiagnosticsPanel* panel() const { return window.diagnosticsPanel(); }
    QUndoStack* undo() const { return window.document()->undoStack(); }
    void setGuard(const std::string& transition, const std::string& guard) {
        undo()->push(new commands::ChangeTransitionGuard(window.document(), {transition}, guard));
    }
    QTreeWidgetItem* rowFor(const QString& element) const {
        for (int i = 0; i < panel()->topLevelItemCount(); ++i) {
            if (panel()->topLevelItem(i)->text(Element) == element)
                return panel()->topLevelItem(i);
        }
        return nullptr;
    }
};

} // namespace

class TestLiveDiagnostics : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        // Recent files and autosaves go to a throwaway place.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("swivel-test"));
    }

    void anEditThatBreaksTheMachineShowsTheProblemAndUndoClearsIt() {
        Fixture f;
        QCOMPARE(f.panel()->topLevelItemCount(), 0);
        QCOMPARE(f.window.diagnosticsDock()->windowTitle(), QStringLiteral("Problems — none"));

        f.setGuard("focused", "event.Bearin > 3");
        QTRY_VERIFY(f.rowFor(QStringLiteral("focused")));
        QTreeWidgetItem* row = f.rowFor(QStringLiteral("focused"));
        QCOMPARE(row->text(Severity), QStringLiteral("error"));
        QVERIFY(!row->icon(Severity).isNull());
        QVERIFY(!row->text(Code).isEmpty());
        QVERIFY2(row->text(Message).contains(QStringLiteral("Bearin")),
                 qPrintable(row->text(Message)));
        QVERIFY(f.window.diagnosticsDock()->windowTitle().startsWith(QStringLiteral("Problems — ")));
        QVERIFY(f.window.diagnosticsDock()->windowTitle().contains(QStringLiteral("error")));
        QCOMPARE(f.panel()->errorCount(), 1);
        QCOMPARE(f.window.diagnosticsDock()->windowTitle(), QStringLiteral("Problems — 1 error"));

        f.undo()->undo();
        QTRY_COMPARE(f.panel()->topLevelItemCount(), 0);
        QCOMPARE(f.window.diagnosticsDock()->windowTitle(), QStringLiteral("Problems — none"));
    }

    void aBurstOfEditsValidatesOnce() {
        Fixture f;
        QSignalSpy validated(f.panel(), &DiagnosticsPanel::diagnosticsChanged);
        f.setGuard("focused", "event.A > 1");
        f.setGuard("pointed", "event.B > 1");
        f.setGuard("shot", "event.C > 1");
        QTRY_COMPARE(f.panel()->errorCount(), 3);
        QTest::qWait(2 * DiagnosticsPanel::kRevalidateDelayMs);
        QCOMPARE(validated.count(), 1);
        QCOMPARE(f.window.diagnosticsDock()->windowTitle(), QStringLiteral("Problems — 3 errors"));
    }

    void aFilesOwnDiagnosticsStayUntilTheFirstEdit() {
        // The camera example with one bad guard, written to a file: its diagnostic
        // carries the line and column the loader found.
        QFile example(MainWindow::defaultFile());
        QVERIFY(example.open(QIODevice::ReadOnly));
        QByteArray text = example.readAll();
        const QByteArray guard = "\"guard\": \"focusTries < 3\"";
        QVERIFY(text.contains(guard));
        text.replace(guard, "\"guard\": \"focusTries < \\\"three\\\"\"");
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.swivel.json"));
        QFile broken(path);
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write(text);
        broken.close();

        Fixture f;
        QVERIFY(f.window.openFile(path));
        QTreeWidgetItem* row = f.rowFor(QStringLiteral("refocus"));
        QVERIFY(row);
        QVERIFY(!row->text(Location).isEmpty());  // located in the file
        QTest::qWait(2 * DiagnosticsPanel::kRevalidateDelayMs);
        QVERIFY(!f.rowFor(QStringLiteral("refocus"))->text(Location).isEmpty());

        // The first edit revalidates the machine: the problem stays, the file position
        // (no longer meaningful) goes.
        f.setGuard("shot", "true");
        QTRY_VERIFY(f.rowFor(QStringLiteral("refocus")) &&
                    f.rowFor(QStringLiteral("refocus"))->text(Location).isEmpty());
    }

    void doubleClickingAProblemSelectsItsElementAndCentresTheView() {
        Fixture f;
        canvas::MachineView* view = f.window.view();
        view->resetZoom();
        view->zoomBy(2.0, view->viewport()->rect().center());  // the drawing is larger
                                                                // than the view
        view->centerOn(view->sceneRect().topLeft());
        f.setGuard("focused", "event.Bearin > 3");
        QTRY_VERIFY(f.rowFor(QStringLiteral("focused")));
        QTreeWidgetItem* row = f.rowFor(QStringLiteral("focused"));
        // A double-click is a click followed by the double-click event, as from a mouse.
        const QPoint at = f.panel()->visualItemRect(row).center();
        QTest::mouseClick(f.panel()->viewport(), Qt::LeftButton, {}, at);
        QVERIFY(f.window.selection()->transitions().empty());  // one click only chooses the row
        QTest::mouseDClick(f.panel()->viewport(), Qt::LeftButton, {}, at);

        QCOMPARE(f.window.selection()->transitions(), Ids{"focused"});
        QVERIFY(f.window.selection()->states().empty());
        const QGraphicsItem* item = f.window.scene()->transitionItem("focused");
        QVERIFY(item->isSelected());  // the canvas mirrors the selection
        const QPointF centre = view->mapToScene(view->viewport()->rect().center());
        const QPointF wanted = item->sceneBoundingRect().center();
        QVERIFY2(QLineF(centre, wanted).length() < 4.0,
                 qPrintable(QStringLiteral("view centre (%1, %2), item centre (%3, %4)")
                                .arg(centre.x()).arg(centre.y()).arg(wanted.x()).arg(wanted.y())));
    }

    void enterOnAProblemSelectsItsElement() {
        Fixture f;
        f.setGuard("focused", "event.Bearin > 3");
        QTRY_VERIFY(f.rowFor(QStringLiteral("focused")));
        f.window.selection()->selectState("Idle");
        f.panel()->setFocus();
        f.panel()->setCurrentItem(f.rowFor(QStringLiteral("focused")));
        QTest::keyClick(f.panel(), Qt::Key_Return);
        QCOMPARE(f.window.selection()->transitions(), Ids{"focused"});
    }
};

QTEST_MAIN(TestLiveDiagnostics)
#include "test_live_diagnostics.moc"
