// Reading the output of CMake, Ninja or Make and CTest while an exported project is
// built and tested, and the one line the Export dialog ends with: from real-looking
// text, without running anything. Then the runner's own decisions that need no build:
// its command lines, a missing cmake, and cancelling.

#include <QtTest>

#include <QSignalSpy>
#include <QTemporaryDir>

#include "generate/build_output.h"
#include "generate/build_runner.h"

using namespace swivel::generate;

namespace {

const QString kPassingTests =
    QStringLiteral("Test project /home/u/camera/build\n"
                   "    Start 1: machine_test\n"
                   "1/3 Test #1: machine_test .....................   Passed    0.02 sec\n"
                   "    Start 2: handler_test\n"
                   "2/3 Test #2: handler_test .....................   Passed    0.05 sec\n"
                   "    Start 3: store_test\n"
                   "3/3 Test #3: store_test .......................   Passed    0.01 sec\n"
                   "\n"
                   "100% tests passed, 0 tests failed out of 3\n"
                   "\n"
                   "Total Test time (real) =   0.09 sec\n");

const QString kFailingTests = QStringLiteral(
    "Test project /home/u/camera/build\n"
    "    Start 1: machine_test\n"
    "1/3 Test #1: machine_test .....................***Failed    0.02 sec\n"
    "machine_test.cpp:40: expected Idle, got Focus\n"
    "    Start 2: handler_test\n"
    "2/3 Test #2: handler_test .....................   Passed    0.05 sec\n"
    "    Start 3: store_test\n"
    "3/3 Test #3: store_test .......................Subprocess aborted***Exception:   0.01 sec\n"
    "\n"
    "33% tests passed, 2 tests failed out of 3\n"
    "\n"
    "Total Test time (real) =   0.09 sec\n"
    "\n"
    "The following tests FAILED:\n"
    "\t  1 - machine_test (Failed)\n"
    "\t  3 - store_test (Subprocess aborted)\n"
    "Errors while running CTest\n");

const QString kCompileError = QStringLiteral(
    "[1/12] Building CXX object CMakeFiles/handler_core.dir/src/store/table_key.cpp.o\n"
    "[2/12] Building CXX object CMakeFiles/handler_core.dir/src/machine.cpp.o\n"
    "FAILED: CMakeFiles/handler_core.dir/src/machine.cpp.o \n"
    "/usr/bin/c++ -I/home/u/camera/src -O2 -g -c /home/u/camera/src/machine.cpp\n"
    "/home/u/camera/src/machine.cpp: In member function 'void Machine::step()':\n"
    "/home/u/camera/src/machine.cpp:42:5: error: expected ';' before '}' token\n"
    "   42 | }\n"
    "ninja: build stopped: subcommand failed.\n");

const QString kConfigureError =
    QStringLiteral("-- The CXX compiler identification is GNU 12.2.0\n"
                   "CMake Error at CMakeLists.txt:17 (find_package):\n"
                   "  By not providing \"Findnlohmann_json.cmake\" in CMAKE_MODULE_PATH this\n"
                   "  project has asked CMake to find a package configuration file.\n"
                   "\n"
                   "-- Configuring incomplete, errors occurred!\n");

// Whether the process is alive: gone, or a zombie nobody reaped yet, is not.
bool isRunning(const QByteArray& pid) {
    QFile stat(QStringLiteral("/proc/%1/stat").arg(QString::fromLatin1(pid)));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype end = text.lastIndexOf(')');
    return end >= 0 && text.size() > end + 2 && text.at(end + 2) != 'Z';
}

} // namespace

class TestBuildOutput : public QObject {
    Q_OBJECT
private slots:
    void readsTheBuildsProgressFromMakeAndNinjaLines() {
        QCOMPARE(buildPercentOf(QStringLiteral("[ 42%] Building CXX object src/a.cpp.o")), 42);
        QCOMPARE(buildPercentOf(QStringLiteral("[100%] Built target handler")), 100);
        QCOMPARE(buildPercentOf(QStringLiteral("[12/40] Building CXX object src/a.cpp.o")), 30);
        QCOMPARE(buildPercentOf(QStringLiteral("[40/40] Linking CXX executable handler")), 100);
        QCOMPARE(buildPercentOf(QStringLiteral("-- Configuring done")), std::nullopt);
        QCOMPARE(buildPercentOf(QStringLiteral("src/a.cpp:3: note: [1/2] in a message")),
                 std::nullopt);
    }

    void readsTheTestsProgressFromCTestLines() {
        QCOMPARE(testPercentOf(QStringLiteral("2/4 Test #2: a ....   Passed    0.05 sec")), 50);
        QCOMPARE(testPercentOf(QStringLiteral("    Start 3: b")), std::nullopt);
    }

