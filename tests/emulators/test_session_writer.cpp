// The session writer (emulators/session_writer.h): the recorder's rows are written on a
// thread of their own, in the order they were added, and a failure there reaches the
// simulation's thread with SQLite's reason and the file's name.

#include <QtTest>

#include <csignal>
#include <string>

#include <sqlite3.h>
#include <sys/resource.h>

#include "emulator_test_support.h"
#include "emulators/session.h"
#include "emulators/session_schema.h"
#include "emulators/session_writer.h"
#include "emulators/sqlite_statement.h"
#include "model/device_catalog.h"

using namespace swivel;
using namespace swivel::emu;

namespace {

// A database with the session's tables, in a transaction, as the recorder leaves it
// before its first row.
struct SessionTables {
    sqlite3* database = nullptr;
    explicit SessionTables(const std::string& path) {
        if (sqlite3_open(path.c_str(), &database) != SQLITE_OK)
            qFatal("cannot open %s", path.c_str());
        executeSql(database, session_schema::kCreateTables);
        executeSql(database, "BEGIN");
    }
    ~SessionTables() { sqlite3_close(database); }
};

std::string textRowJson(int id) {
    return "{\"text\":" + std::to_string(id) + "}";
}

// While alive, files this process writes may not grow past `bytes`; a write past it
// fails with EFBIG (the signal that would kill the process is ignored).
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        getrlimit(RLIMIT_FSIZE, &m_old);
        m_oldSignal = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = m_old;
        limited.rlim_cur = bytes;
        setrlimit(RLIMIT_FSIZE, &limited);
    }
    ~FileSizeLimit() {
        setrlimit(RLIMIT_FSIZE, &m_old);
        std::signal(SIGXFSZ, m_oldSignal);
    }

private:
    rlimit m_old{};
    void (*m_oldSignal)(int) = SIG_DFL;
};

} // namespace

class TestSessionWriter : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::string path(const char* name) const { return m_dir.filePath(name).toStdString(); }

private slots:
    void rowsReachTheFileInTheOrderTheyWereAdded() {
        SessionTables tables(path("order.db"));
        constexpr int kRows = 20000;  // many batches: the writer is kept busy and waited for
        {
            SessionWriter writer(tables.database);
            for (int id = 1; id <= kRows; ++id) {
                SessionWriter::Row& row = writer.add(SessionWriter::Table::Text);
                row.set(1, id);
                row.text = textRowJson(id);
                if (id % 1000 == 0)
                    writer.add(SessionWriter::Table::Commit);  // a chunk's end: COMMIT; BEGIN
            }
            writer.drain();
            // Drained: the database is this thread's until the next row, still in the
            // transaction the last chunk's end began.
            QCOMPARE(sqlite3_get_autocommit(tables.database), 0);
            SqliteStatement count(tables.database, "SELECT count(*), min(rowid), max(rowid) FROM texts");
            QVERIFY(count.step());
            QCOMPARE(count.integer(0), std::int64_t{kRows});
            QCOMPARE(count.integer(1), std::int64_t{1});
            QCOMPARE(count.integer(2), std::int64_t{kRows});
        }
        SqliteStatement texts(tables.database, "SELECT id, json FROM texts ORDER BY id");
        int expected = 1;
        while (texts.step()) {
            QCOMPARE(texts.integer(0), std::int64_t{expected});
            QCOMPARE(std::string(texts.text(1)), textRowJson(expected));
            ++expected;
        }
        QCOMPARE(expected, kRows + 1);
    }

    void nullsAndTextsGoIntoTheirColumns() {
        SessionTables tables(path("columns.db"));
        SessionWriter writer(tables.database);
        SessionWriter::Row& message = writer.add(SessionWriter::Table::Message);
        for (int p = 1; p <= 14; ++p)
            message.set(p, p * 10);
        message.text = "Swivel";
        message.text2 = "{\"Bearing\":90}";
        message.setNull(7);
        message.setNull(14);
        writer.drain();
        SqliteStatement row(tables.database,
                            "SELECT id, name, payload, bytes, caused_by, duplicate_of, fate FROM messages");
        QVERIFY(row.step());
        QCOMPARE(row.integer(0), std::int64_t{10});
        QCOMPARE(std::string(row.text(1)), std::string("Swivel"));
        QCOMPARE(std::string(row.text(2)), std::string("{\"Bearing\":90}"));
        QCOMPARE(row.integer(3), std::int64_t{60});
        QVERIFY(row.isNull(4));
        QCOMPARE(row.integer(5), std::int64_t{80});
        QVERIFY(row.isNull(6));
    }

    void aRowSQLiteRefusesIsReportedAtTheNextWait() {
        SessionTables tables(path("refused.db"));
        SessionWriter writer(tables.database);
        for (int copy = 0; copy < 2; ++copy) {  // the same id twice: the second is refused
            SessionWriter::Row& row = writer.add(SessionWriter::Table::Message);
            row.set(1, 1);
            row.text = "Motion";
            row.text2 = "{}";
        }
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, writer.drain());
        try {
            writer.drain();  // and again: a failed writer stays failed
            QFAIL("no exception");
        } catch (const std::runtime_error& error) {
            QVERIFY2(std::string(error.what()).find("UNIQUE constraint failed") != std::string::npos,
                     error.what());
        }
    }

    // SQLite numbers the texts (the next id is the largest plus one); a text the
    // recorder numbered otherwise would be found under the wrong id, so it stops.
    void aTextOutOfStepWithItsIdIsRefused() {
        SessionTables tables(path("text-ids.db"));
        SessionWriter writer(tables.database);
        for (const int id : {1, 2, 4}) {
            SessionWriter::Row& row = writer.add(SessionWriter::Table::Text);
            row.set(1, id);
            row.text = textRowJson(id);
        }
        try {
            writer.drain();
            QFAIL("no exception");
        } catch (const std::runtime_error& error) {
            QCOMPARE(std::string(error.what()), std::string("text 4 got another id in the file"));
        }
    }

    // The disk filling up during a run: the run stops with the reason, naming the file,
    // and the file left behind is reported unfinished, not read as a session.
    void aRecordingThatRunsOutOfRoomSaysWhere() {
        const std::string file = path("full.db");
        Scenario scenario = test::quietCameras(200);
        scenario.devices[0].rateScale = 1;  // spontaneous motion: a busy run
        scenario.devices[0].replies = true;
        scenario.duration = seconds(120);
        std::string failure;
        {
            SessionRecorder recorder(file);
            Simulator simulator(scenario, test::cameraMachine(), model::DeviceCatalog::builtin());
            simulator.addObserver(&recorder);
            const FileSizeLimit limit(256 * 1024);
            try {
                simulator.run();
            } catch (const std::runtime_error& error) {
                failure = error.what();
            }
        }
        QVERIFY2(failure.starts_with("session " + file + ": "), failure.c_str());
        QVERIFY2(failure.find("disk") != std::string::npos, failure.c_str());  // SQLite's reason
        std::string error;
        QVERIFY(!Session::open(file, error));
        QVERIFY2(error.starts_with(file + ": "), error.c_str());
    }
};

QTEST_GUILESS_MAIN(TestSessionWriter)
#include "test_session_writer.moc"
