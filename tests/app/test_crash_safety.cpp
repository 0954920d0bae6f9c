// Crash safety of the designer: a designer killed with SIGKILL while editing loses at
// most one autosave interval of work (30 s by default, scaled down here), and the next
// start offers to recover it; killed while saving, it leaves the old file or the new
// one, byte for byte, never a torn one, and a temporary it left behind is removed by
// the next save. The killed programs are this test binary started again as a child
// with a flag, a real MainWindow (offscreen) editing through the undo stack or saving
// with File > Save, and forks of the test looping the atomic write that File > Save
// uses (a fork starts in a millisecond: many kill points in little time).

#include <QtTest>

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>

#include <algorithm>
#include <chrono>
#include <functional>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands/add_state.h"
#include "commands/change_machine.h"
#include "designer/autosave.h"
#include "designer/main_window.h"
#include "designer/prompts.h"
#include "document/document.h"
#include "model/atomic_file.h"
#include "model/machine_file.h"

using swivel::designer::Autosave;
using swivel::designer::MainWindow;
using swivel::designer::prompts;
using swivel::designer::RecoveryAnswer;

namespace {

const QString kCamera =
    QStringLiteral(SWIVEL_SOURCE_RESOURCES "/examples/camera-point-focus-shoot.swivel.json");
const char* const kEditingChild = "--editing-child";  // edits in a real window until killed
const char* const kSavingChild = "--saving-child";    // File > Save in a real window, repeatedly

// The autosave interval of the editing child: 30 s scaled down to 300 ms.
constexpr int kIntervalMs = 300;
constexpr int kEditEveryMs = 50;
// Writing the autosave and scheduling on a loaded machine: beyond one interval, what
// an edit may take to reach the disk.
constexpr int kMarginMs = 200;
// Enough states that writing the file takes measurable time (about 200 kB); fewer
// for the window, which takes its time to open them.
constexpr int kGeneratedStates = 600;
constexpr int kGeneratedStatesInTheWindow = 150;

// Microseconds on the system's monotonic clock, which parent and child share.
qint64 nowUs() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// One line to the parent, unbuffered: a killed child must not take it along.
void say(const std::string& line) {
    const std::string text = line + '\n';
    [[maybe_unused]] const ssize_t written = ::write(STDOUT_FILENO, text.data(), text.size());
}

std::string readBytes(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

swivel::model::Machine camera() {
    return *swivel::model::loadMachineFile(kCamera.toStdString()).machine;
}

// The camera plus a long chain of described, placed states.
swivel::model::Machine largeMachine(int generatedStates) {
    swivel::model::Machine machine = camera();
    machine.name = "Large camera";
    for (int i = 0; i < generatedStates; ++i) {
        swivel::model::State state;
        state.id = "Generated" + std::to_string(i);
        state.description = "State " + std::to_string(i) +
                            " of a generated chain, long enough that the file takes a while "
                            "to write.";
        machine.states.push_back(state);
        machine.layout.states[state.id] = {2000.0 + (i % 20) * 200.0, (i / 20) * 120.0, 160, 60};
        if (i > 0) {
            swivel::model::Transition next;
            next.id = "Next" + std::to_string(i);
            next.source = "Generated" + std::to_string(i - 1);
            next.targets = {state.id};
            next.event = "Next";
            machine.transitions.push_back(next);
        }
    }
    return machine;
}

QStringList recoveryOffered;  // what the recovery prompt listed

void quietPrompts() {
    prompts().error = [](QWidget*, const QString&, const QString& text) {
        qWarning("error prompt: %s", qPrintable(text));
    };
    prompts().unsavedChanges = [](QWidget*, const QString&) {
        return swivel::designer::UnsavedAnswer::Discard;
    };
}

// --- the children -------------------------------------------------------------------

// Opens `path` and adds a state every kEditEveryMs through the undo stack, saying
// "edit <n> <time>" once the document holds it, until it is killed.
int runEditingChild(const QStringList& args) {
    MainWindow window;
    window.show();
    if (!window.openFile(args.value(0)))
        return 4;
    swivel::document::Document* document = window.document();
    QObject::connect(window.autosave(), &Autosave::saved, [] {
        say("autosaved " + std::to_string(nowUs()));
    });
    int edits = 0;
    QTimer editor;
    editor.setTimerType(Qt::PreciseTimer);
    QObject::connect(&editor, &QTimer::timeout, [&] {
        ++edits;
        document->undoStack()->push(new swivel::commands::AddState(
            document, swivel::model::StateKind::State, {}, "Edit" + std::to_string(edits),
            swivel::model::Rect{900.0 + (edits % 10) * 180.0, 40.0 + (edits / 10) * 80.0, 160,
                                60}));
        say("edit " + std::to_string(edits) + ' ' + std::to_string(nowUs()));
    });
    editor.start(kEditEveryMs);
    return QApplication::exec();
}

// Opens `path` (machine A), makes machine B with two commands and writes both
// serializations to `expectedA` and `expectedB`; then saves with File > Save, B and A in
// turn (undo, redo), saying "saving <k>" and "saved <k>", until it is killed.
int runSavingChild(const QStringList& args) {
    MainWindow window;
    window.show();
    if (!window.openFile(args.value(0)))
        return 4;
    swivel::document::Document* document = window.document();
    QUndoStack* undo = document->undoStack();
    undo->push(new swivel::commands::ChangeMachineName(document, "Large camera, second version"));
    undo->push(new swivel::commands::AddState(document, swivel::model::StateKind::State, {},
                                              "OnlyInTheSecondVersion",
                                              swivel::model::Rect{900, 40, 160, 60}));
    const auto writeExpected = [&](const QString& path) {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) &&
               file.write(QByteArray::fromStdString(
                   swivel::model::saveMachine(document->machine()))) > 0;
    };
    if (!writeExpected(args.value(2)))
        return 5;
    undo->undo();
    undo->undo();
    if (!writeExpected(args.value(1)))
        return 5;
    for (int k = 1; k < 10000; ++k) {
        if (k % 2 == 1) {
            undo->redo();
            undo->redo();
        } else {
            undo->undo();
            undo->undo();
        }
        say("saving " + std::to_string(k));
        const qint64 start = nowUs();
        if (!window.save())
            return 6;
        say("saved " + std::to_string(k) + ' ' + std::to_string(nowUs() - start));
    }
    return 0;
}

// Writes `contents` in turn to `path` with the atomic write File > Save uses, starting
// with number `first`. Run in a fork of the test, which starts in a millisecond.
int writeInTurns(const std::string& path, const std::string (&contents)[2], int first) {
    for (int k = 1; k < 100000; ++k) {
        say("saving " + std::to_string(k));
        const qint64 start = nowUs();
        std::string error;
        if (!swivel::model::writeFileAtomically(path, contents[(first + k - 1) % 2], error))
            return 6;
        say("saved " + std::to_string(k) + ' ' + std::to_string(nowUs() - start));
    }
    return 0;
}

// --- the parent's side ---------------------------------------------------------------

// A child process whose output is read line by line: this binary started again with a
// flag, or a fork of this process running a function.
class Child {
public:
    Child(const char* flag, const QStringList& args, const QProcessEnvironment& environment)
        : m_process(std::make_unique<QProcess>()) {
        m_process->setProcessEnvironment(environment);
        m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process->start(QCoreApplication::applicationFilePath(),
                         QStringList{QString::fromLatin1(flag)} + args);
        m_process->waitForStarted();
        m_pid = m_process->processId();  // QProcess forgets it once the process ended
    }
    // `body` must not use Qt: the fork is a copy of a Qt application. Its exit code is
    // the child's; what it writes to stdout goes to the parent.
    explicit Child(const std::function<int()>& body) {
        int pipe[2];
        if (::pipe(pipe) != 0)
            return;
        m_pid = ::fork();
        if (m_pid == 0) {
            ::close(pipe[0]);
            ::dup2(pipe[1], STDOUT_FILENO);
            ::_exit(body());
        }
        ::close(pipe[1]);
        m_pipe = pipe[0];
    }
    ~Child() {
        if (running())
            kill();
        if (m_pipe >= 0)
            ::close(m_pipe);
    }

