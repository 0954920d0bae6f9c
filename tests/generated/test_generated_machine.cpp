// The C++ a generated project steps with gives exactly what Swivel's own step() gives,
// for the shipped examples and for random machines with everything the semantics
// has: nesting, parallel regions, shallow and deep history, final states and their
// done events, eventless and internal transitions, prefix and "*" descriptors, timers,
// raised events, assignments and guards that fail (division by zero, missing tags),
// calls and sends. Each machine is generated with the azure-cpp target; its machine
// code and runtime are compiled (all machines into one program) and replay the walk
// the generator recorded from step() (tests/machine_walk.json), event by event.
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "codegen/azure_cpp_generator.h"
#include "generated_project_support.h"
#include "model/device_catalog.h"
#include "model/machine_file.h"
#include "model/semantics.h"

using swivel::codegen::AzureCppGenerator;
using swivel::codegen::GeneratorOutput;
using namespace swivel::model;

namespace {

// A device type for the random machines: events with an int, a string and no tag.
DeviceCatalog randomCatalog() {
    DeviceCatalog catalog = DeviceCatalog::builtin();
    DeviceType device;
    device.id = "test-device";
    device.name = "Test device";
    EventType a{"A", {Field{"v", Type::Int, {}, ""}}, "", 64};
    EventType ax{"A.x", {Field{"v", Type::Int, {}, ""}, Field{"w", Type::Double, {}, ""}}, "", 64};
    EventType b{"B", {Field{"s", Type::String, {"on", "off"}, ""}}, "", 64};
    EventType c{"C", {}, "", 64};
    device.events = {a, ax, b, c};
    device.commands = {CommandType{"Cmd", {Field{"n", Type::Int, {}, ""}}, "", 64}};
    catalog.addDevice(device);
    return catalog;
}

Action assign(const std::string& variable, const std::string& expr) {
    Action action;
    action.kind = ActionKind::Assign;
    action.name = variable;
    action.expr.text = expr;
    return action;
}

Action raise(const std::string& event, std::optional<std::int64_t> delay = std::nullopt) {
    Action action;
    action.kind = ActionKind::Raise;
    action.name = event;
    action.args.push_back({"v", {"n"}});
    action.delayMs = delay;
    return action;
}

Action send(const std::string& expr) {
    Action action;
    action.kind = ActionKind::Send;
    action.name = "Cmd";
    action.args.push_back({"n", {expr}});
    return action;
}

Action logOf(const std::string& expr) {
    Action action;
    action.kind = ActionKind::Log;
    action.label = "trace";
    action.expr.text = expr;
    return action;
}

// A random machine that compiles: a tree of states of every kind, transitions of
// every sort between them, and actions and guards over four variables.
Machine randomMachine(std::mt19937& random, int number) {
    auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
    Machine m;
    m.name = "random " + std::to_string(number);
    m.deviceType = "test-device";
    m.variables = {{"n", Type::Int, std::int64_t{0}},
                   {"d", Type::Double, 1.5},
                   {"s", Type::String, std::string("on")},
                   {"b", Type::Bool, false}};
    const int count = 3 + pick(12);
    auto id = [](int i) { return "S" + std::to_string(i); };
    for (int i = 0; i < count; ++i) {
        State state;
        state.id = id(i);
        // A parent among the earlier compound-capable states (or the top).
        if (i > 1 && pick(3) != 0) {
            const int parent = pick(i);
            const StateKind kind = m.states[static_cast<std::size_t>(parent)].kind;
            if (kind == StateKind::State || kind == StateKind::Parallel)
                state.parent = id(parent);
        }
        const int kind = pick(14);
        state.kind = kind < 8    ? StateKind::State
                     : kind < 10 ? StateKind::Parallel
                     : kind < 12 ? StateKind::Final
                     : kind < 13 ? StateKind::ShallowHistory
                                 : StateKind::DeepHistory;
        if (state.parent.empty() &&
            (state.kind == StateKind::ShallowHistory || state.kind == StateKind::DeepHistory))
            state.kind = StateKind::State;
        if (pick(3) == 0)
            state.onEntry.push_back(assign("n", pick(2) ? "n + 1" : "n * 3 - 1"));
        if (pick(5) == 0)
            state.onEntry.push_back(raise(pick(2) ? "C" : "A"));
        if (pick(6) == 0)
            state.onExit.push_back(send("n * 2"));
        if (pick(8) == 0)
            state.onExit.push_back(logOf("s + \"!\""));
        m.states.push_back(state);
    }
    // Initial children: any non-history child.
    for (State& state : m.states) {
        std::vector<std::string> children;
        for (const State& child : m.states) {
            if (child.parent == state.id && child.kind != StateKind::ShallowHistory &&
                child.kind != StateKind::DeepHistory)
                children.push_back(child.id);
        }
        if (!children.empty() && state.kind == StateKind::State)
            state.initial =
                children[static_cast<std::size_t>(pick(static_cast<int>(children.size())))];
    }
    for (const State& state : m.states) {
        if (state.parent.empty() && state.kind != StateKind::ShallowHistory &&
            state.kind != StateKind::DeepHistory && state.kind != StateKind::Final) {
            m.initial = state.id;
            break;
        }
    }
    if (m.initial.empty())
        m.initial = m.states.front().id;
    const std::vector<std::string> events{
        "A", "A.x", "B", "C", "A.*", "*", "A B", "done.state.S1", "error.execution"};
    const std::vector<std::string> guards{"n < 3",           "n % 2 == 0",     "event.v > 1",
                                          "10 / n > 2",      "in(S2)",         "s == \"on\"",
                                          "d * 2.0 >= 3",    "!b || n > 4",    "event.s == \"off\"",
                                          "b && 1 / 0 == 1", "n + event.v < 5"};
    const int transitions = 2 + pick(14);
    for (int t = 0; t < transitions; ++t) {
        Transition transition;
        transition.id = "t" + std::to_string(t);
        transition.source = id(pick(count));
        for (int k = pick(3) == 0 ? 0 : 1 + pick(2) / 1; k > 0; --k)
            transition.targets.push_back(id(pick(count)));
        const int sort = pick(10);
        if (sort < 6)
            transition.event =
                events[static_cast<std::size_t>(pick(static_cast<int>(events.size())))];
        else if (sort < 8)
            transition.afterMs = 100 * (1 + pick(5));
        // else eventless: only with a guard, or it loops until the microstep cap
        if (sort >= 8 || pick(3) == 0)
            transition.guard.text =
                guards[static_cast<std::size_t>(pick(static_cast<int>(guards.size())))];
        if (sort >= 8 && transition.guard.text.empty())
            transition.guard.text = "n < 3";
        if (pick(4) == 0)
            transition.type = TransitionType::Internal;
        if (pick(3) == 0)
            transition.actions.push_back(assign(pick(2) ? "n" : "d", pick(2) ? "n + 1" : "d / 2"));
        if (pick(4) == 0)
            transition.actions.push_back(send(pick(2) ? "n" : "event.v"));
        if (pick(6) == 0)
            transition.actions.push_back(
                raise(pick(2) ? "B" : "A.x",
                      pick(3) == 0 ? std::optional<std::int64_t>(250) : std::nullopt));
        if (pick(8) == 0)
            transition.actions.push_back(assign("s", "s + \"x\""));
        if (pick(10) == 0)
            transition.actions.push_back(assign("b", "n")); // a type error, on purpose
        m.transitions.push_back(transition);
    }
    return m;
}

} // namespace

