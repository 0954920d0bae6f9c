// What a step means: W3C SCXML 1.0 semantics (Appendix D) plus Swivel's timers.
// Each test states one rule; machines are built in C++ with the little builder
// below, and entry/exit order is read from Log actions ("+A" on entry of A, "-A" on
// exit, when a test traces its machine).

#include <QTest>

#include <atomic>
#include <functional>
#include <random>
#include <thread>

#include "model/compiled_machine_impl.h"
#include "model/diagnostic_codes.h"
#include "model/semantics.h"
#include "model/state_record.h"

using namespace swivel::model;

namespace {

// Builds machines that read like the statecharts they describe. References it
// returns are good until the next call (they point into vectors).
struct Builder {
    Machine m;

    State& state(const std::string& id, const std::string& parent = {},
                 const std::string& initial = {}) {
        if (parent.empty() && m.initial.empty())
            m.initial = id;
        State s;
        s.id = id;
        s.parent = parent;
        s.initial = initial;
        m.states.push_back(std::move(s));
        return m.states.back();
    }
    State& parallel(const std::string& id, const std::string& parent = {}) {
        State& s = state(id, parent);
        s.kind = StateKind::Parallel;
        return s;
    }
    State& final(const std::string& id, const std::string& parent = {}) {
        State& s = state(id, parent);
        s.kind = StateKind::Final;
        return s;
    }
    State& history(const std::string& id, const std::string& parent, bool deep = false) {
        State& s = state(id, parent);
        s.kind = deep ? StateKind::DeepHistory : StateKind::ShallowHistory;
        return s;
    }
    Transition& on(const std::string& id, const std::string& source, const std::string& event,
                   std::vector<std::string> targets = {}) {
        Transition t;
        t.id = id;
        t.source = source;
        t.event = event;
        t.targets = std::move(targets);
        m.transitions.push_back(std::move(t));
        return m.transitions.back();
    }
    Transition& eventless(const std::string& id, const std::string& source,
                          std::vector<std::string> targets = {}) {
        return on(id, source, "", std::move(targets));
    }
    Transition& after(const std::string& id, const std::string& source, std::int64_t ms,
                      std::vector<std::string> targets = {}) {
        Transition& t = on(id, source, "", std::move(targets));
        t.afterMs = ms;
        return t;
    }
    void variable(const std::string& name, Type type, Value initial) {
        m.variables.push_back({name, type, std::move(initial)});
    }
    // Every state logs "+id" on entry and "-id" on exit, after its own actions.
    void trace() {
        for (State& s : m.states) {
            Action enter;
            enter.label = "+" + s.id;
            s.onEntry.push_back(enter);
            Action exit;
            exit.label = "-" + s.id;
            s.onExit.push_back(exit);
        }
    }
    std::shared_ptr<const CompiledMachine> compile() const {
        std::vector<Diagnostic> diagnostics;
        auto compiled = CompiledMachine::compile(m, &diagnostics);
        for (const Diagnostic& d : diagnostics)
            qWarning("%s %s: %s", d.code.c_str(), d.elementId.c_str(), d.message.c_str());
        return compiled;
    }
};

Action log(const std::string& label, const std::string& expr = {}) {
    Action a;
    a.kind = ActionKind::Log;
    a.label = label;
    a.expr.text = expr;
    return a;
}
Action raise(const std::string& event, std::vector<Argument> tags = {},
             std::optional<std::int64_t> delayMs = {}) {
    Action a;
    a.kind = ActionKind::Raise;
    a.name = event;
    a.args = std::move(tags);
    a.delayMs = delayMs;
    return a;
}
Action assign(const std::string& variable, const std::string& expr) {
    Action a;
    a.kind = ActionKind::Assign;
    a.name = variable;
    a.expr.text = expr;
    return a;
}
Action send(const std::string& command, std::vector<Argument> args = {}) {
    Action a;
    a.kind = ActionKind::Send;
    a.name = command;
    a.args = std::move(args);
    return a;
}
Action call(const std::string& service, std::vector<Argument> args, const std::string& reply) {
    Action a;
    a.kind = ActionKind::Call;
    a.name = service;
    a.args = std::move(args);
    a.reply = reply;
    return a;
}

Event ev(const std::string& name, std::vector<EventTag> tags = {}) {
    return Event{name, tags};
}

QString join(const std::vector<std::string>& items) {
    QStringList list;
    for (const std::string& item : items)
        list << QString::fromStdString(item);
    return list.join(',');
}
// The labels of the Log actions, in order.
QString logs(const StepResult& r) {
    std::vector<std::string> labels;
    for (const EmittedAction& a : r.actions) {
        if (a.kind == EmittedAction::Kind::Log)
            labels.push_back(a.label);
    }
    return join(labels);
}
QString atomic(const CompiledMachine& m, const StepResult& r) {
    return join(activeAtomicStates(m, r.configuration));
}
QString taken(const CompiledMachine& m, const StepResult& r) {
    std::vector<std::string> ids;
    for (int t : r.transitions)
        ids.push_back(m.transitionId(t));
    return join(ids);
}
std::vector<const EmittedAction*> actionsOf(const StepResult& r, EmittedAction::Kind kind) {
    std::vector<const EmittedAction*> out;
    for (const EmittedAction& a : r.actions) {
        if (a.kind == kind)
            out.push_back(&a);
    }
    return out;
}
QString errorText(const StepResult& r) {
    QStringList out;
    for (const EmittedAction* a : actionsOf(r, EmittedAction::Kind::Error))
        out << QString::fromStdString(std::get<std::string>(a->value));
    return out.join('\n');
}
std::int64_t asInt(const Value& v) {
    return std::get<std::int64_t>(v);
}
// What the host delivers when an armed timer expires (QObject::timerEvent hides the name).
Event fireTimer(std::string_view transitionId, std::uint64_t token) {
    return swivel::model::timerEvent(transitionId, token);
}

} // namespace

class TestSemantics : public QObject {
    Q_OBJECT

private slots:
    // ----- compile -----

    void compileNumbersStatesInDocumentOrder() {
        Builder b;
        b.state("A", {}, "A1");
        b.state("B");
        b.state("A1", "A"); // listed late, still A's child: document order is A, A1, B
        auto m = b.compile();
        QVERIFY(m);
        QCOMPARE(m->stateCount(), 3);
        QCOMPARE(m->stateIndex("A"), 0);
        QCOMPARE(m->stateIndex("A1"), 1);
        QCOMPARE(m->stateIndex("B"), 2);
        QCOMPARE(m->stateIndex("nope"), -1);
        QVERIFY(m->isAtomic(1));
        QVERIFY(!m->isAtomic(0));
        QCOMPARE(QString::fromStdString(m->stateId(2)), QString("B"));
    }

