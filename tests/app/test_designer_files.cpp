// The designer's files, offscreen on the real window: open, save, Save As, the title
// and its [*], the unsaved-changes prompt, recent files, New, the Welcome page, the
// diagram export and the edit actions.

#include <QtTest>

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>

#include "canvas/machine_scene.h"
#include "canvas/machine_view.h"
#include "codegen/scxml_generator.h"
#include "codegen/scxml_import.h"
#include "commands/change_machine.h"
#include "designer/diagnostics_panel.h"
#include "designer/main_window.h"
#include "designer/prompts.h"
#include "designer/welcome_page.h"
#include "document/document.h"
#include "document/selection.h"
#include "model/device_catalog.h"
#include "model/machine_file.h"

using swivel::designer::MainWindow;
using swivel::designer::Prompts;
using swivel::designer::UnsavedAnswer;
using swivel::designer::prompts;

namespace {

const QString kExamples = QStringLiteral(SWIVEL_SOURCE_RESOURCES "/examples");
const QString kCamera = kExamples + QStringLiteral("/camera-point-focus-shoot.swivel.json");

// What the test prompts answer, and what they were asked.
struct Answers {
    UnsavedAnswer unsaved = UnsavedAnswer::Cancel;
    int unsavedAsked = 0;
    QString saveFileName;
    QString deviceType;
    QStringList errors;
};
Answers answers;

void useTestPrompts() {
    prompts().unsavedChanges = [](QWidget*, const QString&) {
        ++answers.unsavedAsked;
        return answers.unsaved;
    };
    prompts().saveFileName = [](QWidget*, const QString&, const QString&) {
        return answers.saveFileName;
    };
    prompts().openFileName = [](QWidget*, const QString&) { return QString(); };
    prompts().newDeviceType = [](QWidget*) { return answers.deviceType; };
    prompts().error = [](QWidget*, const QString&, const QString& text) {
        answers.errors << text;
    };
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void rename(MainWindow& window, const std::string& name) {
    window.document()->undoStack()->push(
        new swivel::commands::ChangeMachineName(window.document(), name));
}

QAction* action(MainWindow& window, const char* name) {
    auto* found = window.findChild<QAction*>(QString::fromLatin1(name));
    if (!found)
        qFatal("no action %s", name);
    return found;
}

} // namespace

class TestDesignerFiles : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    // A fresh copy of an example in the temporary folder.
    QString copyOf(const QString& source, const QString& name) {
        const QString path = m_dir.filePath(name);
        QFile::remove(path);
        if (!QFile::copy(source, path))
            qFatal("cannot copy %s", qPrintable(source));
        QFile(path).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        return path;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("swivel-test"));
        QCoreApplication::setApplicationName(QStringLiteral("test_designer_files"));
        qputenv("SWIVEL_AUTOSAVE_DIR", m_dir.filePath(QStringLiteral("autosave")).toUtf8());
        useTestPrompts();
    }

    void init() {
        QSettings().clear();
        answers = Answers{};
    }

    void saveWritesWhatSaveMachineWrites() {
        const QString path = copyOf(kCamera, QStringLiteral("save.swivel.json"));
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        rename(window, "Renamed camera");
        QVERIFY(window.document()->isDirty());
        QVERIFY(window.save());
        QVERIFY(!window.document()->isDirty());
        QCOMPARE(readAll(path),
                 QByteArray::fromStdString(swivel::model::saveMachine(window.document()->machine())));
        const auto reloaded = swivel::model::loadMachineFile(path.toStdString());
        QVERIFY(reloaded.machine);
        QCOMPARE(reloaded.machine->name, std::string("Renamed camera"));
        QCOMPARE(swivel::model::saveMachine(*reloaded.machine),
                 swivel::model::saveMachine(window.document()->machine()));
        QVERIFY(answers.errors.isEmpty());
    }

    void saveAsChangesPathAndTitle() {
        const QString path = copyOf(kCamera, QStringLiteral("original.swivel.json"));
        const QString other = m_dir.filePath(QStringLiteral("other.swivel.json"));
        QFile::remove(other);
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        QCOMPARE(window.windowTitle(), QStringLiteral("original.swivel.json[*] — Swivel"));
        rename(window, "Elsewhere");
        answers.saveFileName = other;
        QVERIFY(window.saveAs());
        QCOMPARE(window.filePath(), QFileInfo(other).absoluteFilePath());
        QCOMPARE(window.windowTitle(), QStringLiteral("other.swivel.json[*] — Swivel"));
        QVERIFY(!window.isWindowModified());
        QVERIFY(QFileInfo::exists(other));
        // The original file is untouched.
        QCOMPARE(readAll(path), readAll(kCamera));
        // Cancelling the dialog saves nothing.
        answers.saveFileName.clear();
        QVERIFY(!window.saveAs());
        QCOMPARE(window.filePath(), QFileInfo(other).absoluteFilePath());
    }

    void untitledSaveAsksForAPath() {
        MainWindow window;
        window.show();
        QVERIFY(!window.hasDocument());
        QCOMPARE(window.windowTitle(), QStringLiteral("Swivel"));
        const auto& devices = swivel::model::DeviceCatalog::builtin().devices();
        QVERIFY(!devices.empty());
        answers.deviceType = QString::fromStdString(devices.front().id);
        action(window, "new")->trigger();
        QVERIFY(window.hasDocument());
        QCOMPARE(window.document()->machine().deviceType, devices.front().id);
        QVERIFY(window.document()->machine().states.empty());
        QCOMPARE(window.windowTitle(), QStringLiteral("Untitled[*] — Swivel"));
        QVERIFY(!window.isWindowModified());
        const QString path = m_dir.filePath(QStringLiteral("new.swivel.json"));
        answers.saveFileName = path;
        QVERIFY(window.save());
        const auto loaded = swivel::model::loadMachineFile(path.toStdString());
        QVERIFY(loaded.machine);
        QCOMPARE(loaded.machine->deviceType, devices.front().id);
        QCOMPARE(window.windowTitle(), QStringLiteral("new.swivel.json[*] — Swivel"));
    }

    void dirtyFlagFollowsEditsAndUndo() {
        const QString path = copyOf(kCamera, QStringLiteral("dirty.swivel.json"));
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        QVERIFY(!window.isWindowModified());
        rename(window, "Edited");
        QVERIFY(window.isWindowModified());
        QVERIFY(window.windowTitle().contains(QStringLiteral("[*]")));
        // The Undo action names the command.
        QCOMPARE(action(window, "undo")->text(), QStringLiteral("&Undo Rename Machine"));
        action(window, "undo")->trigger();
        QVERIFY(!window.isWindowModified());
        QCOMPARE(window.document()->machine().name,
                 swivel::model::loadMachineFile(path.toStdString()).machine->name);
        action(window, "redo")->trigger();
        QVERIFY(window.isWindowModified());
        QVERIFY(window.save());
        QVERIFY(!window.isWindowModified());
        action(window, "undo")->trigger();  // away from what the file holds
        QVERIFY(window.isWindowModified());
    }

    void unsavedPromptGuardsOpenNewAndClose() {
        const QString path = copyOf(kCamera, QStringLiteral("prompt.swivel.json"));
        const QString door = kExamples + QStringLiteral("/door-card-reader.swivel.json");
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        rename(window, "Unsaved");

        answers.unsaved = UnsavedAnswer::Cancel;
        QVERIFY(!window.openFile(door));
        QCOMPARE(answers.unsavedAsked, 1);
        QCOMPARE(window.document()->machine().name, std::string("Unsaved"));
        QVERIFY(!window.newDocument(QStringLiteral("x")));
        QVERIFY(!window.closeDocument());
        QCOMPARE(answers.unsavedAsked, 3);
        QVERIFY(!window.close());  // the close event is refused too
        QVERIFY(window.isVisible());
        QCOMPARE(answers.unsavedAsked, 4);
        QCOMPARE(window.document()->machine().name, std::string("Unsaved"));

        // Save: the file is written, then the window closes its document.
        answers.unsaved = UnsavedAnswer::Save;
        QVERIFY(window.closeDocument());
        QVERIFY(!window.hasDocument());
        QCOMPARE(swivel::model::loadMachineFile(path.toStdString()).machine->name,
                 std::string("Unsaved"));

        // Discard: the edit is dropped, the file stays as saved.
        QVERIFY(window.openFile(path));
        rename(window, "Dropped");
        answers.unsaved = UnsavedAnswer::Discard;
        QVERIFY(window.openFile(door));
        QCOMPARE(swivel::model::loadMachineFile(path.toStdString()).machine->name,
                 std::string("Unsaved"));
        QCOMPARE(answers.unsavedAsked, 6);

        // A clean document asks nothing.
        QVERIFY(window.openFile(path));
        QCOMPARE(answers.unsavedAsked, 6);
    }

    void realUnsavedDialogCanBeAnswered() {
        const QString path = copyOf(kCamera, QStringLiteral("dialog.swivel.json"));
        const Prompts saved = prompts();
        prompts().unsavedChanges = swivel::designer::defaultPrompts().unsavedChanges;
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        rename(window, "Asked");
        bool seen = false;
        QTimer::singleShot(0, this, [&seen] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box)
                return;
            seen = box->text().contains(QStringLiteral("dialog.swivel.json"));
            box->button(QMessageBox::Discard)->click();
        });
        QVERIFY(window.closeDocument());
        prompts() = saved;
        QVERIFY(seen);
        QVERIFY(!window.hasDocument());
    }

    // Qt Creator's statecharts open as they are; Save writes them back as SCXML.
    void scxmlFilesOpenAndSaveBackAsScxml() {
        const swivel::model::LoadResult camera = swivel::model::loadMachineFile(kCamera.toStdString());
        QVERIFY(camera.machine);
        const QString path = m_dir.filePath(QStringLiteral("camera.scxml"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(QByteArray::fromStdString(swivel::codegen::toScxml(*camera.machine).text));
        }
        MainWindow window;
        QVERIFY(window.openFile(path));
        QCOMPARE(swivel::model::saveMachine(window.document()->machine()),
                 swivel::model::saveMachine(*camera.machine));
        QCOMPARE(window.filePath(), QFileInfo(path).absoluteFilePath());

        rename(window, "renamed camera");
        QVERIFY(window.save());
        const QByteArray saved = readAll(path);
        QVERIFY(saved.startsWith("<?xml"));
        QVERIFY(saved.contains("<scxml"));
        const swivel::codegen::ScxmlImport back = swivel::codegen::importScxmlFile(path.toStdString());
        QVERIFY(back.machine);
        QCOMPARE(back.machine->name, std::string("renamed camera"));
        QVERIFY(!window.document()->isDirty());

        // Save As to a .swivel.json writes Swivel's own format.
        answers.saveFileName = m_dir.filePath(QStringLiteral("camera-from-scxml.swivel.json"));
        QVERIFY(window.saveAs());
        QVERIFY(readAll(answers.saveFileName).startsWith("{"));
    }

    // The format follows the name: a name typed without one takes the chosen filter's.
    void saveAsNamesTheFormatOfTheChosenFilter() {
        using swivel::designer::withFilterSuffix;
        QCOMPARE(withFilterSuffix(QStringLiteral("/d/camera"), QStringLiteral("SCXML statecharts (*.scxml)")),
                 QStringLiteral("/d/camera.scxml"));
        QCOMPARE(withFilterSuffix(QStringLiteral("/d/camera"), QStringLiteral("Swivel machines (*.swivel.json)")),
                 QStringLiteral("/d/camera.swivel.json"));
        QCOMPARE(withFilterSuffix(QStringLiteral("/d/camera.SCXML"), QStringLiteral("Swivel machines (*.swivel.json)")),
                 QStringLiteral("/d/camera.SCXML"));
        QCOMPARE(withFilterSuffix(QStringLiteral("/d/camera"), QStringLiteral("All files (*)")),
                 QStringLiteral("/d/camera"));
        QCOMPARE(withFilterSuffix(QString(), QStringLiteral("SCXML statecharts (*.scxml)")), QString());
    }

    // What SCXML has and Swivel cannot represent is listed with its line and column.
    void unsupportedScxmlIsReportedWithItsPlace() {
        const QString path = m_dir.filePath(QStringLiteral("with-invoke.scxml"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write("<?xml version=\"1.0\"?>\n"
                       "<scxml xmlns=\"http://www.w3.org/2005/07/scxml\" version=\"1.0\" initial=\"a\">\n"
                       "  <state id=\"a\">\n"
                       "    <invoke type=\"http://www.w3.org/TR/scxml/\" src=\"other.scxml\"/>\n"
                       "    <transition event=\"go\" target=\"b\"/>\n"
                       "  </state>\n"
                       "  <final id=\"b\"/>\n"
                       "</scxml>\n");
        }
        MainWindow window;
        QVERIFY(window.openFile(path));
        QCOMPARE(window.document()->machine().states.size(), std::size_t{2});
        bool reported = false;
        for (const swivel::model::Diagnostic& d : window.diagnosticsPanel()->diagnostics())
            reported = reported || (d.code == std::string("SW303") && d.line == 4 && d.column == 5);
        QVERIFY(reported);
        QVERIFY(window.diagnosticsDock()->isVisibleTo(&window));

        // Not XML at all: nothing opens, the error names the place.
        const QString broken = m_dir.filePath(QStringLiteral("broken.scxml"));
        {
            QFile file(broken);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write("<scxml>\n  <state id=\"a\">\n</scxml>\n");
        }
        QVERIFY(!window.openFile(broken));
        QVERIFY(!answers.errors.isEmpty());
        QVERIFY2(answers.errors.last().contains(QStringLiteral("SW301")), qPrintable(answers.errors.last()));
        QCOMPARE(window.document()->machine().states.size(), std::size_t{2});
    }

    void brokenFileLosesNothing() {
        const QString path = copyOf(kCamera, QStringLiteral("keep.swivel.json"));
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        rename(window, "Kept");
        QVERIFY(!window.openFile(QStringLiteral(SWIVEL_TEST_DATA "/syntax-error.swivel.json")));
        QCOMPARE(answers.errors.size(), 1);
        QVERIFY2(QRegularExpression(QStringLiteral("\\d+:\\d+: SW\\d+: "))
                     .match(answers.errors.front())
                     .hasMatch(),
                 qPrintable(answers.errors.front()));
        QCOMPARE(answers.unsavedAsked, 0);  // nothing to ask: nothing replaced
        QCOMPARE(window.document()->machine().name, std::string("Kept"));
        QCOMPARE(window.filePath(), QFileInfo(path).absoluteFilePath());
        QVERIFY(window.isWindowModified());
    }

    void recentFilesKeepTheLastTen() {
        QStringList paths;
        for (int i = 0; i < 12; ++i)
            paths << copyOf(kCamera, QStringLiteral("recent%1.swivel.json").arg(i));
        MainWindow window;
        for (const QString& path : paths)
            QVERIFY(window.openFile(path));
        QStringList recent = MainWindow::recentFiles();
        QCOMPARE(recent.size(), MainWindow::kMaxRecentFiles);
        QCOMPARE(recent.front(), QFileInfo(paths.last()).absoluteFilePath());
        QVERIFY(!recent.contains(QFileInfo(paths.front()).absoluteFilePath()));
        // Opening one again moves it to the front, once.
        QVERIFY(window.openFile(paths[5]));
        recent = MainWindow::recentFiles();
        QCOMPARE(recent.front(), QFileInfo(paths[5]).absoluteFilePath());
        QCOMPARE(recent.count(QFileInfo(paths[5]).absoluteFilePath()), 1);
        QCOMPARE(recent.size(), MainWindow::kMaxRecentFiles);

        auto* menu = window.findChild<QMenu*>(QStringLiteral("recentMenu"));
        QVERIFY(menu);
        QMetaObject::invokeMethod(menu, "aboutToShow");
        QCOMPARE(menu->actions().size(), MainWindow::kMaxRecentFiles);
        // The Welcome page lists them too, and opens one on activation.
        QVERIFY(window.closeDocument());
        QListWidget* list = window.welcomePage()->recentFiles();
        QCOMPARE(list->count(), MainWindow::kMaxRecentFiles);
        emit list->itemActivated(list->item(2));
        QVERIFY(window.hasDocument());
        QCOMPARE(window.filePath(), recent[2]);
    }

    void welcomePageListsTheExamples() {
        MainWindow window;
        window.show();
        QVERIFY(!window.hasDocument());
        QCOMPARE(window.centralWidget()->findChild<swivel::designer::WelcomePage*>(),
                 window.welcomePage());
        QVERIFY(window.welcomePage()->isVisible());
        QListWidget* examples = window.welcomePage()->examples();
        QCOMPARE(examples->count(), 3);
        for (int i = 0; i < examples->count(); ++i)
            QVERIFY2(examples->item(i)->text().contains(QLatin1Char('\n')),
                     qPrintable(examples->item(i)->text()));  // a description line
        emit examples->itemActivated(examples->item(0));
        QVERIFY(window.hasDocument());
        QVERIFY(!window.welcomePage()->isVisible());
        QVERIFY(window.document()->machine().states.size() > 0);
    }

    void exportsPngAndSvg() {
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(kCamera));
        const QString png = m_dir.filePath(QStringLiteral("camera.png"));
        const QString svg = m_dir.filePath(QStringLiteral("camera.svg"));
        answers.saveFileName = png;
        action(window, "exportPng")->trigger();
        answers.saveFileName = svg;
        action(window, "exportSvg")->trigger();
        QVERIFY2(answers.errors.isEmpty(), qPrintable(answers.errors.join('\n')));
        QImage image(png);
        QVERIFY(!image.isNull());
        const QRectF drawn = window.scene()->itemsBoundingRect();
        QVERIFY(qAbs(image.width() - (drawn.width() + 40)) <= 2);  // 100 % + margins
        QVERIFY(qAbs(image.height() - (drawn.height() + 40)) <= 2);
        QCOMPARE(image.pixelColor(2, 2), QColor(Qt::white));
        bool inked = false;
        for (int y = 0; y < image.height() && !inked; y += 3)
            for (int x = 0; x < image.width() && !inked; x += 3)
                inked = image.pixelColor(x, y) != QColor(Qt::white);
        QVERIFY(inked);
        const QByteArray text = readAll(svg);
        QVERIFY(text.contains("<svg"));
        QVERIFY(text.contains("</svg>"));
    }

    void editActionsUseTheSelection() {
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(kCamera));
        const std::size_t states = window.document()->machine().states.size();
        QVERIFY(!action(window, "copy")->isEnabled());
        action(window, "selectAll")->trigger();
        QCOMPARE(window.selection()->states().size(), states);
        QVERIFY(action(window, "copy")->isEnabled());
        action(window, "duplicate")->trigger();
        QCOMPARE(window.document()->machine().states.size(), 2 * states);
        QVERIFY2(action(window, "undo")->text().contains(QStringLiteral("Duplicate")),
                 qPrintable(action(window, "undo")->text()));
        action(window, "undo")->trigger();
        QCOMPARE(window.document()->machine().states.size(), states);
        QVERIFY(!window.isWindowModified());

        action(window, "selectAll")->trigger();
        action(window, "cut")->trigger();
        QVERIFY(window.document()->machine().states.empty());
        QVERIFY(action(window, "paste")->isEnabled());
        action(window, "paste")->trigger();
        QCOMPARE(window.document()->machine().states.size(), states);
        QCOMPARE(window.selection()->states().size(), states);
        window.selection()->selectState(window.document()->machine().states.front().id);
        action(window, "delete")->trigger();
        QVERIFY(window.document()->machine().states.size() < states);
    }

    void anOpenedFileStaysFittedUntilTheUserZooms() {
        const QString path = copyOf(kCamera, QStringLiteral("fit.swivel.json"));
        MainWindow window;
        window.resize(700, 500);
        window.show();
        QVERIFY(window.openFile(path));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const qreal small = window.view()->zoom();
        QVERIFY(small < 1.0);
        // The window grows (as it does while it settles on the screen): fitted again.
        window.resize(1500, 1000);
        QTRY_VERIFY(window.view()->zoom() > small);
        // Once the user zooms, a resize keeps the user's zoom.
        window.view()->zoomIn();
        const qreal chosen = window.view()->zoom();
        window.resize(900, 700);
        QTest::qWait(50);
        QCOMPARE(window.view()->zoom(), chosen);
    }

    void toolsHaveSingleKeyShortcuts() {
        MainWindow window;
        const std::pair<const char*, const char*> tools[] = {
            {"toolSelect", "V"}, {"toolState", "S"},   {"toolTransition", "T"},
            {"toolParallelRegion", "P"}, {"toolInitial", "I"}, {"toolFinal", "F"},
            {"toolHistory", "H"}};
        for (const auto& [name, key] : tools) {
            QAction* tool = action(window, name);
            QVERIFY(tool->isCheckable());
            QCOMPARE(tool->shortcut(), QKeySequence(QString::fromLatin1(key)));
        }
        QVERIFY(action(window, "toolSelect")->isChecked());
        QVERIFY(window.openFile(kCamera));
        action(window, "toolState")->trigger();
        QVERIFY(action(window, "toolState")->isChecked());
        QVERIFY(!action(window, "toolSelect")->isChecked());
        QCOMPARE(action(window, "arrange")->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+A")));
    }
};

QTEST_MAIN(TestDesignerFiles)
#include "test_designer_files.moc"
