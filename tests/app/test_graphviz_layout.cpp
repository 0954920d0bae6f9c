// The automatic layout: every state gets a rect, children lie inside their parent,
// siblings never overlap, and transitions get routes and labels.

#include <QtTest>

#include <tuple>

#include <QDir>
#include <QRectF>

#include "canvas/element_metrics.h"
#include "canvas/graphviz_layout.h"
#include "model/machine_file.h"

using namespace swivel;

namespace {

swivel::model::State makeState(const std::string& id, const std::string& parent = {},
                               swivel::model::StateKind kind = swivel::model::StateKind::State,
                               const std::string& initial = {}) {
    swivel::model::State state;
    state.id = id;
    state.parent = parent;
    state.kind = kind;
    state.initial = initial;
    return state;
}

swivel::model::Transition makeTransition(const std::string& id, const std::string& source,
                                         std::vector<std::string> targets,
                                         const std::string& event) {
    swivel::model::Transition transition;
    transition.id = id;
    transition.source = source;
    transition.targets = std::move(targets);
    transition.event = event;
    return transition;
}

QRectF rectOf(const model::Layout& layout, const std::string& id) {
    const model::Rect& r = layout.states.at(id);
    return {r.x, r.y, r.width, r.height};
}

// Checks the layout invariants; returns an empty string or what is wrong.
QString checkLayout(const model::Machine& machine, const model::Layout& layout) {
    for (const model::State& state : machine.states) {
        if (!layout.states.count(state.id))
            return QStringLiteral("no rect for %1").arg(QString::fromStdString(state.id));
        const QRectF rect = rectOf(layout, state.id);
        if (rect.width() <= 0 || rect.height() <= 0)
            return QStringLiteral("empty rect for %1").arg(QString::fromStdString(state.id));
        if (!state.parent.empty() && machine.findState(state.parent)) {
            const QRectF parent = rectOf(layout, state.parent);
            if (!parent.adjusted(-0.01, -0.01, 0.01, 0.01).contains(rect))
                return QStringLiteral("%1 lies outside its parent %2")
                    .arg(QString::fromStdString(state.id), QString::fromStdString(state.parent));
        }
        for (const model::State& other : machine.states) {
            if (&other == &state || other.parent != state.parent)
                continue;
            const QRectF overlap = rect.intersected(rectOf(layout, other.id));
            if (overlap.width() > 0.01 && overlap.height() > 0.01)
                return QStringLiteral("siblings %1 and %2 overlap")
                    .arg(QString::fromStdString(state.id), QString::fromStdString(other.id));
        }
    }
    return {};
}

model::Machine parallelMachine() {
    using model::StateKind;
    model::Machine machine;
    machine.initial = "Idle";
    machine.states = {
        makeState("Idle"),
        makeState("Work", "", StateKind::Parallel),
        makeState("Left", "Work", StateKind::State, "L1"),
        makeState("L1", "Left"),
        makeState("L2", "Left"),
        makeState("LH", "Left", StateKind::DeepHistory),
        makeState("Right", "Work", StateKind::State, "R1"),
        makeState("R1", "Right"),
        makeState("RDone", "Right", StateKind::Final),
        makeState("Done", "", StateKind::Final),
    };
    model::Action log;
    log.kind = model::ActionKind::Log;
    log.label = "idle";
    machine.states[0].onEntry = {log};
    machine.transitions = {
        makeTransition("go", "Idle", {"Work"}, "Go"),
        makeTransition("l", "L1", {"L2"}, "Next"),
        makeTransition("self", "L2", {"L2"}, "Again"),
        makeTransition("r", "R1", {"RDone"}, "Finish"),
        makeTransition("loop", "Work", {"Work"}, "Reset"),
        makeTransition("stay", "Work", {}, "Ping"),
        makeTransition("end", "Work", {"Done"}, "done.state.Work"),
        makeTransition("back", "Done", {"LH"}, "Resume"),
    };
    model::Action pong;
    pong.kind = model::ActionKind::Send;
    pong.name = "Pong";
    machine.transitions[5].actions = {pong};
    return machine;
}

} // namespace

class TestGraphvizLayout : public QObject {
    Q_OBJECT
private slots:
    void examples() {
        const QDir dir(QStringLiteral(SWIVEL_SOURCE_RESOURCES "/examples"));
        const QStringList files = dir.entryList({QStringLiteral("*.swivel.json")}, QDir::Files);
        QVERIFY(!files.isEmpty());
        const canvas::ElementMetrics metrics;
        for (const QString& name : files) {
            const auto loaded = model::loadMachineFile(dir.filePath(name).toStdString());
            QVERIFY2(loaded.machine, qPrintable(name));
            const model::Machine& machine = *loaded.machine;
            const model::Layout layout = canvas::graphvizLayout(machine, metrics);
            const QString problem = checkLayout(machine, layout);
            QVERIFY2(problem.isEmpty(), qPrintable(name + ": " + problem));
            for (const model::Transition& transition : machine.transitions) {
                QVERIFY2(layout.transitions.count(transition.id),
                         qPrintable(name + ": " + QString::fromStdString(transition.id)));
                const model::EdgeLayout& edge = layout.transitions.at(transition.id);
                QVERIFY(edge.label.has_value() || !edge.route.empty());
                if (!transition.targets.empty())
                    QVERIFY2(edge.route.size() >= 4 && (edge.route.size() - 1) % 3 == 0,
                             qPrintable(QString::fromStdString(transition.id)));
            }
        }
    }

