// The *.swivel.json format: the documented example loads, every field round-trips,
// saving is byte-stable and diff-friendly, and every loader problem (SW001-SW008) is
// reported at the line and column of the offending value without ever throwing.
// Golden files live in data/file/; SWIVEL_UPDATE_GOLDEN=1 rewrites the ones generated
// from models here (review the diff before committing).
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <functional>
#include <random>
#include <set>
#include <sstream>

#include "model/diagnostic_codes.h"
#include "model/json_locations.h"
#include "model/machine_file.h"

using namespace swivel::model;

namespace {

QString dataDir() { return QStringLiteral(SWIVEL_TEST_DATA "/file"); }
bool updateGolden() { return qEnvironmentVariableIntValue("SWIVEL_UPDATE_GOLDEN") == 1; }

std::string readFile(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The first ```json block of docs/file-format.md: the documented example itself.
std::string documentedExample() {
    const std::string doc = readFile(QStringLiteral(SWIVEL_TEST_DATA "/../../../docs/file-format.md"));
    const auto begin = doc.find("```json\n");
    const auto end = doc.find("```", begin + 8);
    if (begin == std::string::npos || end == std::string::npos) {
        return {};
    }
    return doc.substr(begin + 8, end - begin - 8);
}

// Line and column (1-based, bytes) of the first occurrence of `needle`.
std::pair<int, int> where(const std::string& text, const std::string& needle) {
    const auto at = text.find(needle);
    if (at == std::string::npos) {
        return {-1, -1};
    }
    const std::string before = text.substr(0, at);
    const auto lastNewline = before.rfind('\n');
    const auto lineStart = lastNewline == std::string::npos ? 0 : lastNewline + 1;
    return {1 + static_cast<int>(std::count(before.begin(), before.end(), '\n')),
            static_cast<int>(at - lineStart) + 1};
}

std::string render(const std::vector<Diagnostic>& diagnostics) {
    std::string out;
    for (const Diagnostic& d : diagnostics) {
        out += std::string(severityName(d.severity)) + " " + d.code + " " + std::to_string(d.line) + ":" +
               std::to_string(d.column) + " [" + d.elementId + "|" + d.field + "] " + d.message + "\n";
    }
    return out;
}

Argument arg(std::string name, std::string value) { return {std::move(name), {std::move(value)}}; }

Action action(ActionKind kind, std::string name) {
    Action a;
    a.kind = kind;
    (kind == ActionKind::Log ? a.label : a.name) = std::move(name);
    return a;
}

State state(std::string id, std::string parent = {}, StateKind kind = StateKind::State,
            std::string initial = {}) {
    State s;
    s.id = std::move(id);
    s.parent = std::move(parent);
    s.kind = kind;
    s.initial = std::move(initial);
    return s;
}

Transition transition(std::string id, std::string source, std::string event,
                      std::vector<std::string> targets) {
    Transition t;
    t.id = std::move(id);
    t.source = std::move(source);
    t.event = std::move(event);
    t.targets = std::move(targets);
    return t;
}

// Every field of the format with a non-default value somewhere, in document order.
Machine fullMachine() {
    Machine m;
    m.name = "Every field: \xC3\xBCn\xC3\xAF" "c\xC3\xB6" "d\xC3\xA9 \"quoted\" \\ back/slash";
    m.deviceType = "canon-eos-rebel";
    m.description = "line one\nline two\ttab \x01 control";
    m.initial = "Top";
    m.variables = {{"flag", Type::Bool, true},
                   {"count", Type::Int, std::int64_t{-42}},
                   {"ratio", Type::Double, 0.25},
                   {"whole", Type::Double, 3.0},
                   {"label", Type::String, std::string("x\"y")},
                   {"empty", Type::String, std::string()}};

    State top = state("Top", "", StateKind::State, "A");
    top.description = "the whole machine";
    Action send = action(ActionKind::Send, "Swivel");
    send.args = {arg("Zed", "event.Bearing"), arg("Alpha", "2")};  // not alphabetical
    send.target = "cam-2";
    Action assign = action(ActionKind::Assign, "count");
    assign.expr.text = "count + 1";
    Action raise = action(ActionKind::Raise, "Retry");
    raise.args = {arg("n", "1")};
    raise.delayMs = 500;
    Action log = action(ActionKind::Log, "entered");
    log.expr.text = "\"text with \\\"escapes\\\"\"";
    Action call = action(ActionKind::Call, "PhotoInterest");
    call.args = {arg("UID", "event.UID")};
    call.reply = "Classified";
    top.onEntry = {send, assign, raise, log, call};
    top.onExit = {action(ActionKind::Log, "bye"), action(ActionKind::Send, "Focus")};
    m.states = {top,
                state("A", "Top"),
                state("Par", "Top", StateKind::Parallel),
                state("R1", "Par", StateKind::State, "R1a"),
                state("R1a", "R1"),
                state("R2", "Par"),
                state("H", "Top", StateKind::ShallowHistory),
                state("DH", "Top", StateKind::DeepHistory),
                state("End", "", StateKind::Final)};

    Transition tA = transition("tA", "Top", "Motion Photo.*", {"A"});
    tA.guard.text = "event.Bearing >= 0 && flag";
    tA.type = TransitionType::Internal;
    tA.actions = {send, assign};
    Transition tB = transition("tB", "A", "", {"Par"});
    tB.afterMs = 800;
    Transition tC = transition("tC", "A", "*", {});
    tC.actions = {raise, call, log};
    Transition tD = transition("tD", "R1a", "", {"R1a", "R2"});
    tD.guard.text = "in(R2)";
    Transition tE = transition("tE", "R1a", "Done", {"End"});
    m.transitions = {tA, tB, tC, tD, tE};

    m.layout.states["Top"] = {10.5, -20.25, 300, 200.75};
    m.layout.states["A"] = {0, 0, 120, 60};
    m.layout.transitions["tA"] = {{{1.5, 2}, {3, 4.25}}, Point{5, 6}};
    m.layout.transitions["tB"] = {{}, Point{-7.5, 0.01}};
    m.layout.transitions["tC"] = {};
    return m;
}

Machine randomMachine(std::mt19937& random) {
    const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
    const std::vector<std::string> texts = {"", "a", "x + 1", "\"q\\\"uote\"", "\xE2\x82\xAC uro", "tab\there"};
    Machine m;
    m.name = texts[static_cast<std::size_t>(pick(6))];
    m.description = texts[static_cast<std::size_t>(pick(6))];
    const int stateCount = pick(12);
    // Parents come earlier in the vector and are attached in pre-order, so the vector
    // is already in document order.
    std::vector<std::string> ids;
    for (int i = 0; i < stateCount; ++i) {
        ids.push_back("S" + std::to_string(i));
    }
    std::vector<int> parentOf(static_cast<std::size_t>(stateCount), -1);
    for (int i = 1; i < stateCount; ++i) {
        parentOf[static_cast<std::size_t>(i)] = pick(3) == 0 ? -1 : pick(i);
    }
    std::vector<int> order;
    std::function<void(int)> visit = [&](int parent) {
        for (int i = 0; i < stateCount; ++i) {
            if (parentOf[static_cast<std::size_t>(i)] == parent) {
                order.push_back(i);
                visit(i);
            }
        }
    };
    visit(-1);
    for (int i : order) {
        State s = state(ids[static_cast<std::size_t>(i)],
                        parentOf[static_cast<std::size_t>(i)] < 0 ? "" : ids[static_cast<std::size_t>(parentOf[static_cast<std::size_t>(i)])],
                        static_cast<StateKind>(pick(5)));
        if (pick(3) == 0) {
            s.onEntry.push_back(action(static_cast<ActionKind>(pick(5)), "n" + std::to_string(pick(9))));
        }
        m.states.push_back(s);
    }
    if (!m.states.empty()) {
        m.initial = m.states.front().id;
    }
    for (const State& s : m.states) {
        for (int k = pick(3); k > 0; --k) {
            Transition t = transition("t" + std::to_string(m.transitions.size()), s.id,
                                      pick(2) ? "E" + std::to_string(pick(4)) : "", {});
            if (pick(2)) {
                t.targets.push_back(ids[static_cast<std::size_t>(pick(stateCount))]);
            }
            if (pick(4) == 0) {
                t.afterMs = pick(10000);
            }
            t.guard.text = texts[static_cast<std::size_t>(pick(6))];
            m.transitions.push_back(t);
        }
        if (pick(2)) {
            m.layout.states[s.id] = {pick(1000) / 4.0, -pick(1000) / 100.0, 120, 60};
        }
    }
    return m;
}

} // namespace