    qint64 pid() const { return m_pid; }
    bool running() {
        if (m_process)
            return m_process->state() == QProcess::Running;
        if (m_pid <= 0 || m_reaped)
            return false;
        m_reaped = ::waitpid(pid_t(m_pid), &m_status, WNOHANG) != 0;
        return !m_reaped;
    }

    // Waits until the child has said `line` (alone or followed by more words); false on
    // timeout or when it ended.
    bool waitFor(const QByteArray& line, int timeoutMs = 60000) {
        QElapsedTimer timer;
        timer.start();
        const auto said = [&] {
            for (const QByteArray& l : lines())
                if (l == line || l.startsWith(line + ' '))
                    return true;
            return false;
        };
        while (!said()) {
            if (timer.elapsed() > timeoutMs || !running())
                return false;
            read(5);
        }
        return true;
    }
    // Reads what arrives until the monotonic clock reaches `untilUs`.
    void readUntil(qint64 untilUs) {
        while (nowUs() < untilUs && running())
            read(1);
    }
    // Lets the child run on until `untilUs`, to the microsecond (reading would be coarser).
    static void sleepUntil(qint64 untilUs) {
        while (nowUs() < untilUs)
            std::this_thread::yield();
    }
    // SIGKILL: no close event, no cleanup. Returns the monotonic time of the kill.
    qint64 kill() {
        const qint64 at = nowUs();
        if (m_process) {
            m_process->kill();
            m_process->waitForFinished();
            m_output += m_process->readAllStandardOutput();
            m_crashed = m_process->exitStatus() == QProcess::CrashExit;
            return at;
        }
        ::kill(pid_t(m_pid), SIGKILL);
        if (!m_reaped)
            ::waitpid(pid_t(m_pid), &m_status, 0);
        m_reaped = true;
        m_crashed = WIFSIGNALED(m_status) && WTERMSIG(m_status) == SIGKILL;
        while (read(0)) {
        }
        return at;
    }
    bool crashed() const { return m_crashed; }

