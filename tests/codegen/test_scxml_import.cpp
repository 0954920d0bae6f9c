// SCXML import of documents Swivel did not write: every construct of the list
// maps to the machine it means, and everything Swivel cannot represent is a
// diagnostic at its line and column, never dropped in silence.
#include <QtTest>

#include "codegen/scxml_codes.h"
#include "codegen/scxml_expression.h"
#include "codegen/scxml_import.h"
#include "model/semantics.h"

using namespace swivel;
using codegen::importScxml;
using codegen::ScxmlImport;
using model::ActionKind;
using model::Machine;
using model::StateKind;
namespace codes = codegen::scxml_codes;

namespace {

std::string scxml(const std::string& body, const std::string& rootAttributes = {}) {
    return "<scxml xmlns=\"http://www.w3.org/2005/07/scxml\" version=\"1.0\"" + rootAttributes +
           ">\n" + body + "</scxml>\n";
}

// Line and column (1-based) of the first occurrence of `marker` in `text`, plus `shift`.
std::pair<int, int> at(const std::string& text, const std::string& marker, int shift = 0) {
    const std::size_t offset = text.find(marker);
    if (offset == std::string::npos)
        throw std::runtime_error("marker not found: " + marker);
    const std::size_t target = offset + static_cast<std::size_t>(shift);
    int line = 1;
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < target; ++i)
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    return {line, static_cast<int>(target - lineStart + 1)};
}

std::string describe(const std::vector<model::Diagnostic>& diagnostics) {
    std::string out;
    for (const auto& d : diagnostics)
        out += std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
               std::string(severityName(d.severity)) + ": " + d.code + ": " + d.message + "\n";
    return out;
}

// The import of `text` with no diagnostics at all.
Machine clean(const std::string& text) {
    const ScxmlImport result = importScxml(text);
    if (!result.machine || !result.diagnostics.empty())
        throw std::runtime_error("unexpected diagnostics:\n" + describe(result.diagnostics));
    return *result.machine;
}

// Exactly one diagnostic with `code` at `where`.
bool reported(const ScxmlImport& result, const char* code, std::pair<int, int> where,
              model::Severity severity = model::Severity::Error) {
    int found = 0;
    for (const auto& d : result.diagnostics)
        if (d.code == code && d.line == where.first && d.column == where.second &&
            d.severity == severity)
            ++found;
    if (found != 1)
        qWarning("expected %s at %d:%d; got:\n%s", code, where.first, where.second,
                 describe(result.diagnostics).c_str());
    return found == 1;
}

} // namespace

class TestScxmlImport : public QObject {
    Q_OBJECT

private slots:
    void statesKeepTheirIdsKindsAndNesting() {
        const Machine m = clean(scxml("\n"
        "  <state id=\"Top\">\n"
        "    <state id=\"Leaf\"/>\n"
        "    <parallel id=\"Both\">\n"
        "      <state id=\"L\"/>\n"
        "      <state id=\"R\"/>\n"
        "    </parallel>\n"
        "    <history id=\"H\" type=\"deep\"><transition target=\"Leaf\"/></history>\n"
        "    <history id=\"S\"><transition target=\"Both\"/></history>\n"
        "    <final id=\"Done\"/>\n"
        "  </state>\n"));
        QCOMPARE(m.initial, std::string("Top"));  // the first child, made explicit
        QCOMPARE(m.states.size(), std::size_t{8});
        QCOMPARE(m.findState("Top")->initial, std::string("Leaf"));
        QCOMPARE(m.findState("Both")->kind, StateKind::Parallel);
        QCOMPARE(m.findState("Both")->initial, std::string());
        QCOMPARE(m.findState("L")->parent, std::string("Both"));
        QCOMPARE(m.findState("H")->kind, StateKind::DeepHistory);
        QCOMPARE(m.findState("S")->kind, StateKind::ShallowHistory);
        QCOMPARE(m.findState("Done")->kind, StateKind::Final);
        // The history defaults are eventless transitions from the history states.
        QCOMPARE(m.transitionsFrom("H").size(), std::size_t{1});
        QCOMPARE(m.transitionsFrom("H").front()->targets, std::vector<std::string>{"Leaf"});
        QVERIFY(model::CompiledMachine::compile(m));
    }

