// swivel-cli replay and diff through run(), on a session of the shipped camera
// walk-through recorded by `simulate --record` (the real simulator and recorder).
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "cli/cli.h"
#include "cli_test_support.h"
#include "emulators/scenario.h"
#include "emulators/session.h"
#include "model/machine_file.h"
#include "../emulators/session_damage_support.h"

namespace {

using Run = swivel::test::CliRun;
using swivel::test::cli;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeFile(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

const std::string kCamera = SWIVEL_SOURCE_RESOURCES "/examples/camera-point-focus-shoot.swivel.json";
const std::string kWalkThrough = SWIVEL_SOURCE_RESOURCES "/scenarios/camera-walkthrough.scenario.json";

constexpr int kOk = static_cast<int>(swivel::cli::ExitCode::Ok);
constexpr int kErrors = static_cast<int>(swivel::cli::ExitCode::Errors);
constexpr int kUsage = static_cast<int>(swivel::cli::ExitCode::Usage);

} // namespace

class TestCliReplay : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::string m_session;

    std::string path(const char* name) const { return m_dir.filePath(name).toStdString(); }

    // The camera machine with one change, as a file for `diff`.
    std::string changedCamera(const char* name, const std::string& from, const std::string& to) {
        std::string text = readFile(kCamera);
        const std::size_t at = text.find(from);
        if (at == std::string::npos)
            qFatal("'%s' is not in the camera machine", from.c_str());
        text.replace(at, from.size(), to);
        writeFile(path(name), text);
        return path(name);
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_session = path("walkthrough.db");
        const Run run = cli({"simulate", kWalkThrough, "--record", m_session});
        QVERIFY2(run.code == kOk, run.err.c_str());
        QVERIFY(std::filesystem::exists(m_session));
    }

    void replayJsonAtAStepIsTheSystemStateThere() {
        const Run run = cli({"replay", m_session, "--step", "5", "--json"});
        QCOMPARE(run.code, kOk);
        QVERIFY(run.err.empty());
        const nlohmann::json state = nlohmann::json::parse(run.out);
        // Exactly what the library replays, in the documented JSON.
        std::string error;
        const auto session = swivel::emu::Session::open(m_session, error);
        QVERIFY(session);
        QCOMPARE(state, nlohmann::json(swivel::emu::toJson(session->stateAt(5))));
        QCOMPARE(state["step"], nlohmann::json(5));
        QVERIFY(state["time_us"].get<std::int64_t>() > 0);
        QCOMPARE(state["devices"].size(), std::size_t{1});
        QCOMPARE(state["devices"][0]["id"], nlohmann::json("camera-0001"));
        QVERIFY(state["devices"][0]["record"].contains("variables"));
        QVERIFY(state["inFlight"].is_array());
        QVERIFY(state["running"].is_array());
        // Two spaces of indentation: readable and stable for scripts.
        QVERIFY(run.out.starts_with("{\n  \"step\": 5,\n"));
    }

    void replayWithoutAPointShowsTheEnd() {
        std::string error;
        const auto session = swivel::emu::Session::open(m_session, error);
        const Run run = cli({"replay", m_session, "--json"});
        QCOMPARE(run.code, kOk);
        QCOMPARE(nlohmann::json::parse(run.out)["step"], nlohmann::json(session->lastStep()));
    }

    void replayAtATimeIsTheLastStepAtOrBeforeIt() {
        std::string error;
        const auto session = swivel::emu::Session::open(m_session, error);
        for (const char* time : {"0s", "1s", "1.5s", "800ms", "12.5s", "10min"}) {
            const Run run = cli({"replay", m_session, "--time", time, "--json"});
            QCOMPARE(run.code, kOk);
            const std::uint64_t expected =
                session->stepAtTime(swivel::emu::parseDuration(time).value());
            QCOMPARE(nlohmann::json::parse(run.out)["step"], nlohmann::json(expected));
        }
        // The first Motion is scripted at 1 s: just before it nothing has happened.
        const Run before = cli({"replay", m_session, "--time", "999ms", "--json"});
        const nlohmann::json state = nlohmann::json::parse(before.out);
        QCOMPARE(state["devices"][0]["version"], nlohmann::json(0));
        QVERIFY(state["time_us"].get<std::int64_t>() <= 999000);
    }

