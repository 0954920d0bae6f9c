#include "generate/build_output.h"

#include <algorithm>

#include <QRegularExpression>

namespace swivel::generate {

namespace {

// The longest error shown in the one-line summary; the output view has all of it.
constexpr int kMaxErrorLength = 200;

QStringList linesOf(const QString& text) {
    return text.split(QLatin1Char('\n'));
}

QString elided(QString text) {
    text = text.simplified();
    if (text.size() > kMaxErrorLength)
        text = text.left(kMaxErrorLength - 1) + QChar(0x2026);
    return text;
}

// Paths as the project's own: the absolute ones under `directory`, and the relative ones
// the compiler prints from the build folder (ccache's base_dir makes them "../src/x.cpp").
QString withoutDirectory(QString line, const QString& directory) {
    if (line.startsWith(QLatin1String("../")))
        line.remove(0, 3);
    if (!directory.isEmpty()) {
        QString prefix = directory;
        if (!prefix.endsWith(QLatin1Char('/')))
            prefix += QLatin1Char('/');
        line.replace(prefix, QString());
    }
    return line;
}

// "CMake Error at CMakeLists.txt:5 (find_package):" and its indented message, as
// "CMakeLists.txt:5: the message".
QString cmakeError(const QStringList& lines, int at) {
    static const QRegularExpression header(
        QStringLiteral(R"(^CMake Error(?: at ([^ ]+))?[^:]*:\s*(.*)$)"));
    const QRegularExpressionMatch match = header.match(lines[at]);
    QString message = match.captured(2);
    for (int i = at + 1; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty()) {
            if (message.isEmpty())
                continue;
            break;
        }
        message += QLatin1Char(' ') + line;
    }
    const QString where = match.captured(1);
    return where.isEmpty() ? message : where + QStringLiteral(": ") + message;
}

} // namespace

QString stepName(BuildStep step) {
    switch (step) {
    case BuildStep::Configure:
        return QStringLiteral("Configure");
    case BuildStep::Build:
        return QStringLiteral("Build");
    case BuildStep::Test:
        return QStringLiteral("Test");
    }
    return {};
}

std::optional<int> buildPercentOf(const QString& line) {
    static const QRegularExpression makefiles(QStringLiteral(R"(^\[\s*(\d{1,3})%\])"));
    static const QRegularExpression ninja(QStringLiteral(R"(^\[(\d+)/(\d+)\])"));
    if (const QRegularExpressionMatch match = makefiles.match(line); match.hasMatch())
        return std::min(100, match.captured(1).toInt());
    if (const QRegularExpressionMatch match = ninja.match(line); match.hasMatch()) {
        const int total = match.captured(2).toInt();
        if (total > 0)
            return std::min(100, match.captured(1).toInt() * 100 / total);
    }
    return std::nullopt;
}

std::optional<int> testPercentOf(const QString& line) {
    static const QRegularExpression finished(QStringLiteral(R"(^\s*(\d+)/(\d+)\s+Test\s+#)"));
    const QRegularExpressionMatch match = finished.match(line);
    if (!match.hasMatch())
        return std::nullopt;
    const int total = match.captured(2).toInt();
    if (total <= 0)
        return std::nullopt;
    return std::min(100, match.captured(1).toInt() * 100 / total);
}

int overallPercent(BuildStep step, int stepPercent) {
    const int percent = std::clamp(stepPercent, 0, 100);
    switch (step) {
    case BuildStep::Configure:
        return percent * 10 / 100;
    case BuildStep::Build:
        return 10 + percent * 75 / 100;
    case BuildStep::Test:
        return 85 + percent * 15 / 100;
    }
    return 0;
}

