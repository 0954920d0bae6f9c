// What a student exports builds, runs and behaves as the emulator showed. Each
// shipped example (and a counter machine for the concurrency test) is generated with
// the azure-cpp target, built with the project's own CMakeLists.txt (-Wall -Wextra
// -Werror, no warning allowed), passes its own generated tests, and its handler —
// started on a free port as the Functions host starts it — answers invocations in the
// host's format:
//   * every example, on the walk Swivel recorded with step(): the same configurations
//     and the same commands;
//   * every recorded session of the shipped scenarios, replayed delivery by delivery:
//     the same state versions and the same side effects, in order, as the emulator
//     recorded (deliveries the emulator could no longer tell apart from new ones,
//     `effectsForgotten`, are left out: see docs/codegen.md);
//   * against Azurite, several handler processes racing on the same devices lose no
//     update: conflicts (412) happen and are all retried.
#include <QtTest>

#include <httplib.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "azurite_process.h"
#include "codegen/azure_cpp_generator.h"
#include "emulators/scenario.h"
#include "emulators/session.h"
#include "emulators/simulator.h"
#include "generated_project.h"
#include "generated_project_support.h"
#include "model/device_catalog.h"
#include "model/machine_file.h"
#include "store/azure_table_store.h"
#include "store/storage_connection.h"

using nlohmann::json;
using swivel::codegen::AzureCppGenerator;
using swivel::codegen::GeneratorOutput;
using namespace swivel;

