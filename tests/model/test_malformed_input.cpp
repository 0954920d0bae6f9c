// A corpus of broken and hostile input, generated here rather than committed: each
// file goes through load -> validate -> compile -> start (-> a few steps) and must end
// in diagnostics, never in a crash, a hang or an exception.

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

#include <nlohmann/json.hpp>

#include "model/device_catalog.h"
#include "model/diagnostic_codes.h"
#include "model/machine_file.h"
#include "model/semantics.h"
#include "model/validation.h"

using namespace swivel::model;
using nlohmann::json;

namespace {

// A small valid machine to break in different ways.
json baseMachine() {
    return json::parse(R"json({
      "format": 1, "name": "base", "deviceType": "canon-eos-rebel", "initial": "Idle",
      "variables": [{"name": "n", "type": "int"}],
      "states": [{"id": "Idle"}, {"id": "Busy"}],
      "transitions": [
        {"id": "t1", "source": "Idle", "event": "Motion", "targets": ["Busy"],
         "actions": [{"send": "Swivel", "args": {"Bearing": "event.Bearing"}}]},
        {"id": "t2", "source": "Busy", "event": "MoveDone", "targets": ["Idle"]}
      ]})json");
}

std::string withGuard(const std::string& guard) {
    json m = baseMachine();
    m["transitions"][0]["guard"] = guard;
    return m.dump();
}

std::string parentChain(int depth) {
    json m = {{"format", 1}, {"name", "deep"}, {"initial", "s0"}};
    json states = json::array();
    for (int i = 0; i < depth; ++i) {
        json s = {{"id", "s" + std::to_string(i)}};
        if (i > 0)
            s["parent"] = "s" + std::to_string(i - 1);
        if (i + 1 < depth)
            s["initial"] = "s" + std::to_string(i + 1);
        states.push_back(std::move(s));
    }
    m["states"] = std::move(states);
    m["transitions"] = json::array(
        {{{"id", "loop"}, {"source", "s" + std::to_string(depth - 1)}, {"event", "Tick"},
          {"targets", {"s0"}}}});
    return m.dump();
}

// Built as text: a JSON DOM of this size is slow to build in a debug build.
std::string flatMachine(int count) {
    std::string states, transitions;
    for (int i = 0; i < count; ++i) {
        const std::string id = "s" + std::to_string(i);
        states += "{\"id\": \"" + id + "\"},";
        transitions += "{\"id\": \"t" + std::to_string(i) + "\", \"source\": \"" + id +
                       "\", \"event\": \"Next\", \"targets\": [\"s" +
                       std::to_string((i + 1) % count) + "\"]}";
        if (i + 1 < count)
            transitions += ",";
    }
    // One state nobody reaches, so that the flat machine also has something to report.
    states += "{\"id\": \"island\"}";
    return R"json({"format": 1, "name": "flat", "initial": "s0", "states": [)json" + states +
           "], \"transitions\": [" + transitions + "]}";
}

struct Outcome {
    std::vector<Diagnostic> diagnostics;
    bool compiled = false;
    bool runtimeError = false;
};

Outcome runPipeline(std::string_view text) {
    Outcome outcome;
    LoadResult load = loadMachine(text);
    outcome.diagnostics = load.diagnostics;
    if (!load.machine)
        return outcome;
    for (Diagnostic d : validate(*load.machine, DeviceCatalog::builtin())) {
        load.sourceMap.locate(d);
        outcome.diagnostics.push_back(std::move(d));
    }
    std::vector<Diagnostic> compileDiagnostics;
    const auto compiled = CompiledMachine::compile(*load.machine, &compileDiagnostics);
    outcome.diagnostics.insert(outcome.diagnostics.end(), compileDiagnostics.begin(),
                               compileDiagnostics.end());
    if (!compiled)
        return outcome;
    outcome.compiled = true;
    StepResult r = start(*compiled);
    const std::vector<Event> events = {
        {"Motion", {{"Bearing", Value{std::int64_t{90}}}}},
        {"MoveDone", {}},
        {"Tick", {}},
        {"Next", {}},
        {"Unknown", {{"x", Value{std::string("\xff")}}}},
    };
    for (const Event& e : events)
        r = step(*compiled, r.configuration, e);
    for (const EmittedAction& a : r.actions)
        outcome.runtimeError = outcome.runtimeError || a.kind == EmittedAction::Kind::Error;
    return outcome;
}

