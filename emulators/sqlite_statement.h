#pragma once
// A thin RAII layer over the SQLite C API for the session recorder and reader:
// prepared statements that are bound, stepped and reset in a loop, and one-shot SQL.
// Every failure throws std::runtime_error with SQLite's message; the callers add the
// file name.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace swivel::emu {

// One prepared statement, reused: bind, step (or run), and it resets itself.
class SqliteStatement {
public:
    SqliteStatement() = default;
    SqliteStatement(sqlite3* database, std::string_view sql);
    ~SqliteStatement();
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement& operator=(SqliteStatement&& other) noexcept;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    // Parameters are 1-based, as in SQL. Text is copied by SQLite only when
    // `transient`; otherwise it must outlive the next step()/run().
    void bind(int index, std::int64_t value);
    void bindUnsigned(int index, std::uint64_t value);  // stored as the same 64 bits
    void bindText(int index, std::string_view text, bool transient = false);
    void bindBlob(int index, std::string_view bytes);  // must outlive the next step()/run()
    void bindNull(int index);

    // True while there is a row to read; false at the end (the statement is then reset).
    bool step();
    // Steps a statement that returns no rows, then resets it for the next use.
    void run();
    void reset();

    // Columns are 0-based, as in SQLite.
    bool isNull(int column) const;
    std::int64_t integer(int column) const;
    std::uint64_t unsignedInteger(int column) const;
    std::string_view text(int column) const;  // valid until the next step()/reset()
    std::string_view blob(int column) const;  // valid until the next step()/reset()

private:
    [[noreturn]] void fail() const;
    sqlite3* m_database = nullptr;
    sqlite3_stmt* m_statement = nullptr;
};

// sqlite3_open_v2, after setting SQLite up for this process once: without its memory
// statistics (no one reads them, and keeping them takes a lock around every
// allocation: a tenth of the recorder's writer thread). Setting up works only before
// SQLite's first use in the process; when something else came first, SQLite keeps its
// defaults, which is only slower.
int openSqlite(const std::string& path, sqlite3** database, int flags);

// Runs one or more SQL statements that return nothing interesting.
void executeSql(sqlite3* database, const char* sql);

// One read transaction around the several queries of one answer: SQLite then takes
// its file lock and checks its page cache once, not once per query.
class ReadTransaction {
public:
    explicit ReadTransaction(sqlite3* database) : m_database(database) { executeSql(database, "BEGIN"); }
    ~ReadTransaction() {
        try {
            executeSql(m_database, "COMMIT");
        } catch (const std::runtime_error&) {
            // A read-only transaction has nothing to lose.
        }
    }
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

private:
    sqlite3* m_database;
};

} // namespace swivel::emu
