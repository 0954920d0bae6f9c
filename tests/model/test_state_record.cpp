// The JSON record of a configuration (what the store keeps between stateless handler
// runs), of emitted actions and of events: ids instead of indices, a lossless round
// trip, and no JSON input that can crash the reader or smuggle in an impossible
// configuration.

#include <QTest>

#include <random>

#include <nlohmann/json.hpp>

#include "model/semantics.h"
#include "model/state_record.h"

using namespace swivel::model;
using nlohmann::json;

namespace {

Action assign(const std::string& variable, const std::string& expr) {
    Action a;
    a.kind = ActionKind::Assign;
    a.name = variable;
    a.expr.text = expr;
    return a;
}

// Idle → Busy{Swivel, Focus, deep history Hist} with a timer on Swivel, a parallel
// Watch{Left, Right}, and variables of every type.
Machine sampleMachine() {
    Machine m;
    m.initial = "Idle";
    m.variables = {{"count", Type::Int, std::int64_t{0}},
                   {"ratio", Type::Double, 0.5},
                   {"uid", Type::String, std::string("none")},
                   {"armed", Type::Bool, false}};
    auto state = [&](std::string id, std::string parent = {}, std::string initial = {},
                     StateKind kind = StateKind::State) {
        State s;
        s.id = std::move(id);
        s.parent = std::move(parent);
        s.initial = std::move(initial);
        s.kind = kind;
        m.states.push_back(std::move(s));
    };
    state("Idle");
    state("Busy", {}, "Swivel");
    state("Swivel", "Busy");
    state("Focus", "Busy");
    state("Hist", "Busy", {}, StateKind::DeepHistory);
    state("Watch", {}, {}, StateKind::Parallel);
    state("Left", "Watch");
    state("Right", "Watch");
    auto transition = [&](std::string id, std::string source, std::string event,
                          std::vector<std::string> targets) -> Transition& {
        Transition t;
        t.id = std::move(id);
        t.source = std::move(source);
        t.event = std::move(event);
        t.targets = std::move(targets);
        m.transitions.push_back(std::move(t));
        return m.transitions.back();
    };
    transition("go", "Idle", "Go", {"Busy"}).actions = {
        assign("count", "count + 1"), assign("uid", "\"p-1\""), assign("ratio", "2")};
    transition("moved", "Swivel", "Moved", {"Focus"});
    transition("stop", "Busy", "Stop", {"Idle"});
    transition("back", "Idle", "Back", {"Hist"});
    transition("watch", "Idle", "Watch", {"Watch"});
    transition("timeout", "Swivel", "", {"Idle"}).afterMs = 5000;
    return m;
}

// JSON compared as text, so that a failing QCOMPARE shows both sides.
QString dump(const json& value) {
    return QString::fromStdString(value.dump());
}

std::vector<std::string> ids(const json& array) {
    std::vector<std::string> out;
    for (const json& item : array)
        out.push_back(item.get<std::string>());
    return out;
}

} // namespace

class TestStateRecord : public QObject {
    Q_OBJECT

    std::shared_ptr<const CompiledMachine> m_machine = CompiledMachine::compile(sampleMachine());

    Configuration at(std::initializer_list<const char*> events) const {
        StepResult r = start(*m_machine);
        for (const char* name : events)
            r = step(*m_machine, r.configuration, Event{name, {}});
        return r.configuration;
    }

private slots:
    void initTestCase() { QVERIFY(m_machine); }

    void recordUsesIdsInDocumentOrder() {
        const Configuration c = at({"Go"});
        const json record = configurationToJson(*m_machine, c);
        QCOMPARE(ids(record["configuration"]), (std::vector<std::string>{"Swivel"}));
        QCOMPARE(ids(record["active"]), (std::vector<std::string>{"Busy", "Swivel"}));
        QCOMPARE(dump(record["variables"]),
                 dump({{"count", 1}, {"ratio", 2.0}, {"uid", "p-1"}, {"armed", false}}));
        QCOMPARE(dump(record["history"]), dump(json::object()));
        QCOMPARE(dump(record["timers"]),
                 dump(json::parse(R"([{"transition": "timeout", "token": 1}])")));
        QCOMPARE(dump(record["nextTimerToken"]), dump(2));
        QCOMPARE(dump(record["finished"]), dump(false));
    }