    void compileRejectsStructuralErrors_data() {
        QTest::addColumn<QString>("mutation");
        QTest::addColumn<QString>("code");
        QTest::newRow("empty machine") << "empty" << codes::BadStructure;
        QTest::newRow("unknown parent") << "parent" << codes::DanglingReference;
        QTest::newRow("unknown target") << "target" << codes::DanglingReference;
        QTest::newRow("unknown source") << "source" << codes::DanglingReference;
        QTest::newRow("unknown machine initial") << "machineInitial" << codes::DanglingReference;
        QTest::newRow("no machine initial") << "noMachineInitial" << codes::MissingInitial;
        QTest::newRow("nested machine initial") << "nestedMachineInitial" << codes::BadInitial;
        QTest::newRow("compound without initial") << "noInitial" << codes::MissingInitial;
        QTest::newRow("initial not a child") << "initialNotChild" << codes::BadInitial;
        QTest::newRow("unknown initial child") << "initialUnknown" << codes::DanglingReference;
        QTest::newRow("parent cycle") << "cycle" << codes::ParentCycle;
        QTest::newRow("duplicate state id") << "duplicate" << codes::DuplicateId;
        QTest::newRow("final with children") << "finalParent" << codes::BadStructure;
    }
    void compileRejectsStructuralErrors() {
        QFETCH(QString, mutation);
        QFETCH(QString, code);
        Builder b;
        b.state("A", {}, "A1");
        b.state("A1", "A");
        b.state("A2", "A");
        b.state("B");
        b.on("t1", "A1", "Go", {"B"});
        const std::map<QString, std::function<void(Machine&)>> mutations{
            {"empty", [](Machine& m) { m = Machine{}; }},
            {"parent", [](Machine& m) { m.states[2].parent = "Nowhere"; }},
            {"target", [](Machine& m) { m.transitions[0].targets = {"Nowhere"}; }},
            {"source", [](Machine& m) { m.transitions[0].source = "Nowhere"; }},
            {"machineInitial", [](Machine& m) { m.initial = "Nowhere"; }},
            {"noMachineInitial", [](Machine& m) { m.initial.clear(); }},
            {"nestedMachineInitial", [](Machine& m) { m.initial = "A1"; }},
            {"noInitial", [](Machine& m) { m.states[0].initial.clear(); }},
            {"initialNotChild", [](Machine& m) { m.states[0].initial = "B"; }},
            {"initialUnknown", [](Machine& m) { m.states[0].initial = "Nowhere"; }},
            {"cycle", [](Machine& m) { m.states[0].parent = "A1"; }},
            {"duplicate", [](Machine& m) { m.states[3].id = "A2"; }},
            {"finalParent",
             [](Machine& m) {
                 m.states[3].kind = StateKind::Final;
                 m.states[3].initial = "A2";
                 m.states[2].parent = "B";
             }},
        };
        mutations.at(mutation)(b.m);
        std::vector<Diagnostic> diagnostics;
        QVERIFY(!CompiledMachine::compile(b.m, &diagnostics));
        QVERIFY(!diagnostics.empty());
        bool found = false;
        for (const Diagnostic& d : diagnostics) {
            QCOMPARE(d.severity, Severity::Error);
            QVERIFY(!d.message.empty());
            found = found || QString::fromStdString(d.code) == code;
        }
        QVERIFY2(found, qPrintable("expected " + code + ", got " +
                                   QString::fromStdString(diagnostics.front().code)));
    }

    // Validation rejects nesting beyond kMaxNestingDepth; compile, start and step must
    // still cope with anything, so nothing in them recurses per nesting level.
    void deepNestingDoesNotOverflowTheStack() {
        constexpr int depth = 10000;
        Builder b;
        for (int i = 0; i < depth; ++i) {
            const std::string id = "S" + std::to_string(i);
            b.state(id, i ? "S" + std::to_string(i - 1) : "",
                    i + 1 < depth ? "S" + std::to_string(i + 1) : "");
        }
        b.history("H", "S0", true);
        b.state("Out");
        b.on("reset", "S0", "Reset", {"S0"});
        b.on("leave", "S" + std::to_string(depth - 1), "Leave", {"Out"});
        b.on("back", "Out", "Back", {"H"});
        auto m = b.compile();
        QVERIFY(m);
        StepResult r = start(*m);
        QCOMPARE(r.configuration.active.size(), std::size_t(depth));
        r = step(*m, r.configuration, ev("Reset"));
        QCOMPARE(r.configuration.active.size(), std::size_t(depth));
        r = step(*m, r.configuration, ev("Leave"));
        QCOMPARE(atomic(*m, r), QString("Out"));
        r = step(*m, r.configuration, ev("Back"));
        QCOMPARE(r.configuration.active.size(), std::size_t(depth));

        // A 10,000-state parent cycle: rejected, not a crash.
        Builder cycle;
        for (int i = 0; i < depth; ++i)
            cycle.state("C" + std::to_string(i), "C" + std::to_string((i + 1) % depth));
        cycle.m.initial = "C0";
        std::vector<Diagnostic> diagnostics;
        QVERIFY(!CompiledMachine::compile(cycle.m, &diagnostics));
        QCOMPARE(QString::fromStdString(diagnostics.front().code), QString(codes::ParentCycle));
    }

    // Random machines, many of them broken: compile either refuses them or they run.
    void anyMachineIsSafeToCompileAndRun() {
        std::mt19937 random(12345);
        auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
        const std::vector<std::string> events{"A", "B", "A.x", "done.state.S1", "error.execution"};
        for (int round = 0; round < 200; ++round) {
            Builder b;
            const int states = 1 + pick(12);
            auto id = [&](int i) { return "S" + std::to_string(i); };
            for (int i = 0; i < states; ++i) {
                State& s = b.state(id(i), i && pick(3) ? id(pick(i)) : "");
                s.kind = static_cast<StateKind>(pick(5));
                s.onEntry.push_back(log("+" + id(i)));
                if (pick(4) == 0)
                    s.onEntry.push_back(raise(events[static_cast<std::size_t>(pick(5))]));
            }
            for (State& s : b.m.states) {
                for (const State& child : b.m.states) {
                    if (child.parent == s.id && child.kind != StateKind::ShallowHistory &&
                        child.kind != StateKind::DeepHistory && pick(2) == 0)
                        s.initial = child.id;
                }
            }
            const int transitions = pick(15);
            for (int t = 0; t < transitions; ++t) {
                std::vector<std::string> targets;
                for (int k = pick(3); k > 0; --k)
                    targets.push_back(id(pick(states + 1))); // sometimes dangling
                Transition& tr =
                    pick(4) == 0 ? b.eventless("t" + std::to_string(t), id(pick(states)), targets)
                                 : b.on("t" + std::to_string(t), id(pick(states)),
                                        pick(5) == 0 ? "*" : events[std::size_t(pick(5))], targets);
                if (pick(5) == 0)
                    tr.afterMs = 100;
                if (pick(4) == 0)
                    tr.type = TransitionType::Internal;
                if (pick(6) == 0)
                    tr.guard.text = "in(S1)";
                if (pick(6) == 0)
                    tr.actions.push_back(raise("A"));
            }
            auto m = CompiledMachine::compile(b.m);
            if (!m)
                continue;
            StepResult r = start(*m);
            for (int s = 0; s < 10; ++s) {
                Event e = ev(events[static_cast<std::size_t>(pick(5))]);
                if (!r.configuration.timers.empty() && pick(3) == 0)
                    e = fireTimer(m->transitionId(r.configuration.timers[0].transition),
                                  r.configuration.timers[0].token);
                r = step(*m, r.configuration, e);
                // Whatever happened, the record must read back as the same configuration.
                std::string error;
                const auto back =
                    configurationFromJson(*m, configurationToJson(*m, r.configuration), &error);
                if (!r.configuration.active.empty() && back)
                    QCOMPARE(back->active, r.configuration.active);
            }
        }
    }

