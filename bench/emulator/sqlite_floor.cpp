#include "sqlite_floor.h"

#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "emulators/session_schema.h"
#include "emulators/sqlite_statement.h"
#include "timing.h"

namespace swivel::bench {

namespace {

// One table's rows, as a flat buffer of cells (a type byte, then the value) so that
// millions of rows fit in memory without a string per cell.
struct TableRows {
    std::string name;
    int columns = 0;
    std::uint64_t rows = 0;
    std::string cells;
};

class Database {
public:
    explicit Database(const std::string& path, int flags) {
        if (emu::openSqlite(path, &m_db, flags) != SQLITE_OK)
            fail("cannot open " + path);
    }
    ~Database() { sqlite3_close(m_db); }
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void execute(const char* sql) { emu::executeSql(m_db, sql); }
    sqlite3_stmt* prepare(const std::string& sql) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
            fail("cannot prepare " + sql);
        return statement;
    }
    [[noreturn]] void fail(const std::string& what) const {
        throw std::runtime_error(what + ": " + (m_db ? sqlite3_errmsg(m_db) : "no database"));
    }

private:
    sqlite3* m_db = nullptr;
};

template <class Value> void append(std::string& out, const Value& value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}
template <class Value> Value take(const char*& at) {
    Value value;
    std::memcpy(&value, at, sizeof value);
    at += sizeof value;
    return value;
}

std::vector<TableRows> readRows(Database& session) {
    std::vector<TableRows> tables;
    sqlite3_stmt* names = session.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY rowid");
    while (sqlite3_step(names) == SQLITE_ROW)
        tables.push_back({reinterpret_cast<const char*>(sqlite3_column_text(names, 0)), 0, 0, {}});
    sqlite3_finalize(names);
    for (TableRows& table : tables) {
        sqlite3_stmt* select = session.prepare("SELECT * FROM " + table.name);
        table.columns = sqlite3_column_count(select);
        while (sqlite3_step(select) == SQLITE_ROW) {
            ++table.rows;
            for (int column = 0; column < table.columns; ++column) {
                const int type = sqlite3_column_type(select, column);
                table.cells.push_back(static_cast<char>(type));
                if (type == SQLITE_INTEGER) {
                    append(table.cells, static_cast<std::int64_t>(sqlite3_column_int64(select, column)));
                } else if (type == SQLITE_FLOAT) {
                    append(table.cells, sqlite3_column_double(select, column));
                } else if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
                    const void* bytes = type == SQLITE_TEXT ? static_cast<const void*>(sqlite3_column_text(select, column))
                                                            : sqlite3_column_blob(select, column);
                    const auto size = static_cast<std::uint32_t>(sqlite3_column_bytes(select, column));
                    append(table.cells, size);
                    table.cells.append(static_cast<const char*>(bytes), size);
                }
            }
        }
        sqlite3_finalize(select);
    }
    return tables;
}

// The recorder commits every kChunksPerTransaction chunks of steps, about as many rows
// (a device event takes about five steps and writes about five rows).
constexpr std::uint64_t kRowsPerTransaction =
    emu::session_schema::kStepsPerChunk * emu::session_schema::kChunksPerTransaction;

std::uint64_t writeRows(Database& out, const std::vector<TableRows>& tables) {
    std::uint64_t written = 0;
    out.execute("BEGIN");
    for (const TableRows& table : tables) {
        std::string sql = "INSERT INTO " + table.name + " VALUES (";
        for (int column = 0; column < table.columns; ++column)
            sql += column ? ",?" : "?";
        sql += ")";
        sqlite3_stmt* insert = out.prepare(sql);
        const char* at = table.cells.data();
        for (std::uint64_t row = 0; row < table.rows; ++row) {
            for (int column = 1; column <= table.columns; ++column) {
                const int type = *at++;
                if (type == SQLITE_INTEGER) {
                    sqlite3_bind_int64(insert, column, take<std::int64_t>(at));
                } else if (type == SQLITE_FLOAT) {
                    sqlite3_bind_double(insert, column, take<double>(at));
                } else if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
                    const auto size = take<std::uint32_t>(at);
                    if (type == SQLITE_TEXT)
                        sqlite3_bind_text(insert, column, at, static_cast<int>(size), SQLITE_STATIC);
                    else
                        sqlite3_bind_blob(insert, column, at, static_cast<int>(size), SQLITE_STATIC);
                    at += size;
                } else {
                    sqlite3_bind_null(insert, column);
                }
            }
            if (sqlite3_step(insert) != SQLITE_DONE)
                out.fail("cannot insert into " + table.name);
            sqlite3_reset(insert);
            if (++written % kRowsPerTransaction == 0)
                out.execute("COMMIT; BEGIN");
        }
        sqlite3_finalize(insert);
    }
    out.execute("COMMIT");
    out.execute(emu::session_schema::kIndexPragmas);
    out.execute("BEGIN");
    out.execute(emu::session_schema::kCreateIndexes);
    out.execute("COMMIT");
    out.execute("PRAGMA journal_mode = DELETE;");
    return written;
}

} // namespace

SqliteFloor measureSqliteFloor(const std::string& sessionPath, const std::string& scratchPath) {
    std::vector<TableRows> tables;
    {
        Database session(sessionPath, SQLITE_OPEN_READONLY);
        tables = readRows(session);
    }
    for (const char* suffix : {"", "-journal"})
        std::filesystem::remove(scratchPath + suffix);
    SqliteFloor floor;
    floor.seconds = secondsTaken([&] {
        Database out(scratchPath, emu::session_schema::kRecordingOpenFlags);
        out.execute(emu::session_schema::kRecordingPragmas);
        out.execute(emu::session_schema::kCreateTables);
        floor.rows = writeRows(out, tables);
    });
    for (const char* suffix : {"", "-journal"})
        std::filesystem::remove(scratchPath + suffix);
    return floor;
}

} // namespace swivel::bench
