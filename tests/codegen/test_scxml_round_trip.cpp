// SCXML export and import are inverses: every example, and a machine that uses every
// construct Swivel has, come back from export-then-import equal to themselves; the
// export says what Qt SCXML needs (the data model, qt:signal commands, the timer
// pattern) and keeps Swivel's own data in the swivel: namespace.
#include <QtTest>

#include "codegen/generator.h"
#include "codegen/scxml_generator.h"
#include "codegen/scxml_import.h"
#include "model/machine_file.h"
#include "example_machines.h"

using namespace swivel;
using codegen::importScxml;
using codegen::toScxml;
using model::Action;
using model::ActionKind;
using model::Machine;
using model::State;
using model::StateKind;
using model::Transition;

namespace {

std::string describe(const std::vector<model::Diagnostic>& diagnostics) {
    std::string out;
    for (const auto& d : diagnostics)
        out += std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.code + ": " +
               d.message + "\n";
    return out;
}

Action action(ActionKind kind, std::string name) {
    Action a;
    a.kind = kind;
    a.name = std::move(name);
    return a;
}

// Every construct: nesting, parallel regions, final, both histories with defaults,
// internal/targetless/multi-target/eventless/prefix/wildcard/timer transitions, every
// action kind, all variable types, descriptions, layout, and lists whose order SCXML's
// nesting does not give.
Machine everything() {
    Machine m;
    m.name = "Everything <&> \"quoted\"";
    m.deviceType = "canon-eos-rebel";
    m.description = "line one\nline two\ttabbed & <escaped>";
    m.initial = "Main";
    m.variables = {{"count", model::Type::Int, std::int64_t{-3}},
                   {"ratio", model::Type::Double, 2.0},
                   {"tiny", model::Type::Double, 1e-300},
                   {"label", model::Type::String, std::string("a \"b\"\n\\c ü")},
                   {"armed", model::Type::Bool, true}};
    auto state = [&](std::string id, std::string parent, StateKind kind = StateKind::State,
                     std::string initial = {}) -> State& {
        State s;
        s.id = std::move(id);
        s.parent = std::move(parent);
        s.kind = kind;
        s.initial = std::move(initial);
        m.states.push_back(std::move(s));
        return m.states.back();
    };
    state("Main", "", StateKind::State, "Idle").description = "the main state";
    State& idle = state("Idle", "Main");
    idle.onEntry.push_back(action(ActionKind::Log, ""));
    idle.onEntry.back().label = "entered";
    idle.onEntry.back().expr.text = "\"count is \" + count";
    idle.onExit.push_back(action(ActionKind::Raise, "Left.Idle"));
    state("Busy", "Main", StateKind::Parallel);
    state("RegionA", "Busy", StateKind::State, "A1");
    state("A1", "RegionA");
    state("A2", "RegionA");
    state("HistA", "RegionA", StateKind::DeepHistory);
    state("RegionB", "Busy", StateKind::State, "B1");
    state("B1", "RegionB");
    state("B-2.x", "RegionB");
    state("HistB", "RegionB", StateKind::ShallowHistory);
    state("BDone", "RegionB", StateKind::Final);
    state("End", "", StateKind::Final);

    auto transition = [&](std::string id, std::string source, std::vector<std::string> targets,
                          std::string event) -> Transition& {
        Transition t;
        t.id = std::move(id);
        t.source = std::move(source);
        t.targets = std::move(targets);
        t.event = std::move(event);
        m.transitions.push_back(std::move(t));
        return m.transitions.back();
    };
    Transition& go = transition("go", "Idle", {"A2", "B-2.x"}, "Motion Photo.*");
    go.guard.text = "event.Bearing > 10 && in(Idle) || !armed";
    Action send = action(ActionKind::Send, "Swivel");
    send.args = {{"Bearing", {"event.Bearing"}}, {"Speed", {"ratio * 2"}}};
    go.actions.push_back(send);
    Action other = action(ActionKind::Send, "Unlock");
    other.target = "door2";
    go.actions.push_back(other);
    Action call = action(ActionKind::Call, "PhotoInterest");
    call.args = {{"UID", {"label"}}};
    call.reply = "Classified";
    go.actions.push_back(call);
    go.actions.push_back(action(ActionKind::Call, "Plain"));
    Action assign = action(ActionKind::Assign, "count");
    assign.expr.text = "count  +  1";  // spacing survives
    go.actions.push_back(assign);
    Action division = action(ActionKind::Assign, "count");
    division.expr.text = "count / 2";
    go.actions.push_back(division);
    Action tagged = action(ActionKind::Raise, "Tagged");
    tagged.args = {{"n", {"count"}}};
    go.actions.push_back(tagged);
    Action later = action(ActionKind::Raise, "Later");
    later.delayMs = 1500;
    go.actions.push_back(later);
    Action queued = action(ActionKind::Raise, "Queued");
    queued.delayMs = 0;
    go.actions.push_back(queued);
    Action log = action(ActionKind::Log, "");
    log.label = "note";
    go.actions.push_back(log);

    transition("toEnd", "Main", {"End"}, "*").type = model::TransitionType::External;
    transition("stay", "Main", {}, "Ping").type = model::TransitionType::Internal;
    transition("eventless", "A1", {"A2"}, "").guard.text = "count>=0";
    transition("timeout", "A2", {"A1"}, "").afterMs = 800;
    transition("histA", "HistA", {"A2"}, "");
    transition("histB", "HistB", {"B1"}, "");
    transition("finish", "B-2.x", {"BDone"}, "done");
    transition("back", "Busy", {"HistA", "HistB"}, "Back");
    transition("first", "Idle", {"Busy"}, "Split");  // after Idle's other transitions
    // Not in SCXML's grouped order: kept by swivel:transitionOrder.
    std::swap(m.transitions[0], m.transitions[1]);

    m.layout.states["Main"] = {10, 20, 600.5, 400};
    m.layout.states["Idle"] = {40.25, 60, 120, 60};
    m.layout.states["A1"] = {0.1, 0.2, 80, 40};
    m.layout.transitions["go"] = {{{1.5, 2.5}, {3, 4}}, model::Point{7, 8}};
    m.layout.transitions["stay"] = {{}, std::nullopt};
    return m;
}

} // namespace