    void damagedConfigurationIsSafeToStep() {
        Builder b;
        b.state("A");
        b.state("B");
        b.on("t", "A", "Go", {"B"});
        auto m = b.compile();
        QVERIFY(m);
        Configuration c;
        c.active = {7, -1, 0, 0, 1000};
        c.variables = {Value{true}, Value{1.5}};
        c.history = {{5, 6}};
        c.timers = {{99, 4}};
        const StepResult r = step(*m, c, ev("Go"));
        QCOMPARE(atomic(*m, r), QString("B"));
        QVERIFY(step(*m, Configuration{}, ev("Go")).actions.empty());
    }

    // ----- entry, exit and selection -----

    void startEntersInitialStatesInDocumentOrder() {
        Builder b;
        b.state("A", {}, "A1");
        b.state("A1", "A", "A11");
        b.state("A11", "A1");
        b.state("B");
        b.trace();
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = start(*m);
        QCOMPARE(logs(r), QString("+A,+A1,+A11"));
        QCOMPARE(atomic(*m, r), QString("A11"));
        QCOMPARE(r.configuration.active, (std::vector<int>{0, 1, 2}));
        QVERIFY(!r.configuration.finished);
    }

    void exitInnermostFirstThenActionsThenEnterOutermostFirst() {
        Builder b;
        b.state("A", {}, "A1");
        b.state("A1", "A", "A11");
        b.state("A11", "A1");
        b.state("B", {}, "B1");
        b.state("B1", "B");
        b.on("t", "A11", "Go", {"B1"}).actions = {log("t")};
        b.trace();
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = step(*m, start(*m).configuration, ev("Go"));
        QCOMPARE(logs(r), QString("-A11,-A1,-A,t,+B,+B1"));
        QCOMPARE(atomic(*m, r), QString("B1"));
        QCOMPARE(taken(*m, r), QString("t"));
        QVERIFY(r.eventMatched);
    }

    void transitionOfInnerStateWinsOverAncestors() {
        Builder b;
        b.state("A", {}, "A1");
        b.state("A1", "A");
        b.state("Outer");
        b.state("Inner");
        b.on("outer", "A", "E", {"Outer"});
        b.on("outerOnly", "A", "F", {"Outer"});
        b.on("inner", "A1", "E", {"Inner"});
        auto m = b.compile();
        QVERIFY(m);
        const Configuration c = start(*m).configuration;
        QCOMPARE(atomic(*m, step(*m, c, ev("E"))), QString("Inner"));
        // An ancestor's transition applies when the inner state has none for the event.
        QCOMPARE(atomic(*m, step(*m, c, ev("F"))), QString("Outer"));
    }

    void firstTransitionInDocumentOrderWins() {
        Builder b;
        b.state("S");
        b.state("X");
        b.state("Y");
        b.on("first", "S", "E", {"X"});
        b.on("second", "S", "E", {"Y"});
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = step(*m, start(*m).configuration, ev("E"));
        QCOMPARE(atomic(*m, r), QString("X"));
        QCOMPARE(taken(*m, r), QString("first"));
    }

    void falseGuardPassesToTheNextTransition() {
        Builder b;
        b.state("S");
        b.state("X");
        b.state("Y");
        b.on("first", "S", "E", {"X"}).guard.text = "event.n > 5";
        b.on("second", "S", "E", {"Y"});
        auto m = b.compile();
        QVERIFY(m);
        const Configuration c = start(*m).configuration;
        QCOMPARE(atomic(*m, step(*m, c, ev("E", {{"n", std::int64_t{9}}}))), QString("X"));
        QCOMPARE(atomic(*m, step(*m, c, ev("E", {{"n", std::int64_t{1}}}))), QString("Y"));
    }

    void unhandledEventChangesNothing() {
        Builder b;
        b.state("S");
        b.on("t", "S", "E", {});
        auto m = b.compile();
        QVERIFY(m);
        const Configuration c = start(*m).configuration;
        const StepResult r = step(*m, c, ev("Other"));
        QVERIFY(!r.eventMatched);
        QVERIFY(r.actions.empty());
        QVERIFY(r.configuration == c);
    }

    void raisedEventsAreHandledBeforeTheNextExternalOne() {
        Builder b;
        b.state("A");
        b.state("B");
        b.state("C");
        b.state("D");
        b.on("go", "A", "Go", {"B"}).actions = {raise("One"), raise("Two")};
        b.on("one", "B", "One", {"C"});
        b.on("two", "C", "Two", {"D"});
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = step(*m, start(*m).configuration, ev("Go"));
        QCOMPARE(atomic(*m, r), QString("D"));
        QCOMPARE(taken(*m, r), QString("go,one,two"));
        QCOMPARE(actionsOf(r, EmittedAction::Kind::Raise).size(), std::size_t(2));
    }

    void eventlessTransitionsComeBeforeRaisedEvents() {
        Builder b;
        b.state("A");
        b.state("B");
        b.state("C");
        b.state("D");
        b.state("Wrong");
        b.on("go", "A", "Go", {"B"}).actions = {raise("Inner")};
        b.eventless("auto", "B", {"C"});
        b.on("tooEarly", "B", "Inner", {"Wrong"});
        b.on("inner", "C", "Inner", {"D"});
        auto m = b.compile();
        QVERIFY(m);
        QCOMPARE(atomic(*m, step(*m, start(*m).configuration, ev("Go"))), QString("D"));
    }

    void eventlessTransitionsChain() {
        Builder b;
        b.state("A");
        b.state("B");
        b.state("C");
        b.eventless("ab", "A", {"B"});
        b.eventless("bc", "B", {"C"});
        b.trace();
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = start(*m);
        QCOMPARE(atomic(*m, r), QString("C"));
        QCOMPARE(logs(r), QString("+A,-A,+B,-B,+C"));
    }

    void eventlessTransitionWaitsForItsGuard() {
        Builder b;
        b.variable("n", Type::Int, std::int64_t{0});
        b.state("Counting");
        b.state("Enough");
        b.eventless("enough", "Counting", {"Enough"}).guard.text = "n >= 3";
        b.on("inc", "Counting", "Inc").actions = {assign("n", "n + 1")};
        auto m = b.compile();
        QVERIFY(m);
        StepResult r = start(*m);
        for (int i = 1; i <= 3; ++i) {
            QCOMPARE(atomic(*m, r), QString("Counting"));
            r = step(*m, r.configuration, ev("Inc"));
            QCOMPARE(asInt(r.configuration.variables[0]), std::int64_t{i});
        }
        QCOMPARE(atomic(*m, r), QString("Enough"));
        QCOMPARE(taken(*m, r), QString("inc,enough"));
    }

    // ----- internal, external, targetless -----

    void internalTransitionDoesNotExitItsCompoundSource() {
        Builder b;
        b.state("P", {}, "P1");
        b.state("P1", "P");
        b.state("P2", "P");
        b.on("int", "P", "Int", {"P2"}).type = TransitionType::Internal;
        b.on("ext", "P", "Ext", {"P2"});
        b.trace();
        auto m = b.compile();
        QVERIFY(m);
        StepResult r = step(*m, start(*m).configuration, ev("Int"));
        QCOMPARE(logs(r), QString("-P1,+P2"));
        r = step(*m, r.configuration, ev("Ext"));
        QCOMPARE(logs(r), QString("-P2,-P,+P,+P2"));
    }

