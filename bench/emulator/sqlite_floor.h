#pragma once
// The floor under (e): SQLite alone writing the rows a recorded run wrote. The rows are
// read back from the session into memory first, then written into a new database the
// way the recorder writes them (its page size and pragmas, prepared statements, a
// transaction every few thousand rows, the indexes built at the end), and only that
// writing is timed: no emulator, no JSON. It says what recording could reach while it
// keeps one row per message, invocation and state version.

#include <cstdint>
#include <string>

namespace swivel::bench {

struct SqliteFloor {
    double seconds = 0;      // writing every row and building the indexes
    std::uint64_t rows = 0;  // rows written, every table
};

// Throws std::runtime_error when a database cannot be read or written.
SqliteFloor measureSqliteFloor(const std::string& sessionPath, const std::string& scratchPath);

} // namespace swivel::bench
