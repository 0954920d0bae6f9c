#include "sqlite_statement.h"

#include <string>
#include <utility>

#include <sqlite3.h>

namespace swivel::emu {

SqliteStatement::SqliteStatement(sqlite3* database, std::string_view sql) : m_database(database) {
    if (sqlite3_prepare_v3(database, sql.data(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr)
        != SQLITE_OK)
        fail();
}

SqliteStatement::~SqliteStatement() {
    sqlite3_finalize(m_statement);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : m_database(std::exchange(other.m_database, nullptr)),
      m_statement(std::exchange(other.m_statement, nullptr)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(m_statement);
        m_database = std::exchange(other.m_database, nullptr);
        m_statement = std::exchange(other.m_statement, nullptr);
    }
    return *this;
}

void SqliteStatement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(m_statement, index, value) != SQLITE_OK)
        fail();
}

void SqliteStatement::bindUnsigned(int index, std::uint64_t value) {
    bind(index, static_cast<std::int64_t>(value));
}

void SqliteStatement::bindText(int index, std::string_view text, bool transient) {
    if (sqlite3_bind_text64(m_statement, index, text.data(), text.size(),
                            transient ? SQLITE_TRANSIENT : SQLITE_STATIC, SQLITE_UTF8)
        != SQLITE_OK)
        fail();
}

void SqliteStatement::bindBlob(int index, std::string_view bytes) {
    if (sqlite3_bind_blob64(m_statement, index, bytes.data(), bytes.size(), SQLITE_STATIC) != SQLITE_OK)
        fail();
}

void SqliteStatement::bindNull(int index) {
    if (sqlite3_bind_null(m_statement, index) != SQLITE_OK)
        fail();
}

bool SqliteStatement::step() {
    const int status = sqlite3_step(m_statement);
    if (status == SQLITE_ROW)
        return true;
    if (status == SQLITE_DONE) {
        sqlite3_reset(m_statement);
        return false;
    }
    const std::string message = sqlite3_errmsg(m_database);  // before reset() clears it
    sqlite3_reset(m_statement);
    throw std::runtime_error(message);
}

void SqliteStatement::run() {
    while (step()) {
    }
}

void SqliteStatement::reset() {
    sqlite3_reset(m_statement);
}

bool SqliteStatement::isNull(int column) const {
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

std::int64_t SqliteStatement::integer(int column) const {
    return sqlite3_column_int64(m_statement, column);
}

std::uint64_t SqliteStatement::unsignedInteger(int column) const {
    return static_cast<std::uint64_t>(sqlite3_column_int64(m_statement, column));
}

std::string_view SqliteStatement::text(int column) const {
    const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(m_statement, column));
    if (!bytes)
        return {};
    return {bytes, static_cast<std::size_t>(sqlite3_column_bytes(m_statement, column))};
}

std::string_view SqliteStatement::blob(int column) const {
    const auto* bytes = static_cast<const char*>(sqlite3_column_blob(m_statement, column));
    if (!bytes)
        return {};
    return {bytes, static_cast<std::size_t>(sqlite3_column_bytes(m_statement, column))};
}

void SqliteStatement::fail() const {
    throw std::runtime_error(m_database ? sqlite3_errmsg(m_database) : "no database");
}

int openSqlite(const std::string& path, sqlite3** database, int flags) {
    [[maybe_unused]] static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return sqlite3_open_v2(path.c_str(), database, flags, nullptr);
}

void executeSql(sqlite3* database, const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(database, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errmsg(database);
        sqlite3_free(message);
        throw std::runtime_error(text);
    }
}

} // namespace swivel::emu