    void internalTransitionLeavingItsSourceActsExternal() {
        Builder b;
        b.state("P", {}, "P1");
        b.state("P1", "P");
        b.state("Q");
        b.on("int", "P", "Go", {"Q"}).type = TransitionType::Internal;
        b.trace();
        auto m = b.compile();
        QVERIFY(m);
        QCOMPARE(logs(step(*m, start(*m).configuration, ev("Go"))), QString("-P1,-P,+Q"));
    }

    void targetlessTransitionExitsNothing() {
        Builder b;
        b.state("P", {}, "P1");
        b.state("P1", "P");
        b.on("note", "P", "Note").actions = {log("noted")};
        b.trace();
        auto m = b.compile();
        QVERIFY(m);
        const Configuration c = start(*m).configuration;
        const StepResult r = step(*m, c, ev("Note"));
        QCOMPARE(logs(r), QString("noted"));
        QCOMPARE(r.configuration.active, c.active);
        QVERIFY(r.eventMatched);
    }

    // ----- event descriptors -----

    void wildcardMatchesAnyEventButTimers() {
        Builder b;
        b.variable("fire", Type::Bool, false);
        b.state("A");
        b.state("Any");
        b.state("Timed");
        b.after("timer", "A", 100, {"Timed"}).guard.text = "fire";
        b.on("any", "A", "*", {"Any"});
        auto m = b.compile();
        QVERIFY(m);
        const Configuration c = start(*m).configuration;
        QCOMPARE(atomic(*m, step(*m, c, ev("Whatever"))), QString("Any"));
        QCOMPARE(atomic(*m, step(*m, c, ev("done.state.X"))), QString("Any"));
        // The timer's guard is false: the timer fires into nothing, `*` does not catch it.
        const StepResult r = step(*m, c, fireTimer("timer", c.timers.at(0).token));
        QCOMPARE(atomic(*m, r), QString("A"));
        QVERIFY(!r.eventMatched);
    }

    void descriptorMatchesItselfAndDottedDescendantsOnly_data() {
        QTest::addColumn<QString>("descriptor");
        QTest::addColumn<QString>("event");
        QTest::addColumn<bool>("matches");
        QTest::newRow("exact") << "Photo"
                               << "Photo" << true;
        QTest::newRow("prefix token") << "Photo"
                                      << "Photo.Thumbnail" << true;
        QTest::newRow("deeper token") << "Photo"
                                      << "Photo.Thumbnail.Big" << true;
        QTest::newRow("not a string prefix") << "Photo"
                                             << "Photos" << false;
        QTest::newRow("not a suffix") << "Thumbnail"
                                      << "Photo.Thumbnail" << false;
        QTest::newRow("dot star") << "Photo.*"
                                  << "Photo.Thumbnail" << true;
        QTest::newRow("dot star exact") << "Photo.*"
                                        << "Photo" << true;
        QTest::newRow("dot star not string prefix") << "Photo.*"
                                                    << "Photos" << false;
        QTest::newRow("longer descriptor") << "Photo.Thumbnail"
                                           << "Photo" << false;
        QTest::newRow("case sensitive") << "photo"
                                        << "Photo" << false;
        QTest::newRow("list, second") << "Motion Photo"
                                      << "Photo.Big" << true;
        QTest::newRow("list, none") << "Motion Photo"
                                    << "Focus" << false;
        QTest::newRow("star") << "*"
                              << "error.execution" << true;
    }
    void descriptorMatchesItselfAndDottedDescendantsOnly() {
        QFETCH(QString, descriptor);
        QFETCH(QString, event);
        QFETCH(bool, matches);
        Builder b;
        b.state("A");
        b.state("B");
        b.on("t", "A", descriptor.toStdString(), {"B"});
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = step(*m, start(*m).configuration, ev(event.toStdString()));
        QCOMPARE(r.eventMatched, matches);
        QCOMPARE(atomic(*m, r), QString(matches ? "B" : "A"));
    }

    // ----- history -----

    void shallowHistoryRestoresTheLastActiveChild() {
        Builder b;
        b.state("Out");
        b.state("P", {}, "P1");
        b.state("P1", "P", "P1a");
        b.state("P1a", "P1");
        b.state("P1b", "P1");
        b.state("P2", "P");
        b.history("H", "P");
        b.on("enter", "Out", "Enter", {"P"});
        b.on("next", "P1a", "Next", {"P1b"});
        b.on("leave", "P", "Leave", {"Out"});
        b.on("back", "Out", "Back", {"H"});
        auto m = b.compile();
        QVERIFY(m);
        StepResult r = step(*m, start(*m).configuration, ev("Enter"));
        r = step(*m, r.configuration, ev("Next"));
        QCOMPARE(atomic(*m, r), QString("P1b"));
        r = step(*m, r.configuration, ev("Leave"));
        QCOMPARE(r.configuration.history[std::size_t(m->stateIndex("H"))],
                 std::vector<int>{m->stateIndex("P1")});
        r = step(*m, r.configuration, ev("Back"));
        // Shallow: P1 comes back, but entered through its own initial state.
        QCOMPARE(atomic(*m, r), QString("P1a"));
    }

    void deepHistoryRestoresTheLastActiveAtomicStates() {
        Builder b;
        b.state("Out");
        b.state("P", {}, "P1");
        b.state("P1", "P", "P1a");
        b.state("P1a", "P1");
        b.state("P1b", "P1");
        b.history("H", "P", true);
        b.on("enter", "Out", "Enter", {"P"});
        b.on("next", "P1a", "Next", {"P1b"});
        b.on("leave", "P", "Leave", {"Out"});
        b.on("back", "Out", "Back", {"H"});
        b.trace();
        auto m = b.compile();
        QVERIFY(m);
        StepResult r = step(*m, start(*m).configuration, ev("Enter"));
        r = step(*m, r.configuration, ev("Next"));
        r = step(*m, r.configuration, ev("Leave"));
        r = step(*m, r.configuration, ev("Back"));
        QCOMPARE(atomic(*m, r), QString("P1b"));
        QCOMPARE(logs(r), QString("-Out,+P,+P1,+P1b"));
    }

    void historyWithoutRecordTakesItsDefaultTransition() {
        Builder b;
        b.state("Out");
        b.state("P", {}, "P1");
        b.state("P1", "P");
        b.state("P2", "P");
        b.history("H", "P");
        b.eventless("default", "H", {"P2"}).actions = {log("default")};
        b.on("back", "Out", "Back", {"H"});
        b.trace();
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = step(*m, start(*m).configuration, ev("Back"));
        QCOMPARE(atomic(*m, r), QString("P2"));
        // The default content runs after the parent's entry actions (SCXML 3.10.2).
        QCOMPARE(logs(r), QString("-Out,+P,default,+P2"));
    }

    void historyWithoutRecordOrDefaultEntersTheParentsInitial() {
        Builder b;
        b.state("Out");
        b.state("P", {}, "P1");
        b.state("P1", "P");
        b.state("P2", "P");
        b.history("H", "P", true);
        b.on("back", "Out", "Back", {"H"});
        auto m = b.compile();
        QVERIFY(m);
        QCOMPARE(atomic(*m, step(*m, start(*m).configuration, ev("Back"))), QString("P1"));
    }

    // ----- parallel states -----