    void initialAsAttributeAndAsElement() {
        const Machine m = clean(scxml("\n"
        "  <state id=\"A\" initial=\"A2\"><state id=\"A1\"/><state id=\"A2\"/></state>\n"
        "  <state id=\"B\">\n"
        "    <initial><transition target=\"B2\"/></initial>\n"
        "    <state id=\"B1\"/><state id=\"B2\"/>\n"
        "  </state>\n", " initial=\"B\""));
        QCOMPARE(m.initial, std::string("B"));
        QCOMPARE(m.findState("A")->initial, std::string("A2"));
        QCOMPARE(m.findState("B")->initial, std::string("B2"));
    }

    void transitionsKeepEventsCondTypeAndTargets() {
        const Machine m = clean(scxml("\n"
        "  <datamodel><data id=\"n\" expr=\"0\"/><data id=\"name\" expr=\"'x'\"/></datamodel>\n"
        "  <parallel id=\"P\">\n"
        "    <state id=\"A\">\n"
        "      <transition event=\"Photo.* Motion  Error\" target=\"B C\" cond=\"n &gt;= 2 &amp;&amp; _event.data.Bearing != 'left'\"/>\n"
        "      <transition event=\"*\" type=\"internal\"/>\n"
        "      <transition cond=\"In('B') || !(n === 1&#41;\" target=\"B\"/>\n"
        "    </state>\n"
        "    <state id=\"B\"/>\n"
        "    <state id=\"C\"/>\n"
        "  </parallel>\n", " datamodel=\"ecmascript\""));
        const auto from = m.transitionsFrom("A");
        QCOMPARE(from.size(), std::size_t{3});
        QCOMPARE(from[0]->event, std::string("Photo.* Motion Error"));
        QCOMPARE(from[0]->targets, (std::vector<std::string>{"B", "C"}));
        QCOMPARE(from[0]->guard.text, std::string("n >= 2 && event.Bearing != \"left\""));
        QCOMPARE(from[1]->event, std::string("*"));
        QCOMPARE(from[1]->type, model::TransitionType::Internal);
        QVERIFY(from[1]->targets.empty());
        QCOMPARE(from[2]->event, std::string());
        QCOMPARE(from[2]->guard.text, std::string("in(B) || !(n == 1)"));
        QCOMPARE(from[0]->id, std::string("A.t1"));  // fresh ids, unique
        QCOMPARE(m.variables.size(), std::size_t{2});
        QCOMPARE(m.variables[1].type, model::Type::String);
    }

    void executableContentMapsToActions() {
        const Machine m = clean(scxml("\n"
        "  <datamodel><data id=\"n\" expr=\"1\"/><data id=\"r\" expr=\"1.5\"/><data id=\"on\" expr=\"true\"/></datamodel>\n"
        "  <state id=\"A\">\n"
        "    <onentry>\n"
        "      <raise event=\"Started\"/>\n"
        "      <log label=\"n is\" expr=\"n + 1\"/>\n"
        "      <assign location=\"n\" expr=\"n * 2\"/>\n"
        "    </onentry>\n"
        "    <onexit>\n"
        "      <send type=\"qt:signal\" event=\"Swivel\"><param name=\"Bearing\" expr=\"_event.data.Bearing\"/></send>\n"
        "      <send event=\"Unlock\" target=\"door2\" namelist=\"n r\"/>\n"
        "      <send event=\"Tick\" delay=\"1.5s\"/>\n"
        "      <send event=\"Now\"/>\n"
        "      <send event=\"Inside\" target=\"#_internal\"><param name=\"v\" expr=\"r\"/></send>\n"
        "    </onexit>\n"
        "  </state>\n"));
        const model::State& a = *m.findState("A");
        QCOMPARE(a.onEntry.size(), std::size_t{3});
        QCOMPARE(a.onEntry[0].kind, ActionKind::Raise);
        QCOMPARE(a.onEntry[1].kind, ActionKind::Log);
        QCOMPARE(a.onEntry[1].label, std::string("n is"));
        QCOMPARE(a.onEntry[2].kind, ActionKind::Assign);
        QCOMPARE(a.onEntry[2].expr.text, std::string("n * 2"));
        QCOMPARE(a.onExit.size(), std::size_t{5});
        QCOMPARE(a.onExit[0].kind, ActionKind::Send);
        QCOMPARE(a.onExit[0].args.front().value.text, std::string("event.Bearing"));
        QCOMPARE(a.onExit[1].kind, ActionKind::Send);
        QCOMPARE(a.onExit[1].target, std::string("door2"));
        QCOMPARE(a.onExit[1].args.size(), std::size_t{2});
        QCOMPARE(a.onExit[2].kind, ActionKind::Raise);
        QCOMPARE(a.onExit[2].delayMs, std::optional<std::int64_t>(1500));
        QCOMPARE(a.onExit[3].delayMs, std::optional<std::int64_t>(0));  // the external queue
        QCOMPARE(a.onExit[4].kind, ActionKind::Raise);
        QVERIFY(!a.onExit[4].delayMs);
        QCOMPARE(a.onExit[4].args.front().name, std::string("v"));
        QCOMPARE(m.variables[1].type, model::Type::Double);
        QCOMPARE(m.variables[2].type, model::Type::Bool);
    }