    void weighsTheStepsIntoOneProgressThatOnlyGrows() {
        QCOMPARE(overallPercent(BuildStep::Configure, 0), 0);
        QCOMPARE(overallPercent(BuildStep::Configure, 100), overallPercent(BuildStep::Build, 0));
        QCOMPARE(overallPercent(BuildStep::Build, 100), overallPercent(BuildStep::Test, 0));
        QCOMPARE(overallPercent(BuildStep::Test, 100), 100);
        QVERIFY(overallPercent(BuildStep::Build, 50) > overallPercent(BuildStep::Build, 49));
        QVERIFY(overallPercent(BuildStep::Build, 100) - overallPercent(BuildStep::Build, 0) >= 50);
    }

    void readsWhichTestsFailed() {
        const TestReport passed = testReportOf(kPassingTests);
        QVERIFY(passed.summarised);
        QCOMPARE(passed.total, 3);
        QCOMPARE(passed.failed, 0);
        const TestReport failed = testReportOf(kFailingTests);
        QCOMPARE(failed.total, 3);
        QCOMPARE(failed.failed, 2);
        QCOMPARE(failed.failedNames, (QStringList{"machine_test", "store_test"}));
    }

    void findsTheFirstErrorWithPathsInTheProject() {
        QCOMPARE(firstErrorOf(kCompileError, QStringLiteral("/home/u/camera")),
                 QStringLiteral("src/machine.cpp:42:5: error: expected ';' before '}' token"));
        QCOMPARE(
            firstErrorOf(kConfigureError, QStringLiteral("/home/u/camera")),
            QStringLiteral("CMakeLists.txt:17: By not providing \"Findnlohmann_json.cmake\" in "
                           "CMAKE_MODULE_PATH this project has asked CMake to find a package "
                           "configuration file."));
        // With ccache's base_dir, the compiler names files relative to the build folder.
        QCOMPARE(firstErrorOf(QStringLiteral("FAILED: x\n../src/machine.cpp:635:1: error: expected "
                                             "unqualified-id\n")),
                 QStringLiteral("src/machine.cpp:635:1: error: expected unqualified-id"));
        QCOMPARE(firstErrorOf(QStringLiteral("ld: cannot find -lfoo\n\n")),
                 QStringLiteral("ld: cannot find -lfoo"));
        const QString linker =
            QStringLiteral("FAILED: handler\n/usr/bin/ld: main.cpp.o: in function `main':\n"
                           "main.cpp:(.text+0x1d): undefined reference to `run()'\n"
                           "collect2: error: ld returned 1 exit status\n");
        QCOMPARE(firstErrorOf(linker),
                 QStringLiteral("main.cpp:(.text+0x1d): undefined reference to `run()'"));
    }

    void summarisesEveryWayARunEnds() {
        BuildOutcome success;
        success.step = BuildStep::Test;
        success.ok = true;
        success.output = kPassingTests;
        success.elapsedMs = 41'200;
        QCOMPARE(summaryOf(success),
                 QStringLiteral("Built and tested: 3 of 3 tests passed in 41 s"));

        BuildOutcome failedTests = success;
        failedTests.ok = false;
        failedTests.output = kFailingTests;
        QCOMPARE(summaryOf(failedTests),
                 QStringLiteral("2 of 3 tests failed: machine_test, store_test"));

        BuildOutcome failedBuild;
        failedBuild.step = BuildStep::Build;
        failedBuild.output = kCompileError;
        failedBuild.projectDirectory = QStringLiteral("/home/u/camera");
        QCOMPARE(summaryOf(failedBuild),
                 QStringLiteral("The build failed: src/machine.cpp:42:5: error: expected ';' "
                                "before '}' token"));

        BuildOutcome failedConfigure;
        failedConfigure.output = kConfigureError;
        QVERIFY(summaryOf(failedConfigure)
                    .startsWith(QStringLiteral(
                        "CMake could not configure the project: CMakeLists.txt:17: By not")));

        BuildOutcome noCMake;
        noCMake.missingProgram = QStringLiteral("cmake");
        QVERIFY(summaryOf(noCMake).startsWith(QStringLiteral("cmake was not found")));

        BuildOutcome cancelled = failedBuild;
        cancelled.cancelled = true;
        QCOMPARE(summaryOf(cancelled), QStringLiteral("Cancelled during the build step"));
    }

    void aLongErrorIsCutToOneReadableLine() {
        BuildOutcome failedBuild;
        failedBuild.step = BuildStep::Build;
        failedBuild.output = QStringLiteral("a.cpp:1:1: error: ") + QString(500, QLatin1Char('x'));
        const QString summary = summaryOf(failedBuild);
        QVERIFY(summary.size() < 260);
        QVERIFY(summary.endsWith(QChar(0x2026)));
    }