    void bothRegionsReactToOneEvent() {
        Builder b;
        b.parallel("P");
        b.state("R1", "P", "R1a");
        b.state("R1a", "R1");
        b.state("R1b", "R1");
        b.state("R2", "P", "R2a");
        b.state("R2a", "R2");
        b.state("R2b", "R2");
        b.on("t1", "R1a", "E", {"R1b"});
        b.on("t2", "R2a", "E", {"R2b"});
        b.trace();
        auto m = b.compile();
        QVERIFY(m);
        StepResult r = start(*m);
        QCOMPARE(logs(r), QString("+P,+R1,+R1a,+R2,+R2a"));
        r = step(*m, r.configuration, ev("E"));
        QCOMPARE(atomic(*m, r), QString("R1b,R2b"));
        QCOMPARE(taken(*m, r), QString("t1,t2"));
        QCOMPARE(logs(r), QString("-R2a,-R1a,+R1b,+R2b"));
    }

    void conflictingTransitionsFirstInDocumentOrderWins() {
        Builder b;
        b.parallel("P");
        b.state("R1", "P", "R1a");
        b.state("R1a", "R1");
        b.state("R2", "P", "R2a");
        b.state("R2a", "R2");
        b.state("X");
        b.state("Y");
        b.on("fromR2", "R2a", "E", {"Y"}); // listed first, but R2a is later in document order
        b.on("fromR1", "R1a", "E", {"X"});
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = step(*m, start(*m).configuration, ev("E"));
        QCOMPARE(atomic(*m, r), QString("X"));
        QCOMPARE(taken(*m, r), QString("fromR1"));
    }

    void conflictLaterTransitionFromDescendantSourceWins() {
        Builder b;
        b.parallel("P");
        b.state("R1", "P", "R1a");
        b.state("R1a", "R1");
        b.state("R2", "P", "R2a");
        b.state("R2a", "R2");
        b.state("R2b", "R2");
        b.state("X");
        b.on("fromP", "P", "E", {"X"});       // selected through R1a, the first atomic state
        b.on("fromR2a", "R2a", "E", {"R2b"}); // its source lies inside P: it preempts
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = step(*m, start(*m).configuration, ev("E"));
        QCOMPARE(taken(*m, r), QString("fromR2a"));
        QCOMPARE(atomic(*m, r), QString("R1a,R2b"));
    }

    void inPredicateSeesTheOtherRegion() {
        Builder b;
        b.parallel("P");
        b.state("R1", "P", "R1a");
        b.state("R1a", "R1");
        b.state("R1b", "R1");
        b.state("R2", "P", "R2a");
        b.state("R2a", "R2");
        b.state("R2b", "R2");
        b.on("flip", "R2a", "Flip", {"R2b"});
        b.on("go", "R1a", "Go", {"R1b"}).guard.text = "in(R2b)";
        auto m = b.compile();
        QVERIFY(m);
        StepResult r = step(*m, start(*m).configuration, ev("Go"));
        QCOMPARE(atomic(*m, r), QString("R1a,R2a"));
        r = step(*m, r.configuration, ev("Flip"));
        r = step(*m, r.configuration, ev("Go"));
        QCOMPARE(atomic(*m, r), QString("R1b,R2b"));
    }

    // ----- final states -----

    void finalStateRaisesDoneStateOfItsParent() {
        Builder b;
        b.state("C", {}, "C1");
        b.state("C1", "C");
        b.final("CF", "C");
        b.state("After");
        b.on("finish", "C1", "Finish", {"CF"});
        b.on("done", "C", "done.state.C", {"After"});
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = step(*m, start(*m).configuration, ev("Finish"));
        QCOMPARE(atomic(*m, r), QString("After"));
        QCOMPARE(taken(*m, r), QString("finish,done"));
        QVERIFY(!r.configuration.finished);
    }

    void parallelIsDoneWhenEveryRegionIs() {
        Builder b;
        b.parallel("P");
        b.state("R1", "P", "R1a");
        b.state("R1a", "R1");
        b.final("R1f", "R1");
        b.state("R2", "P", "R2a");
        b.state("R2a", "R2");
        b.final("R2f", "R2");
        b.state("Done");
        b.on("a", "R1a", "A", {"R1f"});
        b.on("b", "R2a", "B", {"R2f"});
        b.on("r1", "R1", "done.state.R1").actions = {log("R1 done")};
        b.on("all", "P", "done.state.P", {"Done"});
        auto m = b.compile();
        QVERIFY(m);
        StepResult r = step(*m, start(*m).configuration, ev("A"));
        QCOMPARE(atomic(*m, r), QString("R1f,R2a"));
        QCOMPARE(logs(r), QString("R1 done"));
        r = step(*m, r.configuration, ev("B"));
        QCOMPARE(atomic(*m, r), QString("Done"));
        QCOMPARE(taken(*m, r), QString("b,all"));
    }

    void topLevelFinalFinishesTheMachine() {
        Builder b;
        b.state("A");
        b.final("End");
        b.on("stop", "A", "Stop", {"End"});
        b.after("timeout", "A", 1000, {"End"});
        b.trace();
        auto m = b.compile();
        QVERIFY(m);
        StepResult r = step(*m, start(*m).configuration, ev("Stop"));
        QVERIFY(r.configuration.finished);
        // The interpreter exits every state when it stops; the record keeps End visible.
        QCOMPARE(logs(r), QString("-A,+End,-End"));
        QCOMPARE(atomic(*m, r), QString("End"));
        QVERIFY(r.configuration.timers.empty());
        const Configuration done = r.configuration;
        r = step(*m, done, ev("Stop"));
        QVERIFY(r.actions.empty());
        QVERIFY(!r.eventMatched);
        QVERIFY(r.configuration == done);
    }

    void startingInAFinalStateFinishesAtOnce() {
        Builder b;
        b.final("End");
        auto m = b.compile();
        QVERIFY(m);
        QVERIFY(start(*m).configuration.finished);
    }

    // ----- timers -----

    void enteringAStateArmsItsTimers() {
        Builder b;
        b.state("A");
        b.state("B");
        b.after("tA", "A", 500, {"B"});
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = start(*m);
        const auto starts = actionsOf(r, EmittedAction::Kind::TimerStart);
        QCOMPARE(starts.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(starts[0]->name), QString("tA"));
        QCOMPARE(starts[0]->delayMs, std::int64_t{500});
        QCOMPARE(starts[0]->token, std::uint64_t{1});
        QCOMPARE(r.configuration.timers, (std::vector<ArmedTimer>{{m->transitionIndex("tA"), 1}}));
        QCOMPARE(r.configuration.nextTimerToken, std::uint64_t{2});
    }

    void armedTimerFiresItsTransition() {
        Builder b;
        b.state("A");
        b.state("B");
        b.after("tA", "A", 500, {"B"});
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = step(*m, start(*m).configuration, fireTimer("tA", 1));
        QVERIFY(r.eventMatched);
        QCOMPARE(atomic(*m, r), QString("B"));
        QVERIFY(r.configuration.timers.empty());
        // A fired timer is spent: nothing to cancel on the way out.
        QVERIFY(actionsOf(r, EmittedAction::Kind::TimerCancel).empty());
    }

    void exitingAStateCancelsItsTimers() {
        Builder b;
        b.state("A");
        b.state("B");
        b.state("C");
        b.after("tA", "A", 500, {"B"});
        b.on("go", "A", "Go", {"C"});
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = step(*m, start(*m).configuration, ev("Go"));
        const auto cancels = actionsOf(r, EmittedAction::Kind::TimerCancel);
        QCOMPARE(cancels.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(cancels[0]->name), QString("tA"));
        QCOMPARE(cancels[0]->token, std::uint64_t{1});
        QVERIFY(r.configuration.timers.empty());
    }