    void qtCreatorLayoutIsKept() {
        const Machine m = clean(scxml("\n"
        "  <state id=\"A\">\n"
        "    <qt:editorinfo scenegeometry=\"100;50;40;0;120;100\" geometry=\"100;50;-60;-50;120;100\"/>\n"
        "    <state id=\"B\"><qt:editorinfo geometry=\"10;20;-5;-5;30;40\"/></state>\n"
        "    <transition event=\"go\" target=\"B\"><qt:editorinfo movePoint=\"1;2\"/></transition>\n"
        "  </state>\n", " xmlns:qt=\"http://www.qt.io/2015/02/scxml-ext\" qt:editorversion=\"4.6.0\""));
        // As Qt Creator writes them: scenegeometry's rectangle is in the scene; a
        // child's geometry is relative to its parent's position (100;50), and its
        // rectangle to its own position.
        QCOMPARE(m.layout.states.at("A"), (model::Rect{40, 0, 120, 100}));
        QCOMPARE(m.layout.states.at("B"), (model::Rect{105, 65, 30, 40}));
    }

    void unsupportedElementsAreReportedWhereTheyAre() {
        const std::string text = scxml("\n"
        "  <state id=\"A\">\n"
        "    <invoke type=\"scxml\" src=\"other.scxml\"/>\n"
        "    <onentry>\n"
        "      <if cond=\"true\"><raise event=\"X\"/></if>\n"
        "      <script>var x = 1;</script>\n"
        "      <foreach array=\"a\" item=\"i\"/>\n"
        "      <cancel sendid=\"s\"/>\n"
        "      <send event=\"E\" eventexpr=\"'x'\"/>\n"
        "      <send event=\"F\" target=\"#_parent\"/>\n"
        "    </onentry>\n"
        "    <transition event=\"go\" target=\"A\"><assign location=\"a.b\" expr=\"1\"/></transition>\n"
        "  </state>\n"
        "  <final id=\"F\"><donedata><param name=\"x\" expr=\"1\"/></donedata></final>\n");
        const ScxmlImport result = importScxml(text);
        QVERIFY(result.machine);  // what can be read is read
        QVERIFY(reported(result, codes::Unsupported, at(text, "<invoke")));
        QVERIFY(reported(result, codes::Unsupported, at(text, "<if")));
        QVERIFY(reported(result, codes::Unsupported, at(text, "<script")));
        QVERIFY(reported(result, codes::Unsupported, at(text, "<foreach")));
        QVERIFY(reported(result, codes::Unsupported, at(text, "<cancel")));
        QVERIFY(reported(result, codes::UnsupportedAttribute, at(text, "'x'")));
        QVERIFY(reported(result, codes::UnsupportedAttribute, at(text, "#_parent")));
        QVERIFY(reported(result, codes::Unsupported, at(text, "a.b")));
        QVERIFY(reported(result, codes::Unsupported, at(text, "<donedata")));
    }

    void untranslatableExpressionsPointAtTheFirstBadToken() {
        const std::string text = scxml("\n"
        "  <datamodel>\n"
        "    <data id=\"n\" expr=\"0\"/>\n"
        "    <data id=\"list\" expr=\"[1, 2]\"/>\n"
        "    <data id=\"unset\"/>\n"
        "  </datamodel>\n"
        "  <state id=\"A\">\n"
        "    <transition event=\"a\" cond=\"n &lt; Math.max(1, 2&#41;\" target=\"A\"/>\n"
        "    <transition event=\"b\" cond=\"n == undefinedName\" target=\"A\"/>\n"
        "    <transition event=\"c\" cond=\"n ? 1 : 2\" target=\"A\"/>\n"
        "    <transition event=\"d\" cond=\"n &lt; (1\" target=\"A\"/>\n"
        "  </state>\n");
        const ScxmlImport result = importScxml(text);
        QVERIFY(result.machine);
        QVERIFY(reported(result, codes::DataType, at(text, "[1, 2]")));
        QVERIFY(reported(result, codes::DataType, at(text, "<data id=\"unset\"")));
        // Entities count as one character: "n &lt; " is 4 characters of the value.
        QVERIFY(reported(result, codes::Expression, at(text, "Math.max")));
        QVERIFY(reported(result, codes::Expression, at(text, "undefinedName")));
        QVERIFY(reported(result, codes::Expression, at(text, "? 1")));
        QVERIFY(reported(result, codes::Expression, at(text, "n &lt; (1\"", 9)));  // end of text
        QCOMPARE(result.machine->variables.size(), std::size_t{1});
    }