    void recordKeepsHistoryByHistoryState() {
        const Configuration c = at({"Go", "Moved", "Stop"});
        const json record = configurationToJson(*m_machine, c);
        QCOMPARE(dump(record["history"]), dump(json::parse(R"({"Hist": ["Focus"]})")));
    }

    void roundTripIsLossless_data() {
        QTest::addColumn<QStringList>("events");
        QTest::newRow("initial") << QStringList{};
        QTest::newRow("timer armed") << QStringList{"Go"};
        QTest::newRow("history recorded") << QStringList{"Go", "Moved", "Stop"};
        QTest::newRow("history restored") << QStringList{"Go", "Moved", "Stop", "Back"};
        QTest::newRow("parallel") << QStringList{"Watch"};
    }
    void roundTripIsLossless() {
        QFETCH(QStringList, events);
        StepResult r = start(*m_machine);
        for (const QString& name : events)
            r = step(*m_machine, r.configuration, Event{name.toStdString(), {}});
        const json record = configurationToJson(*m_machine, r.configuration);
        std::string error;
        const auto back = configurationFromJson(*m_machine, json::parse(record.dump()), &error);
        QVERIFY2(back, error.c_str());
        QVERIFY(*back == r.configuration);
    }

    void activeMayBeLeftToTheAtomicStates() {
        std::string error;
        const auto c = configurationFromJson(
            *m_machine, json::parse(R"({"configuration": ["Focus"]})"), &error);
        QVERIFY2(c, error.c_str());
        QCOMPARE(activeAtomicStates(*m_machine, *c), (std::vector<std::string>{"Focus"}));
        QCOMPARE(c->active.size(), std::size_t(2));
        QCOMPARE(c->variables, start(*m_machine).configuration.variables);
        QCOMPARE(c->nextTimerToken, std::uint64_t{1});
        // And it steps like the real thing.
        QCOMPARE(
            activeAtomicStates(*m_machine, step(*m_machine, *c, Event{"Stop", {}}).configuration),
            (std::vector<std::string>{"Idle"}));
    }