    // Complete lines said so far.
    QList<QByteArray> lines() const {
        QList<QByteArray> all = m_output.split('\n');
        all.removeLast();  // the unfinished rest
        return all;
    }
    // The numbers after `word` in the lines that start with it.
    QList<qint64> numbers(const QByteArray& word, int field = 1) const {
        QList<qint64> result;
        for (const QByteArray& line : lines()) {
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() > field && parts.front() == word)
                result << parts[field].toLongLong();
        }
        return result;
    }

private:
    // Reads what the child said within `timeoutMs`; false when nothing came.
    bool read(int timeoutMs) {
        if (m_process) {
            m_process->waitForReadyRead(timeoutMs);
            const QByteArray more = m_process->readAllStandardOutput();
            m_output += more;
            return !more.isEmpty();
        }
        pollfd ready{m_pipe, POLLIN, 0};
        if (m_pipe < 0 || ::poll(&ready, 1, timeoutMs) <= 0)
            return false;
        char buffer[4096];
        const ssize_t got = ::read(m_pipe, buffer, sizeof buffer);
        if (got > 0)
            m_output.append(buffer, got);
        return got > 0;
    }

    std::unique_ptr<QProcess> m_process;
    qint64 m_pid = 0;
    int m_pipe = -1;
    int m_status = 0;
    bool m_reaped = false;
    bool m_crashed = false;
    QByteArray m_output;
};

