// saveMachineFile never leaves a torn or stray file: it writes a temporary beside the
// target, syncs it and renames it over; failures are reported, not thrown.
#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/machine_file.h"

using namespace swivel::model;

namespace {

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

Machine machine(const std::string& name) {
    Machine m;
    m.name = name;
    m.initial = "Idle";
    State idle;
    idle.id = "Idle";
    m.states.push_back(idle);
    return m;
}

// The id of a process that has certainly ended: a child that exited and was reaped.
pid_t deadPid() {
    const pid_t child = ::fork();
    if (child == 0)
        ::_exit(0);
    ::waitpid(child, nullptr, 0);
    return child;
}

QStringList entries(const QString& directory) {
    return QDir(directory).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                                     QDir::Name);
}

} // namespace

class TestAtomicSave : public QObject {
    Q_OBJECT
private slots:
    void savesANewFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("new.swivel.json").toStdString();
        std::string error;
        QVERIFY2(saveMachineFile(machine("first"), path, &error), error.c_str());
        QVERIFY(error.empty());
        QCOMPARE(readFile(path), saveMachine(machine("first")));
        QCOMPARE(entries(dir.path()), QStringList{"new.swivel.json"});
    }

    void replacesAnExistingFileAndKeepsItsMode() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("m.swivel.json").toStdString();
        std::ofstream(path, std::ios::binary) << std::string(100000, 'x');  // longer than the new one
        QCOMPARE(::chmod(path.c_str(), 0640), 0);
        std::string error;
        QVERIFY2(saveMachineFile(machine("second"), path, &error), error.c_str());
        QCOMPARE(readFile(path), saveMachine(machine("second")));
        struct stat info {};
        QCOMPARE(::stat(path.c_str(), &info), 0);
        QCOMPARE(info.st_mode & 07777, mode_t(0640));
        QCOMPARE(entries(dir.path()), QStringList{"m.swivel.json"});
        // Saving again and again leaves nothing behind either.
        for (int i = 0; i < 20; ++i) {
            QVERIFY(saveMachineFile(machine("again " + std::to_string(i)), path));
        }
        QCOMPARE(loadMachineFile(path).machine->name, std::string("again 19"));
        QCOMPARE(entries(dir.path()), QStringList{"m.swivel.json"});
    }

    void savesThroughASymlink() {
        QTemporaryDir dir;
        const std::string target = dir.filePath("real.swivel.json").toStdString();
        const std::string link = dir.filePath("link.swivel.json").toStdString();
        std::ofstream(target) << "old";
        QCOMPARE(::symlink(target.c_str(), link.c_str()), 0);
        QVERIFY(saveMachineFile(machine("linked"), link));
        QVERIFY(QFileInfo(QString::fromStdString(link)).isSymLink());
        QCOMPARE(readFile(target), saveMachine(machine("linked")));
    }

    void relativePathInTheCurrentDirectory() {
        QTemporaryDir dir;
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(dir.path()));
        const bool saved = saveMachineFile(machine("here"), "here.swivel.json");
        QDir::setCurrent(previous);
        QVERIFY(saved);
        QCOMPARE(entries(dir.path()), QStringList{"here.swivel.json"});
    }

    void missingDirectoryIsReported() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("no/such/dir/m.swivel.json").toStdString();
        std::string error;
        QVERIFY(!saveMachineFile(machine("x"), path, &error));
        QVERIFY2(error.find("No such file or directory") != std::string::npos, error.c_str());
        QVERIFY(!saveMachineFile(machine("x"), path));  // no error string wanted: still no crash
    }

    // A parent that is a file fails even for root, who ignores permissions.
    void parentIsAFileIsReported() {
        QTemporaryDir dir;
        const std::string file = dir.filePath("plain").toStdString();
        std::ofstream(file) << "not a directory";
        std::string error;
        QVERIFY(!saveMachineFile(machine("x"), file + "/m.swivel.json", &error));
        QVERIFY2(error.find("Not a directory") != std::string::npos, error.c_str());
        QCOMPARE(readFile(file), std::string("not a directory"));
    }

    // The rename fails: the old content stays and the temporary is removed.
    void failedRenameLeavesNoTemporary() {
        QTemporaryDir dir;
        const QString target = dir.filePath("occupied.swivel.json");
        QVERIFY(QDir(dir.path()).mkdir("occupied.swivel.json"));
        std::ofstream(QString(target + "/keep").toStdString()) << "x";
        std::string error;
        QVERIFY(!saveMachineFile(machine("x"), target.toStdString(), &error));
        QVERIFY2(error.find("cannot write") != std::string::npos &&
                     error.find("Is a directory") != std::string::npos,
                 error.c_str());
        QCOMPARE(entries(dir.path()), QStringList{"occupied.swivel.json"});
        QCOMPARE(entries(target), QStringList{"keep"});
    }

    void readOnlyDirectoryIsReported() {
        if (::geteuid() == 0) {
            QSKIP("root writes into read-only directories");
        }
        QTemporaryDir dir;
        const std::string path = dir.filePath("m.swivel.json").toStdString();
        QVERIFY(saveMachineFile(machine("before"), path));
        QCOMPARE(::chmod(dir.path().toLocal8Bit().constData(), 0500), 0);
        std::string error;
        const bool saved = saveMachineFile(machine("after"), path, &error);
        ::chmod(dir.path().toLocal8Bit().constData(), 0700);
        QVERIFY(!saved);
        QVERIFY2(error.find("Permission denied") != std::string::npos, error.c_str());
        QCOMPARE(loadMachineFile(path).machine->name, std::string("before"));
    }

    void emptyFileNameIsReported() {
        std::string error;
        QVERIFY(!saveMachineFile(machine("x"), "", &error));
        QVERIFY(!error.empty());
    }

    // A save killed before its rename leaves its temporary; the next save of the same
    // file removes it once its process is gone, and touches nothing else.
    void nextSaveRemovesTemporariesOfKilledSaves() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("m.swivel.json").toStdString();
        const pid_t gone = deadPid();
        const pid_t running = ::getppid();
        const auto touch = [&](const QString& name) {
            std::ofstream(dir.filePath(name).toStdString()) << "{ half a mach";
        };
        const QString stale = QStringLiteral(".m.swivel.json.tmp-%1-3").arg(gone);
        const QString inProgress = QStringLiteral(".m.swivel.json.tmp-%1-0").arg(running);
        const QString otherFiles = QStringLiteral(".other.swivel.json.tmp-%1-3").arg(gone);
        const QString notOurs = QStringLiteral(".m.swivel.json.tmp-%1-x").arg(gone);
        for (const QString& name : {stale, inProgress, otherFiles, notOurs})
            touch(name);
        QVERIFY(saveMachineFile(machine("after the kill"), path));
        QStringList expected{inProgress, otherFiles, notOurs, "m.swivel.json"};
        expected.sort();
        QStringList left = entries(dir.path());
        left.sort();
        QCOMPARE(left, expected);
        QCOMPARE(loadMachineFile(path).machine->name, std::string("after the kill"));
    }
};

QTEST_GUILESS_MAIN(TestAtomicSave)
#include "test_atomic_save.moc"
