// Golden-file tests of the validator: each data/validation/<name>.swivel.json is loaded,
// validated against the built-in catalog, and its diagnostics compared with
// <name>.diagnostics. Run with SWIVEL_UPDATE_GOLDEN=1 to rewrite the golden files on
// purpose (then review the diff before committing).

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <chrono>
#include <fstream>
#include <sstream>

#include "model/device_catalog.h"
#include "model/diagnostic_codes.h"
#include "model/machine_file.h"
#include "model/validation.h"

using namespace swivel::model;

namespace {

QString dataDir() { return QStringLiteral(SWIVEL_TEST_DATA "/validation"); }

bool updateGolden() { return qEnvironmentVariableIntValue("SWIVEL_UPDATE_GOLDEN") == 1; }

std::string readFile(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// One line per diagnostic: `severity CODE elementId field[@offset]: message`; "-"
// stands for an empty element id or field so that the columns stay parseable.
std::string render(const std::vector<Diagnostic>& diagnostics) {
    std::string out;
    for (const Diagnostic& d : diagnostics) {
        out += std::string(severityName(d.severity)) + " " + d.code + " " +
               (d.elementId.empty() ? "-" : d.elementId) + " " +
               (d.field.empty() ? "-" : d.field);
        if (d.offset >= 0)
            out += "@" + std::to_string(d.offset);
        out += ": " + d.message + "\n";
    }
    return out;
}

struct Outcome {
    std::vector<Diagnostic> diagnostics;  // the loader's, then the validator's
    LoadResult load;
};

Outcome run(const QString& path) {
    Outcome outcome;
    outcome.load = loadMachine(readFile(path));
    outcome.diagnostics = outcome.load.diagnostics;
    if (outcome.load.machine) {
        const auto found = validate(*outcome.load.machine, DeviceCatalog::builtin());
        outcome.diagnostics.insert(outcome.diagnostics.end(), found.begin(), found.end());
    }
    return outcome;
}

QStringList caseFiles() {
    QDir dir(dataDir());
    return dir.entryList({QStringLiteral("*.swivel.json")}, QDir::Files, QDir::Name);
}

} // namespace

class TestValidation : public QObject {
    Q_OBJECT

private slots:
    void golden_data();
    void golden();
    void everyValidationCodeHasACase();
    void diagnosticsAreLocated();
    void validationIsDeterministic();
    void emptyMachineIsClean();
    void noVocabularyChecksWithoutDeviceType();
    void longParentChainIsFast();
};

void TestValidation::golden_data() {
    QTest::addColumn<QString>("path");
    const QStringList files = caseFiles();
    QVERIFY2(!files.isEmpty(), qPrintable("no cases in " + dataDir()));
    for (const QString& file : files)
        QTest::newRow(qPrintable(file)) << dataDir() + "/" + file;
}

void TestValidation::golden() {
    QFETCH(QString, path);
    const std::string actual = render(run(path).diagnostics);
    QString goldenPath = path;
    goldenPath.replace(QRegularExpression(QStringLiteral("\\.swivel\\.json$")),
                       QStringLiteral(".diagnostics"));
    if (updateGolden()) {
        std::ofstream(goldenPath.toStdString(), std::ios::binary) << actual;
        return;
    }
    QVERIFY2(QFile::exists(goldenPath),
             qPrintable("missing " + goldenPath + "; run with SWIVEL_UPDATE_GOLDEN=1"));
    const std::string expected = readFile(goldenPath);
    if (actual != expected)
        qWarning().noquote() << "actual diagnostics:\n" << QString::fromStdString(actual);
    QCOMPARE(QString::fromStdString(actual), QString::fromStdString(expected));
}

// The golden cases must exercise every validation code at least once.
void TestValidation::everyValidationCodeHasACase() {
    QSet<QString> seen;
    for (const QString& file : caseFiles())
        for (const Diagnostic& d : run(dataDir() + "/" + file).diagnostics)
            seen.insert(QString::fromStdString(d.code));
    for (int code = 101; code <= 122; ++code) {
        const QString name = QStringLiteral("SW%1").arg(code);
        QVERIFY2(seen.contains(name), qPrintable(name + " has no golden case"));
    }
}

// Every field path the validator reports must lead the source map to a place in the
// file, or the designer could not underline it.
void TestValidation::diagnosticsAreLocated() {
    for (const QString& file : caseFiles()) {
        Outcome outcome = run(dataDir() + "/" + file);
        for (Diagnostic d : outcome.diagnostics) {
            if (d.code.rfind("SW1", 0) != 0)
                continue;
            outcome.load.sourceMap.locate(d);
            QVERIFY2(d.line > 0, qPrintable(file + ": not located: " +
                                            QString::fromStdString(render({d}))));
        }
    }
}

void TestValidation::validationIsDeterministic() {
    for (const QString& file : caseFiles()) {
        const LoadResult load = loadMachine(readFile(dataDir() + "/" + file));
        if (!load.machine)
            continue;
        const auto first = validate(*load.machine, DeviceCatalog::builtin());
        const auto second = validate(*load.machine, DeviceCatalog::builtin());
        QVERIFY2(first == second, qPrintable(file));
    }
}

void TestValidation::emptyMachineIsClean() {
    Machine machine;
    QVERIFY(validate(machine, DeviceCatalog::builtin()).empty());
}

// Without a device type the machine may wait for any event and send any command.
void TestValidation::noVocabularyChecksWithoutDeviceType() {
    Machine machine;
    machine.initial = "A";
    for (const char* id : {"A", "B"}) {
        State state;
        state.id = id;
        machine.states.push_back(state);
    }
    Transition t;
    t.id = "t1";
    t.source = "A";
    t.targets = {"B"};
    t.event = "Anything.at.all";
    Action send;
    send.kind = ActionKind::Send;
    send.name = "Whatever";
    send.args = {Argument{"x", ExpressionText{"event.foo + 1"}}};
    t.actions.push_back(send);
    machine.transitions.push_back(t);
    Transition back = t;
    back.id = "t2";
    back.source = "B";
    back.targets = {"A"};
    machine.transitions.push_back(back);
    const auto diagnostics = validate(machine, DeviceCatalog::builtin());
    QVERIFY2(diagnostics.empty(), render(diagnostics).c_str());
}

// A 10,000-state parent chain is reported once and checked in linear time.
void TestValidation::longParentChainIsFast() {
    Machine machine;
    machine.initial = "s0";
    for (int i = 0; i < 10000; ++i) {
        State s;
        s.id = "s" + std::to_string(i);
        if (i > 0)
            s.parent = "s" + std::to_string(i - 1);
        if (i + 1 < 10000)
            s.initial = "s" + std::to_string(i + 1);
        machine.states.push_back(std::move(s));
    }
    const auto start = std::chrono::steady_clock::now();
    const auto diagnostics = validate(machine, DeviceCatalog::builtin());
    const auto elapsed = std::chrono::steady_clock::now() - start;
    QVERIFY(elapsed < std::chrono::seconds(2));
    int tooDeep = 0;
    for (const Diagnostic& d : diagnostics)
        tooDeep += d.code == codes::NestingTooDeep;
    QCOMPARE(tooDeep, 1);
}

QTEST_GUILESS_MAIN(TestValidation)
#include "test_validation.moc"