QProcessEnvironment childEnvironment(const QString& autosaveDir) {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("SWIVEL_AUTOSAVE_DIR"), autosaveDir);
    environment.insert(QStringLiteral("SWIVEL_AUTOSAVE_INTERVAL_MS"),
                       QString::number(kIntervalMs));
    return environment;
}

QStringList entries(const QString& directory) {
    return QDir(directory).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

// The temporaries a killed save of `fileName` left in `directory`, with their pids.
std::map<QString, qint64> temporaries(const QString& directory, const QString& fileName) {
    std::map<QString, qint64> found;
    const QString prefix = '.' + fileName + QStringLiteral(".tmp-");
    for (const QString& name : entries(directory))
        if (name.startsWith(prefix))
            found[name] = name.mid(prefix.size()).section('-', 0, 0).toLongLong();
    return found;
}

// Which of the two contents `bytes` is: 0, 1, or nullopt for neither (torn or foreign).
std::optional<int> whichOf(const std::string& bytes, const std::string (&contents)[2]) {
    for (int i = 0; i < 2; ++i)
        if (bytes == contents[i])
            return i;
    return std::nullopt;
}

// What the kills of one series found.
struct KillTally {
    int kills = 0;
    int duringSave = 0;       // "saving k" said, "saved k" not yet
    int keptOld = 0;          // ... and the file still held the previous version
    int gotNew = 0;           // ... and the file already held the new one
    int leftTemporary = 0;    // a temporary of the killed child was on disk
    int temporariesRemoved = 0;  // ... and a later save removed it
};

QByteArray describe(const KillTally& t) {
    return QStringLiteral("%1 kills, %2 during a save (old file kept %3, new file complete %4), "
                          "%5 left a temporary, %6 temporaries removed by the next save")
        .arg(t.kills)
        .arg(t.duringSave)
        .arg(t.keptOld)
        .arg(t.gotNew)
        .arg(t.leftTemporary)
        .arg(t.temporariesRemoved)
        .toUtf8();
}

} // namespace