class TestMachineFile : public QObject {
    Q_OBJECT
private slots:
    void documentedExampleLoads() {
        const std::string text = documentedExample();
        QVERIFY(!text.empty());
        const LoadResult load = loadMachine(text);
        QVERIFY2(load.diagnostics.empty(), render(load.diagnostics).c_str());
        QVERIFY(load.machine);
        const Machine& m = *load.machine;
        QCOMPARE(m.name, std::string("Camera: point, focus, shoot"));
        QCOMPARE(m.deviceType, std::string("canon-eos-rebel"));
        QCOMPARE(m.description, std::string("free text"));
        QCOMPARE(m.initial, std::string("Idle"));
        QCOMPARE(m.variables.size(), std::size_t(1));
        QVERIFY(m.variables[0] == (Variable{"lastUID", Type::String, std::string()}));
        QCOMPARE(m.states.size(), std::size_t(5));
        QCOMPARE(m.states[0].description, std::string("waiting for motion"));
        QCOMPARE(m.states[0].onEntry.size(), std::size_t(1));
        QVERIFY(m.states[0].onEntry[0].kind == ActionKind::Log);
        QCOMPARE(m.states[0].onEntry[0].label, std::string("idle"));
        QCOMPARE(m.states[0].onEntry[0].expr.text, std::string("\"waiting\""));
        QCOMPARE(m.states[1].initial, std::string("Swivel"));
        QCOMPARE(m.states[2].parent, std::string("Busy"));
        QVERIFY(m.states[3].kind == StateKind::ShallowHistory);
        QVERIFY(m.states[4].kind == StateKind::Final);
        QCOMPARE(m.transitions.size(), std::size_t(3));
        const Transition& t1 = m.transitions[0];
        QCOMPARE(t1.event, std::string("Motion"));
        QCOMPARE(t1.targets, std::vector<std::string>{"Swivel"});
        QCOMPARE(t1.guard.text, std::string("event.Bearing >= 0"));
        QVERIFY(t1.actions[0].kind == ActionKind::Send);
        QCOMPARE(t1.actions[0].name, std::string("Swivel"));
        QVERIFY(t1.actions[0].args == std::vector<Argument>{arg("Bearing", "event.Bearing")});
        QCOMPARE(m.transitions[1].afterMs, std::optional<std::int64_t>(5000));
        QVERIFY(m.transitions[2].type == TransitionType::Internal);
        QCOMPARE(m.transitions[2].guard.text, std::string("event.Mode == \"Off\""));
        QVERIFY(m.transitions[2].actions[0].kind == ActionKind::Raise);
        QVERIFY(m.layout.states.at("Idle") == (Rect{0, 0, 120, 60}));
        QVERIFY(m.layout.transitions.at("t1").route == (std::vector<Point>{{130, 20}, {180, 40}}));
        QVERIFY(m.layout.transitions.at("t1").label == (Point{150, 10}));
    }

