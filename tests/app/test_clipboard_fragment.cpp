// Copy and paste through the clipboard format: what a fragment holds, fresh ids and a
// valid machine after pasting, the QMimeData round trip, and clipboard data that is
// broken or hostile (nothing pasted, no crash).

#include <QtTest>

#include <QMimeData>

#include <memory>
#include <random>
#include <set>

#include "commands/clipboard_fragment.h"
#include "commands/paste_elements.h"
#include "document_test_support.h"
#include "model/device_catalog.h"
#include "model/diagnostic_codes.h"
#include "model/validation.h"

using namespace swivel;
using commands::ClipboardFragment;
using commands::PasteElements;

namespace {

const std::string kExamples = SWIVEL_SOURCE_RESOURCES "/examples/";

// SW101 (duplicate id) and SW102 (dangling reference): what a paste must never add.
int structuralErrors(const model::Machine& machine) {
    int count = 0;
    for (const model::Diagnostic& d : model::validate(machine, model::DeviceCatalog::builtin()))
        if (d.code == model::codes::DuplicateId || d.code == model::codes::DanglingReference)
            ++count;
    return count;
}

std::set<std::string> allIds(const model::Machine& machine) {
    std::set<std::string> ids;
    for (const model::State& s : machine.states)
        ids.insert(s.id);
    for (const model::Transition& t : machine.transitions)
        ids.insert(t.id);
    return ids;
}

std::vector<std::string> ids(const std::vector<model::State>& states) {
    std::vector<std::string> result;
    for (const model::State& s : states)
        result.push_back(s.id);
    return result;
}

} // namespace

class TestClipboardFragment : public QObject {
    Q_OBJECT

private slots:
    void copyTakesDescendantsAndInnerTransitions() {
        const model::Machine machine = test::sampleMachine();
        const ClipboardFragment fragment =
            ClipboardFragment::copy(machine, {"Shooting", "Idle"}, {"motion", "powerOn"});
        const model::Machine& elements = fragment.elements();
        QCOMPARE(ids(elements.states),
                 (std::vector<std::string>{"Idle", "Shooting", "Swivel", "Focus"}));
        QCOMPARE(elements.states[0].parent, std::string()); // roots: top level
        QCOMPARE(elements.states[1].parent, std::string());
        QCOMPARE(elements.states[1].initial, std::string("Swivel"));
        std::vector<std::string> transitions;
        for (const model::Transition& t : elements.transitions)
            transitions.push_back(t.id);
        // powerOn leaves the fragment (from Off): not copied although selected. The
        // order is the file's: grouped by source.
        QCOMPARE(transitions, (std::vector<std::string>{"motion", "self", "moved", "focused"}));
        QCOMPARE(elements.layout.states.size(), std::size_t(4));
        QCOMPARE(elements.layout.transitions.size(), std::size_t(2)); // moved, self
        QVERIFY(elements.name.empty() && elements.variables.empty() && elements.initial.empty());
        QVERIFY(ClipboardFragment::copy(machine, {}, {"a"}).isEmpty());
    }

    void jsonRoundTrip() {
        const ClipboardFragment fragment =
            ClipboardFragment::copy(test::sampleMachine(), {"On", "Both"}, {});
        const auto back = ClipboardFragment::fromJson(fragment.toJson());
        QVERIFY(back.has_value());
        QCOMPARE(back->elements(), fragment.elements());
    }

    void mimeDataRoundTrip() {
        const ClipboardFragment fragment =
            ClipboardFragment::copy(test::sampleMachine(), {"Both"}, {});
        const std::unique_ptr<QMimeData> mime(fragment.toMimeData());
        QCOMPARE(QString::fromLatin1(ClipboardFragment::kMimeType),
                 QStringLiteral("application/x-swivel-fragment+json"));
        QVERIFY(mime->hasFormat(QStringLiteral("application/x-swivel-fragment+json")));
        QVERIFY(mime->hasText());
        const auto back = ClipboardFragment::fromMimeData(mime.get());
        QVERIFY(back.has_value());
        QCOMPARE(back->elements(), fragment.elements());

        // Plain text, even the same JSON, is not a fragment: only our type is pasted.
        QMimeData text;
        text.setText(QString::fromStdString(fragment.toJson()));
        QVERIFY(!ClipboardFragment::fromMimeData(&text));
        QVERIFY(!ClipboardFragment::fromMimeData(nullptr));
    }