namespace {

std::string baseName(const std::string& path) {
    std::string name = std::filesystem::path(path).filename().string();
    return name.substr(0, name.find('.'));
}

// A machine whose events commute: each Tick adds one. Racing deliveries in any order
// must end at count == number of Ticks, version == number of Ticks.
model::Machine counterMachine() {
    model::Machine m;
    m.name = "Tick counter";
    m.deviceType = "motion-sensor";
    m.variables = {{"count", model::Type::Int, std::int64_t{0}}};
    model::State counting;
    counting.id = "Counting";
    m.states = {counting};
    m.initial = "Counting";
    model::Transition tick;
    tick.id = "tick";
    tick.source = "Counting";
    tick.event = "Tick";
    model::Action add;
    add.kind = model::ActionKind::Assign;
    add.name = "count";
    add.expr.text = "count + 1";
    tick.actions = {add};
    m.transitions = {tick};
    return m;
}

struct Project {
    std::string function;  // the POST path
    GeneratorOutput generated;
    std::unique_ptr<GeneratedProject> disk;
};

// The effects the handler sends on: what the emulator keeps for a redelivery.
json effectsOf(const json& actions) {
    json effects = json::array();
    for (const json& action : actions) {
        const std::string kind = action["kind"];
        if (kind == "send" || kind == "call" || kind == "timerStart" ||
            (kind == "raise" && action.contains("delayMs") && action["delayMs"].get<long>() > 0))
            effects.push_back(action);
    }
    return effects;
}

// The commands Outputs carries for `actions`, as the handler words them.
json commandsOf(const json& actions, const std::string& device, const std::string& messageId) {
    json commands = json::array();
    for (const json& action : actions) {
        if (action["kind"] != "send")
            continue;
        commands.push_back({{"deviceId", action.value("target", device)},
                            {"command", action["command"]},
                            {"args", action["args"]},
                            {"causedBy", messageId}});
    }
    return commands;
}

struct Answer {
    int status = 0;
    json body;
};

Answer post(httplib::Client& client, const std::string& function, const json& request) {
    const auto result = client.Post(("/" + function).c_str(), request.dump(), "application/json");
    if (!result)
        return {0, json{{"error", httplib::to_string(result.error())}}};
    return {result->status, json::parse(result->body, nullptr, false)};
}

// One delivery of a recorded session, as the emulator's handler decided it.
struct Delivery {
    std::string device;
    std::string messageId;  // the idempotency key: the original of a link duplicate
    json event;
    int outcome = 0;        // emu::InvocationOutcome: Applied, Duplicate, StaleTimer
    long version = -1;      // Applied: the version the put wrote
    json actions;           // Applied: step()'s actions
    bool forgotten = false; // Duplicate of an event older than the record remembers
};

std::vector<Delivery> recordedDeliveries(const std::string& file, std::string& error) {
    sqlite3* db = nullptr;
    std::vector<Delivery> deliveries;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        error = "cannot open " + file;
        sqlite3_close(db);
        return deliveries;
    }
    auto query = [&](const char* sql, const std::function<void(sqlite3_stmt*)>& row) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) {
            error = sqlite3_errmsg(db);
            return;
        }
        while (sqlite3_step(statement) == SQLITE_ROW)
            row(statement);
        sqlite3_finalize(statement);
    };
    auto text = [](sqlite3_stmt* s, int column) {
        const auto* value = sqlite3_column_text(s, column);
        return value ? std::string(reinterpret_cast<const char*>(value)) : std::string();
    };
    std::map<long, std::string> texts;
    query("SELECT id, json FROM texts", [&](sqlite3_stmt* s) {
        texts[sqlite3_column_int64(s, 0)] = text(s, 1);
    });
    // invocation -> (version, actions text, step of the put)
    struct Put {
        long version;
        long actions;
        long step;
    };
    std::map<long, Put> puts;
    query("SELECT invocation, version, actions, step FROM states WHERE invocation != 0",
          [&](sqlite3_stmt* s) {
        puts[sqlite3_column_int64(s, 0)] = {sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2),
                                            sqlite3_column_int64(s, 3)};
    });
    // Every invocation that decided something: a put that succeeded (even if its
    // instance then timed out before sending), a duplicate, a stale timer. Others
    // (conflicts exhausted, store unavailable, timed out before the put) changed nothing.
    std::vector<std::pair<std::pair<long, long>, Delivery>> decided;  // ((step, id), delivery)
    query("SELECT i.id, d.id, m.name, m.payload, COALESCE(m.duplicate_of, m.id), i.outcome, "
          "i.phases, i.end_step "
          "FROM invocations i JOIN messages m ON m.id = i.message JOIN devices d ON d.device = i.device",
          [&](sqlite3_stmt* s) {
        const long invocation = sqlite3_column_int64(s, 0);
        Delivery delivery;
        delivery.device = text(s, 1);
        delivery.event = {{"event", text(s, 2)}, {"tags", json::parse(text(s, 3))}};
        delivery.messageId = std::to_string(sqlite3_column_int64(s, 4));
        delivery.outcome = sqlite3_column_int(s, 5);
        long step = sqlite3_column_int64(s, 7);
        if (const auto put = puts.find(invocation); put != puts.end()) {
            delivery.outcome = 0;
            delivery.version = put->second.version;
            delivery.actions = json::parse(texts.at(put->second.actions));
            step = put->second.step;
        } else if (delivery.outcome == 1) {
            // A duplicate whose effects went out again passed through the Send phase (5).
            bool sent = false;
            for (const json& phase : json::parse(text(s, 6)))
                sent = sent || phase[2] == 5;
            delivery.forgotten = !sent;
        } else if (delivery.outcome != 2) {
            return;
        }
        decided.push_back({{step, invocation}, std::move(delivery)});
    });
    std::sort(decided.begin(), decided.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [order, delivery] : decided)
        deliveries.push_back(std::move(delivery));
    sqlite3_close(db);
    return deliveries;
}

} // namespace