    void documentedExampleSourceMap() {
        const std::string text = documentedExample();
        const LoadResult load = loadMachine(text);
        const SourceMap& map = load.sourceMap;
        QCOMPARE(map.elementPointer("Idle"), std::optional<std::string>("/states/0"));
        QCOMPARE(map.elementPointer("t3"), std::optional<std::string>("/transitions/2"));
        QCOMPARE(map.elementPointer("lastUID"), std::optional<std::string>("/variables/0"));
        QCOMPARE(map.elementPointer(""), std::optional<std::string>(""));
        QVERIFY(!map.elementPointer("nothing"));
        const auto [line, column] = where(text, "\"Swivel\", \"parent\"");
        QVERIFY(map.value("/states/2/id"));
        QCOMPARE(map.value("/states/2/id")->line, line);
        QCOMPARE(map.value("/states/2/id")->column, column);
        QCOMPARE(map.value("/layout/transitions/t1/route/1/0")->line, where(text, "[180, 40]").first);
        QCOMPARE(map.value("/layout/transitions/t1/route/1/0")->column, where(text, "[180, 40]").second + 1);

        // An expression offset moves the column, counting the escapes before it.
        Diagnostic d;
        d.elementId = "t3";
        d.field = "guard";
        d.offset = 14;  // the quote before Off, written \" in the file
        map.locate(d);
        const auto guard = where(text, "\"event.Mode");
        QCOMPARE(d.line, guard.first);
        QCOMPARE(d.column, guard.second + 1 + 14);
        d.offset = 15;  // O: one escape before it
        map.locate(d);
        QCOMPARE(d.column, guard.second + 1 + 15 + 1);
        QCOMPARE(text.substr(text.find("\"event.Mode") + 1 + 15 + 1, 3), std::string("Off"));
    }

    void locateWalksUpAndUsesFileNames() {
        const std::string text = documentedExample();
        const LoadResult load = loadMachine(text);
        const auto locate = [&](std::string element, std::string field, int offset = -1) {
            Diagnostic d;
            d.elementId = std::move(element);
            d.field = std::move(field);
            d.offset = offset;
            load.sourceMap.locate(d);
            return std::make_pair(d.line, d.column);
        };
        QCOMPARE(locate("t1", "actions/0/args/Bearing"), where(text, "\"event.Bearing\"}"));
        QCOMPARE(locate("t1", "actions/0/name"), where(text, "\"Swivel\", \"args\""));
        QCOMPARE(locate("t1", "actions/0/nothing/deeper"), where(text, "{\"send\""));
        QCOMPARE(locate("t2", "afterMs"), where(text, "5000"));
        QCOMPARE(locate("t3", "actions/0/name"), where(text, "\"Shutdown\""));
        QCOMPARE(locate("Idle", "onEntry/0/label"), where(text, "\"idle\""));
        QCOMPARE(locate("Idle", ""), where(text, "{\"id\": \"Idle\""));
        QCOMPARE(locate("", "initial"), where(text, "\"Idle\",\n"));
        QCOMPARE(locate("", ""), std::make_pair(1, 1));
        QCOMPARE(locate("lastUID", "initial"), where(text, "\"\"}"));
        QCOMPARE(locate("Idle", "description", 3), std::make_pair(where(text, "\"waiting for").first,
                                                                  where(text, "\"waiting for").second + 4));
        QCOMPARE(locate("NoSuchElement", "guard"), std::make_pair(0, 0));
    }

