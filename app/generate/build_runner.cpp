#include "generate/build_runner.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

#include <csignal>
#include <sys/types.h>
#include <unistd.h>

namespace swivel::generate {

namespace {

// The command line as a user would type it, shown before each step's output.
QString commandLine(const QString& program, const QStringList& arguments) {
    QStringList words{QFileInfo(program).fileName()};
    for (const QString& argument : arguments)
        words << (argument.contains(QLatin1Char(' '))
                      ? QLatin1Char('"') + argument + QLatin1Char('"')
                      : argument);
    return QStringLiteral("$ ") + words.join(QLatin1Char(' ')) + QLatin1Char('\n');
}

QString buildDirectoryOf(const QString& projectDirectory) {
    return QDir(projectDirectory).filePath(QStringLiteral("build"));
}

} // namespace

BuildRunner::BuildRunner(QObject* parent)
    : QObject(parent), m_jobs(std::max(1, QThread::idealThreadCount())) {}

BuildRunner::~BuildRunner() {
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
        killProcessTree();
        m_process->waitForFinished(5000);
    }
}

QString BuildRunner::findProgram(const QString& name) const {
    return QStandardPaths::findExecutable(name, m_searchPath);
}

QStringList BuildRunner::configureArguments(const QString& projectDirectory) const {
    const QString buildDirectory = buildDirectoryOf(projectDirectory);
    QStringList arguments{QStringLiteral("-S"), projectDirectory, QStringLiteral("-B"),
                          buildDirectory, QStringLiteral("-DCMAKE_BUILD_TYPE=RelWithDebInfo")};
    // A configured folder keeps its generator: CMake refuses to switch it.
    if (!QFileInfo::exists(QDir(buildDirectory).filePath(QStringLiteral("CMakeCache.txt"))) &&
        !findProgram(QStringLiteral("ninja")).isEmpty())
        arguments << QStringLiteral("-G") << QStringLiteral("Ninja");
    if (const QString ccache = findProgram(QStringLiteral("ccache")); !ccache.isEmpty())
        arguments << QStringLiteral("-DCMAKE_CXX_COMPILER_LAUNCHER=") + ccache;
    return arguments;
}

QStringList BuildRunner::buildArguments(const QString& projectDirectory) const {
    return {QStringLiteral("--build"), buildDirectoryOf(projectDirectory),
            QStringLiteral("--parallel"), QString::number(m_jobs)};
}

QStringList BuildRunner::testArguments() const {
    // One test at a time: a generated project's tests may share files or ports.
    return {QStringLiteral("--output-on-failure")};
}

void BuildRunner::start(const QString& projectDirectory) {
    if (m_running)
        return;
    m_running = true;
    m_cancelled = false;
    m_directory = QDir(projectDirectory).absolutePath();
    m_percent = -1;
    m_clock.start();
    report(0);
    m_cmake = findProgram(QStringLiteral("cmake"));
    if (m_cmake.isEmpty()) {
        // After start() returns, as every other ending is.
        QTimer::singleShot(0, this, [this] {
            BuildOutcome outcome;
            outcome.missingProgram = QStringLiteral("cmake");
            finish(outcome);
        });
        return;
    }
    startStep(BuildStep::Configure);
}

