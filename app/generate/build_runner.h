#pragma once
// Builds and tests an exported project the way its README says: configure with CMake
// (RelWithDebInfo, Ninja and ccache when they are there), build, run CTest. Each step
// is a QProcess; nothing waits, so the GUI stays live while it prints. Cancel kills
// the whole process tree (CMake, the build tool and the compilers it started).

#include <QElapsedTimer>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringDecoder>
#include <QStringList>

#include "generate/build_output.h"

namespace swivel::generate {

class BuildRunner : public QObject {
    Q_OBJECT
public:
    explicit BuildRunner(QObject* parent = nullptr);
    ~BuildRunner() override; // cancels a running build

    // Configures `projectDirectory` into its build/ folder, builds, tests. Ignored
    // while running.
    void start(const QString& projectDirectory);
    void cancel();
    bool isRunning() const { return m_running; }

    // Parallel jobs of the build and the tests; by default one per core.
    void setParallelJobs(int jobs) { m_jobs = jobs; }
    // Where cmake, ctest, ninja and ccache are looked for; empty (the default): PATH.
    void setProgramSearchPath(const QStringList& directories) { m_searchPath = directories; }

    // The arguments of each step for `projectDirectory` (shown in the output, tested).
    QStringList configureArguments(const QString& projectDirectory) const;
    QStringList buildArguments(const QString& projectDirectory) const;
    QStringList testArguments() const;

signals:
    void stepStarted(const QString& name);
    void output(const QString& text); // stdout and stderr merged, as it comes
    void progress(int percent);       // of the whole run, never going back
    void finished(bool ok, const QString& summary);

private:
    QString findProgram(const QString& name) const;
    void startStep(BuildStep step);
    void readOutput();
    void takeLine(const QString& line);
    void stepFinished(int exitCode, QProcess::ExitStatus status);
    void finish(BuildOutcome outcome);
    void report(int percent);
    void killProcessTree();

    QProcess* m_process = nullptr;
    QStringDecoder m_decoder{QStringDecoder::System};
    QString m_directory;
    QString m_cmake;
    BuildStep m_step = BuildStep::Configure;
    QString m_stepOutput;
    QString m_partialLine;
    QElapsedTimer m_clock;
    QStringList m_searchPath;
    int m_jobs = 0;
    int m_percent = 0;
    bool m_running = false;
    bool m_cancelled = false;
};

} // namespace swivel::generate