    void everyFieldRoundTrips() {
        const Machine m = fullMachine();
        const std::string saved = saveMachine(m);
        const LoadResult load = loadMachine(saved);
        QVERIFY2(load.diagnostics.empty(), render(load.diagnostics).c_str());
        QVERIFY(load.machine);
        QVERIFY2(*load.machine == m, saved.c_str());
        QCOMPARE(saveMachine(*load.machine), saved);
    }

    void saveIsByteStable() {
        for (const std::string& text : {documentedExample(), saveMachine(fullMachine())}) {
            const LoadResult first = loadMachine(text);
            QVERIFY(first.machine);
            const std::string once = saveMachine(*first.machine);
            const LoadResult second = loadMachine(once);
            QVERIFY(second.machine);
            QCOMPARE(saveMachine(*second.machine), once);
            QVERIFY(once.back() == '\n');
        }
    }

    void goldenFilesRoundTrip() {
        const std::vector<std::pair<QString, std::string>> generated = {
            {"example.swivel.json", saveMachine(*loadMachine(documentedExample()).machine)},
            {"full.swivel.json", saveMachine(fullMachine())},
            {"minimal.swivel.json", saveMachine(Machine())}};
        if (updateGolden()) {
            QDir().mkpath(dataDir());
            for (const auto& [name, text] : generated) {
                std::ofstream(QString(dataDir() + "/" + name).toStdString(), std::ios::binary) << text;
            }
        }
        for (const auto& [name, text] : generated) {
            QCOMPARE(readFile(dataDir() + "/" + name), text);
        }
        QCOMPARE(*loadMachine(readFile(dataDir() + "/full.swivel.json")).machine, fullMachine());
        const QStringList files = QDir(dataDir()).entryList({"*.swivel.json"}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 3);
        for (const QString& file : files) {
            const std::string text = readFile(dataDir() + "/" + file);
            const LoadResult load = loadMachine(text);
            QVERIFY2(load.diagnostics.empty(), qPrintable(file + ": " + QString::fromStdString(render(load.diagnostics))));
            QVERIFY2(saveMachine(*load.machine) == text, qPrintable(file));
        }
    }

    // The style itself: one element per line, 2-space indentation, defaults omitted.
    void saveStyle() {
        Machine m;
        m.name = "M";
        m.initial = "A";
        m.states = {state("A"), state("B", "A")};
        m.transitions = {transition("t1", "A", "E", {"B"}), transition("t2", "B", "", {})};
        m.layout.states["A"] = {0, 0, 100, 50.5};
        m.layout.transitions["t1"] = {{{1, 2}}, std::nullopt};
        const std::string expected = "{\n"
                                     "  \"format\": 1,\n"
                                     "  \"name\": \"M\",\n"
                                     "  \"initial\": \"A\",\n"
                                     "  \"states\": [\n"
                                     "    {\"id\": \"A\"},\n"
                                     "    {\"id\": \"B\", \"parent\": \"A\"}\n"
                                     "  ],\n"
                                     "  \"transitions\": [\n"
                                     "    {\"id\": \"t1\", \"source\": \"A\", \"event\": \"E\", \"targets\": [\"B\"]},\n"
                                     "    {\"id\": \"t2\", \"source\": \"B\"}\n"
                                     "  ],\n"
                                     "  \"layout\": {\n"
                                     "    \"states\": {\n"
                                     "      \"A\": {\"x\": 0, \"y\": 0, \"width\": 100, \"height\": 50.5}\n"
                                     "    },\n"
                                     "    \"transitions\": {\n"
                                     "      \"t1\": {\"route\": [[1, 2]]}\n"
                                     "    }\n"
                                     "  }\n"
                                     "}\n";
        QCOMPARE(saveMachine(m), expected);
        QCOMPARE(saveMachine(Machine()), std::string("{\n  \"format\": 1\n}\n"));
    }

