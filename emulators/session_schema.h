#pragma once
// The session database's schema (docs/sessions.md describes every column): written by
// SessionRecorder, read by Session. One version number for both; a reader refuses a
// newer one.

#include <array>
#include <cstddef>
#include <string_view>

namespace swivel::emu::session_schema {

// 2: the JSON of states rows in `texts`, each distinct text once; no configuration
// column (it is the record's "configuration").
inline constexpr int kVersion = 2;

// How many distinct texts the recorder remembers to refer to again (its memory bound).
inline constexpr std::size_t kMaxTextsRemembered = 1 << 16;

// Steps per row of step_times (the last row may hold fewer).
inline constexpr std::size_t kStepsPerChunk = 4096;

// Chunks of steps per transaction while recording. A commit writes every dirty page,
// the half-filled last page of each table too, which the next commit writes again:
// with a commit per chunk, bench (e) wrote 1,063 MB for a 763 MB file; with eight,
// 804 MB. Eight chunks (a few MB of pages) still fit the recorder's page cache.
inline constexpr std::size_t kChunksPerTransaction = 8;

// How the recorder sets up a new file, before its first table. Page size first: 16
// KiB pages take fewer writes and less b-tree bookkeeping per row than 4 KiB ones
// (measured). No journal and no fsync while recording: every page is written once,
// straight into the file (a WAL would write it twice), and a crash loses only a file
// that can be recorded again; the header's user_version says "recording" until the
// end (Session::open tells an unfinished file by it).
extern const char* const kRecordingPragmas;

// How the recorder opens a new file: without SQLite's lock per call on the connection
// (SQLITE_OPEN_NOMUTEX). Its writer thread and the simulator's thread take turns with
// it (SessionWriter::drain), never both at once; a lock and unlock around every bind
// and step was a fifth of the writer's time.
inline constexpr int kRecordingOpenFlags = 0x00000002 /* SQLITE_OPEN_READWRITE */ |
                                           0x00000004 /* SQLITE_OPEN_CREATE */ |
                                           0x00008000 /* SQLITE_OPEN_NOMUTEX */;

// The tables, created before the first record (no indexes yet: inserts stay cheap).
extern const char* const kCreateTables;
// The indexes that make stateAt() fast, built once at the end of the run (one sorted
// pass each instead of a b-tree kept up to date under every insert).
extern const char* const kCreateIndexes;
// Set before kCreateIndexes. SQLite sorts in memory up to its page cache's size: one
// sort in the recording's 64 MB cache took half as long again as small sorted runs
// merged (0.41 s against 0.26 s for a million states), and the runs are sorted on
// SQLite's helper threads while the recorder's writer is idle.
extern const char* const kIndexPragmas;

// The header's user_version while the recorder writes the file (it has no journal
// then, so a crash can leave it half written) and after end(): a file that still says
// "recording" is a run that never ended.
inline constexpr int kUserVersionRecording = 1;
inline constexpr int kUserVersionFinished = 0;

// Every table a reader needs; a file missing one is not a usable session. (The
// name tables of the enums, message_kinds and so on, are for people reading the file
// with sqlite3; the reader does not need them.)
inline constexpr std::array<std::string_view, 8> kTables{
    "schema_version", "session", "devices", "step_times", "messages", "invocations", "states", "texts"};

} // namespace swivel::emu::session_schema
