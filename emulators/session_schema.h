#pragma once
// The session database's schema (docs/sessions.md describes every column): written by
// SessionRecorder, read by Session. One version number for both; a reader refuses a
// newer one.

#include <array>
#include <cstddef>
#include <string_view>

namespace swivel::emu::session_schema {

inline constexpr int kVersion = 1;

// Steps per row of step_times (the last row may hold fewer).
inline constexpr std::size_t kStepsPerChunk = 4096;

// The tables, created before the first record (no indexes yet: inserts stay cheap).
extern const char* const kCreateTables;
// The indexes that make stateAt() fast, built once at the end of the run (one sorted
// pass each instead of a b-tree kept up to date under every insert).
extern const char* const kCreateIndexes;

// Every table a reader needs; a file missing one is not a usable session. (The
// name tables of the enums, message_kinds and so on, are for people reading the file
// with sqlite3; the reader does not need them.)
inline constexpr std::array<std::string_view, 7> kTables{
    "schema_version", "session", "devices", "step_times", "messages", "invocations", "states"};

} // namespace swivel::emu::session_schema
