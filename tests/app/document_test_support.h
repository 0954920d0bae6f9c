#pragma once
// Shared by the document and command tests: a sample machine that has every kind of
// state, nesting two levels deep, a parallel state and a layout; and pushUndoRedo(),
// which pushes a real command and checks the model before, after, after undo and
// after redo.

#include <QSignalSpy>
#include <QString>
#include <QUndoStack>

#include <sstream>
#include <string>
#include <vector>

#include "document/change.h"
#include "document/document.h"
#include "model/machine_file.h"

Q_DECLARE_METATYPE(swivel::document::Change)

namespace test {

namespace model = swivel::model;
namespace document = swivel::document;
using Kind = document::Change::Kind;
using Kinds = std::vector<Kind>;

inline model::State state(const std::string& id, const std::string& parent = {},
                          model::StateKind kind = model::StateKind::State,
                          const std::string& initial = {}) {
    model::State s;
    s.id = id;
    s.parent = parent;
    s.kind = kind;
    s.initial = initial;
    return s;
}

inline model::Transition transition(const std::string& id, const std::string& source,
                                    std::vector<std::string> targets,
                                    const std::string& event = {}) {
    model::Transition t;
    t.id = id;
    t.source = source;
    t.targets = std::move(targets);
    t.event = event;
    return t;
}

inline model::Action logAction(const std::string& label, const std::string& expr) {
    model::Action action;
    action.kind = model::ActionKind::Log;
    action.label = label;
    action.expr.text = expr;
    return action;
}

// Off -> On{Idle, Shooting{Swivel, Focus}, History} ; Both||{RegionA{A1, A2}, RegionB{B1}};
// Done (final). Every state has a rect nested in its parent's; some transitions have
// routes and labels.
inline model::Machine sampleMachine() {
    using K = model::StateKind;
    model::Machine m;
    m.name = "Sample";
    m.deviceType = "canon-eos-rebel";
    m.description = "a machine for the command tests";
    m.initial = "Off";
    m.variables = {{"count", model::Type::Int, std::int64_t{0}},
                   {"label", model::Type::String, std::string("x")}};
    m.states = {state("Off"),
                state("On", "", K::State, "Idle"),
                state("Idle", "On"),
                state("Shooting", "On", K::State, "Swivel"),
                state("Swivel", "Shooting"),
                state("Focus", "Shooting"),
                state("History", "On", K::DeepHistory),
                state("Both", "", K::Parallel),
                state("RegionA", "Both", K::State, "A1"),
                state("A1", "RegionA"),
                state("A2", "RegionA"),
                state("RegionB", "Both", K::State, "B1"),
                state("B1", "RegionB"),
                state("Done", "", K::Final)};
    m.states[0].onEntry = {logAction("power", "\"off\"")};
    m.states[2].description = "waiting";
    m.transitions = {transition("powerOn", "Off", {"On"}, "PowerUp"),
                     transition("motion", "Idle", {"Swivel"}, "Motion"),
                     transition("moved", "Swivel", {"Focus"}, "MoveDone"),
                     transition("focused", "Focus", {"Idle"}, "FocusDone"),
                     transition("powerOff", "On", {"Off"}, "PowerMode"),
                     transition("a", "A1", {"A2"}, "Motion"),
                     transition("toBoth", "Idle", {"Both"}, "NewIMG"),
                     transition("finish", "Both", {"Done"}, "StorageWarning"),
                     transition("self", "Idle", {}, "FocusWarning")};
    m.transitions[1].guard.text = "in(Idle)";
    m.transitions[1].actions = {logAction("go", "1")};
    m.transitions[8].type = model::TransitionType::Internal;
    m.layout.states = {{"Off", {0, 0, 100, 50}},         {"On", {200, 0, 500, 300}},
                       {"Idle", {220, 40, 100, 50}},     {"Shooting", {350, 40, 300, 200}},
                       {"Swivel", {370, 80, 100, 50}},   {"Focus", {500, 80, 100, 50}},
                       {"History", {220, 200, 30, 30}},  {"Both", {0, 400, 400, 300}},
                       {"RegionA", {10, 430, 380, 120}}, {"A1", {20, 460, 100, 50}},
                       {"A2", {200, 460, 100, 50}},      {"RegionB", {10, 560, 380, 120}},
                       {"B1", {20, 590, 100, 50}},       {"Done", {600, 500, 30, 30}}};
    m.layout.transitions = {{"powerOn", {{{150, 25}}, model::Point{150, 10}}},
                            {"moved", {{{480, 100}}, model::Point{480, 90}}},
                            {"a", {{{150, 480}, {160, 490}}, model::Point{160, 470}}},
                            {"self", {{{330, 30}, {340, 40}}, std::nullopt}}};
    return m;
}

inline std::string describe(const model::Machine& machine) {
    std::ostringstream out;
    out << model::saveMachine(machine) << "order:";
    for (const model::State& s : machine.states)
        out << ' ' << s.id;
    out << " | transitions:";
    for (const model::Transition& t : machine.transitions)
        out << ' ' << t.id;
    return out.str();
}

// Where two machines differ, briefly; "" when they are equal.
inline QString difference(const model::Machine& expected, const model::Machine& actual) {
    if (expected == actual)
        return {};
    const std::string a = describe(expected);
    const std::string b = describe(actual);
    if (a == b)
        return QStringLiteral("machines differ in a way the file does not show (exact layout?)");
    std::size_t at = 0;
    while (at < a.size() && at < b.size() && a[at] == b[at])
        ++at;
    const std::size_t from = at > 80 ? at - 80 : 0;
    return QStringLiteral("expected ...%1\n     got ...%2")
        .arg(QString::fromStdString(a.substr(from, 200)),
             QString::fromStdString(b.substr(from, 200)));
}

// Records the kinds of changes a document announces.
class ChangeRecorder {
public:
    explicit ChangeRecorder(document::Document& document)
        : m_spy(&document, &document::Document::changed) {}
    // The kinds announced since the last take(), in order.
    Kinds take() {
        Kinds kinds;
        for (const QList<QVariant>& arguments : m_spy)
            kinds.push_back(qvariant_cast<document::Change>(arguments.at(0)).kind);
        m_spy.clear();
        return kinds;
    }
    // The changes themselves.
    std::vector<document::Change> takeChanges() {
        std::vector<document::Change> changes;
        for (const QList<QVariant>& arguments : m_spy)
            changes.push_back(qvariant_cast<document::Change>(arguments.at(0)));
        m_spy.clear();
        return changes;
    }

private:
    QSignalSpy m_spy;
};

struct Announced {
    Kinds pushed;
    Kinds undone;
    Kinds redone;
};

// Pushes `command` and checks: the model changed, the stack grew by one step named
// `text`, undo gives back the model from before and redo the one from after (exactly,
// with ==). Returns "" or what went wrong; the kinds announced go to `announced`.
inline QString pushUndoRedo(document::Document& document, QUndoCommand* command,
                            const QString& text, Announced* announced = nullptr) {
    ChangeRecorder recorder(document);
    QUndoStack& stack = *document.undoStack();
    const model::Machine before = document.machine();
    const int count = stack.count();
    stack.push(command); // the stack owns it now (or deleted it)
    const model::Machine after = document.machine();
    Announced kinds;
    kinds.pushed = recorder.take();
    if (after == before)
        return QStringLiteral("the command did not change the model");
    if (stack.count() != count + 1)
        return QStringLiteral("the stack has %1 commands, expected %2")
            .arg(stack.count())
            .arg(count + 1);
    if (stack.undoText() != text)
        return QStringLiteral("the command is named '%1', expected '%2'")
            .arg(stack.undoText(), text);
    stack.undo();
    kinds.undone = recorder.take();
    if (const QString diff = difference(before, document.machine()); !diff.isEmpty())
        return QStringLiteral("after undo: ") + diff;
    stack.redo();
    kinds.redone = recorder.take();
    if (const QString diff = difference(after, document.machine()); !diff.isEmpty())
        return QStringLiteral("after redo: ") + diff;
    // Undo and redo once more: a command must survive many rounds.
    stack.undo();
    if (const QString diff = difference(before, document.machine()); !diff.isEmpty())
        return QStringLiteral("after the second undo: ") + diff;
    stack.redo();
    if (const QString diff = difference(after, document.machine()); !diff.isEmpty())
        return QStringLiteral("after the second redo: ") + diff;
    recorder.take();
    if (kinds.pushed.empty() || kinds.undone.empty() || kinds.redone.empty())
        return QStringLiteral("a change was not announced");
    if (announced != nullptr)
        *announced = kinds;
    return {};
}

} // namespace test

namespace QTest {
// Readable kinds in QCOMPARE failures.
template <> inline char* toString(const test::Kinds& kinds) {
    static const char* names[] = {
        "Reset",         "MachineProperties", "StatesAdded",        "StatesRemoved",
        "StatesChanged", "TransitionsAdded",  "TransitionsRemoved", "TransitionsChanged",
        "LayoutChanged", "StateRenamed"};
    QByteArray text = "{";
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        text += i == 0 ? "" : ", ";
        text += names[static_cast<int>(kinds[i])];
    }
    text += "}";
    return qstrdup(text.constData());
}
} // namespace QTest