    void replayTextShowsTimeDevicesMessagesAndInstances() {
        std::string error;
        const auto session = swivel::emu::Session::open(m_session, error);
        // A step where a message is on its way, and one where an instance runs (the
        // walk-through sends its events one at a time, so not both at once).
        std::uint64_t travelling = 0, running = 0;
        for (std::uint64_t step = 1; step <= session->lastStep() && (travelling == 0 || running == 0);
             ++step) {
            const swivel::emu::SystemState state = session->stateAt(step);
            if (travelling == 0 && !state.inFlight.empty())
                travelling = step;
            if (running == 0 && !state.running.empty())
                running = step;
        }
        QVERIFY(travelling > 0 && running > 0);
        const swivel::emu::SystemState state = session->stateAt(travelling);
        const Run run = cli({"replay", m_session, "--step", std::to_string(travelling)});
        QCOMPARE(run.code, kOk);
        QVERIFY2(run.out.starts_with(m_session + ": step " + std::to_string(travelling) + " of "
                                     + std::to_string(session->lastStep()) + ", at "
                                     + QString::number(swivel::emu::toSeconds(state.time), 'f', 3).toStdString()
                                     + " s"),
                 run.out.c_str());
        QVERIFY(contains(run.out, "devices (1):\n  DEVICE       VERSION  CONFIGURATION\n  camera-0001  "
                                      + std::to_string(state.devices[0].version) + " "));
        QVERIFY(contains(run.out, "messages in flight (" + std::to_string(state.inFlight.size()) + "):"));
        QVERIFY(contains(run.out, state.inFlight[0].name));

        const swivel::emu::SystemState busy = session->stateAt(running);
        const Run atWork = cli({"replay", m_session, "--step", std::to_string(running)});
        QCOMPARE(atWork.code, kOk);
        QVERIFY(contains(atWork.out, "running instances (" + std::to_string(busy.running.size()) + "):"));
        QVERIFY(contains(atWork.out, swivel::emu::toString(busy.running[0].phase)));

        const Run start = cli({"replay", m_session, "--step", "0"});
        QVERIFY(contains(start.out, "camera-0001  0        Idle\n"));
        QVERIFY(contains(start.out, "messages in flight: none\n"));
        QVERIFY(contains(start.out, "running instances: none\n"));
    }

    void stepAndTimeExcludeEachOther() {
        const Run run = cli({"replay", m_session, "--step", "3", "--time", "1s"});
        QCOMPARE(run.code, kUsage);
        QVERIFY2(contains(run.err, "excludes"), run.err.c_str());
        QVERIFY(run.out.empty());
    }

    void aStepPastTheEndOrABadTimeIsRefused() {
        const Run past = cli({"replay", m_session, "--step", "999999"});
        QCOMPARE(past.code, kUsage);
        QVERIFY2(contains(past.err, "step 999999 is past the end of " + m_session), past.err.c_str());
        const Run badTime = cli({"replay", m_session, "--time", "soon"});
        QCOMPARE(badTime.code, kUsage);
        QVERIFY2(contains(badTime.err, "--time soon is not a duration"), badTime.err.c_str());
    }