    void pasteGivesFreshIdsAndAValidMachine() {
        document::Document document;
        model::LoadResult camera =
            model::loadMachineFile(kExamples + "camera-point-focus-shoot.swivel.json");
        QVERIFY(camera.machine);
        document.reset(*camera.machine, {});
        const int errorsBefore = structuralErrors(document.machine());
        const std::set<std::string> before = allIds(document.machine());

        const ClipboardFragment fragment =
            ClipboardFragment::copy(document.machine(), {"Shooting", "Off"}, {});
        QVERIFY(!fragment.isEmpty());
        for (int round = 0; round < 3; ++round) {
            const model::Machine start = document.machine();
            auto* paste = new PasteElements(&document, fragment, {}, {40, 40});
            QCOMPARE(test::pushUndoRedo(document, paste, "Paste"), QString());
            QCOMPARE(paste->stateIds().size(), std::size_t(5)); // Shooting, 3 children, Off
            for (const std::string& id : paste->stateIds())
                QVERIFY2(before.count(id) == 0 && start.findState(id) == nullptr, id.c_str());
            for (const std::string& id : paste->transitionIds())
                QVERIFY2(allIds(start).count(id) == 0, id.c_str());
            // Transitions among Shooting's children and Off's self-loop come along.
            QVERIFY(paste->transitionIds().size() >= 5);
            QCOMPARE(structuralErrors(document.machine()), errorsBefore);
        }
        // Every reference of a pasted transition points to a pasted state.
        const model::Machine& m = document.machine();
        const model::Transition& last = m.transitions.back();
        QVERIFY(m.findState(last.source));
        for (const std::string& target : last.targets)
            QVERIFY(m.findState(target));
    }

    void pasteMovesTheLayout() {
        document::Document document;
        document.reset(test::sampleMachine(), {});
        const ClipboardFragment fragment =
            ClipboardFragment::copy(document.machine(), {"Shooting"}, {});
        auto* paste = new PasteElements(&document, fragment, {}, {100, -20}, "Duplicate");
        QCOMPARE(test::pushUndoRedo(document, paste, "Duplicate"), QString());
        const model::Layout& layout = document.machine().layout;
        QCOMPARE(layout.states.at("Shooting2"), (model::Rect{450, 20, 300, 200}));
        QCOMPARE(layout.states.at("Swivel2"), (model::Rect{470, 60, 100, 50}));
        QCOMPARE(layout.transitions.at("moved2").route[0], (model::Point{580, 80}));
        QCOMPARE(*layout.transitions.at("moved2").label, (model::Point{580, 70}));
        // Document order: the pasted block follows the top-level states.
        QCOMPARE(document.machine().states[14].id, std::string("Shooting2"));
        QCOMPARE(document.machine().findState("Shooting2")->initial, std::string("Swivel2"));
    }

    void pasteIntoAnotherDocumentKeepsFreeIds() {
        const ClipboardFragment fragment =
            ClipboardFragment::copy(test::sampleMachine(), {"Shooting"}, {});
        document::Document other;
        other.reset(model::Machine{}, {});
        auto* paste = new PasteElements(&other, *ClipboardFragment::fromJson(fragment.toJson()));
        QCOMPARE(test::pushUndoRedo(other, paste, "Paste"), QString());
        QCOMPARE(paste->stateIds(), (std::vector<std::string>{"Shooting", "Swivel", "Focus"}));
        QCOMPARE(other.machine().initial, std::string("Shooting")); // its first state
        QCOMPARE(structuralErrors(other.machine()), 0);
    }

    void pasteIntoAState() {
        document::Document document;
        document.reset(test::sampleMachine(), {});
        const ClipboardFragment fragment =
            ClipboardFragment::copy(document.machine(), {"Idle", "Focus"}, {});
        test::Announced announced;
        auto* paste = new PasteElements(&document, fragment, "Off");
        QCOMPARE(test::pushUndoRedo(document, paste, "Paste", &announced), QString());
        const model::Machine& m = document.machine();
        QCOMPARE(m.findState("Idle2")->parent, std::string("Off"));
        QCOMPARE(m.findState("Focus2")->parent, std::string("Off"));
        QCOMPARE(m.findState("Off")->initial, std::string("Idle2"));
        QCOMPARE(m.states[1].id, std::string("Idle2")); // right after Off
        QCOMPARE(announced.pushed,
                 (test::Kinds{test::Kind::StatesAdded, test::Kind::TransitionsAdded,
                              test::Kind::StatesChanged}));
        // Not into a final state, nor with nothing to paste.
        const int count = document.undoStack()->count();
        document.undoStack()->push(new PasteElements(&document, fragment, "Done"));
        QCOMPARE(document.undoStack()->count(), count);
    }