    void staleTimerIsIgnored() {
        Builder b;
        b.state("A");
        b.state("B");
        b.state("C");
        b.after("tA", "A", 500, {"B"});
        b.on("go", "A", "Go", {"C"});
        b.on("back", "C", "Back", {"A"});
        auto m = b.compile();
        QVERIFY(m);
        StepResult r = step(*m, start(*m).configuration, ev("Go"));
        const Configuration inC = r.configuration;
        r = step(*m, inC, fireTimer("tA", 1));
        QVERIFY(!r.eventMatched);
        QVERIFY(r.actions.empty());
        QVERIFY(r.configuration == inC);
        // Back in A under a new token; the old one still must not fire.
        r = step(*m, inC, ev("Back"));
        const Configuration inA = r.configuration;
        r = step(*m, inA, fireTimer("tA", 1));
        QVERIFY(r.configuration == inA);
        QVERIFY(r.actions.empty());
        // Nor may a timer event without a token, or of an unknown transition.
        QVERIFY(step(*m, inA, ev("after:tA")).configuration == inA);
        QVERIFY(step(*m, inA, fireTimer("nope", 2)).configuration == inA);
    }

    void reenteringAStateArmsItsTimerWithANewToken() {
        Builder b;
        b.state("A");
        b.state("B");
        b.after("tA", "A", 500, {"B"});
        b.on("poke", "A", "Poke", {"A"});
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = step(*m, start(*m).configuration, ev("Poke"));
        QCOMPARE(r.actions.size(), std::size_t(2));
        QCOMPARE(r.actions[0].kind, EmittedAction::Kind::TimerCancel);
        QCOMPARE(r.actions[0].token, std::uint64_t{1});
        QCOMPARE(r.actions[1].kind, EmittedAction::Kind::TimerStart);
        QCOMPARE(r.actions[1].token, std::uint64_t{2});
        QCOMPARE(atomic(*m, step(*m, r.configuration, fireTimer("tA", 2))), QString("B"));
    }

    void timerGuardIsCheckedWhenItFires() {
        Builder b;
        b.variable("ready", Type::Bool, false);
        b.state("A");
        b.state("B");
        b.after("tA", "A", 500, {"B"}).guard.text = "ready";
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = step(*m, start(*m).configuration, fireTimer("tA", 1));
        QVERIFY(!r.eventMatched);
        QCOMPARE(atomic(*m, r), QString("A"));
        QVERIFY(r.configuration.timers.empty()); // it fired; the guard just said no
    }

    // ----- executable content -----

    void guardsReadVariablesThatActionsAssign() {
        Builder b;
        b.variable("count", Type::Int, std::int64_t{0});
        b.state("A");
        b.state("B");
        b.on("third", "A", "Tick", {"B"}).guard.text = "count >= 2";
        b.on("tick", "A", "Tick").actions = {assign("count", "count + 1")};
        auto m = b.compile();
        QVERIFY(m);
        StepResult r = start(*m);
        r = step(*m, r.configuration, ev("Tick"));
        const auto assigns = actionsOf(r, EmittedAction::Kind::Assign);
        QCOMPARE(assigns.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(assigns[0]->name), QString("count"));
        QCOMPARE(asInt(assigns[0]->value), std::int64_t{1});
        r = step(*m, r.configuration, ev("Tick"));
        QCOMPARE(atomic(*m, r), QString("A"));
        r = step(*m, r.configuration, ev("Tick"));
        QCOMPARE(atomic(*m, r), QString("B"));
        QCOMPARE(asInt(r.configuration.variables[0]), std::int64_t{2});
    }

    void assignWidensIntToDoubleButRejectsOtherMismatches() {
        Builder b;
        b.variable("d", Type::Double, 0.0);
        b.variable("s", Type::String, std::string());
        b.state("A");
        b.on("widen", "A", "Widen").actions = {assign("d", "3")};
        b.on("bad", "A", "Bad").actions = {assign("s", "1")};
        auto m = b.compile();
        QVERIFY(m);
        const Configuration c = start(*m).configuration;
        StepResult r = step(*m, c, ev("Widen"));
        QCOMPARE(r.configuration.variables[0], Value{3.0});
        r = step(*m, c, ev("Bad"));
        QCOMPARE(r.configuration.variables[1], Value{std::string()});
        QVERIFY(errorText(r).contains("string variable 's'"));
    }

    void evaluationErrorStopsTheBlockAndRaisesErrorExecution() {
        Builder b;
        b.variable("x", Type::Int, std::int64_t{7});
        b.state("A");
        b.state("B");
        b.state("Failed");
        b.on("go", "A", "Go", {"B"}).actions = {log("before"), assign("x", "1 / 0"), log("after")};
        b.on("failed", "B", "error.execution", {"Failed"});
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = step(*m, start(*m).configuration, ev("Go"));
        QCOMPARE(logs(r), QString("before"));
        const auto errors = actionsOf(r, EmittedAction::Kind::Error);
        QCOMPARE(errors.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(errors[0]->name), QString("error.execution"));
        QVERIFY2(errorText(r).contains("division by zero"), qPrintable(errorText(r)));
        QVERIFY(errorText(r).contains("transition go"));
        QCOMPARE(asInt(r.configuration.variables[0]), std::int64_t{7});
        QCOMPARE(atomic(*m, r), QString("Failed"));
        QCOMPARE(taken(*m, r), QString("go,failed"));
    }

    void guardErrorCountsAsFalse() {
        Builder b;
        b.state("A");
        b.state("B");
        b.state("C");
        b.state("D");
        b.on("broken", "A", "Go", {"B"}).guard.text = "1 / 0 == 1";
        b.on("fallback", "A", "Go", {"C"});
        b.on("noticed", "C", "error.execution", {"D"});
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = step(*m, start(*m).configuration, ev("Go"));
        QCOMPARE(taken(*m, r), QString("fallback,noticed"));
        QVERIFY(errorText(r).contains("division by zero"));
    }

    void endlessRaiseLoopIsCapped() {
        Builder b;
        b.state("A");
        b.on("ping", "A", "Ping").actions = {raise("Ping")};
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = step(*m, start(*m).configuration, ev("Ping"));
        QCOMPARE(r.actions.back().kind, EmittedAction::Kind::Error);
        QVERIFY(errorText(r).contains("microsteps"));
        QVERIFY(r.transitions.size() <= std::size_t(kMaxMicrostepsPerMacrostep));
        QCOMPARE(atomic(*m, r), QString("A"));
    }

    void endlessEventlessLoopIsCapped() {
        Builder b;
        b.state("A");
        b.state("B");
        b.eventless("ab", "A", {"B"});
        b.eventless("ba", "B", {"A"});
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = start(*m);
        QCOMPARE(r.actions.back().kind, EmittedAction::Kind::Error);
        QVERIFY(r.transitions.size() <= std::size_t(kMaxMicrostepsPerMacrostep));
    }

