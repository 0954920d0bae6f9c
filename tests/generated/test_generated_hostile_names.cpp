// No name in a model can break or inject into the generated code. A machine whose
// states, events, tags, commands, variables, labels and strings are made of quotes,
// backslashes, "*/", newlines, "#include", "??/", non-ASCII, C++ keywords and names
// that differ only in case generates C++ that compiles with -Wall -Wextra -Werror,
// declares only what the generator means to declare, and still steps exactly as
// Swivel's step() does.
#include <QtTest>

#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "codegen/azure_cpp_generator.h"
#include "generated_project_support.h"
#include "model/device_catalog.h"
#include "model/semantics.h"

using swivel::codegen::AzureCppGenerator;
using swivel::codegen::GeneratorOutput;
using namespace swivel::model;

namespace {

const std::vector<std::string> kHostile{
    "Idle\"; std::system(\"rm -rf /\"); //",
    "back\\slash\\",
    "*/ int injected = 1; /*",
    "new\nline #define X 1",
    "#include <cstdlib>",
    "trigraph?\?/",
    "Tür-Zustand ✓",
    "class",
    "Idle",
    "idle",
    "IDLE",
    "__reserved",
    "9lives",
    "",
};

// The same hostile text as an event name: no white space (descriptors split on it).
std::string eventName(const std::string& text, std::size_t i) {
    std::string name;
    for (char c : text)
        name += (c == ' ' || c == '\n' || c == '\t') ? '_' : c;
    return name.empty() ? "E" + std::to_string(i) : name;
}

struct HostileMachine {
    Machine machine;
    DeviceCatalog catalog;
};

HostileMachine hostileMachine() {
    HostileMachine out;
    out.catalog = DeviceCatalog::builtin();
    DeviceType device;
    device.id = "hostile\"device*/";
    device.name = "Hostile */ device";
    Machine& m = out.machine;
    m.name = "Machine\"*/\n#include <evil>\\";
    m.deviceType = device.id;
    m.variables = {{"count", Type::Int, std::int64_t{0}},
                   {"text", Type::String, std::string("\"*/\\?\?/\n")}};
    // Every hostile state in a chain; each event moves to the next state.
    for (std::size_t i = 0; i < kHostile.size(); ++i) {
        State state;
        state.id = kHostile[i].empty() ? "S" + std::to_string(i) : kHostile[i];
        Action log;
        log.kind = ActionKind::Log;
        log.label = kHostile[(i + 1) % kHostile.size()];
        log.expr.text = "text + \"" + std::string("\\\"*/\\\\") + "\"";
        state.onEntry.push_back(log);
        m.states.push_back(state);
    }
    m.initial = m.states.front().id;
    for (std::size_t i = 0; i < kHostile.size(); ++i) {
        const std::string event = eventName(kHostile[i], i);
        const std::string tag = kHostile[(i + 3) % kHostile.size()].empty()
                                    ? "tag"
                                    : kHostile[(i + 3) % kHostile.size()];
        device.events.push_back(EventType{event, {Field{tag, Type::String, {}, ""}}, "", 64});
        device.commands.push_back(
            CommandType{kHostile[(i + 5) % kHostile.size()] + "cmd", {Field{tag, Type::String, {}, ""}}, "", 64});
        Transition t;
        t.id = "t" + kHostile[i];
        t.source = m.states[i].id;
        t.targets = {m.states[(i + 1) % m.states.size()].id};
        t.event = event;
        Action send;
        send.kind = ActionKind::Send;
        send.name = kHostile[(i + 5) % kHostile.size()] + "cmd";
        send.target = kHostile[(i + 7) % kHostile.size()];
        // event.<tag> only parses for identifier-like tags; else a string literal.
        const bool identifierTag = std::regex_match(tag, std::regex("[A-Za-z_][A-Za-z0-9_]*"));
        send.args.push_back({tag, {identifierTag ? "event." + tag : "\"" + std::string("a\\\"b") + "\""}});
        t.actions.push_back(send);
        Action assign;
        assign.kind = ActionKind::Assign;
        assign.name = "count";
        assign.expr.text = "count + 1";
        t.actions.push_back(assign);
        Action raise;
        raise.kind = ActionKind::Raise;
        raise.name = eventName(kHostile[(i + 2) % kHostile.size()], i + 2) + ".later";
        raise.delayMs = 10;
        t.actions.push_back(raise);
        m.transitions.push_back(t);
    }
    out.catalog.addDevice(device);
    return out;
}

// The names the generated C++ declares at namespace level, and its directives.
std::vector<std::string> directives(const std::string& code) {
    std::vector<std::string> found;
    std::istringstream lines(code);
    for (std::string line; std::getline(lines, line);) {
        const auto first = line.find_first_not_of(' ');
        if (first != std::string::npos && line[first] == '#')
            found.push_back(line.substr(first));
    }
    return found;
}

} // namespace

class TestGeneratedHostileNames : public QObject {
    Q_OBJECT
private slots:
    void hostileNamesCompileAndStepAsSwivelDoes() {
        const HostileMachine hostile = hostileMachine();
        QVERIFY(CompiledMachine::compile(hostile.machine));
        const GeneratorOutput output =
            AzureCppGenerator().generate({hostile.machine, hostile.catalog});
        QVERIFY2(output.diagnostics.empty(), describe(output).c_str());

        // Only the directives the templates write: nothing a name smuggled in.
        const std::set<std::string> allowed{
            "#pragma once",           "#include <string_view>", "#include \"statechart/statechart.h\"",
            "#include \"machine.h\"", "#include <cstdint>",     "#include <limits>",
            "#include <utility>",     "#include \"statechart/operators.h\""};
        for (const char* file : {"src/machine.h", "src/machine.cpp", "src/project_settings.h"}) {
            for (const std::string& directive : directives(*output.files.find(file)))
                QVERIFY2(allowed.count(directive), (std::string(file) + ": " + directive).c_str());
        }
        // Hostile text never leaves a comment or a string literal: no line of code
        // starts with it, and no comment is closed early.
        const std::string& code = *output.files.find("src/machine.cpp");
        std::istringstream lines(code);
        for (std::string line; std::getline(lines, line);) {
            const auto at = line.find("int injected");
            if (at == std::string::npos)
                continue;
            const std::string before = line.substr(0, at);
            QVERIFY2(before.find("//") != std::string::npos || before.find('"') != std::string::npos,
                     line.c_str());
        }
        QVERIFY(code.find("?\?/") == std::string::npos);  // no trigraph, even in a comment

        const WalkRun run = runWalks({{"hostile", output}});
        QVERIFY2(run.compiled, run.output.c_str());
        QVERIFY2(run.passed, run.output.c_str());
        qInfo("%s", run.summary.c_str());
        QVERIFY(run.stepsWithActions > 20);
    }

    // Names that differ only in case stay apart, and keywords get a suffix.
    void identifiersAreDistinctAndNeverKeywords() {
        const HostileMachine hostile = hostileMachine();
        const GeneratorOutput output =
            AzureCppGenerator().generate({hostile.machine, hostile.catalog});
        const std::string& header = *output.files.find("src/machine.h");
        for (const char* enumerator : {"    Idle = ", "    idle = ", "    IDLE = ", "    class_ = "})
            QVERIFY2(header.find(enumerator) != std::string::npos, enumerator);
        QVERIFY(header.find("    class = ") == std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestGeneratedHostileNames)
#include "test_generated_hostile_names.moc"
