#include "session_schema.h"

namespace swivel::emu::session_schema {

// Times are virtual microseconds (_us), steps as in trace.h. The time of every step is
// kept in chunks (step_times: one row per kStepsPerChunk steps, the times as 64-bit
// little-endian integers), as a row per step would be a third of all rows written.
// Likewise an invocation's phases are a JSON array in its row, [[step, time_us, phase,
// attempt, version], ...], and every message and invocation row is written once, when
// it ends (or at the end of the run). Enums are stored as their
// numbers; the *_kinds/_fates/_phases/_outcomes tables give their names. JSON columns
// hold compact JSON text; the JSON of a states row (record, event, transitions,
// actions) is the id of its text in `texts`, where each distinct text is kept once
// (a few states and commands recur all run long). (No view joins them for people
// reading the file: a view would pin the columns it names.)
const char* const kCreateTables = R"sql(
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE session (
    seed INTEGER NOT NULL,
    scenario TEXT NOT NULL,
    machine TEXT NOT NULL,
    summary TEXT,
    last_step INTEGER,
    duration_us INTEGER,
    max_message_steps INTEGER,
    max_invocation_steps INTEGER);
CREATE TABLE devices (
    device INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    type TEXT NOT NULL);
CREATE TABLE step_times (
    first_step INTEGER PRIMARY KEY,
    first_time_us INTEGER NOT NULL,
    times BLOB NOT NULL);
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    kind INTEGER NOT NULL,
    device INTEGER NOT NULL,
    name TEXT NOT NULL,
    payload TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    caused_by INTEGER,
    duplicate_of INTEGER,
    sent_step INTEGER NOT NULL,
    sent_time_us INTEGER NOT NULL,
    expected_arrival_us INTEGER NOT NULL,
    end_step INTEGER,
    end_time_us INTEGER,
    fate INTEGER);
CREATE TABLE invocations (
    id INTEGER PRIMARY KEY,
    instance INTEGER NOT NULL,
    device INTEGER NOT NULL,
    message INTEGER NOT NULL,
    delivery INTEGER NOT NULL,
    cold_start INTEGER NOT NULL,
    start_step INTEGER NOT NULL,
    start_time_us INTEGER NOT NULL,
    end_step INTEGER,
    end_time_us INTEGER,
    outcome INTEGER,
    attempts INTEGER,
    conflicts INTEGER,
    phases TEXT NOT NULL);
CREATE TABLE states (
    device INTEGER NOT NULL,
    version INTEGER NOT NULL,
    step INTEGER NOT NULL,
    time_us INTEGER NOT NULL,
    invocation INTEGER NOT NULL,
    message INTEGER NOT NULL,
    record INTEGER NOT NULL,
    event INTEGER,
    transitions INTEGER,
    actions INTEGER);
CREATE TABLE texts (
    id INTEGER PRIMARY KEY,
    json TEXT NOT NULL);
CREATE TABLE message_kinds (kind INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE message_fates (fate INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE invocation_phases (phase INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE invocation_outcomes (outcome INTEGER PRIMARY KEY, name TEXT NOT NULL);
)sql";

const char* const kRecordingPragmas =
    "PRAGMA page_size = 16384;"
    "PRAGMA locking_mode = EXCLUSIVE;"
    "PRAGMA journal_mode = OFF;"
    "PRAGMA synchronous = OFF;"
    "PRAGMA cache_size = -65536;";

const char* const kIndexPragmas =
    "PRAGMA cache_size = -4096;"
    "PRAGMA threads = 2;";

const char* const kCreateIndexes = R"sql(
CREATE INDEX states_by_device_step ON states (device, step, version);
CREATE INDEX messages_open_at_end ON messages (id) WHERE end_step IS NULL;
CREATE INDEX invocations_open_at_end ON invocations (id) WHERE end_step IS NULL;
CREATE INDEX step_times_by_time ON step_times (first_time_us, first_step);
)sql";

} // namespace swivel::emu::session_schema