bool hasCode(const Outcome& outcome, std::string_view code) {
    for (const Diagnostic& d : outcome.diagnostics)
        if (d.code == code)
            return true;
    return false;
}

QString describe(const Outcome& outcome) {
    QString out;
    for (const Diagnostic& d : outcome.diagnostics)
        out += QStringLiteral("\n  %1 %2 %3: %4")
                   .arg(QString::fromStdString(d.code), QString::fromStdString(d.elementId.substr(0, 40)),
                        QString::fromStdString(d.field), QString::fromStdString(d.message.substr(0, 200)));
    return out;
}

} // namespace

class TestMalformedInput : public QObject {
    Q_OBJECT

private slots:
    void corpus_data();
    void corpus();
    void runawayRaiseLoopEndsInAnError();
    void fiftyMegabyteFileIsRefusedUnread();
};

void TestMalformedInput::corpus_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expectedCode");  // must be among the diagnostics ("": any)

    const std::string base = baseMachine().dump(2);
    auto row = [](const char* name, const std::string& text, const char* code) {
        QTest::newRow(name) << QByteArray(text.data(), static_cast<qsizetype>(text.size()))
                            << QString::fromLatin1(code);
    };

    row("empty", "", codes::JsonSyntax);
    row("not json", "hello, machine", codes::JsonSyntax);
    row("truncated", base.substr(0, base.size() / 2), codes::JsonSyntax);
    row("truncated in a string", base.substr(0, base.find("Motion") + 3), codes::JsonSyntax);
    row("top level array", "[1, 2, 3]", codes::WrongType);
    row("no format", R"json({"name": "x"})json", codes::FormatVersion);
    row("future format", R"json({"format": 99})json", codes::FormatVersion);
    row("wrong types",
        R"json({"format": 1, "initial": 3, "states": "nope", "transitions": [{"id": 5}], "variables": {}})json",
        codes::WrongType);
    row("wrong types inside",
        R"json({"format": 1, "initial": "A", "states": [{"id": "A", "kind": 7, "onEntry": "x"},
            {"id": null}], "transitions": [{"id": "t", "source": "A", "targets": "A",
            "after": "soon", "actions": [{"send": []}, 42, {"fly": "away"}]}]})json",
        codes::WrongType);
    row("unknown kind", R"json({"format": 1, "initial": "A", "states": [{"id": "A", "kind": "flying"}]})json",
        codes::UnknownValue);
    row("unknown ids",
        R"json({"format": 1, "initial": "Nowhere", "states": [{"id": "A", "parent": "Ghost"},
            {"id": "B", "initial": "Phantom"}], "transitions": [{"id": "t", "source": "Void",
            "targets": ["Limbo"], "guard": "in(Nothing)"}]})json",
        codes::DanglingReference);
    row("duplicate ids",
        R"json({"format": 1, "initial": "A", "states": [{"id": "A"}, {"id": "A"}],
            "transitions": [{"id": "t", "source": "A", "event": "x", "targets": ["A"]},
                            {"id": "t", "source": "A", "event": "y", "targets": ["A"]}]})json",
        codes::DuplicateId);
    row("parent cycle",
        R"json({"format": 1, "initial": "Top", "states": [{"id": "Top"},
            {"id": "A", "parent": "B", "initial": "B"}, {"id": "B", "parent": "A", "initial": "A"},
            {"id": "C", "parent": "C"}, {"id": "D", "parent": "A"}],
            "transitions": [{"id": "t", "source": "Top", "event": "x", "targets": ["D"]}]})json",
        codes::ParentCycle);
    row("10000-deep nesting", parentChain(10000), codes::NestingTooDeep);
    row("deep json", std::string(100000, '[') + std::string(100000, ']'), "");
    {
        // 50 MB: a valid file whose description alone is far beyond kMaxFileBytes.
        json m = baseMachine();
        m["description"] = std::string(50 * 1024 * 1024, 'x');
        row("50 MB file", m.dump(), codes::FileTooLarge);
    }
    {
        std::string bad = base;
        bad.replace(bad.find("base"), 4, "b\xff\xfe\xc3(");
        row("invalid UTF-8", bad, codes::JsonSyntax);
    }
    {
        std::string bad = base;
        bad.replace(bad.find("Busy"), 4, std::string("Bu\0sy", 5));
        row("NUL byte", bad, codes::JsonSyntax);
    }
    row("100000 nested parentheses",
        withGuard(std::string(100000, '(') + "true" + std::string(100000, ')')),
        codes::ExpressionSyntax);
    row("unbalanced guard", withGuard("(event.Bearing > 1"), codes::ExpressionSyntax);
    row("unterminated string", withGuard("event.Bearing == \"abc"), codes::ExpressionSyntax);
    row("huge literal", withGuard("event.Bearing > 999999999999999999999999999999"),
        codes::ExpressionSyntax);
    row("guard of wrong type", withGuard("event.Bearing + 1"), codes::ExpressionType);
    row("100000 operators", withGuard("1" + std::string(100000, '+')), codes::ExpressionSyntax);
    row("50000 states", flatMachine(50000), codes::Unreachable);
    {
        json m = baseMachine();
        m["transitions"][0]["after"] = -5;
        row("negative timer", m.dump(), codes::BadTimer);
    }
    {
        json m = baseMachine();
        m["states"][0]["id"] = std::string(1000000, 'I');
        row("megabyte id", m.dump(), codes::DanglingReference);
    }
}