    void aBrokenSessionIsNamedWithItsFault() {
        const std::string notes = path("notes.db");
        writeFile(notes, "my shopping list, not a session\n" + std::string(100, '-'));
        for (const std::vector<std::string>& args :
             {std::vector<std::string>{"replay", notes}, {"diff", notes, kCamera}}) {
            const Run run = cli(args);
            QCOMPARE(run.code, kUsage);
            QCOMPARE(run.err, "swivel-cli " + args[0] + ": " + notes + ": file is not a database\n");
        }
        const Run missing = cli({"replay", path("absent.db")});
        QCOMPARE(missing.code, kUsage);
        QCOMPARE(missing.err, "swivel-cli replay: " + path("absent.db") + ": no such file\n");

        const std::string bytes = readFile(m_session);
        const std::string truncated = path("truncated.db");
        writeFile(truncated, bytes.substr(0, bytes.size() / 2));
        const Run cut = cli({"replay", truncated});
        QCOMPARE(cut.code, kUsage);
        QVERIFY2(contains(cut.err, truncated + ": the file is truncated"), cut.err.c_str());
    }

    // Damage SQLite meets only when a query reads the bad page: the file opens, then
    // every command that reads a step -- the first, the last, by time, as JSON, the
    // re-run of diff -- fails with the file named and the fault in plain words, and
    // prints nothing of the session.
    void damageMetWhileReadingIsNamedWithTheFileAndFailsWithTheBadInputCode() {
        const std::string damaged = path("damaged-states.db");
        QVERIFY(swivel::test::copyWithRootPageOverwritten(m_session, damaged, "states"));
        const std::string fault = damaged + ": damaged session (database disk image is malformed); "
                                            "it may have been truncated or overwritten\n";
        std::string error;
        const auto session = swivel::emu::Session::open(m_session, error);
        QVERIFY(session);
        const std::string last = std::to_string(session->lastStep());
        for (const std::vector<std::string>& args :
             {std::vector<std::string>{"replay", damaged, "--step", "0"},
              {"replay", damaged, "--step", last},
              {"replay", damaged, "--step", last, "--json"},
              {"replay", damaged, "--time", "3s"},
              {"replay", damaged, "--json"},
              {"diff", damaged, kCamera}}) {
            const Run run = cli(args);
            QCOMPARE(run.code, kUsage);
            QCOMPARE(run.err, "swivel-cli " + args[0] + ": " + fault);
            QVERIFY2(run.out.empty(), run.out.c_str());
        }
    }

    // A copy cut short whose header no longer vouches for its length: SQLite meets the
    // missing pages at open or at the first query that reads one; either way the file
    // is named as damaged.
    void aCutCopyWithoutItsLengthIsNamedAsDamaged() {
        std::string bytes = readFile(m_session);
        bytes.resize(bytes.size() / 2);
        bytes[95] = static_cast<char>(bytes[95] ^ 0x5a);  // "version valid for" no longer the change counter
        const std::string cut = path("cut-unsure.db");
        writeFile(cut, bytes);
        for (const std::vector<std::string>& args :
             {std::vector<std::string>{"replay", cut}, {"replay", cut, "--step", "0", "--json"},
              {"diff", cut, kCamera}}) {
            const Run run = cli(args);
            QCOMPARE(run.code, kUsage);
            QVERIFY2(run.err.starts_with("swivel-cli " + args[0] + ": " + cut + ": damaged session ("),
                     run.err.c_str());
            QVERIFY2(run.out.empty(), run.out.c_str());
        }
    }