class TestScxmlRoundTrip : public QObject {
    Q_OBJECT

private:
    void expectRoundTrip(const Machine& machine, const std::string& what) {
        const codegen::ScxmlExport exported = toScxml(machine);
        const codegen::ScxmlImport imported = importScxml(exported.text);
        QVERIFY2(imported.machine, (what + "\n" + describe(imported.diagnostics)).c_str());
        QVERIFY2(imported.diagnostics.empty(),
                 (what + "\n" + describe(imported.diagnostics) + exported.text).c_str());
        QCOMPARE(model::saveMachine(*imported.machine), model::saveMachine(machine));
        QVERIFY(*imported.machine == machine);
    }

private slots:
    void everyExampleRoundTripsUnchanged() {
        const auto files = test::exampleFiles();
        QVERIFY(files.size() >= 3);
        for (const std::string& file : files)
            expectRoundTrip(test::loadExample(file), file);
    }

    void everyConstructRoundTrips() { expectRoundTrip(everything(), "everything"); }

    void aMachineWithoutExpressionsUsesTheNullDataModel() {
        Machine m;
        m.name = "plain";
        m.initial = "A";
        m.states = {{"A", "", StateKind::State, "", "", {}, {}},
                    {"B", "", StateKind::State, "", "", {}, {}}};
        Transition t;
        t.id = "ab";
        t.source = "A";
        t.targets = {"B"};
        t.event = "Go";
        t.actions.push_back(action(ActionKind::Send, "Beep"));
        m.transitions.push_back(t);
        const std::string text = toScxml(m).text;
        QVERIFY(text.find("datamodel=\"null\"") != std::string::npos);
        QVERIFY(text.find("<send type=\"qt:signal\" event=\"Beep\"") != std::string::npos);
        expectRoundTrip(m, "plain");
    }

