// A session file damaged after it was recorded -- cut short by a copy that did not
// finish, bytes overwritten on disk, a lock another program holds -- is refused with
// one message that names the file and says what is wrong in plain words, at open or
// at the first query that reads the damage (SQLite notices a bad page only when it
// reads it). Never a crash, and never an answer made of what is missing: every
// damaged copy below either reads exactly as the original or says it is damaged.
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <sqlite3.h>
#include <unistd.h>

#include "emulator_test_support.h"
#include "session_damage_support.h"
#include "emulators/session.h"
#include "emulators/session_history.h"
#include "emulators/session_timeline.h"
#include "emulators/simulator.h"
#include "model/device_catalog.h"

using namespace swivel;
using namespace swivel::emu;

namespace {

std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// The big-endian number of `count` bytes at `at`, as in SQLite's file header.
std::uint32_t headerNumber(const std::string& bytes, std::size_t at, int count) {
    std::uint32_t value = 0;
    for (int i = 0; i < count; ++i)
        value = (value << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
    return value;
}

// The bytes with [at, at + count) replaced by noise of a fixed seed.
std::string overwritten(std::string bytes, std::size_t at, std::size_t count, unsigned seed) {
    std::mt19937 noise(seed);
    for (std::size_t i = at; i < std::min(bytes.size(), at + count); ++i)
        bytes[i] = static_cast<char>(noise() & 0xff);
    return bytes;
}

// Everything the studio and the CLI read from a session, or the first fault met.
struct Reading {
    std::string error;  // empty: all of it was read
    std::uint64_t lastStep = 0;
    std::vector<SystemState> states;  // at step 0, the middle and the last step
    std::uint64_t stepAtHalfTime = 0;
    nlohmann::json applied;  // appliedEvents(), as JSON
    bool diverged = false;
    std::vector<VirtualTime> stepTimes, deviceEvents, commands;
    std::size_t latencies = 0;
    DeviceHistory history;
    InstanceHistory instances;

    bool operator==(const Reading&) const = default;
};

Reading readEverything(const std::string& file) {
    Reading reading;
    std::string error;
    const std::unique_ptr<Session> session = Session::open(file, error);
    if (!session) {
        reading.error = error;
        return reading;
    }
    try {
        reading.lastStep = session->lastStep();
        for (std::uint64_t step : {std::uint64_t{0}, session->lastStep() / 2, session->lastStep()})
            reading.states.push_back(session->stateAt(step));
        reading.stepAtHalfTime = session->stepAtTime(session->duration() / 2);
        for (const AppliedEvent& event : session->appliedEvents())
            reading.applied.push_back({event.step, event.device, event.version, event.event,
                                       event.configuration, event.actions, event.transitions});
        std::string machineError;
        reading.diverged = session->firstDivergence(test::cameraMachine(), machineError).has_value();
        const SessionTimeline timeline = readSessionTimeline(file);
        reading.stepTimes = timeline.stepTimes;
        reading.deviceEvents = timeline.deviceEvents;
        reading.commands = timeline.commands;
        reading.latencies = timeline.latencies.size();
        const SessionHistory history(file);
        const SystemState& last = reading.states.back();
        reading.history = history.deviceHistory(0, last.step, last.time, HistoryLimits{});
        reading.instances = history.instances(last.step, last.time, seconds(60), 1000);
    } catch (const std::runtime_error& fault) {
        reading.error = fault.what();
    }
    return reading;
}

// The words a damaged file may be refused with: each names the fault plainly.
bool saysPlainlyWhatIsWrong(const std::string& message, const std::string& file) {
    if (!message.starts_with(file + ": "))
        return false;
    const std::string reason = message.substr(file.size() + 2);
    // SQLite's terse words alone are not enough: they come with what they mean.
    if (reason.starts_with("database disk image is malformed") || reason.starts_with("disk I/O error")
        || reason.starts_with("database is locked"))
        return false;
    return reason.starts_with("damaged session (") || reason.starts_with("the file is truncated (")
           || reason == "file is not a database" || reason.starts_with("not a Swivel session (")
           || reason.starts_with("the recording did not finish") || reason.starts_with("written by a newer")
           || reason.starts_with("recorded by an older");
}

} // namespace

class TestSessionDamage : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::string m_session;  // the camera walk-through, simulated and recorded
    std::string m_bytes;
    std::size_t m_pageSize = 0;
    Reading m_original;

    std::string path(const std::string& name) const { return m_dir.filePath(QString::fromStdString(name)).toStdString(); }

    std::string copyWith(const std::string& name, const std::string& bytes) const {
        const std::string file = path(name);
        writeBytes(file, bytes);
        return file;
    }