class TestGeneratedProjects : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        std::vector<std::pair<std::string, model::Machine>> machines;
        for (const std::string& file : exampleFiles()) {
            const model::LoadResult load = model::loadMachineFile(file);
            QVERIFY2(load.machine, file.c_str());
            machines.emplace_back(baseName(file), *load.machine);
        }
        machines.emplace_back("tick-counter", counterMachine());
        for (const auto& [name, machine] : machines) {
            Project project;
            project.function = AzureCppGenerator::functionName(machine.name, {});
            project.generated =
                AzureCppGenerator().generate({machine, model::DeviceCatalog::builtin()});
            QVERIFY2(project.generated.diagnostics.empty(),
                     (name + ": " + describe(project.generated)).c_str());
            project.disk = std::make_unique<GeneratedProject>(name, project.generated.files);
            m_projects[name] = std::move(project);
            m_machineNames[machine.name] = name;
        }
    }

    void everyProjectBuildsWithoutWarningsAndPassesItsOwnTests() {
        for (auto& [name, project] : m_projects) {
            std::string warnings;
            QVERIFY2(project.disk->build(&warnings), project.disk->error().c_str());
            QVERIFY2(warnings.empty(), (name + ":\n" + warnings).c_str());
            QVERIFY2(project.disk->runOwnTests(), project.disk->error().c_str());
        }
    }

    void everyExampleAnswersTheHostAsSwivelSteps() {
        for (auto& [name, project] : m_projects) {
            if (name == "tick-counter")
                continue;
            HandlerProcess handler(project.disk->handlerExecutable(), {});
            QVERIFY2(handler.started(), handler.error().c_str());
            httplib::Client client("127.0.0.1", handler.port());
            const auto ready = client.Get("/");
            QVERIFY(ready && ready->status == 200);

            const json walk = json::parse(*project.generated.files.find("tests/machine_walk.json"));
            long version = 0;
            int posted = 0;
            for (const json& step : walk["steps"]) {
                if (step.contains("restart") || posted == 60)
                    break;
                const std::string id = "m" + std::to_string(++posted);
                const Answer answer = post(client, project.function,
                                           invocationRequest("device-1", id, step["event"]));
                QVERIFY2(answer.status == 200, (name + " " + id + ": " + answer.body.dump()).c_str());
                const json& value = answer.body["ReturnValue"];
                if (step["live"].get<bool>())
                    ++version;
                QCOMPARE(value["version"].get<long>(), version);
                QCOMPARE(value["configuration"], step["configuration"]["configuration"]);
                QCOMPARE(answer.body["Outputs"]["commands"],
                         step["live"].get<bool>() ? commandsOf(step["actions"], "device-1", id)
                                                  : json::array());
            }
            QVERIFY(posted > 20);
        }
    }

    void aRedeliveryIsAppliedOnceAndBadRequestsAreRefused() {
        Project& camera = m_projects.at("camera-point-focus-shoot");
        HandlerProcess handler(camera.disk->handlerExecutable(), {});
        QVERIFY2(handler.started(), handler.error().c_str());
        httplib::Client client("127.0.0.1", handler.port());
        const json motion = {{"event", "Motion"}, {"tags", {{"Bearing", 90}}}};
        const Answer first = post(client, camera.function, invocationRequest("cam", "m1", motion));
        QCOMPARE(first.status, 200);
        QCOMPARE(first.body["ReturnValue"]["outcome"], json("applied"));
        QCOMPARE(first.body["ReturnValue"]["version"], json(1));
        const json swivel = {{{"deviceId", "cam"}, {"command", "Swivel"},
                              {"args", {{"Bearing", 90}}}, {"causedBy", "m1"}}};
        QCOMPARE(first.body["Outputs"]["commands"], swivel);

        const Answer again = post(client, camera.function, invocationRequest("cam", "m1", motion));
        QCOMPARE(again.status, 200);
        QCOMPARE(again.body["ReturnValue"]["outcome"], json("duplicate"));
        QCOMPARE(again.body["ReturnValue"]["version"], json(1));
        QCOMPARE(again.body["Outputs"]["commands"], swivel);

        // The trigger payload as a JSON-quoted string, the id from the metadata.
        json quoted = invocationRequest("cam", "m2", {{"event", "MoveDone"}});
        quoted["Data"]["deviceMessage"] = json({{"event", "MoveDone"}}).dump();
        const Answer moved = post(client, camera.function, quoted);
        QCOMPARE(moved.status, 200);
        QCOMPARE(moved.body["ReturnValue"]["version"], json(2));
        QCOMPARE(moved.body["ReturnValue"]["configuration"], json({"Focus"}));

        const auto broken = client.Post(("/" + camera.function).c_str(), "{\"Data\": ", "application/json");
        QVERIFY(broken && broken->status == 400);
        json noDevice = invocationRequest("cam", "m3", motion);
        noDevice["Metadata"]["SystemProperties"].erase("iothub-connection-device-id");
        QCOMPARE(post(client, camera.function, noDevice).status, 400);
        const auto elsewhere = client.Post("/NoSuchFunction", "{}", "application/json");
        QVERIFY(elsewhere && elsewhere->status == 404);
    }

    void recordedSessionsReplayThroughTheGeneratedHandler() {
        for (const auto& entry :
             std::filesystem::directory_iterator(SWIVEL_SOURCE_RESOURCES "/scenarios")) {
            const std::string file = entry.path().string();
            std::vector<model::Diagnostic> diagnostics;
            const std::optional<emu::Scenario> scenario = emu::loadScenarioFile(file, diagnostics);
            QVERIFY2(scenario, file.c_str());
            const model::LoadResult load = model::loadMachineFile(scenario->machineFile);
            QVERIFY2(load.machine, scenario->machineFile.c_str());
            QTemporaryDir directory;
            const std::string session = directory.filePath("session.db").toStdString();
            {
                emu::Simulator simulator(*scenario, *load.machine, model::DeviceCatalog::builtin());
                emu::SessionRecorder recorder(session);
                simulator.addObserver(&recorder);
                simulator.run();
            }
            std::string error;
            const std::vector<Delivery> deliveries = recordedDeliveries(session, error);
            QVERIFY2(error.empty(), error.c_str());

            Project& project = m_projects.at(m_machineNames.at(load.machine->name));
            HandlerProcess handler(project.disk->handlerExecutable(), {});
            QVERIFY2(handler.started(), handler.error().c_str());
            httplib::Client client("127.0.0.1", handler.port());
            client.set_keep_alive(true);
            client.set_tcp_nodelay(true);
            std::map<std::string, json> appliedEffects;  // message id -> effects
            std::map<std::string, long> versions;        // device -> version
            long applied = 0, duplicates = 0, stale = 0, forgotten = 0;
            for (const Delivery& delivery : deliveries) {
                if (delivery.forgotten) {
                    ++forgotten;
                    continue;
                }
                const Answer answer =
                    post(client, project.function,
                         invocationRequest(delivery.device, delivery.messageId, delivery.event));
                const std::string where = baseName(file) + ", " + delivery.device + ", message " +
                                          delivery.messageId + ": ";
                QVERIFY2(answer.status == 200, (where + answer.body.dump()).c_str());
                const json& value = answer.body["ReturnValue"];
                static const char* const kOutcomes[] = {"applied", "duplicate", "staleTimer"};
                QVERIFY2(value["outcome"] == kOutcomes[delivery.outcome],
                         (where + "emulator: " + kOutcomes[delivery.outcome] +
                          ", handler: " + value.dump()).c_str());
                if (delivery.outcome == 0) {
                    ++applied;
                    versions[delivery.device] = delivery.version;
                    appliedEffects[delivery.messageId] = effectsOf(delivery.actions);
                    QVERIFY2(value["version"] == delivery.version,
                             (where + "emulator: version " + std::to_string(delivery.version) +
                              ", handler: " + value.dump()).c_str());
                    QVERIFY2(value["effects"] == appliedEffects[delivery.messageId],
                             (where + "emulator: " + appliedEffects[delivery.messageId].dump() +
                              "\nhandler:  " + value["effects"].dump()).c_str());
                } else if (delivery.outcome == 1) {
                    ++duplicates;
                    QVERIFY2(value["version"] == versions[delivery.device], (where + value.dump()).c_str());
                    QVERIFY2(value["effects"] == appliedEffects[delivery.messageId],
                             (where + value.dump()).c_str());
                } else {
                    ++stale;
                }
            }
            qInfo("%s: %zu deliveries replayed: %ld applied, %ld duplicates, %ld stale timers; "
                  "%ld forgotten by the emulator left out",
                  baseName(file).c_str(), deliveries.size(), applied, duplicates, stale, forgotten);
            QVERIFY(applied > 0);
        }
    }

    void concurrentHandlersLoseNoUpdateInAzurite() {
        test::AzuriteProcess azurite;
        if (test::AzuriteProcess::executable().isEmpty()) {
            if (qEnvironmentVariable("CI") == "true")
                QFAIL(qPrintable(test::AzuriteProcess::notInstalledMessage()));
            QSKIP(qPrintable(test::AzuriteProcess::notInstalledMessage()));
        }
        QVERIFY2(azurite.start(), qPrintable(azurite.errorString()));
        Project& counter = m_projects.at("tick-counter");
        QProcessEnvironment environment;
        environment.insert("STATE_STORE_CONNECTION", QString::fromStdString(azurite.connectionString()));
        environment.insert("STATE_TABLE", "TickCounterRace");
        constexpr int kHandlers = 3, kWorkers = 8, kEventsPerWorker = 500, kDevices = 4;
        std::vector<std::unique_ptr<HandlerProcess>> handlers;
        for (int h = 0; h < kHandlers; ++h) {
            handlers.push_back(std::make_unique<HandlerProcess>(counter.disk->handlerExecutable(),
                                                                environment));
            QVERIFY2(handlers.back()->started(), handlers.back()->error().c_str());
        }
        std::atomic<long> answered{0}, retried{0}, conflicts{0}, failed{0};
        std::vector<std::thread> workers;
        for (int w = 0; w < kWorkers; ++w) {
            workers.emplace_back([&, w] {
                httplib::Client client("127.0.0.1", handlers[static_cast<std::size_t>(w % kHandlers)]->port());
                client.set_read_timeout(30, 0);
                client.set_tcp_nodelay(true);
                for (int i = 0; i < kEventsPerWorker; ++i) {
                    const std::string device = "sensor/" + std::to_string((w + i) % kDevices);
                    const std::string id = "w" + std::to_string(w) + "-" + std::to_string(i);
                    const json request = invocationRequest(device, id, {{"event", "Tick"}});
                    // As the Functions host does: a non-2xx answer means deliver again.
                    for (int attempt = 0; attempt < 20; ++attempt) {
                        const Answer answer = post(client, counter.function, request);
                        if (answer.status == 200) {
                            ++answered;
                            conflicts += answer.body["ReturnValue"]["conflicts"].get<long>();
                            break;
                        }
                        ++retried;
                        if (attempt == 19)
                            ++failed;
                    }
                }
            });
        }
        for (std::thread& worker : workers)
            worker.join();
        QCOMPARE(failed.load(), 0L);
        QCOMPARE(answered.load(), long{kWorkers * kEventsPerWorker});

        // Each device's record: every Tick applied exactly once.
        store::AzureTableStore table(store::parseStorageConnection(azurite.connectionString()),
                                     "TickCounterRace");
        long total = 0;
        for (int d = 0; d < kDevices; ++d) {
            const auto record = table.read("sensor/" + std::to_string(d));
            QVERIFY(record);
            const json state = json::parse(record->json);
            const long expected = kWorkers * kEventsPerWorker / kDevices;
            QCOMPARE(state["version"].get<long>(), expected);
            QCOMPARE(state["state"]["variables"]["count"].get<long>(), expected);
            total += state["version"].get<long>();
        }
        QCOMPARE(total, long{kWorkers * kEventsPerWorker});
        qInfo("%d handler processes, %d workers x %d events on %d devices: %ld conflicts (412/409) "
              "retried inside the handlers, %ld invocations answered 503 and delivered again",
              kHandlers, kWorkers, kEventsPerWorker, kDevices, conflicts.load(), retried.load());
        QVERIFY2(conflicts.load() > 0, "no conflict happened: the race was not a race");
    }

private:
    std::map<std::string, Project> m_projects;
    std::map<std::string, std::string> m_machineNames;  // machine name -> project name
};

QTEST_GUILESS_MAIN(TestGeneratedProjects)
#include "test_generated_projects.moc"
