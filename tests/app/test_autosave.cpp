// Autosave and crash recovery: the timer writes only dirty documents, saves and clean
// closes remove the files, recovery lists what dead processes left and restores it;
// and a real crash: a child process edits, autosaves and is killed with SIGKILL, then
// a new window recovers the edit.

#include <QtTest>

#include <QApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>

#include <cstdio>

#include "commands/add_state.h"
#include "commands/change_machine.h"
#include "designer/autosave.h"
#include "designer/main_window.h"
#include "designer/prompts.h"
#include "document/document.h"
#include "model/machine_file.h"

using swivel::designer::Autosave;
using swivel::designer::MainWindow;
using swivel::designer::RecoveryAnswer;
using swivel::designer::prompts;

namespace {

const QString kCamera =
    QStringLiteral(SWIVEL_SOURCE_RESOURCES "/examples/camera-point-focus-shoot.swivel.json");
const char* const kChildFlag = "--crash-child";

RecoveryAnswer recoveryAnswer = RecoveryAnswer::Later;
QStringList recoveryOffered;

swivel::model::Machine camera() {
    return *swivel::model::loadMachineFile(kCamera.toStdString()).machine;
}

// The id of a process that has certainly ended: one we started and waited for.
qint64 deadPid() {
    QProcess process;
    process.start(QStringLiteral("true"), {});
    process.waitForFinished();
    return process.processId() ? process.processId() : 999999;
}

// Leaves an autosave as a crashed process would have: machine plus sidecar.
void writeOrphan(const QString& dir, const QString& key, const swivel::model::Machine& machine,
                 const QString& originalPath, qint64 pid) {
    QDir().mkpath(dir);
    QFile file(dir + '/' + key + QStringLiteral(".swivel.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::fromStdString(swivel::model::saveMachine(machine)));
    file.close();
    QJsonObject sidecar{{QStringLiteral("originalPath"), originalPath},
                        {QStringLiteral("name"), QStringLiteral("orphan")},
                        {QStringLiteral("pid"), pid},
                        {QStringLiteral("savedAt"), QStringLiteral("2026-01-01T00:00:00.000Z")}};
    QFile side(dir + '/' + key + QStringLiteral(".json"));
    QVERIFY(side.open(QIODevice::WriteOnly));
    side.write(QJsonDocument(sidecar).toJson());
}

void writeMachine(const QString& path, const swivel::model::Machine& machine) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QByteArray::fromStdString(swivel::model::saveMachine(machine)));
}

// The crashing child: opens `file`, adds a state, writes what it holds to `expected`,
// waits for its autosave, says "ready" and idles until it is killed.
int runCrashChild(int argc, char** argv) {
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("swivel-test"));
    const QStringList args = QCoreApplication::arguments();
    const int at = static_cast<int>(args.indexOf(QString::fromLatin1(kChildFlag)));
    if (at < 0 || at + 2 >= args.size())
        return 3;
    MainWindow window;
    window.show();
    if (!window.openFile(args[at + 1]))
        return 4;
    swivel::document::Document* document = window.document();
    document->undoStack()->push(new swivel::commands::AddState(
        document, swivel::model::StateKind::State, {}, "AddedBeforeTheCrash",
        swivel::model::Rect{900, 40, 160, 60}));
    document->undoStack()->push(
        new swivel::commands::ChangeMachineName(document, "Edited before the crash"));
    QFile expected(args[at + 2]);
    if (!expected.open(QIODevice::WriteOnly))
        return 5;
    expected.write(QByteArray::fromStdString(swivel::model::saveMachine(document->machine())));
    expected.close();
    QObject::connect(window.autosave(), &Autosave::saved, &app, [] {
        std::fputs("ready\n", stdout);
        std::fflush(stdout);
    });
    return QApplication::exec();
}

} // namespace