TestReport testReportOf(const QString& ctestOutput) {
    static const QRegularExpression summary(
        QStringLiteral(R"((\d+)% tests passed, (\d+) tests? failed out of (\d+))"));
    static const QRegularExpression failedTest(
        QStringLiteral(R"(^\s*\d+\s+-\s+(.+?)\s+\(.*\)\s*$)"));
    TestReport report;
    bool inFailedList = false;
    for (const QString& line : linesOf(ctestOutput)) {
        if (const QRegularExpressionMatch match = summary.match(line); match.hasMatch()) {
            report.summarised = true;
            report.failed = match.captured(2).toInt();
            report.total = match.captured(3).toInt();
            continue;
        }
        if (line.startsWith(QLatin1String("The following tests FAILED"))) {
            inFailedList = true;
            continue;
        }
        if (inFailedList) {
            if (const QRegularExpressionMatch match = failedTest.match(line); match.hasMatch())
                report.failedNames << match.captured(1);
            else
                inFailedList = false;
        }
    }
    return report;
}

QString firstErrorOf(const QString& output, const QString& projectDirectory) {
    const QStringList lines = linesOf(output);
    static const QRegularExpression compilerError(
        QStringLiteral(R"((: (fatal )?error:|undefined reference to))"));
    for (const QString& line : lines) {
        if (compilerError.match(line).hasMatch())
            return elided(withoutDirectory(line, projectDirectory));
    }
    for (int i = 0; i < lines.size(); ++i) {
        if (lines[i].startsWith(QLatin1String("CMake Error")))
            return elided(withoutDirectory(cmakeError(lines, i), projectDirectory));
    }
    for (const QString& line : lines) {
        if (line.startsWith(QLatin1String("FAILED:")))
            return elided(withoutDirectory(line, projectDirectory));
    }
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        if (!it->trimmed().isEmpty())
            return elided(withoutDirectory(*it, projectDirectory));
    }
    return {};
}

QString durationText(qint64 milliseconds) {
    const qint64 seconds = (milliseconds + 500) / 1000;
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds);
    return QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
}

QString summaryOf(const BuildOutcome& outcome) {
    if (!outcome.missingProgram.isEmpty()) {
        return outcome.missingProgram == QLatin1String("cmake")
                   ? QStringLiteral("cmake was not found: install CMake 3.20 or later and put it "
                                    "on the PATH")
                   : QStringLiteral("%1 was not found: it comes with CMake; put it on the PATH")
                         .arg(outcome.missingProgram);
    }
    const QString step = stepName(outcome.step).toLower();
    if (outcome.cancelled)
        return QStringLiteral("Cancelled during the %1 step").arg(step);
    if (outcome.crashed)
        return QStringLiteral("The %1 step stopped unexpectedly: its program crashed or was killed")
            .arg(step);
    const QString error = firstErrorOf(outcome.output, outcome.projectDirectory);
    switch (outcome.step) {
    case BuildStep::Configure:
        if (!outcome.ok)
            return QStringLiteral("CMake could not configure the project: %1").arg(error);
        break;
    case BuildStep::Build:
        if (!outcome.ok)
            return QStringLiteral("The build failed: %1").arg(error);
        break;
    case BuildStep::Test: {
        const TestReport report = testReportOf(outcome.output);
        const QString time = durationText(outcome.elapsedMs);
        if (outcome.ok && report.summarised)
            return QStringLiteral("Built and tested: %1 of %2 tests passed in %3")
                .arg(report.total - report.failed)
                .arg(report.total)
                .arg(time);
        if (outcome.ok)
            return QStringLiteral("Built in %1, but the project has no tests").arg(time);
        if (report.failed > 0) {
            return QStringLiteral("%1 of %2 tests failed: %3")
                .arg(report.failed)
                .arg(report.total)
                .arg(report.failedNames.join(QStringLiteral(", ")));
        }
        return QStringLiteral("The tests did not run: %1").arg(error);
    }
    }
    // A successful run always ends with the test step.
    return QStringLiteral("Stopped after the %1 step").arg(step);
}

} // namespace swivel::generate
