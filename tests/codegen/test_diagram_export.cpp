// DOT and Mermaid exports: nested and parallel states included, every transition
// drawn, and names that would break the syntax escaped.
#include <QtTest>

#include "codegen/dot_generator.h"
#include "codegen/mermaid_generator.h"

using namespace swivel;
using model::Machine;
using model::State;
using model::StateKind;
using model::Transition;

namespace {

Machine nestedMachine() {
    Machine m;
    m.name = "nested";
    m.initial = "Idle";
    auto state = [&](std::string id, std::string parent = {}, StateKind kind = StateKind::State,
                     std::string initial = {}) {
        State s;
        s.id = std::move(id);
        s.parent = std::move(parent);
        s.kind = kind;
        s.initial = std::move(initial);
        m.states.push_back(s);
    };
    state("Idle");
    state("Busy", "", StateKind::State, "Swivel");
    state("Swivel", "Busy");
    state("Focus", "Busy");
    state("Hist", "Busy", StateKind::DeepHistory);
    state("Both", "", StateKind::Parallel);
    state("Left", "Both");
    state("Right", "Both");
    state("Done", "", StateKind::Final);
    auto transition = [&](std::string id, std::string source, std::string target,
                          std::string event) {
        Transition t;
        t.id = std::move(id);
        t.source = std::move(source);
        if (!target.empty())
            t.targets = {std::move(target)};
        t.event = std::move(event);
        m.transitions.push_back(t);
    };
    transition("t1", "Idle", "Busy", "Motion");
    transition("t2", "Swivel", "Focus", "MoveDone");
    transition("t3", "Busy", "Both", "Split");
    transition("t4", "Both", "Done", "Stop");
    transition("t5", "Focus", "", "Tick");
    m.transitions[0].guard.text = "event.Bearing > \"a;b#c\"";
    return m;
}

bool graphvizAccepts(const std::string& dot) {
    QProcess process;
    process.start("dot", {"-Tsvg", "-o", "/dev/null"});
    if (!process.waitForStarted())
        return false;
    process.write(QByteArray::fromStdString(dot));
    process.closeWriteChannel();
    process.waitForFinished();
    if (process.exitCode() != 0)
        qWarning() << process.readAllStandardError();
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

} // namespace

class TestDiagramExport : public QObject {
    Q_OBJECT
private slots:
    void dotHasClustersForCompoundAndParallelStates() {
        const std::string dot = codegen::toDot(nestedMachine());
        QVERIFY(dot.find("subgraph \"cluster_Busy\"") != std::string::npos);
        QVERIFY(dot.find("subgraph \"cluster_Both\"") != std::string::npos);
        QVERIFY(dot.find("\"Done\" [shape=doublecircle") != std::string::npos);
        QVERIFY(dot.find("label=\"H*\"") != std::string::npos);
        // An edge into a compound state ends at the cluster border.
        QVERIFY(dot.find("\"Idle\" -> \"__anchor_Busy\" [label=\"Motion [event.Bearing > \\\"a;b#c\\\"]\", "
                         "lhead=\"cluster_Busy\"]") != std::string::npos);
    }

    void graphvizParsesTheDot() { QVERIFY(graphvizAccepts(codegen::toDot(nestedMachine()))); }

    void hostileNamesStayInsideDotStrings() {
        Machine m = nestedMachine();
        m.name = "evil\" ]; digraph x { \\";
        m.states[0].id = "Id\"le\\";
        m.initial = m.states[0].id;
        m.transitions[0].source = m.states[0].id;
        QVERIFY(graphvizAccepts(codegen::toDot(m)));
    }

    void mermaidNestsAndSeparatesRegions() {
        const std::string text = codegen::toMermaid(nestedMachine());
        QVERIFY(text.rfind("stateDiagram-v2\n", 0) == 0);
        QVERIFY(text.find("    [*] --> Idle\n") != std::string::npos);
        QVERIFY(text.find("    state Busy {\n        [*] --> Swivel\n") != std::string::npos);
        QVERIFY(text.find("    state Both {\n        Left\n        --\n        Right\n    }\n") !=
                std::string::npos);
        QVERIFY(text.find("    Done --> [*]\n") != std::string::npos);
        QVERIFY(text.find("    Focus --> Focus : Tick\n") != std::string::npos);
        // ';', '#' and ':' would end or comment the Mermaid line.
        QVERIFY(text.find("Idle --> Busy : Motion [event.Bearing > #quot;a#59;b#35;c#quot;]") !=
                std::string::npos);
    }

    void mermaidIdsAreSanitisedAndUnique() {
        Machine m = nestedMachine();
        m.states[0].id = "Idle-1";
        m.states[2].id = "Idle.1";
        m.initial = "Idle-1";
        m.transitions[0].source = "Idle-1";
        m.states[1].initial = "Idle.1";
        m.states[3].parent = "Busy";
        m.transitions[1].source = "Idle.1";
        const std::string text = codegen::toMermaid(m);
        QVERIFY(text.find("state \"Idle-1\" as Idle_1\n") != std::string::npos);
        QVERIFY(text.find("state \"Idle.1\" as Idle_1_2\n") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestDiagramExport)
#include "test_diagram_export.moc"