    // A damaged copy either reads as the original or is refused in plain words.
    void expectRefusedOrUnchanged(const std::string& file, int& refused) {
        const Reading reading = readEverything(file);
        if (reading.error.empty()) {
            QVERIFY2(reading == m_original, (file + " read without a fault, but not as the original").c_str());
            return;
        }
        ++refused;
        QVERIFY2(saysPlainlyWhatIsWrong(reading.error, file), reading.error.c_str());
    }

    int pages() const { return static_cast<int>(m_bytes.size() / m_pageSize); }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_session = path("walkthrough.db");
        std::vector<model::Diagnostic> diagnostics;
        std::optional<Scenario> scenario =
            loadScenarioFile(test::resourcePath("scenarios/camera-walkthrough.scenario.json"), diagnostics);
        QVERIFY(scenario);
        {
            SessionRecorder recorder(m_session);
            Simulator simulator(*scenario, test::cameraMachine(), model::DeviceCatalog::builtin());
            simulator.addObserver(&recorder);
            while (simulator.stepOnce()) {
            }
        }
        m_bytes = readBytes(m_session);
        m_pageSize = headerNumber(m_bytes, 16, 2);
        QVERIFY(m_bytes.size() > 8 * m_pageSize);
        m_original = readEverything(m_session);
        QVERIFY2(m_original.error.empty(), m_original.error.c_str());
        QVERIFY(m_original.lastStep > 50);
    }

    // A copy that stopped early, at any byte: the header still says how long the file
    // is, so it is refused before anything is read.
    void aCopyCutShortAnywhereIsRefusedAsTruncated() {
        std::vector<std::size_t> cuts{1, 15, 16, 50, 99, 100, 101, m_bytes.size() - 1};
        for (std::size_t at = m_pageSize; at < m_bytes.size(); at += m_pageSize) {
            cuts.push_back(at);                   // at a page boundary
            cuts.push_back(at + m_pageSize / 2);  // and in the middle of the page
        }
        for (std::size_t cut : cuts) {
            if (cut >= m_bytes.size())
                continue;
            const std::string file = copyWith("cut.db", m_bytes.substr(0, cut));
            const Reading reading = readEverything(file);
            QVERIFY2(reading.error.starts_with(file + ": the file is truncated ("),
                     (std::to_string(cut) + " bytes: " + reading.error).c_str());
        }
        const std::string empty = copyWith("cut.db", "");
        QCOMPARE(readEverything(empty).error, empty + ": not a Swivel session (the file is empty)");
    }

    // A copy cut short whose header no longer vouches for its length (the page count
    // is only trusted while the change counters agree): SQLite then meets the missing
    // pages only when a query reads them, however late that is.
    void aCutWhoseHeaderCannotTellIsRefusedWhenTheMissingPagesAreRead() {
        int refused = 0, cuts = 0;
        for (std::size_t at = 2 * m_pageSize; at < m_bytes.size(); at += m_pageSize) {
            std::string bytes = m_bytes.substr(0, at);
            bytes[95] = static_cast<char>(bytes[95] ^ 0x5a);  // "version valid for" != change counter
            const std::string file = copyWith("cut-unsure.db", bytes);
            expectRefusedOrUnchanged(file, refused);
            ++cuts;
        }
        // Each cut loses rows of some table: none reads as if nothing were missing.
        QCOMPARE(refused, cuts);
    }

    // Noise over a few bytes of the header, the schema page, and every other page
    // (table rows, indexes, overflowing JSON texts): read as the original (noise over
    // a page's free space) or refused.
    void overwrittenBytesAnywhereAreRefusedOrHarmless() {
        int refused = 0;
        const auto check = [&](const std::string& name, const std::string& bytes) {
            expectRefusedOrUnchanged(copyWith(name, bytes), refused);
        };
        for (unsigned seed = 0; seed < 12; ++seed) {
            const std::size_t at = 16 + seed * 7;  // every field of the header after the magic
            check("header.db", overwritten(m_bytes, at, 4, seed));
        }
        for (unsigned seed = 0; seed < 8; ++seed)
            check("schema-page.db", overwritten(m_bytes, 100 + seed * (m_pageSize - 200) / 8, 64, seed));
        for (int page = 1; page < pages(); ++page) {
            const std::size_t start = static_cast<std::size_t>(page) * m_pageSize;
            check("page-start.db", overwritten(m_bytes, start, 48, static_cast<unsigned>(page)));
            check("page-middle.db",
                  overwritten(m_bytes, start + m_pageSize / 2, 256, static_cast<unsigned>(page) + 1000));
        }
        QVERIFY(refused > 0);
    }

    // Every page a reader reads (a table, an index, the overflow of a long text): a
    // page of zeros in its place is refused, whichever it is. (The tables naming the
    // numbers of kinds, fates, phases and outcomes are for people reading the file
    // with other tools; no reader needs them.)
    void aZeroedPageIsAlwaysRefused() {
        std::vector<std::size_t> forPeople;
        for (const char* table : {"message_kinds", "message_fates", "invocation_phases", "invocation_outcomes"})
            forPeople.push_back(test::rootPageOf(m_session, table));
        for (int page = 1; page < pages(); ++page) {
            if (std::find(forPeople.begin(), forPeople.end(), static_cast<std::size_t>(page) + 1) != forPeople.end())
                continue;
            std::string bytes = m_bytes;
            std::fill_n(bytes.begin() + static_cast<std::ptrdiff_t>(page) * static_cast<std::ptrdiff_t>(m_pageSize),
                        m_pageSize, '\0');
            const std::string file = copyWith("page-zeroed.db", bytes);
            const Reading reading = readEverything(file);
            QVERIFY2(saysPlainlyWhatIsWrong(reading.error, file),
                     ("page " + std::to_string(page + 1) + ": " + reading.error).c_str());
        }
    }

    // The message a damaged page gives, wherever it is met, says what it means.
    void aMalformedPageIsNamedAsDamageWithWhatMayHaveCausedIt() {
        for (const char* table : {"states", "messages", "invocations", "texts"}) {
            const std::string file = path(std::string(table) + "-root.db");
            QVERIFY(test::copyWithRootPageOverwritten(m_session, file, table));
            // The states and their texts are read only when a step is shown.
            std::string error;
            if (std::string(table) == "states" || std::string(table) == "texts")
                QVERIFY2(Session::open(file, error), error.c_str());
            QCOMPARE(readEverything(file).error, file + ": damaged session (database disk image is malformed); "
                                                        "it may have been truncated or overwritten");
        }
    }

    void aSchemaVersionThatIsNoNumberIsDamage() {
        const std::string file = path("version-text.db");
        std::filesystem::copy_file(m_session, file, std::filesystem::copy_options::overwrite_existing);
        sqlite3* database = nullptr;
        QCOMPARE(sqlite3_open(file.c_str(), &database), SQLITE_OK);
        QCOMPARE(sqlite3_exec(database, "UPDATE schema_version SET version = 'two'", nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(database);
        QCOMPARE(readEverything(file).error, file + ": damaged session (the schema version is not a number)");
    }

    // Another program writing the file holds it locked: said so at open, and a
    // session already open says so at the next query, then reads again once the lock
    // is gone.
    void aFileLockedByAWriterSaysSoAndReadsAgainAfterwards() {
        const std::string file = path("locked.db");
        std::filesystem::copy_file(m_session, file, std::filesystem::copy_options::overwrite_existing);
        std::string error;
        const std::unique_ptr<Session> opened = Session::open(file, error);
        QVERIFY2(opened, error.c_str());

        sqlite3* writer = nullptr;
        QCOMPARE(sqlite3_open(file.c_str(), &writer), SQLITE_OK);
        QCOMPARE(sqlite3_exec(writer, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
        const std::string locked =
            file + ": the file is locked by another program (database is locked); try again once it is done";
        QCOMPARE(readEverything(file).error, locked);
        try {
            opened->stateAt(opened->lastStep());
            QFAIL("a locked file was read");
        } catch (const std::runtime_error& fault) {
            QCOMPARE(std::string(fault.what()), locked);
        }
        QCOMPARE(sqlite3_exec(writer, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(writer);

        QVERIFY(opened->stateAt(opened->lastStep()) == m_original.states.back());
        QVERIFY(readEverything(file) == m_original);
    }

    // A journal next to the file, left by a program that stopped in the middle of
    // writing it: SQLite must undo that change before anything can be read.
    void aJournalLeftNextToTheFileIsNamed() {
        const std::string file = path("journalled.db");
        std::filesystem::copy_file(m_session, file, std::filesystem::copy_options::overwrite_existing);
        writeBytes(file + "-journal", std::string("\xd9\xd5\x05\xf9\x20\xa1\x63\xd7", 8) + std::string(600, '\0'));
        QCOMPARE(readEverything(file).error,
                 file + ": a change left unfinished in " + file
                     + "-journal must be rolled back first, which reading a session cannot do "
                       "(attempt to write a readonly database)");
        std::filesystem::remove(file + "-journal");
        QVERIFY(readEverything(file) == m_original);
    }

    void aFolderIsNoSession() {
        const std::string folder = path("folder.db");
        std::filesystem::create_directory(folder);
        QCOMPARE(readEverything(folder).error, folder + ": not a file");
    }

    void aFileWithoutReadPermissionSaysSo() {
        if (geteuid() == 0)
            QSKIP("root reads every file");
        const std::string file = path("private.db");
        std::filesystem::copy_file(m_session, file, std::filesystem::copy_options::overwrite_existing);
        std::filesystem::permissions(file, std::filesystem::perms::none);
        const std::string error = readEverything(file).error;
        QVERIFY2(error.starts_with(file + ": cannot read the file"), error.c_str());
    }
};

QTEST_APPLESS_MAIN(TestSessionDamage)
#include "test_session_damage.moc"