    // Another program holds the file locked for writing: said so, and no wait.
    void aSessionLockedByAWriterSaysSo() {
        const std::string locked = path("locked.db");
        std::filesystem::copy_file(m_session, locked, std::filesystem::copy_options::overwrite_existing);
        sqlite3* writer = nullptr;
        QCOMPARE(sqlite3_open(locked.c_str(), &writer), SQLITE_OK);
        QCOMPARE(sqlite3_exec(writer, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
        const Run run = cli({"replay", locked});
        sqlite3_exec(writer, "COMMIT", nullptr, nullptr, nullptr);
        sqlite3_close(writer);
        QCOMPARE(run.code, kUsage);
        QCOMPARE(run.err, "swivel-cli replay: " + locked + ": the file is locked by another program "
                                                         "(database is locked); try again once it is done\n");
        QCOMPARE(cli({"replay", locked}).code, kOk);  // once it is free
    }

    void aFolderOrADifferentDatabaseIsRefused() {
        const std::string folder = path("folder.db");
        std::filesystem::create_directory(folder);
        const Run dir = cli({"replay", folder});
        QCOMPARE(dir.code, kUsage);
        QCOMPARE(dir.err, "swivel-cli replay: " + folder + ": not a file\n");

        const std::string photos = path("photos.db");
        sqlite3* database = nullptr;
        QCOMPARE(sqlite3_open(photos.c_str(), &database), SQLITE_OK);
        QCOMPARE(sqlite3_exec(database, "CREATE TABLE photos (uid TEXT)", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(database);
        const Run other = cli({"diff", photos, kCamera});
        QCOMPARE(other.code, kUsage);
        QCOMPARE(other.err, "swivel-cli diff: " + photos + ": not a Swivel session (no table 'session')\n");
    }

    void diffWithTheSameMachineFindsNoDivergence() {
        std::string error;
        const auto session = swivel::emu::Session::open(m_session, error);
        const std::size_t applied = session->appliedEvents().size();
        QVERIFY(applied > 3);
        const Run run = cli({"diff", m_session, kCamera});
        QCOMPARE(run.code, kOk);
        QCOMPARE(run.out, "no divergence: " + std::to_string(applied)
                              + " applied events of 1 device behave the same\n");
    }

    void diffReportsTheFirstDivergenceWithBothSides() {
        // MoveDone no longer leads to Focus: the first MoveDone applied diverges.
        const std::string changed =
            changedCamera("changed.swivel.json", R"("event": "MoveDone", "targets": ["Focus"])",
                          R"("event": "MoveDone", "targets": ["Idle"])");
        std::string error;
        const auto session = swivel::emu::Session::open(m_session, error);
        const auto divergence =
            session->firstDivergence(swivel::model::loadMachineFile(changed).machine.value(), error);
        QVERIFY(divergence);
        const Run run = cli({"diff", m_session, changed});
        QCOMPARE(run.code, kErrors);
        QCOMPARE(run.out, "first divergence at step " + std::to_string(divergence->step) + " ("
                              + swivel::emu::formatDuration(divergence->time)
                              + "), device camera-0001, version "
                              + std::to_string(divergence->version)
                              + ", event MoveDone:\n"
                                "  the configuration differs\n"
                                "  recorded: Focus\n"
                                "  re-run:   Idle\n");
    }

    void diffReportsChangedActions() {
        const std::string changed = changedCamera(
            "changed-actions.swivel.json", R"({"send": "Swivel", "args": {"Bearing": "event.Bearing"}})",
            R"({"send": "Swivel", "args": {"Bearing": "event.Bearing + 180"}})");
        const Run run = cli({"diff", m_session, changed});
        QCOMPARE(run.code, kErrors);
        QVERIFY2(contains(run.out, "event Motion {\"Bearing\":90}:\n  the actions differ\n"), run.out.c_str());
        QVERIFY(contains(run.out, "  recorded: [{\"args\":{\"Bearing\":90}"));
        QVERIFY(contains(run.out, "  re-run:   [{\"args\":{\"Bearing\":270}"));
    }

    void diffWithABrokenMachineReportsItsErrors() {
        const std::string broken = changedCamera("broken.swivel.json", R"("initial": "On")",
                                                 R"("initial": "Nowhere")");
        const Run run = cli({"diff", m_session, broken});
        QCOMPARE(run.code, kUsage);
        QVERIFY2(contains(run.out, broken + ":"), run.out.c_str());  // FILE:LINE:COL: error: ...
        QVERIFY(contains(run.out, "error"));
        QVERIFY(contains(run.err, broken + " has errors; nothing was compared"));

        const Run missing = cli({"diff", m_session, path("absent.swivel.json")});
        QCOMPARE(missing.code, kUsage);
    }
};

QTEST_APPLESS_MAIN(TestCliReplay)
#include "test_cli_replay.moc"
