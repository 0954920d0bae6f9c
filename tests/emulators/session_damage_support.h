#pragma once
// Damaging a recorded session file the way a disk or an interrupted copy does, for
// the tests of how its readers (the library, the CLI, the studio) refuse it.

#include <algorithm>
#include <cstddef>
#include <fstream>
#include <iterator>
#include <string>

#include <sqlite3.h>

namespace swivel::test {

// The page (1-based) of the root of `table`'s b-tree (or of an index) in `session`,
// 0 when there is none.
inline std::size_t rootPageOf(const std::string& session, const std::string& table) {
    sqlite3* database = nullptr;
    std::size_t root = 0;
    if (sqlite3_open_v2(session.c_str(), &database, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* query = nullptr;
        if (sqlite3_prepare_v2(database, "SELECT rootpage FROM sqlite_schema WHERE name = ?1", -1, &query,
                               nullptr) == SQLITE_OK) {
            sqlite3_bind_text(query, 1, table.c_str(), -1, SQLITE_TRANSIENT);
            if (sqlite3_step(query) == SQLITE_ROW)
                root = static_cast<std::size_t>(sqlite3_column_int64(query, 0));
        }
        sqlite3_finalize(query);
    }
    sqlite3_close(database);
    return root;
}

// A copy of `session` at `copy` whose b-tree page of `table` (its root) is overwritten:
// Session::open() reads no row of that table, so the file opens; the first query that
// reads one meets the damage (SQLITE_CORRUPT). Returns false when `table` is not there.
inline bool copyWithRootPageOverwritten(const std::string& session, const std::string& copy,
                                        const std::string& table) {
    const std::size_t root = rootPageOf(session, table);
    if (root == 0)
        return false;

    std::ifstream in(session, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() < 100)
        return false;
    std::size_t pageSize = (static_cast<std::size_t>(static_cast<unsigned char>(bytes[16])) << 8)
                           | static_cast<unsigned char>(bytes[17]);
    if (pageSize == 1)
        pageSize = 65536;
    if (bytes.size() < root * pageSize)
        return false;
    std::fill_n(bytes.begin() + static_cast<std::ptrdiff_t>((root - 1) * pageSize), pageSize, '\x7f');
    std::ofstream(copy, std::ios::binary | std::ios::trunc) << bytes;
    return true;
}

} // namespace swivel::test