    void garbageIsIgnored_data() {
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("text") << QByteArray("hello, world");
        QTest::newRow("number") << QByteArray("42");
        QTest::newRow("array") << QByteArray("[1, 2, 3]");
        QTest::newRow("empty object") << QByteArray("{}");
        QTest::newRow("only format") << QByteArray(R"({"format": 1})");
        QTest::newRow("future format") << QByteArray(R"({"format": 99, "states": [{"id": "A"}]})");
        QTest::newRow("states not a list") << QByteArray(R"({"format": 1, "states": "A"})");
        QTest::newRow("states without ids")
            << QByteArray(R"({"format": 1, "states": [{}, {"id": 3}, {"id": ""}, null]})");
        QTest::newRow("only transitions")
            << QByteArray(R"({"format": 1, "transitions": [{"id": "t", "source": "A"}]})");
        QTest::newRow("truncated") << QByteArray(R"({"format": 1, "states": [{"id": "A")");
        QTest::newRow("invalid utf-8")
            << QByteArray("{\"format\": 1, \"states\": [{\"id\": \"\xff\xfe\"}]}");
        QTest::newRow("deep nesting") << QByteArray(100000, '[');
        QTest::newRow("nul bytes") << QByteArray("{\"format\": 1,\0\0\0}", 17);
    }

    void garbageIsIgnored() {
        QFETCH(QByteArray, data);
        QMimeData mime;
        mime.setData(QString::fromLatin1(ClipboardFragment::kMimeType), data);
        QVERIFY(!ClipboardFragment::fromMimeData(&mime));
    }

    void brokenFragmentsAreRepaired() {
        // Usable parts of a broken fragment paste as a well-formed piece.
        const char* text = R"({"format": 1,
            "states": [
              {"id": "A", "parent": "B"}, {"id": "B", "parent": "A"},
              {"id": "C", "parent": "Elsewhere", "initial": "Nobody"},
              {"id": "C", "kind": "final"},
              {"id": "D", "parent": "C", "kind": "flying"}],
            "transitions": [
              {"id": "t1", "source": "A", "targets": ["B"]},
              {"id": "t1", "source": "B", "targets": ["A"]},
              {"id": "out", "source": "A", "targets": ["Elsewhere"]},
              {"id": "x", "source": "Elsewhere"},
              {"id": "ok", "source": "D", "targets": ["C", "A"]}],
            "layout": {"states": {"A": {"x": 1e300, "y": 0, "width": 1, "height": 1},
                                  "B": {"x": 5, "y": 6, "width": 7, "height": 8},
                                  "Z": {"x": 0, "y": 0, "width": 1, "height": 1}}}})";
        const auto fragment = ClipboardFragment::fromJson(text);
        QVERIFY(fragment.has_value());
        const model::Machine& elements = fragment->elements();
        QCOMPARE(ids(elements.states), (std::vector<std::string>{"A", "B", "C", "D"}));
        QCOMPARE(elements.states[0].parent, std::string()); // the cycle is cut
        QCOMPARE(elements.states[1].parent, std::string("A"));
        QCOMPARE(elements.states[2].parent, std::string());
        QCOMPARE(elements.states[2].initial, std::string());
        QCOMPARE(elements.transitions.size(), std::size_t(2));   // t1 (first), ok
        QCOMPARE(elements.layout.states.size(), std::size_t(1)); // B only
        document::Document document;
        document.reset(test::sampleMachine(), {});
        const int errors = structuralErrors(document.machine());
        QCOMPARE(test::pushUndoRedo(document, new PasteElements(&document, *fragment), "Paste"),
                 QString());
        QCOMPARE(structuralErrors(document.machine()), errors);
        for (const model::State& s : document.machine().states)
            QVERIFY(s.parent.empty() || document.machine().findState(s.parent));
    }

    void randomBytesNeverCrash() {
        const std::string valid =
            ClipboardFragment::copy(test::sampleMachine(), {"On", "Both"}, {}).toJson();
        std::mt19937 random(7);
        document::Document document;
        document.reset(test::sampleMachine(), {});
        int pasted = 0;
        for (int round = 0; round < 300; ++round) {
            std::string text = valid;
            // Flip, drop or duplicate a few bytes of a valid fragment.
            for (int edits = 1 + static_cast<int>(random() % 4); edits > 0; --edits) {
                const std::size_t at = random() % text.size();
                switch (random() % 3) {
                case 0:
                    text[at] = static_cast<char>(random() % 256);
                    break;
                case 1:
                    text.erase(at, 1 + random() % 20);
                    break;
                default:
                    text.insert(at, text.substr(at, 1 + random() % 20));
                    break;
                }
                if (text.empty())
                    text = "{";
            }
            const auto fragment = ClipboardFragment::fromJson(text);
            if (!fragment)
                continue;
            const int errors = structuralErrors(document.machine());
            document.undoStack()->push(new PasteElements(&document, *fragment, {}, {1, 1}));
            QCOMPARE(structuralErrors(document.machine()), errors);
            ++pasted;
        }
        QVERIFY(pasted > 0);
        while (document.undoStack()->canUndo())
            document.undoStack()->undo();
        QCOMPARE(test::difference(test::sampleMachine(), document.machine()), QString());
    }
};

QTEST_GUILESS_MAIN(TestClipboardFragment)
#include "test_clipboard_fragment.moc"