class TestGeneratedMachine : public QObject {
    Q_OBJECT
private slots:
    void everyExampleAndRandomMachinesStepAsSwivelDoes() {
        const DeviceCatalog catalog = randomCatalog();
        std::vector<std::pair<std::string, GeneratorOutput>> machines;
        for (const std::string& file : exampleFiles()) {
            const LoadResult load = loadMachineFile(file);
            QVERIFY2(load.machine, file.c_str());
            machines.emplace_back(file, AzureCppGenerator().generate({*load.machine, catalog}));
        }
        std::mt19937 random(20261129);
        int generated = 0;
        for (int attempt = 0; generated < kRandomMachines && attempt < 20 * kRandomMachines;
             ++attempt) {
            const Machine machine = randomMachine(random, attempt);
            if (!CompiledMachine::compile(machine))
                continue; // a structure compile() refuses (say, a final with children)
            machines.emplace_back(machine.name, AzureCppGenerator().generate({machine, catalog}));
            ++generated;
        }
        QCOMPARE(generated, kRandomMachines);
        for (const auto& [name, output] : machines)
            QVERIFY2(output.diagnostics.empty(), (name + ": " + describe(output)).c_str());

        const WalkRun run = runWalks(machines);
        QVERIFY2(run.compiled, run.output.c_str());
        qInfo("%s", run.summary.c_str());
        QVERIFY2(run.passed, run.output.c_str());
        // The walks did things, raised errors and fired timers: not a walk in place.
        QVERIFY2(run.stepsWithActions > 2000, run.summary.c_str());
        QVERIFY2(run.errorActions > 100, run.summary.c_str());
        QVERIFY2(run.timerSteps > 100, run.summary.c_str());
    }

private:
    static constexpr int kRandomMachines = 60;
};

QTEST_GUILESS_MAIN(TestGeneratedMachine)
#include "test_generated_machine.moc"