    void durationsReadLikeAPersonWouldSayThem() {
        QCOMPARE(durationText(400), QStringLiteral("0 s"));
        QCOMPARE(durationText(41'499), QStringLiteral("41 s"));
        QCOMPARE(durationText(125'000), QStringLiteral("2 min 5 s"));
    }

    // --- the runner, without a build -------------------------------------------------

    void configuresForRelWithDebInfoIntoTheBuildFolder() {
        BuildRunner runner;
        runner.setParallelJobs(2);
        const QStringList configure = runner.configureArguments(QStringLiteral("/p"));
        QVERIFY(configure.contains(QStringLiteral("-DCMAKE_BUILD_TYPE=RelWithDebInfo")));
        QCOMPARE(configure.mid(0, 4), (QStringList{"-S", "/p", "-B", "/p/build"}));
        QCOMPARE(runner.buildArguments(QStringLiteral("/p")),
                 (QStringList{"--build", "/p/build", "--parallel", "2"}));
    }

    void usesCcacheAndNinjaOnlyWhenTheyAreThere() {
        QTemporaryDir tools;
        for (const QString& name : {QStringLiteral("ccache"), QStringLiteral("ninja")}) {
            QFile file(tools.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("#!/bin/sh\n");
            file.setPermissions(file.permissions() | QFileDevice::ExeOwner);
        }
        QTemporaryDir project;
        BuildRunner runner;
        runner.setProgramSearchPath({tools.path()});
        const QStringList configure = runner.configureArguments(project.path());
        QVERIFY(configure.contains(QStringLiteral("-DCMAKE_CXX_COMPILER_LAUNCHER=") +
                                   tools.filePath(QStringLiteral("ccache"))));
        QVERIFY(configure.join(' ').contains(QStringLiteral("-G Ninja")));

        // A folder configured before keeps its generator: CMake refuses to switch.
        QDir(project.path()).mkpath(QStringLiteral("build"));
        QFile cache(project.filePath(QStringLiteral("build/CMakeCache.txt")));
        QVERIFY(cache.open(QIODevice::WriteOnly));
        cache.close();
        QVERIFY(!runner.configureArguments(project.path()).contains(QStringLiteral("-G")));

        QTemporaryDir empty;
        runner.setProgramSearchPath({empty.path()});
        const QString arguments = runner.configureArguments(project.path()).join(' ');
        QVERIFY(!arguments.contains(QStringLiteral("LAUNCHER")));
    }

    void saysSoWhenCMakeIsMissing() {
        QTemporaryDir empty;
        BuildRunner runner;
        runner.setProgramSearchPath({empty.path()});
        QSignalSpy finished(&runner, &BuildRunner::finished);
        runner.start(empty.path());
        QVERIFY(runner.isRunning());
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.front().at(0).toBool(), false);
        QVERIFY(
            finished.front().at(1).toString().startsWith(QStringLiteral("cmake was not found")));
        QVERIFY(!runner.isRunning());
    }

    void cancellingStopsTheRunAndSaysSo() {
        // A "cmake" that would take a minute, and starts a child that would too.
        QTemporaryDir tools;
        QFile slow(tools.filePath(QStringLiteral("cmake")));
        QVERIFY(slow.open(QIODevice::WriteOnly));
        slow.write(("#!/bin/sh\nsleep 60 &\necho $! > '" + tools.filePath(QStringLiteral("child")) +
                    "'\necho configuring\nsleep 60\n")
                       .toUtf8());
        slow.close();
        slow.setPermissions(slow.permissions() | QFileDevice::ExeOwner);
        BuildRunner runner;
        runner.setProgramSearchPath({tools.path()});
        QSignalSpy started(&runner, &BuildRunner::stepStarted);
        QSignalSpy output(&runner, &BuildRunner::output);
        QSignalSpy finished(&runner, &BuildRunner::finished);
        runner.start(tools.path());
        QTRY_VERIFY(output.count() >= 2); // the command line, then "configuring"
        QCOMPARE(started.front().at(0).toString(), QStringLiteral("Configure"));
        QElapsedTimer clock;
        clock.start();
        runner.cancel();
        QVERIFY(finished.wait(10000));
        QVERIFY(clock.elapsed() < 10000);
        QCOMPARE(finished.front().at(0).toBool(), false);
        QCOMPARE(finished.front().at(1).toString(),
                 QStringLiteral("Cancelled during the configure step"));
        // The whole tree went: the script's own child too.
        QFile childPid(tools.filePath(QStringLiteral("child")));
        QVERIFY(childPid.open(QIODevice::ReadOnly));
        const QByteArray pid = childPid.readAll().trimmed();
        QVERIFY(!pid.isEmpty());
        QTRY_VERIFY(!isRunning(pid));
    }
};

QTEST_GUILESS_MAIN(TestBuildOutput)
#include "test_build_output.moc"