    void parallelHistoryFinalAndLoops() {
        const model::Machine machine = parallelMachine();
        const model::Layout layout = canvas::graphvizLayout(machine, canvas::ElementMetrics());
        const QString problem = checkLayout(machine, layout);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // The regions of a parallel state tile it: side by side with equal heights
        // (or stacked with equal widths), touching at the line between them.
        const QRectF left = rectOf(layout, "Left"), right = rectOf(layout, "Right");
        const bool columns = qFuzzyCompare(left.top(), right.top()) &&
                             qFuzzyCompare(left.height(), right.height()) &&
                             (qFuzzyCompare(left.right(), right.left()) ||
                              qFuzzyCompare(right.right(), left.left()));
        const bool rows = qFuzzyCompare(left.left(), right.left()) &&
                          qFuzzyCompare(left.width(), right.width()) &&
                          (qFuzzyCompare(left.bottom(), right.top()) ||
                           qFuzzyCompare(right.bottom(), left.top()));
        QVERIFY(columns || rows);
        // The drawing starts at the origin, y pointing down, and flows from the
        // initial state: Idle lies above Work, Work above Done.
        QVERIFY(rectOf(layout, "Idle").bottom() <= rectOf(layout, "Work").top());
        QVERIFY(rectOf(layout, "Work").bottom() <= rectOf(layout, "Done").top());
        for (const auto& [id, rect] : layout.states) {
            QVERIFY(rect.x >= -0.01);
            QVERIFY(rect.y >= -0.01);
        }
        QVERIFY(!layout.transitions.at("loop").route.empty());
        QVERIFY(layout.transitions.at("stay").route.empty());
        QVERIFY(layout.transitions.at("stay").label.has_value());
        QVERIFY(rectOf(layout, "Work").contains(
            QPointF(layout.transitions.at("stay").label->x, layout.transitions.at("stay").label->y)));
    }

    // Past 400 states and transitions dot's effort is bounded and edges are straight;
    // the drawing still keeps every invariant and every transition gets its route.
    void bigMachinesAreStillLaidOutByGraphviz() {
        model::Machine machine;
        machine.name = "big";
        for (int g = 0; g < 40; ++g) {
            const std::string group = "G" + std::to_string(g);
            machine.states.push_back(makeState(group, "", model::StateKind::State, group + "a"));
            for (const char* child : {"a", "b", "c"})
                machine.states.push_back(makeState(group + child, group));
        }
        machine.initial = "G0";
        for (int g = 0; g < 40; ++g) {
            const std::string group = "G" + std::to_string(g);
            const std::string next = "G" + std::to_string((g + 1) % 40);
            const std::string id = "t" + std::to_string(g);
            for (const auto& [suffix, from, to] :
                 {std::tuple{"ab", "a", "b"}, std::tuple{"bc", "b", "c"},
                  std::tuple{"ca", "c", "a"}, std::tuple{"next", "c", ""}}) {
                const std::string target = *to ? group + to : next;
                machine.transitions.push_back(
                    makeTransition(id + suffix, group + from, {target}, "Ev" + std::string(suffix)));
            }
            for (int k = 0; k < 3; ++k)
                machine.transitions.push_back(makeTransition(
                    id + "x" + std::to_string(k), group + "a",
                    {"G" + std::to_string((g * 7 + k * 13 + 3) % 40) + "b"}, "Jump"));
        }
        QVERIFY(machine.states.size() + machine.transitions.size() > 400);
        const model::Layout layout = canvas::graphvizLayout(machine, canvas::ElementMetrics());
        const QString problem = checkLayout(machine, layout);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        for (const model::Transition& t : machine.transitions)
            QVERIFY2(!layout.transitions.at(t.id).route.empty(), t.id.c_str());
    }

    void nodesAreAsLargeAsTheirText() {
        const model::Machine machine = parallelMachine();
        const canvas::ElementMetrics metrics;
        const model::Layout layout = canvas::graphvizLayout(machine, metrics);
        const QSizeF idle = metrics.nodeSize(machine, *machine.findState("Idle"));
        QVERIFY(qAbs(rectOf(layout, "Idle").width() - idle.width()) < 1.0);
        QVERIFY(qAbs(rectOf(layout, "Idle").height() - idle.height()) < 1.0);
    }

    void brokenMachinesStillGetRects() {
        model::Machine machine;
        machine.states = {makeState("A", "B"), makeState("B", "A"), makeState("C", "Nowhere")};
        machine.transitions = {makeTransition("t", "A", {"Gone"}, "E")};
        const model::Layout layout = canvas::graphvizLayout(machine, canvas::ElementMetrics());
        for (const char* id : {"A", "B", "C"})
            QVERIFY(layout.states.count(id));
    }

    void deepNestingIsBounded() {
        model::Machine machine;
        machine.initial = "s0";
        for (int i = 0; i < 300; ++i) {
            model::State state;
            state.id = "s" + std::to_string(i);
            if (i > 0)
                state.parent = "s" + std::to_string(i - 1);
            if (i < 299)
                state.initial = "s" + std::to_string(i + 1);
            machine.states.push_back(state);
        }
        const model::Layout layout = canvas::graphvizLayout(machine, canvas::ElementMetrics());
        QCOMPARE(layout.states.size(), std::size_t(300));
    }
};

QTEST_MAIN(TestGraphvizLayout)
#include "test_graphviz_layout.moc"
