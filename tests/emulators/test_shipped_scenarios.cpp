// The scenarios shipped in resources/scenarios/ run, deterministically, and show what
// they are there to show: the lecture's walk-through, and the store outage's convoy
// (checked from the recorded session, as a student would look at it).
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include <sqlite3.h>

#include "emulator_test_support.h"
#include "emulators/session.h"
#include "emulators/simulator.h"
#include "model/device_catalog.h"
#include "model/machine_file.h"

using namespace swivel;

namespace {

const char* const kScenarios[] = {"camera-walkthrough", "camera-farm", "door-shift-change",
                                  "store-outage-convoy", "flaky-edge-link"};

emu::Scenario loadShipped(const std::string& name) {
    std::vector<model::Diagnostic> diagnostics;
    auto scenario = emu::loadScenarioFile(test::resourcePath("scenarios/" + name + ".scenario.json"), diagnostics);
    if (!scenario)
        qFatal("%s does not load", name.c_str());
    return *scenario;
}

struct Run {
    emu::SimulationSummary summary;
    std::vector<std::string> violations;
};

Run record(const emu::Scenario& scenario, const std::string& path) {
    const model::Machine machine = *model::loadMachineFile(scenario.machineFile).machine;
    emu::Simulator simulator(scenario, machine, model::DeviceCatalog::builtin());
    {
        emu::SessionRecorder recorder(path);
        simulator.addObserver(&recorder);
        simulator.run();
    }
    test::requireInvariants(simulator);
    return {simulator.summary(), simulator.checkInvariants()};
}

std::string bytesOf(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Rows of one query with integer columns.
std::vector<std::vector<std::int64_t>> query(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* statement = nullptr;
    std::vector<std::vector<std::int64_t>> rows;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK) {
        while (sqlite3_step(statement) == SQLITE_ROW) {
            std::vector<std::int64_t> row;
            for (int c = 0; c < sqlite3_column_count(statement); ++c)
                row.push_back(sqlite3_column_int64(statement, c));
            rows.push_back(std::move(row));
        }
    } else {
        qWarning("%s: %s", sql, sqlite3_errmsg(db));
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return rows;
}

} // namespace

class TestShippedScenarios : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    std::string file(const std::string& name) { return m_dir.filePath(QString::fromStdString(name)).toStdString(); }

private slots:
    void oneSeedGivesTheSameSessionByteForByte_data() {
        QTest::addColumn<QString>("name");
        for (const char* name : kScenarios)
            QTest::newRow(name) << QString(name);
    }
    void oneSeedGivesTheSameSessionByteForByte() {
        QFETCH(QString, name);
        emu::Scenario scenario = loadShipped(name.toStdString());
        // The first two minutes: every scenario has its devices busy by then, and the
        // whole suite stays quick on a two-core machine.
        scenario.duration = std::min(scenario.duration, emu::seconds(120));
        const Run first = record(scenario, file("first.db"));
        const Run second = record(scenario, file("second.db"));
        QVERIFY(first.summary.deviceEvents > 0);
        QCOMPARE(first.summary.toJson().dump(), second.summary.toJson().dump());
        const std::string a = bytesOf(file("first.db")), b = bytesOf(file("second.db"));
        QVERIFY(a.size() > 4096);
        QVERIFY2(a == b, "two runs with one seed recorded different files");
        QVERIFY2(first.violations.empty(), first.violations.empty() ? "" : first.violations.front().c_str());

        scenario.seed += 1;
        record(scenario, file("other.db"));
        QVERIFY2(bytesOf(file("other.db")) != a, "another seed gives another run");
    }

    void theWalkThroughPlaysTheLecturesFlow() {
        const emu::Scenario scenario = loadShipped("camera-walkthrough");
        const Run run = record(scenario, file("walkthrough.db"));
        QVERIFY(run.violations.empty());
        for (const char* state : {"Swivel", "Focus", "TakePhoto", "Idle"})
            QVERIFY2(run.summary.visitsOf(state) >= 1, state);
        // The commands of the flow, in the order the camera received the first of each.
        std::string error;
        auto session = emu::Session::open(file("walkthrough.db"), error);
        QVERIFY2(session, error.c_str());
        std::vector<std::string> firsts;
        for (const emu::AppliedEvent& applied : session->appliedEvents()) {
            for (const auto& action : applied.actions) {
                if (action.value("kind", "") != "send")
                    continue;
                const std::string command = action.value("command", "");
                if (std::find(firsts.begin(), firsts.end(), command) == firsts.end())
                    firsts.push_back(command);
            }
        }
        const std::vector<std::string> expected{"Swivel", "Focus", "TakePhoto", "DownloadPhoto"};
        QVERIFY(firsts.size() >= expected.size());
        QCOMPARE(std::vector<std::string>(firsts.begin(), firsts.begin() + 4), expected);
        QVERIFY2(run.summary.serviceCalls >= 1, "the photo goes to the PhotoInterest µ-service");
    }