    void rejectsWhatCannotBeAConfiguration_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("problem");
        QTest::newRow("not an object") << R"([1, 2])"
                                       << "object";
        QTest::newRow("no states") << R"({})"
                                   << "missing";
        QTest::newRow("unknown state") << R"({"active": ["Nowhere"]})"
                                       << "unknown state";
        QTest::newRow("not ids") << R"({"active": [1]})"
                                 << "array of state ids";
        QTest::newRow("history active") << R"({"active": ["Busy", "Hist"]})"
                                        << "history state";
        QTest::newRow("parent missing") << R"({"active": ["Swivel"]})"
                                        << "parent";
        QTest::newRow("two children") << R"({"active": ["Busy", "Swivel", "Focus"]})"
                                      << "exactly one";
        QTest::newRow("two top-level") << R"({"active": ["Idle", "Busy", "Swivel"]})"
                                       << "top-level";
        QTest::newRow("compound alone") << R"({"active": ["Busy"]})"
                                        << "exactly one";
        QTest::newRow("region missing") << R"({"active": ["Watch", "Left"]})"
                                        << "regions";
        QTest::newRow("mismatch") << R"({"active": ["Idle"], "configuration": ["Focus"]})"
                                  << "does not match";
        QTest::newRow("unknown variable") << R"({"active": ["Idle"], "variables": {"x": 1}})"
                                          << "unknown variable";
        QTest::newRow("variable type") << R"({"active": ["Idle"], "variables": {"count": "1"}})"
                                       << "must be a int";
        QTest::newRow("fractional int") << R"({"active": ["Idle"], "variables": {"count": 1.5}})"
                                        << "must be a int";
        QTest::newRow("variables not object") << R"({"active": ["Idle"], "variables": []})"
                                              << "object";
        QTest::newRow("not a history state") << R"({"active": ["Idle"], "history": {"Busy": []}})"
                                             << "not a history state";
        QTest::newRow("history outside parent")
            << R"({"active": ["Idle"], "history": {"Hist": ["Left"]}})"
            << "not inside";
        QTest::newRow("timer of no timer")
            << R"({"active": ["Idle"], "timers": [{"transition": "go", "token": 1}]})"
            << "not a timer transition";
        QTest::newRow("timer source inactive")
            << R"({"active": ["Idle"], "timers": [{"transition": "timeout", "token": 1}]})"
            << "not active";
        QTest::newRow("token not a number")
            << R"({"active": ["Busy", "Swivel"], "timers": [{"transition": "timeout", "token": "1"}]})"
            << "token";
        QTest::newRow("negative token")
            << R"({"active": ["Busy", "Swivel"], "timers": [{"transition": "timeout", "token": -1}]})"
            << "token";
        QTest::newRow("token not below next")
            << R"({"active": ["Busy", "Swivel"], "timers": [{"transition": "timeout", "token": 3}], "nextTimerToken": 3})"
            << "above every armed token";
        QTest::newRow("next token zero") << R"({"active": ["Idle"], "nextTimerToken": 0})"
                                         << "positive";
        QTest::newRow("finished not bool") << R"({"active": ["Idle"], "finished": 1})"
                                           << "true or false";
    }
    void rejectsWhatCannotBeAConfiguration() {
        QFETCH(QString, text);
        QFETCH(QString, problem);
        std::string error;
        const auto c = configurationFromJson(*m_machine, json::parse(text.toStdString()), &error);
        QVERIFY(!c);
        QVERIFY2(QString::fromStdString(error).contains(problem), error.c_str());
    }

    // Random JSON, and random edits of a real record: an answer or an error, never a crash.
    void anyJsonIsSafeToRead() {
        std::mt19937 random(7);
        const json valid = configurationToJson(*m_machine, at({"Go", "Moved", "Stop", "Back"}));
        const std::vector<json> atoms{json(),          json(true),
                                      json(-1),        json(0),
                                      json(1.5),       json("Busy"),
                                      json("timeout"), json::array(),
                                      json::object(),  json(18446744073709551615ull)};
        auto atom = [&] { return atoms[random() % atoms.size()]; };
        int accepted = 0;
        for (int round = 0; round < 3000; ++round) {
            json record = valid;
            for (int edits = 1 + static_cast<int>(random() % 3); edits > 0; --edits) {
                const std::vector<std::string> keys{"configuration", "active", "variables",
                                                    "history",       "timers", "nextTimerToken",
                                                    "finished"};
                const std::string& key = keys[random() % keys.size()];
                if (random() % 2 && record[key].is_array() && !record[key].empty())
                    record[key][random() % record[key].size()] = atom();
                else if (random() % 3 == 0)
                    record.erase(key);
                else
                    record[key] = atom();
            }
            std::string error;
            if (configurationFromJson(*m_machine, record, &error))
                ++accepted;
            else
                QVERIFY(!error.empty());
        }
        QVERIFY(accepted > 0);
        for (const json& j : atoms)
            QVERIFY(!configurationFromJson(*m_machine, j));
    }

    void actionsBecomeJson_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("send") << int(EmittedAction::Kind::Send)
                              << R"({"kind":"send","command":"Swivel","args":{"Bearing":90}})";
        QTest::newRow("assign") << int(EmittedAction::Kind::Assign)
                                << R"({"kind":"assign","variable":"Swivel","value":90})";
        QTest::newRow("raise") << int(EmittedAction::Kind::Raise)
                               << R"({"kind":"raise","event":"Swivel","tags":{"Bearing":90}})";
        QTest::newRow("log") << int(EmittedAction::Kind::Log)
                             << R"({"kind":"log","label":"where","message":90})";
        QTest::newRow("call")
            << int(EmittedAction::Kind::Call)
            << R"({"kind":"call","service":"Swivel","args":{"Bearing":90},"reply":"Done"})";
        QTest::newRow("timerStart")
            << int(EmittedAction::Kind::TimerStart)
            << R"({"kind":"timerStart","transition":"Swivel","delayMs":0,"token":0})";
        QTest::newRow("timerCancel")
            << int(EmittedAction::Kind::TimerCancel)
            << R"({"kind":"timerCancel","transition":"Swivel","delayMs":0,"token":0})";
    }
    void actionsBecomeJson() {
        QFETCH(int, kind);
        QFETCH(QString, expected);
        EmittedAction a;
        a.kind = static_cast<EmittedAction::Kind>(kind);
        a.name = "Swivel";
        a.value = std::int64_t{90};
        a.label = "where";
        a.reply = "Done";
        if (a.kind == EmittedAction::Kind::Send || a.kind == EmittedAction::Kind::Raise ||
            a.kind == EmittedAction::Kind::Call)
            a.args = {{"Bearing", std::int64_t{90}}};
        QCOMPARE(dump(actionToJson(a)), dump(json::parse(expected.toStdString())));
        if (a.kind != EmittedAction::Kind::Log)
            a.label.clear();
        else
            a.name.clear();
        if (a.kind != EmittedAction::Kind::Call)
            a.reply.clear();
        if (a.kind != EmittedAction::Kind::Assign && a.kind != EmittedAction::Kind::Log)
            a.value = Value{};
        std::string error;
        const auto back = actionFromJson(actionToJson(a), &error);
        QVERIFY2(back, error.c_str());
        QVERIFY(*back == a);
    }

    void optionalActionFieldsAppearOnlyWhenSet() {
        EmittedAction send;
        send.kind = EmittedAction::Kind::Send;
        send.name = "Open";
        send.target = "door-2";
        QCOMPARE(dump(actionToJson(send)["target"]), dump("door-2"));
        EmittedAction raise;
        raise.kind = EmittedAction::Kind::Raise;
        raise.name = "Later";
        QVERIFY(!actionToJson(raise).contains("delayMs"));
        raise.delayMs = 500;
        QCOMPARE(dump(actionToJson(raise)["delayMs"]), dump(500));
        EmittedAction error;
        error.kind = EmittedAction::Kind::Error;
        error.name = "error.execution";
        error.value = std::string("division by zero");
        QCOMPARE(dump(actionToJson(error)),
                 dump(json::parse(R"({"kind": "error", "message": "division by zero"})")));
        QVERIFY(*actionFromJson(actionToJson(error)) == error);
        QVERIFY(!actionFromJson(json::parse(R"({"kind": "fly"})")));
        QVERIFY(!actionFromJson(json::parse(R"({"kind": "send"})")));
        QVERIFY(!actionFromJson(json(3)));
    }

    void eventSpecsFromTheCommandLine_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("json");
        QTest::newRow("bare name") << "MoveDone" << true << R"({"event":"MoveDone","tags":{}})";
        QTest::newRow("tags") << R"(Motion={"Bearing":90})" << true
                              << R"({"event":"Motion","tags":{"Bearing":90}})";
        QTest::newRow("every type")
            << R"(Mix={"b":true,"d":1.5,"i":-3,"s":"x"})" << true
            << R"({"event":"Mix","tags":{"b":true,"d":1.5,"i":-3,"s":"x"}})";
        QTest::newRow("dotted name")
            << R"(Photo.Thumbnail={})" << true << R"({"event":"Photo.Thumbnail","tags":{}})";
        QTest::newRow("no name") << R"(={"a":1})" << false << "";
        QTest::newRow("empty") << "" << false << "";
        QTest::newRow("broken json") << R"(Motion={"a":)" << false << "";
        QTest::newRow("array") << R"(Motion=[1])" << false << "";
        QTest::newRow("nested") << R"(Motion={"a":{"b":1}})" << false << "";
        QTest::newRow("null tag") << R"(Motion={"a":null})" << false << "";
        QTest::newRow("space in name") << "Two words" << false << "";
    }
    void eventSpecsFromTheCommandLine() {
        QFETCH(QString, spec);
        QFETCH(bool, ok);
        QFETCH(QString, json);
        std::string error;
        const auto event = parseEventSpec(spec.toStdString(), &error);
        QCOMPARE(bool(event), ok);
        if (!ok) {
            QVERIFY(!error.empty());
            return;
        }
        const auto expected = nlohmann::json::parse(json.toStdString());
        QCOMPARE(dump(eventToJson(*event)), dump(expected));
        QVERIFY(*eventFromJson(expected) == *event);
    }

    void timerEventNamesTheTransitionAndCarriesTheToken() {
        const Event e = swivel::model::timerEvent("timeout", 7);
        QCOMPARE(QString::fromStdString(e.name), QString("after:timeout"));
        QVERIFY(e.tag("token"));
        QCOMPARE(*e.tag("token"), Value{std::int64_t{7}});
    }
};

QTEST_GUILESS_MAIN(TestStateRecord)
#include "test_state_record.moc"