class TestCrashSafety : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString autosaveDir() const { return m_dir.filePath(QStringLiteral("autosave")); }

    // After a child saving `target` with the two `contents` in turn (save k writes
    // contents[(first + k - 1) % 2]) was killed: the file is exactly the last version
    // saved, or the one being saved; only the killed child's temporaries may be left.
    // Returns which version is on disk.
    std::optional<int> checkAfterKill(const Child& child, const QString& target, int first,
                                      int before, const std::string (&contents)[2],
                                      KillTally& tally, std::set<QString>& pendingTemporaries) {
        const QList<qint64> saving = child.numbers("saving");
        const QList<qint64> saved = child.numbers("saved");
        const qint64 lastSaved = saved.isEmpty() ? 0 : saved.back();
        const bool inSave = !saving.isEmpty() && saving.back() == lastSaved + 1;
        const auto version = [&](qint64 k) { return k == 0 ? before : int((first + k - 1) % 2); };

        const std::optional<int> onDisk = whichOf(readBytes(target), contents);
        if (!onDisk) {
            qWarning("torn file after kill %d (last saved %lld, in a save %d)", tally.kills,
                     lastSaved, inSave);
            return std::nullopt;
        }
        ++tally.kills;
        if (inSave) {
            ++tally.duringSave;
            if (*onDisk == version(lastSaved))
                ++tally.keptOld;
            else
                ++tally.gotNew;
        } else if (*onDisk != version(lastSaved)) {
            qWarning("kill %d between saves: the file is not the last one saved", tally.kills);
            return std::nullopt;
        }

        // Temporaries: the killed child's own may be there; earlier children's are gone
        // once this one finished a save.
        const QString directory = QFileInfo(target).absolutePath();
        const QString fileName = QFileInfo(target).fileName();
        const std::map<QString, qint64> left = temporaries(directory, fileName);
        for (auto it = pendingTemporaries.begin(); it != pendingTemporaries.end();) {
            if (left.count(*it) == 0) {
                ++tally.temporariesRemoved;
                it = pendingTemporaries.erase(it);
            } else {
                ++it;
            }
        }
        bool leftOwn = false;
        for (const auto& [name, pid] : left) {
            if (pid == child.pid()) {
                leftOwn = true;
                pendingTemporaries.insert(name);
            } else if (lastSaved > 0) {
                qWarning("%s survived a later save", qPrintable(name));
                return std::nullopt;
            }
        }
        tally.leftTemporary += leftOwn ? 1 : 0;
        for (const QString& name : entries(directory)) {
            if (name != fileName && left.count(name) == 0) {
                qWarning("unexpected file %s beside the saved one", qPrintable(name));
                return std::nullopt;
            }
        }
        return onDisk;
    }

    // Waits until the child starts its save number `save`, then kills it after `fraction`
    // of the duration of its previous save (of `estimateUs` when there was none).
    // Returns the delay, or -1 when the save never started.
    static qint64 killDuringSave(Child& child, int save, double fraction, qint64 estimateUs) {
        if (!child.waitFor("saving " + QByteArray::number(save)))
            return -1;
        const QList<qint64> previousUs = child.numbers("saved", 2);
        const auto delayUs = static_cast<qint64>(
            fraction * double(previousUs.isEmpty() ? estimateUs : previousUs.back()));
        Child::sleepUntil(nowUs() + delayUs);
        child.kill();
        return delayUs;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("swivel-test"));
        qputenv("SWIVEL_AUTOSAVE_DIR", autosaveDir().toUtf8());
        quietPrompts();
    }

    void init() { QDir(autosaveDir()).removeRecursively(); }

    // The real default: an autosave at most 30 s after an edit.
    void defaultIntervalIsThirtySeconds() {
        qunsetenv("SWIVEL_AUTOSAVE_INTERVAL_MS");
        QCOMPARE(Autosave::defaultIntervalMs(), 30000);
        swivel::document::Document document;
        Autosave autosave(&document);
        QCOMPARE(autosave.intervalMs(), 30000);
    }

    // Edits every 50 ms keep the document dirty all the time: the autosave must still
    // come one interval after the first of them, not one interval after the last.
    void continuousEditingIsAutosavedEveryInterval() {
        swivel::document::Document document;
        document.reset(camera(), m_dir.filePath(QStringLiteral("steady.swivel.json")));
        Autosave autosave(&document);
        autosave.setIntervalMs(kIntervalMs);
        QSignalSpy saved(&autosave, &Autosave::saved);
        QElapsedTimer timer;
        timer.start();
        int edits = 0;
        while (timer.elapsed() < 4 * kIntervalMs) {
            document.undoStack()->push(new swivel::commands::ChangeMachineName(
                &document, "Edit " + std::to_string(++edits)));
            QTest::qWait(kEditEveryMs);
        }
        QVERIFY2(saved.count() >= 2, QByteArray::number(saved.count()).constData());
    }

    void killedWhileEditingLosesAtMostOneInterval_data() {
        QTest::addColumn<int>("killAfterMs");
        // Kills at different moments of the autosave beat.
        QTest::newRow("after 950 ms of editing") << 950;
        QTest::newRow("after 1100 ms of editing") << 1100;
    }

    void killedWhileEditingLosesAtMostOneInterval() {
        QFETCH(int, killAfterMs);
        const QString path = m_dir.filePath(QStringLiteral("editing.swivel.json"));
        QVERIFY(swivel::model::saveMachineFile(camera(), path.toStdString()));

        Child child(kEditingChild, {path}, childEnvironment(autosaveDir()));
        QVERIFY2(child.waitFor("edit 1", 60000), "the editing child did not start");
        const qint64 firstEditUs = child.numbers("edit", 2).front();
        child.readUntil(firstEditUs + killAfterMs * 1000LL);
        // A slow build (the sanitizers, a loaded machine) edits less often: five edits
        // at least before the kill, so that some are older than the interval.
        QVERIFY2(child.waitFor("edit 5", 60000), "the editing child stopped editing");
        QVERIFY(child.running());
        const qint64 killedAtUs = child.kill();
        QVERIFY(child.crashed());

        const QList<qint64> editNumbers = child.numbers("edit");
        const QList<qint64> editTimes = child.numbers("edit", 2);
        QVERIFY(editNumbers.size() >= 5);  // it did edit all along

        // The crash left an orphan autosave, which holds edits 1..recovered, in order.
        const QList<Autosave::Entry> orphans = Autosave::orphans();
        QCOMPARE(orphans.size(), 1);
        QCOMPARE(orphans.front().pid, child.pid());
        QCOMPARE(orphans.front().originalPath, QFileInfo(path).absoluteFilePath());
        QString error;
        const std::optional<swivel::model::Machine> autosaved = Autosave::load(orphans.front(),
                                                                                &error);
        QVERIFY2(autosaved, qPrintable(error));
        int recovered = 0;
        while (autosaved->findState("Edit" + std::to_string(recovered + 1)))
            ++recovered;
        // No gaps: edits 1..recovered and nothing else.
        QCOMPARE(autosaved->states.size(), camera().states.size() + std::size_t(recovered));
        QVERIFY(recovered <= editNumbers.size());

        // Every edit made more than one interval (and the margin) before the kill is there.
        const qint64 boundUs = (kIntervalMs + kMarginMs) * 1000LL;
        int required = 0;
        for (int i = 0; i < editTimes.size(); ++i)
            if (editTimes[i] <= killedAtUs - boundUs)
                required = int(editNumbers[i]);
        const qint64 lostUs =
            recovered < editTimes.size() ? killedAtUs - editTimes[recovered] : 0;
        qInfo("%lld edits, %d recovered, %d required; the oldest lost edit was made %lld ms "
              "before the kill (interval %d ms)",
              qint64(editNumbers.size()), recovered, required, lostUs / 1000, kIntervalMs);
        QVERIFY2(recovered >= required,
                 qPrintable(QStringLiteral("lost edit %1, made %2 ms before the kill")
                                .arg(recovered + 1)
                                .arg(lostUs / 1000)));
        QVERIFY(recovered > 0);

        // The next start offers it, and recovering restores exactly that machine.
        recoveryOffered.clear();
        prompts().recovery = [](QWidget*, const QStringList& files) {
            recoveryOffered = files;
            return RecoveryAnswer::Recover;
        };
        MainWindow window;
        window.show();
        QVERIFY(window.offerRecovery());
        QCOMPARE(recoveryOffered.size(), 1);
        QVERIFY(recoveryOffered.front().contains(QStringLiteral("editing.swivel.json")));
        QCOMPARE(swivel::model::saveMachine(window.document()->machine()),
                 swivel::model::saveMachine(*autosaved));
        QCOMPARE(window.filePath(), QFileInfo(path).absoluteFilePath());
        QVERIFY(window.document()->isDirty());
        QVERIFY(window.close());
    }

    // The atomic write File > Save uses, in a fork of this test, killed 64 times at
    // evenly spread moments of its first or second save.
    void killedWhileWritingLeavesTheOldOrTheNewFile() {
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("large.swivel.json"));
        swivel::model::Machine b = largeMachine(kGeneratedStates);
        b.name = "Large camera, second version";
        b.states.front().description = "Changed in the second version.";
        b.states.pop_back();
        const std::string contents[2] = {
            swivel::model::saveMachine(largeMachine(kGeneratedStates)),
            swivel::model::saveMachine(b)};
        for (const std::string& text : contents) {
            QVERIFY(text.size() > 150000);
            // Each parses: a file equal to one of them byte for byte parses too.
            QVERIFY(swivel::model::loadMachine(text).machine);
        }
        std::string error;
        const qint64 start = nowUs();
        QVERIFY(swivel::model::writeFileAtomically(target.toStdString(), contents[0], error));
        QList<qint64> writesUs{nowUs() - start};

        constexpr int kKills = 64;
        KillTally tally;
        std::set<QString> pendingTemporaries;
        int onDisk = 0;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < kKills; ++i) {
            const int first = 1 - onDisk;  // every save changes the file
            Child child([&] { return writeInTurns(target.toStdString(), contents, first); });
            // In the first or the second save, from its start to 1.25 times its duration.
            std::sort(writesUs.begin(), writesUs.end());
            QVERIFY(killDuringSave(child, 1 + i % 2, 1.25 * i / (kKills - 1),
                                   writesUs[writesUs.size() / 2]) >= 0);
            writesUs << child.numbers("saved", 2);
            const std::optional<int> version =
                checkAfterKill(child, target, first, onDisk, contents, tally, pendingTemporaries);
            QVERIFY2(version, describe(tally).constData());
            onDisk = *version;
        }
        std::sort(writesUs.begin(), writesUs.end());
        qInfo("%zu bytes, one write %lld us (median); %s; %lld ms", contents[0].size(),
              writesUs[writesUs.size() / 2], describe(tally).constData(), timer.elapsed());
        QVERIFY(tally.duringSave >= kKills / 4);  // the kills did land inside saves

        // The next save works and leaves only the file.
        QVERIFY(swivel::model::writeFileAtomically(target.toStdString(), contents[1], error));
        QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("large.swivel.json")});
        QCOMPARE(readBytes(target), contents[1]);
        QVERIFY(swivel::model::loadMachineFile(target.toStdString()).machine);
    }

    // File > Save of the real window, killed at moments spread over its saves.
    void killedWhileSavingFromTheWindowLeavesTheOldOrTheNewFile() {
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("window.swivel.json"));
        const QString expectedA = m_dir.filePath(QStringLiteral("expected-a.swivel.json"));
        const QString expectedB = m_dir.filePath(QStringLiteral("expected-b.swivel.json"));
        const std::string original =
            swivel::model::saveMachine(largeMachine(kGeneratedStatesInTheWindow));

        constexpr int kKills = 3;
        KillTally tally;
        std::set<QString> pendingTemporaries;
        QList<qint64> savesUs;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < kKills; ++i) {
            // Each child opens A (written plainly: its own first save must remove what
            // the previous child left) and saves B, A, B...
            QFile file(target);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray::fromStdString(original));
            file.close();
            Child child(kSavingChild, {target, expectedA, expectedB},
                        childEnvironment(autosaveDir()));
            // In the second or the third save, from its start to its end.
            QVERIFY(killDuringSave(child, 2 + i % 2, double(i) / (kKills - 1), 0) >= 0);
            savesUs << child.numbers("saved", 2);
            const std::string contents[2] = {readBytes(expectedA), readBytes(expectedB)};
            QCOMPARE(contents[0], original);  // opening changed nothing
            QVERIFY(contents[1] != original);
            const std::optional<int> version =
                checkAfterKill(child, target, 1, 0, contents, tally, pendingTemporaries);
            QVERIFY2(version, describe(tally).constData());
        }
        std::sort(savesUs.begin(), savesUs.end());
        qInfo("one save %lld us (median); %s; %lld ms", savesUs[savesUs.size() / 2],
              describe(tally).constData(), timer.elapsed());
    }
};

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], kEditingChild) == 0 || qstrcmp(argv[i], kSavingChild) == 0) {
            QApplication app(argc, argv);
            QStandardPaths::setTestModeEnabled(true);
            QCoreApplication::setOrganizationName(QStringLiteral("swivel-test"));
            quietPrompts();
            const QStringList args = QCoreApplication::arguments().mid(i + 1);
            return qstrcmp(argv[i], kEditingChild) == 0 ? runEditingChild(args)
                                                        : runSavingChild(args);
        }
    }
    QApplication app(argc, argv);
    TestCrashSafety test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_crash_safety.moc"
