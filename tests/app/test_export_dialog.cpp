// File ▸ Export Project… with real mouse and key events, offscreen, on the camera
// example: the targets and the default folder, the file list with its preview, an
// export that lists what it wrote, the protection of a file changed by hand, and then
// "Build and test" on the exported project: CMake, the compiler and the project's own
// tests, for real. Projects are kept under the build tree (SWIVEL_EXPORT_DIALOG_PROJECTS)
// so that a rerun builds incrementally; the first run builds from nothing and takes
// minutes on two cores.

#include <QtTest>

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>

#include <filesystem>
#include <fstream>
#include <memory>

#include "codegen/generator.h"
#include "codegen/write_file_set.h"
#include "document/document.h"
#include "generate/build_runner.h"
#include "generate/code_view.h"
#include "generate/export_dialog.h"
#include "generate/export_file_list.h"
#include "model/device_catalog.h"
#include "model/machine_file.h"

using namespace swivel;
using generate::ExportDialog;
using generate::ExportFileList;

namespace {

const QString kCameraFile =
    QStringLiteral(SWIVEL_SOURCE_RESOURCES "/examples/camera-point-focus-shoot.swivel.json");
// scripts/screenshots.sh exports elsewhere, so that no build tree's path is in the picture.
const QString kProjects = qEnvironmentVariableIsEmpty("SWIVEL_EXPORT_DIALOG_PROJECTS")
                              ? QStringLiteral(SWIVEL_EXPORT_DIALOG_PROJECTS)
                              : qEnvironmentVariable("SWIVEL_EXPORT_DIALOG_PROJECTS");
constexpr int kBuildTimeoutMs = 25 * 60 * 1000; // a cold build of the project on two cores

std::string readFile(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void appendTo(const QString& path, const std::string& text) {
    std::ofstream(path.toStdString(), std::ios::binary | std::ios::app) << text;
}

codegen::FileSet generatedCamera(const model::Machine& machine) {
    return codegen::GeneratorRegistry::builtin()
        .find("azure-cpp")
        ->generate({machine, model::DeviceCatalog::builtin()})
        .files;
}

// The camera example opened as the designer opens it, and the Export dialog on it.
struct Fixture {
    document::Document document;
    std::unique_ptr<ExportDialog> dialog;

    explicit Fixture(const QString& file = kCameraFile) {
        model::LoadResult loaded = model::loadMachineFile(file.toStdString());
        if (loaded.machine)
            document.reset(*loaded.machine, file);
        open();
    }
    explicit Fixture(const model::Machine& machine) {
        document.reset(machine, {});
        open();
    }
    void open() {
        dialog = std::make_unique<ExportDialog>(document.machine(), document.filePath());
        dialog->buildRunner()->setParallelJobs(2);
        dialog->show();
        dialog->activateWindow();
        QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
    }
    void reopen() {
        dialog.reset();
        open();
    }

    template <class T> T* find(const QString& name) const {
        auto* found = dialog->findChild<T*>(name);
        if (!found)
            qFatal("no %s in the dialog", qPrintable(name));
        return found;
    }
    QPushButton* button(const QString& name) const { return find<QPushButton>(name); }
    ExportFileList* files() const { return find<ExportFileList>(QStringLiteral("files")); }
    QString status() const { return find<QLabel>(QStringLiteral("status"))->text(); }
    QString result() const { return find<QLabel>(QStringLiteral("result"))->text(); }
    QColor resultColour() const {
        return find<QLabel>(QStringLiteral("result"))->palette().color(QPalette::WindowText);
    }
    QColor tone(generate::Tone tone) const { return generate::toneColour(tone, dialog->palette()); }

    // Replaces the folder the way a user does: click, select all, type.
    void typeFolder(const QString& folder) {
        auto* edit = find<QLineEdit>(QStringLiteral("folder"));
        QTest::mouseClick(edit, Qt::LeftButton);
        QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(edit, folder);
    }
    void click(const QString& buttonName) { QTest::mouseClick(button(buttonName), Qt::LeftButton); }
    // A check box reacts to clicks on its box and its text, not beside them.
    void tickOverwrite() {
        auto* box = find<QCheckBox>(QStringLiteral("overwrite"));
        QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(8, box->height() / 2));
    }
    bool overwriteOffered() const {
        return find<QCheckBox>(QStringLiteral("overwrite"))->isVisible();
    }

    // Exports into `folder`, agreeing to overwrite when a former run left the folder
    // different (a newer Swivel, or a test that changed a file).
    void exportInto(const QString& folder) {
        typeFolder(folder);
        if (overwriteOffered())
            tickOverwrite();
        QVERIFY2(button(QStringLiteral("export"))->isEnabled(), qPrintable(status()));
        click(QStringLiteral("export"));
        QVERIFY2(status().startsWith(QStringLiteral("Exported to")), qPrintable(status()));
    }
    void buildAndWait() {
        click(QStringLiteral("build"));
        QVERIFY(dialog->buildRunner()->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->buildRunner()->isRunning(), kBuildTimeoutMs);
    }
};

// A fresh folder under the kept projects.
QString freshFolder(const QString& name) {
    const QString folder = kProjects + QLatin1Char('/') + name;
    std::filesystem::remove_all(folder.toStdString());
    return folder;
}

} // namespace

class TestExportDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("swivel-test"));
        QSettings().remove(QStringLiteral("exportDialog"));
        std::filesystem::create_directories(kProjects.toStdString());
        // Every exported copy of the project hits the same ccache entries, run after run.
        qputenv("CCACHE_BASEDIR", kProjects.toLocal8Bit());
        qputenv("CCACHE_NOHASHDIR", "1");
    }

    void offersEveryTargetAndAFolderBesideTheModel() {
        Fixture f;
        auto* target = f.find<QComboBox>(QStringLiteral("target"));
        const auto& registry = codegen::GeneratorRegistry::builtin();
        QCOMPARE(target->count(), int(registry.ids().size()));
        QCOMPARE(target->currentData().toString(), QStringLiteral("azure-cpp"));
        QVERIFY(target->currentText().contains(
            QString::fromStdString(registry.find("azure-cpp")->description())));
        const QString examples = QFileInfo(kCameraFile).absolutePath();
        QCOMPARE(f.dialog->folder(),
                 examples + QStringLiteral("/camera-point-focus-shoot-azure-cpp"));

        // Not exported there: only listed, every file new.
        const codegen::FileSet files = generatedCamera(f.document.machine());
        QCOMPARE(f.files()->topLevelItemCount(), int(files.size()));
        QCOMPARE(f.files()->statusText(QStringLiteral("CMakeLists.txt")), QStringLiteral("new"));

        // Another target: the default folder follows it.
        const int dot = target->findData(QStringLiteral("dot"));
        QVERIFY(dot >= 0);
        target->setFocus();
        while (target->currentIndex() != dot)
            QTest::keyClick(target, target->currentIndex() < dot ? Qt::Key_Down : Qt::Key_Up);
        QCOMPARE(f.dialog->folder(), examples + QStringLiteral("/camera-point-focus-shoot-dot"));
        QVERIFY(f.files()->topLevelItemCount() >= 1);
    }

    void theSelectedFileIsPreviewed() {
        Fixture f;
        const codegen::FileSet files = generatedCamera(f.document.machine());
        auto* list = f.files();
        QTreeWidgetItem* item =
            list->findItems(QStringLiteral("CMakeLists.txt"), Qt::MatchExactly).value(0);
        QVERIFY(item);
        list->scrollToItem(item);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                          list->visualItemRect(item).center());
        auto* preview = f.find<generate::CodeView>(QStringLiteral("preview"));
        QCOMPARE(preview->path(), QStringLiteral("CMakeLists.txt"));
        QCOMPARE(preview->text().toStdString(), *files.find("CMakeLists.txt"));
    }

    void exportingWritesTheFilesAndListsThemAsWritten() {
        Fixture f;
        const QString folder = freshFolder(QStringLiteral("written"));
        QVERIFY(!f.button(QStringLiteral("build"))->isEnabled());
        f.typeFolder(folder);
        QVERIFY2(f.status().contains(QStringLiteral("new")), qPrintable(f.status()));
        f.click(QStringLiteral("export"));

        const codegen::FileSet files = generatedCamera(f.document.machine());
        for (const std::string& path : files.paths()) {
            QCOMPARE(readFile(folder + QLatin1Char('/') + QString::fromStdString(path)),
                     *files.find(path));
            QCOMPARE(f.files()->statusText(QString::fromStdString(path)),
                     QStringLiteral("written"));
        }
        QVERIFY(QFileInfo::exists(folder + QLatin1Char('/') + codegen::kManifestFileName));
        QVERIFY2(f.status().startsWith(QStringLiteral("Exported to")), qPrintable(f.status()));
        QVERIFY(f.button(QStringLiteral("build"))->isEnabled());

        // The folder is remembered for this model file.
        f.reopen();
        QCOMPARE(f.dialog->folder(), folder);
        QCOMPARE(f.files()->statusText(QStringLiteral("CMakeLists.txt")),
                 QStringLiteral("unchanged"));
    }

    void aFileChangedByHandIsProtectedUntilOverwritingIsTicked() {
        Fixture f;
        const QString folder = freshFolder(QStringLiteral("protected"));
        f.exportInto(folder);
        const QString readme = folder + QStringLiteral("/README.md");
        appendTo(readme, "My own notes.\n");
        const std::string mine = readFile(readme);

        f.reopen();
        QCOMPARE(f.dialog->folder(), folder);
        QCOMPARE(f.files()->statusText(QStringLiteral("README.md")),
                 QStringLiteral("changed by hand"));
        QCOMPARE(f.files()->statusText(QStringLiteral("CMakeLists.txt")),
                 QStringLiteral("unchanged"));
        QVERIFY(f.overwriteOffered());
        QVERIFY(f.find<QCheckBox>(QStringLiteral("overwrite"))
                    ->text()
                    .contains(QStringLiteral("README.md")));
        QVERIFY(!f.button(QStringLiteral("export"))->isEnabled());
        f.click(QStringLiteral("export"));
        QCOMPARE(readFile(readme), mine);

        f.tickOverwrite();
        QVERIFY(f.find<QCheckBox>(QStringLiteral("overwrite"))->isChecked());
        QVERIFY(f.button(QStringLiteral("export"))->isEnabled());
        f.click(QStringLiteral("export"));
        QCOMPARE(readFile(readme), *generatedCamera(f.document.machine()).find("README.md"));
        QCOMPARE(f.files()->statusText(QStringLiteral("README.md")), QStringLiteral("written"));
        QVERIFY(!f.overwriteOffered());
    }

    void generationErrorsAreShownInsteadOfTheFilesAndBlockTheExport() {
        model::LoadResult loaded = model::loadMachineFile(kCameraFile.toStdString());
        QVERIFY(loaded.machine);
        model::Machine broken = *loaded.machine;
        broken.initial = "NoSuchState";
        Fixture f(broken);
        auto* diagnostics = f.find<QListWidget>(QStringLiteral("diagnostics"));
        QVERIFY(diagnostics->isVisible());
        QVERIFY(!f.files()->isVisible());
        QVERIFY(!f.find<generate::CodeView>(QStringLiteral("preview"))->isVisible());
        QVERIFY(diagnostics->count() >= 1);
        QVERIFY2(diagnostics->item(0)->text().startsWith(QStringLiteral("error ")),
                 qPrintable(diagnostics->item(0)->text()));
        QVERIFY(!f.button(QStringLiteral("export"))->isEnabled());
        QVERIFY2(f.status().startsWith(QStringLiteral("Nothing can be exported")),
                 qPrintable(f.status()));
    }

    void enterNeverStartsABuildAndEscapeClosesWhenIdle() {
        Fixture f;
        f.exportInto(kProjects + QStringLiteral("/written"));
        QPushButton* build = f.button(QStringLiteral("build"));
        QVERIFY(build->isEnabled());
        build->setFocus();
        QTest::keyClick(build, Qt::Key_Return);
        QTest::keyClick(build, Qt::Key_Enter);
        auto* folder = f.find<QLineEdit>(QStringLiteral("folder"));
        QTest::keyClick(folder, Qt::Key_Return);
        QVERIFY(!f.dialog->buildRunner()->isRunning());
        QVERIFY(f.dialog->isVisible());

        QTest::keyClick(f.dialog.get(), Qt::Key_Escape);
        QVERIFY(!f.dialog->isVisible());
    }

    void buildAndTestReportsSuccess() {
        Fixture f;
        // Kept between runs: the second run only checks that everything is up to date.
        f.exportInto(kProjects + QStringLiteral("/camera"));
        f.click(QStringLiteral("build"));
        QVERIFY(f.dialog->buildRunner()->isRunning());
        QVERIFY(f.button(QStringLiteral("cancel"))->isEnabled());
        QVERIFY(!f.button(QStringLiteral("close"))->isEnabled());
        QVERIFY(!f.button(QStringLiteral("export"))->isEnabled());
        QTest::keyClick(f.dialog.get(), Qt::Key_Escape);
        QVERIFY(f.dialog->isVisible()); // not while it builds

        QTRY_VERIFY_WITH_TIMEOUT(!f.dialog->buildRunner()->isRunning(), kBuildTimeoutMs);
        const QString output = f.find<QPlainTextEdit>(QStringLiteral("output"))->toPlainText();
        // One CTest test per tests/*_test.cpp of the exported project, every one passed.
        const qsizetype tests =
            QDir(kProjects + QStringLiteral("/camera/tests"))
                .entryList({QStringLiteral("*_test.cpp")}, QDir::Files)
                .size();
        QVERIFY(tests >= 3);
        QVERIFY2(f.result().startsWith(
                     QStringLiteral("Built and tested: %1 of %1 tests passed in ").arg(tests)),
                 qPrintable(f.result() + QLatin1Char('\n') + output.right(3000)));
        QCOMPARE(f.resultColour(), f.tone(generate::Tone::Good));
        QCOMPARE(f.find<QProgressBar>(QStringLiteral("progress"))->value(), 100);
        QVERIFY(output.contains(QStringLiteral("-DCMAKE_BUILD_TYPE=RelWithDebInfo")));
        QVERIFY(output.contains(QStringLiteral("100% tests passed")));
        QVERIFY(f.button(QStringLiteral("close"))->isEnabled());
        QVERIFY(f.button(QStringLiteral("build"))->isEnabled());

        if (const QByteArray directory = qgetenv("SWIVEL_SCREENSHOT_DIR"); !directory.isEmpty()) {
            f.files()->selectPath(QStringLiteral("src/machine.cpp"));
            QVERIFY(f.dialog->grab().save(QString::fromLocal8Bit(directory) +
                                          QStringLiteral("/export-dialog.png")));
        }
    }

    void aBrokenBuildIsReportedClearly() {
        Fixture f;
        const QString folder = kProjects + QStringLiteral("/camera-broken");
        f.exportInto(folder);
        appendTo(folder + QStringLiteral("/src/machine.cpp"), "\nthis is not C++\n");
        f.buildAndWait();
        QVERIFY2(f.result().startsWith(QStringLiteral("The build failed: src/machine.cpp:")),
                 qPrintable(f.result()));
        QVERIFY2(f.result().contains(QStringLiteral("error:")), qPrintable(f.result()));
        QCOMPARE(f.resultColour(), f.tone(generate::Tone::Bad));
        QVERIFY(f.find<QProgressBar>(QStringLiteral("progress"))->value() < 100);
    }

    void cancelStopsTheBuildAndSaysSo() {
        Fixture f;
        f.exportInto(freshFolder(QStringLiteral("camera-cancelled")));
        f.click(QStringLiteral("build"));
        QVERIFY(f.dialog->buildRunner()->isRunning());
        f.click(QStringLiteral("cancel"));
        QTRY_VERIFY_WITH_TIMEOUT(!f.dialog->buildRunner()->isRunning(), 15000);
        QVERIFY2(f.result().startsWith(QStringLiteral("Cancelled during the")),
                 qPrintable(f.result()));
        QCOMPARE(f.resultColour(), f.tone(generate::Tone::Bad));
        QVERIFY(f.button(QStringLiteral("close"))->isEnabled());
    }
};

QTEST_MAIN(TestExportDialog)
#include "test_export_dialog.moc"