    void sendAndCallEvaluateArgumentsInOrder() {
        Builder b;
        b.state("A");
        b.state("B");
        b.on("motion", "A", "Motion", {"B"}).actions = {
            send("Swivel", {{"Bearing", {"event.Bearing"}}, {"Speed", {"2 * 3"}}}),
            call("PhotoInterest", {{"UID", {"\"p-\" + \"17\""}}}, "Classified"),
            call("Other", {}, ""),
        };
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r =
            step(*m, start(*m).configuration, ev("Motion", {{"Bearing", std::int64_t{90}}}));
        QCOMPARE(r.actions.size(), std::size_t(3));
        const EmittedAction& s = r.actions[0];
        QCOMPARE(s.kind, EmittedAction::Kind::Send);
        QCOMPARE(QString::fromStdString(s.name), QString("Swivel"));
        QCOMPARE(s.args, (std::vector<EventTag>{{"Bearing", std::int64_t{90}},
                                                {"Speed", std::int64_t{6}}}));
        const EmittedAction& c = r.actions[1];
        QCOMPARE(c.kind, EmittedAction::Kind::Call);
        QCOMPARE(c.args, (std::vector<EventTag>{{"UID", std::string("p-17")}}));
        QCOMPARE(QString::fromStdString(c.reply), QString("Classified"));
        QVERIFY(r.actions[2].reply.empty()); // defaults are the validator's business
    }

    void raisedTagsAreEventTags() {
        Builder b;
        b.state("A");
        b.state("B");
        b.on("go", "A", "Go").actions = {raise("Retry", {{"n", {"event.n + 1"}}})};
        b.on("retry", "A", "Retry", {"B"}).guard.text = "event.n == 2";
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = step(*m, start(*m).configuration, ev("Go", {{"n", std::int64_t{1}}}));
        QCOMPARE(atomic(*m, r), QString("B"));
        QCOMPARE(r.actions[0].args, (std::vector<EventTag>{{"n", std::int64_t{2}}}));
    }

    void delayedRaiseIsOnlyEmitted() {
        Builder b;
        b.state("A");
        b.state("B");
        b.on("go", "A", "Go").actions = {raise("Later", {}, 500)};
        b.on("later", "A", "Later", {"B"});
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r = step(*m, start(*m).configuration, ev("Go"));
        QCOMPARE(atomic(*m, r), QString("A"));
        QCOMPARE(r.actions.size(), std::size_t(1));
        QCOMPARE(r.actions[0].kind, EmittedAction::Kind::Raise);
        QCOMPARE(r.actions[0].delayMs, std::int64_t{500});
        // The host delivers it later as an ordinary external event.
        QCOMPARE(atomic(*m, step(*m, r.configuration, ev("Later"))), QString("B"));
    }

    void eventTagsAreVisibleToEntryActionsOfTheMicrostep() {
        Builder b;
        b.state("A");
        b.state("B").onEntry = {log("bearing", "event.Bearing")};
        b.on("go", "A", "Motion", {"B"});
        auto m = b.compile();
        QVERIFY(m);
        const StepResult r =
            step(*m, start(*m).configuration, ev("Motion", {{"Bearing", std::int64_t{45}}}));
        QCOMPARE(r.actions.size(), std::size_t(1));
        QCOMPARE(r.actions[0].value, Value{std::int64_t{45}});
    }

    // ----- determinism and threads -----

    void sameInputsGiveIdenticalResults() {
        auto run = [] {
            Builder b;
            b.variable("n", Type::Int, std::int64_t{0});
            b.parallel("P");
            b.state("R1", "P", "R1a");
            b.state("R1a", "R1");
            b.state("R1b", "R1");
            b.state("R2", "P", "R2a");
            b.state("R2a", "R2");
            b.after("t", "R2a", 100, {"R2a"}).actions = {assign("n", "n + 1"), raise("Tick")};
            b.on("tick", "R1a", "Tick", {"R1b"});
            b.on("tock", "R1b", "Tick", {"R1a"}).actions = {send("Beep", {{"n", {"n"}}})};
            b.trace();
            auto m = b.compile();
            std::vector<StepResult> results{start(*m)};
            for (int i = 0; i < 20; ++i) {
                const Configuration& c = results.back().configuration;
                results.push_back(step(*m, c, fireTimer("t", c.timers.at(0).token)));
            }
            return results;
        };
        const auto first = run();
        const auto second = run();
        QCOMPARE(first.size(), second.size());
        for (std::size_t i = 0; i < first.size(); ++i) {
            QVERIFY(first[i].configuration == second[i].configuration);
            QVERIFY(first[i].actions == second[i].actions);
            QVERIFY(first[i].transitions == second[i].transitions);
        }
        QCOMPARE(asInt(first.back().configuration.variables[0]), std::int64_t{20});
    }

    void stepInPlaceEqualsStep() {
        Builder b;
        b.variable("n", Type::Int, std::int64_t{0});
        b.parallel("P");
        b.state("R1", "P", "R1a");
        b.state("R1a", "R1");
        b.state("R1b", "R1");
        b.state("R2", "P", "R2a");
        b.state("R2a", "R2");
        b.history("H", "R1", true);
        b.after("t", "R2a", 100, {"R2a"}).actions = {assign("n", "n + 1"), raise("Tick")};
        b.on("e1", "R1a", "E", {"R1b"}).actions = {assign("n", "n + 1"), raise("F")};
        b.on("e2", "R1b", "E", {"H"}).guard.text = "in(R2a)";
        b.on("f", "R2a", "F").actions = {send("Ping", {{"n", {"n * 2"}}})};
        auto m = b.compile();
        QVERIFY(m);
        Configuration inPlace = start(*m).configuration;
        Configuration copied = inPlace;
        StepResult reused;
        std::uint64_t staleToken = 0;
        for (int i = 0; i < 60; ++i) {
            Event event = ev(i % 7 == 3 ? "Unknown" : "E");
            if (i % 5 == 4 && !copied.timers.empty()) {
                staleToken = staleToken ? staleToken : copied.timers.at(0).token;
                event = fireTimer("t", copied.timers.at(0).token);
            } else if (i % 11 == 10) {
                event = fireTimer("t", staleToken);  // long disarmed (or never armed)
            }
            const StepResult expected = step(*m, copied, event);
            stepInPlace(*m, inPlace, event, reused);
            QVERIFY2(inPlace == expected.configuration, qPrintable(QString::number(i)));
            QVERIFY(reused.actions == expected.actions);
            QVERIFY(reused.transitions == expected.transitions);
            QCOMPARE(reused.eventMatched, expected.eventMatched);
            QVERIFY(reused.configuration == Configuration{});
            copied = expected.configuration;
        }
    }