class TestAutosave : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString autosaveDir() const { return m_dir.filePath(QStringLiteral("autosave")); }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("swivel-test"));
        qputenv("SWIVEL_AUTOSAVE_DIR", autosaveDir().toUtf8());
        prompts().recovery = [](QWidget*, const QStringList& files) {
            recoveryOffered = files;
            return recoveryAnswer;
        };
        prompts().unsavedChanges = [](QWidget*, const QString&) {
            return swivel::designer::UnsavedAnswer::Discard;
        };
        prompts().error = [](QWidget*, const QString&, const QString& text) {
            qWarning("error prompt: %s", qPrintable(text));
        };
    }

    void init() {
        QDir(autosaveDir()).removeRecursively();
        recoveryOffered.clear();
        recoveryAnswer = RecoveryAnswer::Later;
    }

    void directoryAndIntervalFollowTheEnvironment() {
        QCOMPARE(Autosave::directory(), autosaveDir());
        QCOMPARE(Autosave::defaultIntervalMs(), 30000);
        qputenv("SWIVEL_AUTOSAVE_INTERVAL_MS", "1234");
        QCOMPARE(Autosave::defaultIntervalMs(), 1234);
        qunsetenv("SWIVEL_AUTOSAVE_INTERVAL_MS");
    }

    void writesOnlyDirtyDocumentsAfterTheInterval() {
        swivel::document::Document document;
        Autosave autosave(&document);
        autosave.setIntervalMs(50);
        QCOMPARE(autosave.intervalMs(), 50);
        const QString original = m_dir.filePath(QStringLiteral("camera.swivel.json"));
        document.reset(camera(), original);
        QSignalSpy saved(&autosave, &Autosave::saved);
        QTest::qWait(200);
        QCOMPARE(saved.count(), 0);  // clean: nothing to keep
        QVERIFY(!QFileInfo::exists(autosave.machineFile()));

        document.undoStack()->push(new swivel::commands::ChangeMachineName(&document, "Dirty"));
        QTRY_VERIFY(QFileInfo::exists(autosave.machineFile()));
        QVERIFY(saved.count() >= 1);
        const auto loaded = swivel::model::loadMachineFile(autosave.machineFile().toStdString());
        QVERIFY(loaded.machine);
        QCOMPARE(swivel::model::saveMachine(*loaded.machine),
                 swivel::model::saveMachine(document.machine()));

        const QList<Autosave::Entry> ours = Autosave::orphans();
        QVERIFY(ours.isEmpty());  // this process runs: not an orphan

        QFile sidecar(QString(autosave.machineFile()).replace(QStringLiteral(".swivel.json"),
                                                                QStringLiteral(".json")));
        QVERIFY(sidecar.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(sidecar.readAll()).object();
        QCOMPARE(json.value(QStringLiteral("originalPath")).toString(), original);
        QCOMPARE(json.value(QStringLiteral("pid")).toInteger(), QCoreApplication::applicationPid());

        // A save makes it clean: the window then discards; nothing more is written.
        document.markSaved(original);
        autosave.discard();
        QVERIFY(!QFileInfo::exists(autosave.machineFile()));
        QTest::qWait(150);
        QVERIFY(!QFileInfo::exists(autosave.machineFile()));
    }

    void untitledDocumentsGetTheirOwnFiles() {
        swivel::document::Document first;
        swivel::document::Document second;
        Autosave a(&first);
        Autosave b(&second);
        QVERIFY(a.machineFile() != b.machineFile());
        QVERIFY(a.machineFile().contains(QStringLiteral("untitled-")));
        first.undoStack()->push(new swivel::commands::ChangeMachineName(&first, "One"));
        QVERIFY(a.saveNow());
        QVERIFY(!b.saveNow());  // clean
        // Saving under a name moves the autosave: the untitled one is gone.
        const QString untitled = a.machineFile();
        first.markSaved(m_dir.filePath(QStringLiteral("one.swivel.json")));
        QVERIFY(!QFileInfo::exists(untitled));
        QVERIFY(a.machineFile() != untitled);
    }

    void recoveryListsAndRestores() {
        swivel::model::Machine edited = camera();
        edited.name = "Recovered camera";
        const QString original = m_dir.filePath(QStringLiteral("lost.swivel.json"));
        writeOrphan(autosaveDir(), QStringLiteral("file-0123456789abcdef"), edited, original,
                    deadPid());
        const QList<Autosave::Entry> orphans = Autosave::orphans();
        QCOMPARE(orphans.size(), 1);
        QCOMPARE(orphans.front().originalPath, original);

        MainWindow window;
        window.show();
        recoveryAnswer = RecoveryAnswer::Later;
        QVERIFY(!window.offerRecovery());
        QCOMPARE(recoveryOffered.size(), 1);
        QVERIFY(recoveryOffered.front().contains(QStringLiteral("lost.swivel.json")));
        QCOMPARE(Autosave::orphans().size(), 1);  // Later keeps them

        recoveryAnswer = RecoveryAnswer::Recover;
        QVERIFY(window.offerRecovery());
        QVERIFY(window.hasDocument());
        QCOMPARE(swivel::model::saveMachine(window.document()->machine()),
                 swivel::model::saveMachine(edited));
        QCOMPARE(window.filePath(), original);
        QVERIFY(window.document()->isDirty());
        QVERIFY(window.isWindowModified());
        QCOMPARE(window.windowTitle(), QStringLiteral("lost.swivel.json[*] — Swivel"));
        QVERIFY(Autosave::orphans().isEmpty());
        // This window autosaves it now, until it is saved.
        QVERIFY(QFileInfo::exists(window.autosave()->machineFile()));
        QVERIFY(window.save());
        QVERIFY(!QFileInfo::exists(window.autosave()->machineFile()));
        QCOMPARE(swivel::model::saveMachine(
                     *swivel::model::loadMachineFile(original.toStdString()).machine),
                 swivel::model::saveMachine(edited));
    }

    void recoveryDiscardDeletes() {
        writeOrphan(autosaveDir(), QStringLiteral("untitled-1-1"), camera(), {}, deadPid());
        QCOMPARE(Autosave::orphans().size(), 1);
        MainWindow window;
        recoveryAnswer = RecoveryAnswer::Discard;
        QVERIFY(!window.offerRecovery());
        QVERIFY(Autosave::orphans().isEmpty());
        QVERIFY(QDir(autosaveDir()).entryList(QDir::Files).isEmpty());
        // Nothing pending: no question at all.
        recoveryOffered.clear();
        QVERIFY(!window.offerRecovery());
        QVERIFY(recoveryOffered.isEmpty());
    }

    // A kill between File > Save and the autosave's removal leaves an autosave of what the
    // save wrote: there is nothing to recover, so nothing is asked.
    void anAutosaveHoldingWhatItsFileHoldsIsRemovedUnasked() {
        const QString path = m_dir.filePath(QStringLiteral("saved.swivel.json"));
        writeMachine(path, camera());
        writeOrphan(autosaveDir(), QStringLiteral("file-00000000000000aa"), camera(), path,
                    deadPid());
        QVERIFY(Autosave::orphans().isEmpty());
        QVERIFY(QDir(autosaveDir()).entryList(QDir::Files).isEmpty());
        MainWindow window;
        QVERIFY(!window.offerRecovery());
        QVERIFY(recoveryOffered.isEmpty());
    }

    // An autosave older than its file (saved since, or changed by another program) may
    // still hold edits the file lacks: it is offered, and the prompt says it is the older.
    void anAutosaveOlderThanItsFileIsOfferedAsTheOlder() {
        const QString path = m_dir.filePath(QStringLiteral("newer.swivel.json"));
        swivel::model::Machine saved = camera();
        saved.name = "Saved after the autosave";
        writeMachine(path, saved);
        // The orphan says it was written on 2026-01-01, before the file.
        writeOrphan(autosaveDir(), QStringLiteral("file-00000000000000bb"), camera(), path,
                    deadPid());
        QList<Autosave::Entry> orphans = Autosave::orphans();
        QCOMPARE(orphans.size(), 1);
        QVERIFY(orphans.front().olderThanFile());
        MainWindow window;
        QVERIFY(!window.offerRecovery());
        QCOMPARE(recoveryOffered.size(), 1);
        QVERIFY2(recoveryOffered.front().contains(QStringLiteral("older than the file, saved")),
                 qPrintable(recoveryOffered.front()));

        // The same autosave with the file last changed before it: not marked.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(QDateTime(QDate(2025, 6, 1), QTime(12, 0), Qt::UTC),
                                 QFileDevice::FileModificationTime));
        file.close();
        orphans = Autosave::orphans();
        QCOMPARE(orphans.size(), 1);
        QVERIFY(!orphans.front().olderThanFile());
        QVERIFY(!window.offerRecovery());
        QVERIFY(!recoveryOffered.front().contains(QStringLiteral("older")));
    }

    void cleanCloseRemovesTheAutosave() {
        const QString path = m_dir.filePath(QStringLiteral("close.swivel.json"));
        QFile::remove(path);
        QVERIFY(QFile::copy(kCamera, path));
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        window.document()->undoStack()->push(
            new swivel::commands::ChangeMachineName(window.document(), "Closing"));
        QVERIFY(window.autosave()->saveNow());
        QVERIFY(QFileInfo::exists(window.autosave()->machineFile()));
        QVERIFY(window.close());  // the test prompt discards
        QVERIFY(!QFileInfo::exists(window.autosave()->machineFile()));
    }

    void killedProcessIsRecovered() {
        const QString path = m_dir.filePath(QStringLiteral("crash.swivel.json"));
        const QString expected = m_dir.filePath(QStringLiteral("expected.swivel.json"));
        QFile::remove(path);
        QVERIFY(QFile::copy(kCamera, path));
        QFile(path).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);

        QProcess child;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        environment.insert(QStringLiteral("SWIVEL_AUTOSAVE_DIR"), autosaveDir());
        environment.insert(QStringLiteral("SWIVEL_AUTOSAVE_INTERVAL_MS"), QStringLiteral("100"));
        child.setProcessEnvironment(environment);
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(),
                    {QString::fromLatin1(kChildFlag), path, expected});
        QVERIFY(child.waitForStarted());
        const qint64 pid = child.processId();
        QByteArray output;
        QElapsedTimer timer;
        timer.start();
        while (!output.contains("ready") && timer.elapsed() < 60000 &&
               child.state() == QProcess::Running) {
            child.waitForReadyRead(1000);
            output += child.readAllStandardOutput();
        }
        QVERIFY2(output.contains("ready"), output.constData());
        child.kill();  // SIGKILL: no close event, no cleanup
        QVERIFY(child.waitForFinished());
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        const QList<Autosave::Entry> orphans = Autosave::orphans();
        QCOMPARE(orphans.size(), 1);
        QCOMPARE(orphans.front().pid, pid);
        QCOMPARE(orphans.front().originalPath, QFileInfo(path).absoluteFilePath());

        const auto edited = swivel::model::loadMachineFile(expected.toStdString());
        QVERIFY(edited.machine);
        QVERIFY(edited.machine->findState("AddedBeforeTheCrash"));
        QVERIFY(swivel::model::saveMachine(*edited.machine) !=
                swivel::model::saveMachine(camera()));

        MainWindow window;
        window.show();
        recoveryAnswer = RecoveryAnswer::Recover;
        QVERIFY(window.offerRecovery());
        QCOMPARE(swivel::model::saveMachine(window.document()->machine()),
                 swivel::model::saveMachine(*edited.machine));
        QCOMPARE(window.filePath(), QFileInfo(path).absoluteFilePath());
        QVERIFY(window.isWindowModified());
        // The file on disk still holds what was saved before the crash.
        QCOMPARE(swivel::model::saveMachine(
                     *swivel::model::loadMachineFile(path.toStdString()).machine),
                 swivel::model::saveMachine(camera()));
    }
};

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (qstrcmp(argv[i], kChildFlag) == 0)
            return runCrashChild(argc, argv);
    QApplication app(argc, argv);
    TestAutosave test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_autosave.moc"