    void saveOrdersStatesAndTransitions() {
        Machine m;
        m.states = {state("C1", "B"), state("A"), state("B"), state("A1", "A"), state("Orphan", "Missing"),
                    state("B2", "B"), state("Loop1", "Loop2"), state("Loop2", "Loop1")};
        m.transitions = {transition("x1", "B", "", {}), transition("x2", "A", "", {}),
                         transition("x3", "Ghost", "", {}), transition("x4", "B", "", {}),
                         transition("x5", "C1", "", {}), transition("x6", "A", "", {})};
        const LoadResult load = loadMachine(saveMachine(m));
        QVERIFY(load.machine);
        std::vector<std::string> states;
        for (const State& s : load.machine->states) {
            states.push_back(s.id);
        }
        QCOMPARE(states, (std::vector<std::string>{"A", "A1", "B", "C1", "B2", "Orphan", "Loop1", "Loop2"}));
        std::vector<std::string> transitions;
        for (const Transition& t : load.machine->transitions) {
            transitions.push_back(t.id);
        }
        QCOMPARE(transitions, (std::vector<std::string>{"x2", "x6", "x1", "x4", "x5", "x3"}));
        QCOMPARE(saveMachine(*load.machine), saveMachine(m));
    }

    void layoutNumbersAreRounded() {
        Machine m;
        m.layout.states["A"] = {1.234567, 2.0, -0.001, 0.1 + 0.2};
        m.layout.states["B"] = {1e300, -3.999, 12.345, 7.005};
        const std::string saved = saveMachine(m);
        QVERIFY2(saved.find(R"("A": {"x": 1.23, "y": 2, "width": 0, "height": 0.3})") != std::string::npos,
                 saved.c_str());
        const Machine loaded = *loadMachine(saved).machine;
        QCOMPARE(loaded.layout.states.at("A").x, 1.23);
        QCOMPARE(loaded.layout.states.at("B").y, -4.0);
        QCOMPARE(saveMachine(loaded), saved);
    }

    void randomMachinesRoundTrip() {
        std::mt19937 random(20240611);
        for (int i = 0; i < 300; ++i) {
            const Machine m = randomMachine(random);
            const std::string saved = saveMachine(m);
            const LoadResult load = loadMachine(saved);
            QVERIFY2(load.diagnostics.empty(), render(load.diagnostics).c_str());
            QVERIFY2(*load.machine == m, saved.c_str());
            QCOMPARE(saveMachine(*load.machine), saved);
        }
    }

    void loaderDiagnostics_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QByteArray>("at");  // the diagnostic points at its first occurrence
        QTest::addColumn<bool>("loaded");
        QTest::addColumn<QString>("says");