    // A chain machine (no parallel or history states, no eventless transitions, no
    // in(...)) is stepped without the general algorithm's bookkeeping. Its twin, the same
    // machine with an unreachable parallel state after all the others (so that every
    // state keeps its index), is stepped by the general algorithm; both must do the same
    // for every event: entry and exit actions, timers, raised events, errors, final
    // states, damaged configurations.
    void aChainMachineStepsAsTheGeneralAlgorithmDoes() {
        std::mt19937 random(20261130);
        auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
        const std::vector<std::string> names{"A", "B", "A.x", "C", "D", "done.state.S1",
                                             "error.execution"};
        const std::vector<std::string> descriptors{"A", "B", "A.x", "C", "A.*", "E", "B C"};
        const std::vector<std::string> guards{"n % 3 != 1", "event.flag", "n", "s == \"\"",
                                              "!event.flag && n < 4"};
        auto randomAction = [&] {
            switch (pick(7)) {
            case 0:
                return assign("n", "n + 1");
            case 1: // "D": only "*" takes it
                return raise(pick(4) ? "D" : "C");
            case 2:
                return send("Cmd", {{"n", {"n * 2"}}, {"x", {"event.x"}}});
            case 3:
                return assign("s", pick(2) ? "event.x" : "event.x + \"!\"");
            case 4:
                return call("Svc", {{"s", {"s"}}}, "Answer");
            default:
                return log("note", pick(2) ? "\"n is \" + n" : "");
            }
        };
        int chains = 0, generalSteps = 0;
        for (int round = 0; round < 400; ++round) {
            Builder b;
            b.variable("n", Type::Int, std::int64_t{0});
            b.variable("s", Type::String, std::string());
            const int states = 1 + pick(10);
            auto id = [&](int i) { return "S" + std::to_string(i); };
            std::vector<bool> isFinal;
            for (int i = 0; i < states; ++i) {
                int parent = i && pick(3) ? pick(i) : -1;
                if (parent >= 0 && isFinal[std::size_t(parent)])
                    parent = -1;
                State& state = pick(6) == 0 ? b.final(id(i), parent < 0 ? "" : id(parent))
                                            : b.state(id(i), parent < 0 ? "" : id(parent));
                isFinal.push_back(state.kind == StateKind::Final);
                state.onEntry.push_back(log("+" + id(i)));
                if (pick(3) == 0)
                    state.onEntry.push_back(randomAction());
                state.onExit.push_back(log("-" + id(i)));
                if (pick(4) == 0)
                    state.onExit.push_back(randomAction());
            }
            for (State& state : b.m.states) { // a compound state's initial: some child
                for (const State& child : b.m.states) {
                    if (child.parent == state.id && (state.initial.empty() || pick(2) == 0))
                        state.initial = child.id;
                }
            }
            for (int t = pick(14); t > 0; --t) {
                if (pick(10) == 0) { // "*" takes every event: only a log, or raised events loop
                    b.on("t" + std::to_string(t), id(pick(states)), "*").actions = {log("any")};
                    continue;
                }
                std::vector<std::string> targets;
                for (int k = pick(5) == 0 ? 2 : pick(2); k > 0; --k)
                    targets.push_back(id(pick(states)));
                Transition& transition =
                    pick(6) == 0
                        ? b.after("t" + std::to_string(t), id(pick(states)), 100, targets)
                        : b.on("t" + std::to_string(t), id(pick(states)),
                               descriptors[std::size_t(pick(7))], targets);
                if (pick(4) == 0)
                    transition.type = TransitionType::Internal;
                if (pick(3) == 0)
                    transition.guard.text = guards[std::size_t(pick(5))];
                for (int k = pick(3); k > 0; --k)
                    transition.actions.push_back(randomAction());
            }
            const auto chain = CompiledMachine::compile(b.m);
            if (!chain)
                continue;
            Builder twin = b;
            twin.parallel("Unreachable");
            twin.state("U1", "Unreachable");
            twin.state("U2", "Unreachable");
            const auto general = CompiledMachine::compile(twin.m);
            QVERIFY(general);
            QVERIFY(static_cast<const detail::CompiledMachineImpl&>(*chain).m_chainOnly);
            QVERIFY(!static_cast<const detail::CompiledMachineImpl&>(*general).m_chainOnly);
            ++chains;

            StepResult started = start(*chain);
            QVERIFY(started.configuration == start(*general).configuration);
            Configuration configuration = started.configuration;
            Configuration inPlace = configuration, generalInPlace = configuration;
            StepResult reused, generalReused;
            for (int i = 0; i < 40; ++i) {
                Event event = ev(names[std::size_t(pick(7))]);
                if (pick(3) == 0)
                    event.tags.push_back({"x", std::string("hi")});
                if (pick(3) == 0)
                    event.tags.push_back({"flag", pick(2) == 0});
                if (!configuration.timers.empty() && pick(4) == 0) {
                    const ArmedTimer& timer = configuration.timers[0];
                    event = fireTimer(chain->transitionId(timer.transition),
                                      pick(5) ? timer.token : timer.token + 1000);
                }
                if (pick(12) == 0) { // a damaged record from a store
                    const std::vector<std::vector<int>> damaged{
                        {pick(states), pick(states), pick(2) ? -1 : 1000},
                        {pick(states)},
                        {pick(states), pick(states)},
                        {pick(states), pick(states), pick(states), pick(states)}};
                    configuration.active = damaged[std::size_t(pick(4))];
                    inPlace = generalInPlace = configuration;
                }
                const StepResult expected = step(*general, configuration, event);
                const StepResult got = step(*chain, configuration, event);
                const QByteArray where =
                    QByteArray("round ") + QByteArray::number(round) + " step " +
                    QByteArray::number(i) + " event " + event.name.c_str();
                QVERIFY2(got.configuration == expected.configuration, where);
                QVERIFY2(got.actions == expected.actions, where);
                QVERIFY2(got.transitions == expected.transitions, where);
                QVERIFY2(got.eventMatched == expected.eventMatched, where);
                // In place, a damaged configuration stays repaired even when a stale
                // timer changes nothing else: compared with the general one in place.
                stepInPlace(*general, generalInPlace, event, generalReused);
                stepInPlace(*chain, inPlace, event, reused);
                QVERIFY2(inPlace == generalInPlace, where);
                QVERIFY2(reused.actions == generalReused.actions, where);
                QVERIFY2(reused.transitions == generalReused.transitions, where);
                QVERIFY2(reused.eventMatched == generalReused.eventMatched, where);
                generalSteps += expected.configuration.finished ? 0 : 1;
                configuration = expected.configuration;
                if (configuration.finished || inPlace.finished) {
                    configuration = started.configuration;
                    inPlace = generalInPlace = configuration;
                }
            }
        }
        // Enough machines and steps that every branch of the chain step is exercised.
        QVERIFY2(chains > 150, QByteArray::number(chains));
        QVERIFY2(generalSteps > 5000, QByteArray::number(generalSteps));
    }

    void concurrentStepsOnOneMachineAgree() {
        Builder b;
        b.variable("n", Type::Int, std::int64_t{0});
        b.parallel("P");
        b.state("R1", "P", "R1a");
        b.state("R1a", "R1");
        b.state("R1b", "R1");
        b.state("R2", "P", "R2a");
        b.state("R2a", "R2");
        b.history("H", "R1", true);
        b.on("e1", "R1a", "E", {"R1b"}).actions = {assign("n", "n + 1"), raise("F")};
        b.on("e2", "R1b", "E", {"R1a"}).guard.text = "in(R2a)";
        b.on("f", "R2a", "F").actions = {send("Ping", {{"n", {"n * 2"}}})};
        auto m = b.compile();
        QVERIFY(m);
        auto run = [&] {
            StepResult r = start(*m);
            for (int i = 0; i < 2000; ++i)
                r = step(*m, r.configuration, ev("E"));
            return r;
        };
        const StepResult expected = run();
        std::vector<StepResult> results(4);
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < results.size(); ++i)
            threads.emplace_back([&, i] { results[i] = run(); });
        for (std::thread& t : threads)
            t.join();
        for (const StepResult& r : results) {
            QVERIFY(r.configuration == expected.configuration);
            QVERIFY(r.actions == expected.actions);
        }
        QCOMPARE(asInt(expected.configuration.variables[0]), std::int64_t{1000});
    }
};

QTEST_GUILESS_MAIN(TestSemantics)
#include "test_semantics.moc"