    void theStoreOutageMakesAConvoyThatDrainsAfterwards() {
        const emu::Scenario scenario = loadShipped("store-outage-convoy");
        QVERIFY(!scenario.store.faults.empty());
        // The store is unavailable in the first fault window; later windows (slow) end
        // by `faultsEnd`.
        const emu::VirtualTime outageFrom = scenario.store.faults.front().window.from;
        const emu::VirtualTime outageTo = scenario.store.faults.front().window.to;
        emu::VirtualTime faultsEnd = 0;
        for (const emu::StoreFault& fault : scenario.store.faults)
            faultsEnd = std::max(faultsEnd, fault.window.to);
        const std::string path = file("convoy.db");
        const Run run = record(scenario, path);
        QVERIFY2(run.violations.empty(), run.violations.empty() ? "" : run.violations.front().c_str());

        // Event -> first command latency, by when the device sent the event.
        const auto latencies = query(path,
            "SELECT e.sent_time_us, MIN(c.end_time_us) - e.sent_time_us FROM messages e "
            "JOIN messages c ON c.caused_by = e.id AND c.kind = 1 AND c.fate = 0 "
            "WHERE e.kind = 0 GROUP BY e.id");
        // The median: a few events wait behind a 3 MB photo upload on their link.
        auto medianLatency = [&](emu::VirtualTime from, emu::VirtualTime to) {
            std::vector<std::int64_t> window;
            for (const auto& row : latencies) {
                if (row[0] >= from && row[0] < to)
                    window.push_back(row[1]);
            }
            if (window.empty())
                return 0.0;
            std::nth_element(window.begin(), window.begin() + window.size() / 2, window.end());
            return window[window.size() / 2] / 1000.0;  // ms
        };
        // What the hub holds: arrived, not yet handled for good.
        const auto arrivals = query(path, "SELECT id, end_time_us FROM messages "
                                          "WHERE kind IN (0, 3, 4) AND fate = 0");
        const auto handled = query(path, "SELECT message, MIN(end_time_us) FROM invocations "
                                         "WHERE outcome IN (0, 1, 2, 6) GROUP BY message");
        std::map<std::int64_t, std::int64_t> handledAt;
        for (const auto& row : handled)
            handledAt[row[0]] = row[1];
        auto backlogAt = [&](emu::VirtualTime t) {
            int held = 0;
            for (const auto& row : arrivals) {
                auto done = handledAt.find(row[0]);
                if (row[1] <= t && (done == handledAt.end() || done->second > t))
                    ++held;
            }
            return held;
        };

        const double before = medianLatency(outageFrom - emu::seconds(30), outageFrom);
        const double during = medianLatency(outageFrom, outageTo);
        const double after = medianLatency(faultsEnd + emu::seconds(60), faultsEnd + emu::seconds(90));
        const int queueBefore = backlogAt(outageFrom - emu::seconds(1));
        const int queueDuring = backlogAt(outageTo - emu::seconds(1));
        const int queueAfter = backlogAt(faultsEnd + emu::seconds(90));
        qInfo("latency before %.0f ms, during %.0f ms, after %.0f ms; queue %d -> %d -> %d", before, during,
              after, queueBefore, queueDuring, queueAfter);
        QVERIFY2(during > 10 * before, "events sent during the outage wait for the store");
        QVERIFY2(queueDuring > 10 * std::max(queueBefore, 1), "the hub's queue grows during the outage");
        QVERIFY2(after < 3 * before, "latency returns to normal once the backlog drained");
        QVERIFY2(queueAfter < 3 * std::max(queueBefore, 5), "the queue drains after the outage");
        QVERIFY(run.summary.redeliveries > 0);
    }
};

QTEST_APPLESS_MAIN(TestShippedScenarios)
#include "test_shipped_scenarios.moc"