    void unsupportedInitialsAndAttributesAreReported() {
        const std::string text = scxml("\n"
        "  <state id=\"A\" initial=\"A1 A2\" foo=\"1\">\n"
        "    <state id=\"A1\"/><state id=\"A2\"/>\n"
        "  </state>\n"
        "  <state id=\"B\">\n"
        "    <initial><transition target=\"B1\"><raise event=\"x\"/></transition></initial>\n"
        "    <state id=\"B1\"/>\n"
        "  </state>\n"
        "  <state id=\"C\"><initial><transition target=\"Deep\"/></initial><state id=\"C1\"><state id=\"Deep\"/></state></state>\n"
        "  <state id=\"D\"><transition event=\"go\" type=\"sideways\" target=\"D\"/></state>\n", " binding=\"late\" other:thing=\"x\" xmlns:other=\"urn:other\"");
        const ScxmlImport result = importScxml(text);
        QVERIFY(result.machine);
        QVERIFY(reported(result, codes::Unsupported, at(text, "A1 A2")));
        QVERIFY(reported(result, codes::UnsupportedAttribute, at(text, "1\">")));
        QVERIFY(reported(result, codes::Unsupported, at(text, "<raise event=\"x\"")));
        QVERIFY(reported(result, codes::Unsupported, at(text, "Deep\"/></initial>")));
        QVERIFY(reported(result, codes::BadValue, at(text, "sideways")));
        QVERIFY(reported(result, codes::UnsupportedAttribute, at(text, "late"),
                         model::Severity::Warning));
        QVERIFY(reported(result, codes::UnsupportedAttribute, at(text, "x\" xmlns:other"),
                         model::Severity::Warning));
        // The machine is still usable: A starts in its first child.
        QCOMPARE(result.machine->findState("A")->initial, std::string("A1"));
    }

    void aTimerDelayOutOfRangeIsReportedNotConverted() {
        // Found by the fuzzer: 1e21 ms does not fit an int64, and converting it was
        // undefined behaviour. Fractions, negatives and text are refused as well.
        for (const std::string after : {"1e21", "1e300", "2.5", "-1", "soon"}) {
            const std::string text = scxml(
                "<state id=\"A\"><transition swivel:id=\"t1\" event=\"swivel.after.t1\" swivel:after=\"" + after +
                    "\" target=\"A\"/></state>\n",
                " xmlns:swivel=\"urn:x-swivel:scxml:1\"");
            const ScxmlImport result = importScxml(text);
            QVERIFY(result.machine);
            QVERIFY2(reported(result, codes::BadValue, at(text, after + "\"")), after.c_str());
        }
        const std::string longest = scxml(
            "<state id=\"A\"><transition swivel:id=\"t1\" event=\"swivel.after.t1\" swivel:after=\"1e15\" "
            "target=\"A\"/></state>\n",
            " xmlns:swivel=\"urn:x-swivel:scxml:1\"");
        const Machine machine = clean(longest);
        QCOMPARE(machine.transitions.at(0).afterMs, std::optional<std::int64_t>(1000000000000000));
    }

    void malformedXmlIsAParseErrorWithLineAndColumn() {
        const std::string text = "<scxml xmlns=\"http://www.w3.org/2005/07/scxml\">\n"
                                 "  <state id=\"A\">\n"
                                 "    <transition event=\"go\" target=\"A\">\n"
                                 "  </state>\n"
                                 "</scxml>\n";
        const ScxmlImport result = importScxml(text);
        QVERIFY(!result.machine);
        QCOMPARE(result.diagnostics.size(), std::size_t{1});
        QCOMPARE(result.diagnostics[0].code, std::string(codes::XmlSyntax));
        QCOMPARE(result.diagnostics[0].line, 4);
        QCOMPARE(result.diagnostics[0].column, 5);  // the mismatched </state>

        const ScxmlImport notScxml = importScxml("<html/>");
        QVERIFY(!notScxml.machine);
        QCOMPARE(notScxml.diagnostics.at(0).code, std::string(codes::NotScxml));
    }