void BuildRunner::startStep(BuildStep step) {
    m_step = step;
    m_stepOutput.clear();
    m_partialLine.clear();
    m_decoder.resetState();
    QString program = m_cmake;
    QStringList arguments;
    QString workingDirectory = m_directory;
    switch (step) {
    case BuildStep::Configure:
        arguments = configureArguments(m_directory);
        break;
    case BuildStep::Build:
        arguments = buildArguments(m_directory);
        break;
    case BuildStep::Test: {
        const QString beside = QFileInfo(m_cmake).dir().filePath(QStringLiteral("ctest"));
        program = QFileInfo(beside).isExecutable() ? beside : findProgram(QStringLiteral("ctest"));
        if (program.isEmpty()) {
            BuildOutcome outcome;
            outcome.step = step;
            outcome.missingProgram = QStringLiteral("ctest");
            finish(outcome);
            return;
        }
        arguments = testArguments();
        workingDirectory = buildDirectoryOf(m_directory);
        break;
    }
    }

    // Called from the previous step's finished signal: that process goes later.
    if (m_process) {
        m_process->disconnect(this);
        m_process->deleteLater();
    }
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setWorkingDirectory(workingDirectory);
    // Its own process group, so that cancel reaches the build tool and the compilers.
    m_process->setChildProcessModifier([] { ::setpgid(0, 0); });
    connect(m_process, &QProcess::readyReadStandardOutput, this, &BuildRunner::readOutput);
    connect(m_process, &QProcess::finished, this, &BuildRunner::stepFinished);
    connect(m_process, &QProcess::errorOccurred, this,
            [this, program](QProcess::ProcessError error) {
                if (error != QProcess::FailedToStart)
                    return;
                BuildOutcome outcome;
                outcome.step = m_step;
                outcome.missingProgram = QFileInfo(program).fileName();
                finish(outcome);
            });
    emit stepStarted(stepName(step));
    emit output(commandLine(program, arguments));
    m_process->start(program, arguments);
}

void BuildRunner::readOutput() {
    const QString text = m_decoder.decode(m_process->readAllStandardOutput());
    if (text.isEmpty())
        return;
    m_stepOutput += text;
    emit output(text);
    m_partialLine += text;
    qsizetype end;
    while ((end = m_partialLine.indexOf(QLatin1Char('\n'))) >= 0) {
        takeLine(m_partialLine.left(end));
        m_partialLine.remove(0, end + 1);
    }
}

void BuildRunner::takeLine(const QString& line) {
    std::optional<int> percent;
    if (m_step == BuildStep::Build)
        percent = buildPercentOf(line);
    else if (m_step == BuildStep::Test)
        percent = testPercentOf(line);
    if (percent)
        report(overallPercent(m_step, *percent));
}

void BuildRunner::stepFinished(int exitCode, QProcess::ExitStatus status) {
    readOutput();
    if (!m_partialLine.isEmpty())
        takeLine(m_partialLine);
    BuildOutcome outcome;
    outcome.step = m_step;
    outcome.ok = status == QProcess::NormalExit && exitCode == 0 && !m_cancelled;
    outcome.crashed = status == QProcess::CrashExit;
    outcome.cancelled = m_cancelled;
    outcome.output = m_stepOutput;
    outcome.projectDirectory = m_directory;
    if (outcome.ok && m_step != BuildStep::Test) {
        report(overallPercent(m_step, 100));
        startStep(m_step == BuildStep::Configure ? BuildStep::Build : BuildStep::Test);
        return;
    }
    finish(outcome);
}

void BuildRunner::finish(BuildOutcome outcome) {
    if (!m_running)
        return;
    m_running = false;
    if (m_process) {
        m_process->disconnect(this);
        m_process->deleteLater();
        m_process = nullptr;
    }
    outcome.elapsedMs = m_clock.elapsed();
    const bool ok = outcome.ok && outcome.step == BuildStep::Test;
    if (ok)
        report(100);
    emit finished(ok, summaryOf(outcome));
}

void BuildRunner::cancel() {
    if (!m_running)
        return;
    m_cancelled = true;
    killProcessTree();
}

void BuildRunner::report(int percent) {
    if (percent <= m_percent)
        return;
    m_percent = percent;
    emit progress(percent);
}

void BuildRunner::killProcessTree() {
    if (!m_process)
        return;
    if (const qint64 pid = m_process->processId(); pid > 0)
        ::kill(-static_cast<pid_t>(pid), SIGKILL);
    m_process->kill();
}

} // namespace swivel::generate