void TestMalformedInput::corpus() {
    QFETCH(QByteArray, text);
    QFETCH(QString, expectedCode);
    QElapsedTimer timer;
    timer.start();
    Outcome outcome;
    try {
        outcome = runPipeline(std::string_view(text.constData(), static_cast<std::size_t>(text.size())));
    } catch (const std::exception& e) {
        QFAIL(qPrintable(QStringLiteral("exception: ") + QString::fromUtf8(e.what())));
    }
    QVERIFY2(timer.elapsed() < 30000, qPrintable(QString::number(timer.elapsed()) + " ms"));
    QVERIFY(!outcome.diagnostics.empty());
    QVERIFY2(expectedCode.isEmpty() || hasCode(outcome, expectedCode.toStdString()),
             qPrintable(expectedCode + " expected; got:" + describe(outcome)));
    for (const Diagnostic& d : outcome.diagnostics) {
        QVERIFY(!d.code.empty());
        QVERIFY(!d.message.empty());
        QVERIFY(d.message.size() < 4096);  // a hostile name never floods a message
    }
}

// Nothing is wrong in the file, but the machine raises events forever: the step ends
// with an Error action instead of hanging.
void TestMalformedInput::runawayRaiseLoopEndsInAnError() {
    const std::string text = R"json({"format": 1, "initial": "A",
        "states": [{"id": "A"}],
        "transitions": [
          {"id": "go", "source": "A", "event": "Go", "actions": [{"raise": "Again"}]},
          {"id": "again", "source": "A", "event": "Again", "actions": [{"raise": "Again"}]}]})json";
    const LoadResult load = loadMachine(text);
    QVERIFY(load.machine);
    const auto compiled = CompiledMachine::compile(*load.machine);
    QVERIFY(compiled);
    QElapsedTimer timer;
    timer.start();
    const StepResult r = step(*compiled, start(*compiled).configuration, Event{"Go", {}});
    QVERIFY(timer.elapsed() < 10000);
    bool error = false;
    for (const EmittedAction& a : r.actions)
        error = error || a.kind == EmittedAction::Kind::Error;
    QVERIFY(error);
}

// From disk, a file beyond kMaxFileBytes is refused by its size, before it is read.
void TestMalformedInput::fiftyMegabyteFileIsRefusedUnread() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath(QStringLiteral("huge.swivel.json")).toStdString();
    {
        std::ofstream out(path, std::ios::binary);
        const std::string chunk(1024 * 1024, ' ');
        out << "{\"format\": 1, \"description\": \"";
        for (int i = 0; i < 50; ++i)
            out << chunk;
        out << "\"}";
    }
    QElapsedTimer timer;
    timer.start();
    const LoadResult load = loadMachineFile(path);
    QVERIFY(timer.elapsed() < 5000);
    QVERIFY(!load.machine);
    QVERIFY(!load.diagnostics.empty());
    QCOMPARE(load.diagnostics.front().code, std::string(codes::FileTooLarge));
}

QTEST_GUILESS_MAIN(TestMalformedInput)
#include "test_malformed_input.moc"