        QTest::newRow("SW001 syntax") << QByteArray("{\n  \"format\": 1,\n  \"states\": [\n    {\"id\": \"A\"},\n  ]\n}\n")
                                      << "SW001" << QByteArray("]\n}") << false << "unexpected ']'";
        QTest::newRow("SW001 invalid UTF-8") << QByteArray("{\"format\": 1,\n \"name\": \"bad \xFF byte\"}")
                                             << "SW001" << QByteArray("\xFF") << false << "UTF-8";
        QTest::newRow("SW001 empty") << QByteArray("") << "SW001" << QByteArray("") << false << "end of input";
        QTest::newRow("SW002 missing") << QByteArray("{\"name\": \"x\"}") << "SW002" << QByteArray("{") << true << "missing \"format\"";
        QTest::newRow("SW002 unsupported") << QByteArray("{\"format\": 2, \"name\": \"x\"}") << "SW002" << QByteArray("2,") << false
                                           << "unsupported format 2";
        QTest::newRow("SW002 wrong type") << QByteArray("{\"format\": \"1\"}") << "SW002" << QByteArray("\"1\"") << false << "found a string";
        QTest::newRow("SW003 root") << QByteArray("[\"format\", 1]") << "SW003" << QByteArray("[") << false << "found an array";
        QTest::newRow("SW003 kind") << QByteArray("{\"format\": 1,\n \"states\": [{\"id\": \"A\", \"kind\": 3}]}")
                                    << "SW003" << QByteArray("3}") << true << "expected a string for \"kind\", found the number 3";
        QTest::newRow("SW003 states") << QByteArray("{\"format\": 1, \"states\": {\"id\": \"A\"}}") << "SW003" << QByteArray("{\"id\"")
                                      << true << "expected an array";
        QTest::newRow("SW003 initial") << QByteArray("{\"format\": 1,\n \"variables\": [{\"name\": \"v\", \"type\": \"int\", \"initial\": \"x\"}]}")
                                       << "SW003" << QByteArray("\"x\"") << true << "expected an int";
        QTest::newRow("SW003 guard") << QByteArray("{\"format\": 1, \"states\": [{\"id\": \"A\"}],\n \"transitions\": [{\"id\": \"t\", \"source\": \"A\", \"guard\": true}]}")
                                     << "SW003" << QByteArray("true") << true << "expected a string";
        QTest::newRow("SW003 after") << QByteArray("{\"format\": 1,\n \"transitions\": [{\"id\": \"t\", \"source\": \"A\", \"after\": 1.5}]}")
                                     << "SW003" << QByteArray("1.5") << true << "expected an integer";
        QTest::newRow("SW003 target") << QByteArray("{\"format\": 1,\n \"transitions\": [{\"id\": \"t\", \"source\": \"A\", \"targets\": [\"B\", 7]}]}")
                                      << "SW003" << QByteArray("7]") << true << "targets/1";
        QTest::newRow("SW003 argument") << QByteArray("{\"format\": 1,\n \"states\": [{\"id\": \"A\", \"onExit\": [{\"send\": \"X\", \"args\": {\"a\": 1}}]}]}")
                                        << "SW003" << QByteArray("1}") << true << "onExit/0/args/a";
        QTest::newRow("SW003 point") << QByteArray("{\"format\": 1,\n \"layout\": {\"transitions\": {\"t\": {\"label\": [1]}}}}")
                                     << "SW003" << QByteArray("[1]") << true << "[x, y]";
        QTest::newRow("SW003 element") << QByteArray("{\"format\": 1, \"states\": [{\"id\": \"A\"}, \"B\"]}")
                                       << "SW003" << QByteArray("\"B\"") << true << "expected an object";
        QTest::newRow("SW004 state id") << QByteArray("{\"format\": 1,\n \"states\": [{\"parent\": \"A\"}, {\"id\": \"B\"}]}")
                                        << "SW004" << QByteArray("{\"parent\"") << true << "state has no \"id\"";
        QTest::newRow("SW004 transition id") << QByteArray("{\"format\": 1,\n \"transitions\": [{\"source\": \"A\"}]}")
                                             << "SW004" << QByteArray("{\"source\"") << true << "loaded as \"t1\"";
        QTest::newRow("SW004 source") << QByteArray("{\"format\": 1,\n \"transitions\": [{\"id\": \"t\", \"event\": \"E\"}]}")
                                      << "SW004" << QByteArray("{\"id\"") << true << "has no \"source\"";
        QTest::newRow("SW004 variable name") << QByteArray("{\"format\": 1,\n \"variables\": [{\"type\": \"int\"}]}")
                                             << "SW004" << QByteArray("{\"type\"") << true << "variable has no \"name\"";
        QTest::newRow("SW004 action kind") << QByteArray("{\"format\": 1,\n \"states\": [{\"id\": \"A\", \"onEntry\": [{\"args\": {}}]}]}")
                                           << "SW004" << QByteArray("{\"args\"") << true << "send, assign, raise, log, call";
        QTest::newRow("SW005 state kind") << QByteArray("{\"format\": 1,\n \"states\": [{\"id\": \"A\", \"kind\": \"flying\"}]}")
                                          << "SW005" << QByteArray("\"flying\"") << true
                                          << "unknown state kind \"flying\"; expected one of: state, parallel, final, history, deepHistory";
        QTest::newRow("SW005 type") << QByteArray("{\"format\": 1,\n \"variables\": [{\"name\": \"v\", \"type\": \"float\", \"initial\": 1.5}]}")
                                    << "SW005" << QByteArray("\"float\"") << true << "bool, int, double, string";
        QTest::newRow("SW005 transition type") << QByteArray("{\"format\": 1,\n \"transitions\": [{\"id\": \"t\", \"source\": \"A\", \"type\": \"sideways\"}]}")
                                               << "SW005" << QByteArray("\"sideways\"") << true << "external, internal";
        QTest::newRow("SW005 action") << QByteArray("{\"format\": 1,\n \"states\": [{\"id\": \"A\", \"onEntry\": [{\"publish\": \"X\"}]}]}")
                                      << "SW005" << QByteArray("\"X\"") << true << "unknown action \"publish\"";
        QTest::newRow("SW006 top") << QByteArray("{\"format\": 1,\n \"colour\": \"red\"}") << "SW006" << QByteArray("\"red\"") << true
                                   << "unknown key \"colour\" ignored";
        QTest::newRow("SW006 state") << QByteArray("{\"format\": 1,\n \"states\": [{\"id\": \"A\", \"color\": 1}]}")
                                     << "SW006" << QByteArray("1}") << true << "unknown key \"color\"";
        QTest::newRow("SW006 action field") << QByteArray("{\"format\": 1,\n \"states\": [{\"id\": \"A\", \"onEntry\": [{\"send\": \"X\", \"expr\": \"1\"}]}]}")
                                            << "SW006" << QByteArray("\"1\"") << true << "a send action has: args, target";
        QTest::newRow("SW006 layout") << QByteArray("{\"format\": 1,\n \"layout\": {\"states\": {\"A\": {\"x\": 1, \"w\": 2}}}}")
                                      << "SW006" << QByteArray("2}") << true << "unknown key \"w\"";
        QTest::newRow("SW006 duplicate") << QByteArray("{\"format\": 1,\n \"name\": \"first\", \"name\": \"second\"}")
                                         << "SW006" << QByteArray("\"first\"") << true << "duplicate key \"name\"";
    }

    void loaderDiagnostics() {
        QFETCH(QByteArray, text);
        QFETCH(QString, code);
        QFETCH(QByteArray, at);
        QFETCH(bool, loaded);
        QFETCH(QString, says);
        const std::string input = text.toStdString();
        const LoadResult load = loadMachine(input);
        const std::string all = render(load.diagnostics);
        QCOMPARE(load.machine.has_value(), loaded);
        const auto it = std::find_if(load.diagnostics.begin(), load.diagnostics.end(),
                                     [&](const Diagnostic& d) { return d.code == code.toStdString(); });
        QVERIFY2(it != load.diagnostics.end(), all.c_str());
        const auto expected = input.empty() ? std::make_pair(1, 1) : where(input, at.toStdString());
        QCOMPARE(std::make_pair(it->line, it->column), expected);
        QVERIFY2(it->message.find(says.toStdString()) != std::string::npos, all.c_str());
        QCOMPARE(it->severity, code == "SW006" ? Severity::Warning : Severity::Error);
        // The SourceMap finds the same place from the element id and field.
        if (code != "SW001" && !says.startsWith("duplicate")) {
            Diagnostic again = *it;
            again.line = again.column = 0;
            load.sourceMap.locate(again);
            QCOMPARE(std::make_pair(again.line, again.column), expected);
        }
    }

    void unknownKeysOnlyWarn() {
        const std::string text = "{\"format\": 1, \"x-editor\": {\"zoom\": 2}, \"initial\": \"A\",\n"
                                 " \"states\": [{\"id\": \"A\", \"note\": \"n\"}]}";
        const LoadResult load = loadMachine(text);
        QVERIFY(load.machine);
        QVERIFY(!hasErrors(load.diagnostics));
        QCOMPARE(load.diagnostics.size(), std::size_t(2));
        QCOMPARE(load.machine->states.size(), std::size_t(1));
        QCOMPARE(load.machine->initial, std::string("A"));
    }

    // Element-level problems skip the element (or the field) and keep the rest.
    void loadingGoesOnPastProblems() {
        const std::string text = R"({"format": 1, "initial": "A",
            "states": [{"id": "A", "kind": "flying"}, 42, {"parent": "A"}, {"id": "B", "parent": "A"}],
            "transitions": [{"source": "A", "targets": ["B"]}, {"id": "t1", "source": "B"},
                            {"id": "t9"}, {"id": "t2", "source": "A", "actions": [{"beep": 1}, {"log": "ok"}]}]})";
        const LoadResult load = loadMachine(text);
        QVERIFY(load.machine);
        const Machine& m = *load.machine;
        QCOMPARE(m.states.size(), std::size_t(2));
        QCOMPARE(m.states[1].id, std::string("B"));
        QCOMPARE(m.transitions.size(), std::size_t(3));
        // The generated id avoids every id in the file ("t1" is taken).
        QVERIFY(m.transitions[0].id != "t1" && m.transitions[0].id != "t2" && m.transitions[0].id != "t9");
        QCOMPARE(m.transitions[0].targets, std::vector<std::string>{"B"});
        QCOMPARE(m.transitions[2].actions.size(), std::size_t(1));
        QCOMPARE(m.transitions[2].actions[0].label, std::string("ok"));
        std::set<std::string> codes;
        for (const Diagnostic& d : load.diagnostics) {
            codes.insert(d.code);
            QVERIFY(d.line > 0 && d.column > 0);
        }
        QCOMPARE(codes, (std::set<std::string>{"SW003", "SW004", "SW005"}));
        QCOMPARE(load.sourceMap.elementPointer(m.transitions[0].id), std::optional<std::string>("/transitions/0"));
    }

    void missingFormatStillLoads() {
        const LoadResult load = loadMachine(R"({"initial": "A", "states": [{"id": "A"}]})");
        QVERIFY(load.machine);
        QCOMPARE(load.diagnostics.size(), std::size_t(1));
        QCOMPARE(load.diagnostics[0].code, std::string(codes::FormatVersion));
    }

    void syntaxErrorAtKnownLineAndColumn() {
        const std::string text = "{\n  \"format\": 1,\n  \"name\": \"x\"\n  \"initial\": \"A\"\n}\n";
        const LoadResult load = loadMachine(text);
        QVERIFY(!load.machine);
        QCOMPARE(load.diagnostics.size(), std::size_t(1));
        const Diagnostic& d = load.diagnostics[0];
        QCOMPARE(d.code, std::string(codes::JsonSyntax));
        QCOMPARE(d.line, 4);
        QCOMPARE(d.column, 3);
        QVERIFY2(d.message.find("unexpected string literal") != std::string::npos, d.message.c_str());
        QVERIFY(d.message.find("[json.exception") == std::string::npos);
    }

    void truncatedFilesNeverCrash() {
        const std::string text = saveMachine(fullMachine());
        for (std::size_t cut = 0; cut < text.size(); ++cut) {
            const LoadResult load = loadMachine(std::string_view(text).substr(0, cut));
            if (cut < text.size() - 1) {  // all but the final newline leave broken JSON
                QVERIFY(!load.machine);
                QCOMPARE(load.diagnostics.size(), std::size_t(1));
                QCOMPARE(load.diagnostics[0].code, std::string(codes::JsonSyntax));
                QVERIFY(load.diagnostics[0].line >= 1 && load.diagnostics[0].column >= 1);
            }
        }
    }

    // Byte flips, deletions and type swaps anywhere: diagnostics, never an exception.
    void garbageNeverThrows() {
        const std::string text = saveMachine(fullMachine());
        std::mt19937 random(7);
        const std::string replacements = "{}[]\",:0a-\\\xFF \n";
        for (int i = 0; i < 3000; ++i) {
            std::string broken = text;
            for (int k = 1 + static_cast<int>(random() % 3); k > 0; --k) {
                const std::size_t at = random() % broken.size();
                if (random() % 2) {
                    broken[at] = replacements[random() % replacements.size()];
                } else {
                    broken.erase(at, 1 + random() % 8);
                }
            }
            LoadResult load;
            try {
                load = loadMachine(broken);
            } catch (...) {
                QFAIL("loadMachine threw");
            }
            QVERIFY(load.machine || hasErrors(load.diagnostics));
            for (const Diagnostic& d : load.diagnostics) {
                QVERIFY(d.message.size() < 4096);
            }
        }
    }

    void deepValuesInsideAMachine() {
        std::string deep(10000, '[');
        deep += std::string(10000, ']');
        const LoadResult load = loadMachine("{\"format\": 1, \"description\": " + deep + ", \"extra\": " + deep + "}");
        QVERIFY(load.machine);
        QCOMPARE(load.diagnostics.size(), std::size_t(2));
        QCOMPARE(load.diagnostics[0].code, std::string(codes::WrongType));
        QCOMPARE(load.diagnostics[1].code, std::string(codes::UnknownKey));
        const LoadResult unclosed = loadMachine("{\"format\": 1, \"description\": " + std::string(100000, '{'));
        QVERIFY(!unclosed.machine);
    }

    void hostileNamesGiveShortMessages() {
        const std::string key(1 << 20, 'k');
        const LoadResult load = loadMachine("{\"format\": 1, \"" + key + "\": 1, \"states\": [{\"id\": \"A\", \"kind\": \"" + key + "\"}]}");
        QCOMPARE(load.diagnostics.size(), std::size_t(2));
        for (const Diagnostic& d : load.diagnostics) {
            QVERIFY(d.message.size() < 200);
        }
    }

    void tooLarge() {
        const LoadResult load = loadMachine(std::string(kMaxFileBytes + 1, ' '));
        QVERIFY(!load.machine);
        QCOMPARE(load.diagnostics.size(), std::size_t(1));
        QCOMPARE(load.diagnostics[0].code, std::string(codes::FileTooLarge));
        QCOMPARE(std::make_pair(load.diagnostics[0].line, load.diagnostics[0].column), std::make_pair(0, 0));

        QTemporaryDir dir;
        const std::string path = dir.filePath("big.swivel.json").toStdString();
        std::ofstream(path, std::ios::binary) << std::string(kMaxFileBytes + 10, ' ');
        const LoadResult file = loadMachineFile(path);
        QCOMPARE(file.diagnostics.size(), std::size_t(1));
        QCOMPARE(file.diagnostics[0].code, std::string(codes::FileTooLarge));
        QVERIFY(file.diagnostics[0].message.find(std::to_string(kMaxFileBytes + 10)) != std::string::npos);
    }

    void unreadable() {
        QTemporaryDir dir;
        for (const std::string& path : {dir.filePath("missing.swivel.json").toStdString(), dir.path().toStdString()}) {
            const LoadResult load = loadMachineFile(path);
            QVERIFY(!load.machine);
            QCOMPARE(load.diagnostics.size(), std::size_t(1));
            QCOMPARE(load.diagnostics[0].code, std::string(codes::FileUnreadable));
            QVERIFY(load.diagnostics[0].message.find(path) != std::string::npos);
        }
    }

    void loadMachineFileReadsWhatSaveWrote() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("m.swivel.json").toStdString();
        std::string error;
        QVERIFY2(saveMachineFile(fullMachine(), path, &error), error.c_str());
        const LoadResult load = loadMachineFile(path);
        QVERIFY(load.diagnostics.empty());
        QCOMPARE(*load.machine, fullMachine());
    }
};

QTEST_GUILESS_MAIN(TestMachineFile)
#include "test_machine_file.moc"