    void missingIdsAreMadeUp() {
        const Machine m = clean(scxml("  <state><state/></state>\n  <state id=\"state_1\"/>\n"));
        QCOMPARE(m.states.size(), std::size_t{3});
        QCOMPARE(m.states[0].id, std::string("state_1_2"));
        QCOMPARE(m.states[1].parent, m.states[0].id);
        QCOMPARE(m.states[0].initial, m.states[1].id);
    }

    void expressionTranslationBothWays() {
        const auto isVariable = [](std::string_view name) { return name == "x"; };
        const std::string swivel = "event.A == \"s\" && in(Idle) || !(x  <  2.5)";
        const std::string ecma = codegen::swivelToEcmaScript(swivel);
        QCOMPARE(ecma, std::string("_event.data.A == \"s\" && In('Idle') || !(x  <  2.5)"));
        const codegen::EcmaScriptImport back = codegen::ecmaScriptToSwivel(ecma, isVariable);
        QVERIFY(back.ok);
        QCOMPARE(back.text, swivel);
        QCOMPARE(codegen::ecmaScriptToSwivel("'it''s'", isVariable).ok, false);
        QCOMPARE(codegen::ecmaScriptToSwivel("'say \"hi\"'", isVariable).text,
                 std::string("\"say \\\"hi\\\"\""));
        QCOMPARE(codegen::ecmaScriptToSwivel("x = 1", isVariable).offset, std::size_t{2});
        QCOMPARE(codegen::ecmaScriptToSwivel("_event.name", isVariable).ok, false);
    }

    // Swivel's `/` truncates between integers and ECMAScript's does not: the export
    // writes such a division as Math.trunc(...), and the import reads it back.
    void integerDivisionBothWays() {
        const std::vector<model::Variable> variables{{"n", model::Type::Int, std::int64_t{7}},
                                                     {"r", model::Type::Double, 0.5}};
        const auto isVariable = [](std::string_view name) { return name == "n" || name == "r"; };
        const auto isDivision = [&](std::string_view text) {
            return codegen::isIntegerDivision(text, variables);
        };
        const auto toEcma = [&](const std::string& swivel) {
            return codegen::swivelToEcmaScript(swivel,
                                               codegen::divisionsOf(swivel, variables).integer);
        };
        const auto toSwivel = [&](const std::string& ecma) {
            return codegen::ecmaScriptToSwivel(ecma, isVariable, isDivision);
        };
        QCOMPARE(toEcma("n / 2 > r / 2"), std::string("Math.trunc(n / 2) > r / 2"));
        QCOMPARE(toEcma("n / 2 / 3"), std::string("Math.trunc(Math.trunc(n / 2) / 3)"));
        QCOMPARE(toEcma("2 * (n  /  2)"), std::string("2 * (Math.trunc(n  /  2))"));
        QCOMPARE(toEcma("-n / event.Bearing"), std::string("-n / _event.data.Bearing"));
        for (const std::string swivel : {"n / 2 > r / 2", "n / 2 / 3", "2 * (n  /  2)"}) {
            const codegen::EcmaScriptImport back = toSwivel(toEcma(swivel));
            QVERIFY2(back.ok, back.message.c_str());
            QCOMPARE(back.text, swivel);
        }
        // Written by hand: the argument keeps parentheses when it would group otherwise.
        QCOMPARE(toSwivel("2 * Math.trunc(n / 2)").text, std::string("2 * (n / 2)"));
        QCOMPARE(toSwivel("Math.trunc( n / 2 ) * 2").text, std::string(" n / 2  * 2"));
        // Only around a division of integers.
        for (const std::string ecma : {"Math.trunc(r / 2)", "Math.trunc(n)", "Math.floor(n / 2)",
                                       "Math.trunc(n / 2"}) {
            const codegen::EcmaScriptImport refused = toSwivel(ecma);
            QVERIFY2(!refused.ok, ecma.c_str());
            QCOMPARE(refused.offset, std::size_t{0});
        }
        QVERIFY(toSwivel("Math.trunc(r / 2)").message.find("division of integers") !=
                std::string::npos);
        QVERIFY(!codegen::ecmaScriptToSwivel("Math.trunc(n / 2)", isVariable).ok);
    }
};

QTEST_GUILESS_MAIN(TestScxmlImport)
#include "test_scxml_import.moc"