    void expressionsAreEcmaScriptAndTimersFollowTheW3cPattern() {
        const std::string text = toScxml(everything()).text;
        for (const char* expected : {
                 R"(datamodel="ecmascript")",
                 R"(cond="_event.data.Bearing > 10 &amp;&amp; In('Idle') || !armed")",
                 R"(expr="count  +  1")",  // spacing survives as it is
                 R"(<send event="swivel.after.timeout" id="swivel.after.timeout" delay="800ms" swivel:timer="timeout")",
                 R"(<cancel sendid="swivel.after.timeout" swivel:timer="timeout")",
                 R"(<transition event="swivel.after.timeout" swivel:after="800")",
                 R"(<history id="HistA" type="deep">)",
                 R"(<qt:editorinfo scenegeometry="40.25;60;40.25;60;120;60" geometry="30.25;40;0;0;120;60" />)",
                 R"(<send type="qt:signal" event="PhotoInterest" swivel:call="true" swivel:reply="Classified">)",
                 R"(<send event="Tagged" target="#_internal">)",
                 R"(<send event="Later" delay="1500ms" />)",
                 R"(<send event="Queued" />)",
             })
        {
            if (text.find(expected) == std::string::npos)
                qWarning("%s", text.c_str());
            QVERIFY2(text.find(expected) != std::string::npos, expected);
        }
    }

    // Swivel's integer division truncates; ECMAScript's '/' does not, so the export says
    // Math.trunc, with nothing to warn about.
    void integerDivisionIsTruncatedInTheExport() {
        const codegen::ScxmlExport exported = toScxml(everything());
        QVERIFY2(exported.text.find("expr=\"Math.trunc(count / 2)\"") != std::string::npos,
                 exported.text.c_str());
        QVERIFY(exported.diagnostics.empty());
    }

    // The export cannot know an event tag's type: a division that reads one is said.
    void aDivisionOfAnEventTagIsAWarningOfTheExport() {
        Machine machine = everything();
        machine.transitions.front().guard.text = "event.Bearing / 2 > 10 && count / 2 > 1";
        const codegen::ScxmlExport exported = toScxml(machine);
        QCOMPARE(exported.diagnostics.size(), std::size_t{1});
        const model::Diagnostic& warning = exported.diagnostics.front();
        QCOMPARE(warning.severity, model::Severity::Warning);
        QCOMPARE(warning.code, std::string("SW310"));
        QCOMPARE(warning.elementId, machine.transitions.front().id);
        QVERIFY2(warning.message.find("'event.Bearing / 2' divides an event tag") !=
                     std::string::npos,
                 warning.message.c_str());
        QVERIFY2(exported.text.find("cond=\"_event.data.Bearing / 2 > 10 &amp;&amp; "
                                    "Math.trunc(count / 2) > 1\"") != std::string::npos,
                 exported.text.c_str());
    }

    void theGeneratorIsRegisteredAsScxml() {
        const codegen::Generator* generator = codegen::GeneratorRegistry::builtin().find("scxml");
        QVERIFY(generator);
        const Machine machine = test::loadExample(test::exampleFiles().front());
        const codegen::GeneratorOutput output =
            generator->generate({machine, model::DeviceCatalog::builtin()});
        QCOMPARE(output.files.size(), std::size_t{1});
        QVERIFY(output.files.paths().front().ends_with(".scxml"));
        QCOMPARE(codegen::scxmlFileName(machine), std::string("camera-point-focus-shoot.scxml"));
    }
};

QTEST_GUILESS_MAIN(TestScxmlRoundTrip)
#include "test_scxml_round_trip.moc"
