#pragma once
// Reading what CMake, the build tool and CTest print while an exported project is
// built and tested: how far along a step is, which tests failed, the first error; and
// the one-line summary the Export dialog shows at the end. Pure functions of the text,
// so that they are tested without running anything.

#include <optional>

#include <QString>
#include <QStringList>

namespace swivel::generate {

enum class BuildStep { Configure, Build, Test };

QString stepName(BuildStep step); // "Configure", "Build", "Test"

// How far the build is by one line of its output: "[ 42%] Building ..." (Makefiles)
// or "[12/40] Building ..." (Ninja); nullopt for any other line.
std::optional<int> buildPercentOf(const QString& line);

// How far the tests are by one line of CTest's output: " 2/3 Test #2: name ...".
std::optional<int> testPercentOf(const QString& line);

// The whole run's percent from the current step's: configuring is the first tenth,
// building the bulk, testing the rest.
int overallPercent(BuildStep step, int stepPercent);

// CTest's own account of a run.
struct TestReport {
    bool summarised = false; // CTest printed its "... tests failed out of N" line
    int total = 0;
    int failed = 0;
    QStringList failedNames; // as CTest lists them under "The following tests FAILED"
};
TestReport testReportOf(const QString& ctestOutput);

// The first line that says what went wrong: a compiler or linker error, a CMake
// error with its message, else the build tool's FAILED line, else the last line.
// `projectDirectory` is cut from the front of paths, which then read "src/x.cpp:3:...".
QString firstErrorOf(const QString& output, const QString& projectDirectory = {});

// How one run ended, as far as the summary needs to know.
struct BuildOutcome {
    BuildStep step = BuildStep::Configure; // the last step that ran
    bool ok = false;                       // that step exited with 0 (and so did all before)
    bool crashed = false;                  // it was killed or crashed
    bool cancelled = false;                // the user cancelled
    QString missingProgram;                // "cmake" or "ctest" when it could not be found
    QString output;                        // that step's output
    QString projectDirectory;
    qint64 elapsedMs = 0;
};

// "Built and tested: 3 of 3 tests passed in 41 s", "The build failed: ...",
// "2 of 3 tests failed: a, b", "cmake was not found ...".
QString summaryOf(const BuildOutcome& outcome);

// "41 s", "2 min 5 s".
QString durationText(qint64 milliseconds);

} // namespace swivel::generate
