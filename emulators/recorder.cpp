// SessionRecorder: every record of a run into the session database (schema in
// session_schema.cpp, described in docs/sessions.md).
//
// Kept cheap per record: every row is written once (a message or an invocation when
// it ends, the step times in chunks), with prepared statements bound with integers,
// one transaction per chunk of steps, WAL without fsync during the run (a session can
// always be recorded again), and the indexes built once at the end. The same records
// give the same file byte for byte: nothing depends on the wall clock or the path, and
// end() leaves a checkpointed database in rollback-journal mode.

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "model/machine_file.h"
#include "model/state_record.h"
#include "session.h"
#include "session_schema.h"
#include "sqlite_statement.h"

namespace swivel::emu {

namespace {

// Compact JSON text. A string that is not UTF-8 (nothing in Swivel makes one) gets
// U+FFFD rather than an exception in the middle of a run.
std::string compact(const nlohmann::json& json) {
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Tags or arguments as compact JSON text: {"Bearing":90}; most events have none.
std::string tagsJson(const std::vector<model::EventTag>& tags) {
    if (tags.empty())
        return "{}";
    nlohmann::json object = nlohmann::json::object();
    for (const model::EventTag& tag : tags)
        object[tag.name] = model::toJson(tag.value);
    return compact(object);
}

std::string transitionsJson(const model::CompiledMachine& machine, const std::vector<int>& indices) {
    nlohmann::json ids = nlohmann::json::array();
    for (int index : indices)
        ids.push_back(machine.transitionId(index));
    return compact(ids);
}

std::string actionsJson(const std::vector<model::EmittedAction>& actions) {
    if (actions.empty())
        return "[]";
    nlohmann::json array = nlohmann::json::array();
    for (const model::EmittedAction& action : actions)
        array.push_back(model::actionToJson(action));
    return compact(array);
}

// "No message" and "no invocation" (id 0) are NULL in the database.
void bindId(SqliteStatement& statement, int index, std::uint64_t id) {
    if (id == 0)
        statement.bindNull(index);
    else
        statement.bindUnsigned(index, id);
}

// The names of an enum's values, for people reading the file with sqlite3.
template <typename Enum>
void writeNames(sqlite3* database, const char* insertSql, Enum last) {
    SqliteStatement insert(database, insertSql);
    for (int value = 0; value <= static_cast<int>(last); ++value) {
        insert.bind(1, value);
        insert.bindText(2, toString(static_cast<Enum>(value)), true);
        insert.run();
    }
}

} // namespace

struct SessionRecorder::Impl {
    std::string path;
    sqlite3* database = nullptr;
    const model::CompiledMachine* machine = nullptr;  // the simulator's; it outlives the run

    SqliteStatement insertStepTimes, insertMessage, insertInvocation, insertState;

    // Messages in flight and invocations running: each becomes one row when it ends
    // (or at the end of the run), so no row is written twice.
    struct PendingMessage {
        MessageSentRecord sent;
        std::string name, payload;
    };
    struct PendingInvocation {
        InvocationStartedRecord started;
        std::string phases;  // JSON array text, without its closing bracket
    };
    std::unordered_map<MessageId, PendingMessage> pendingMessages;
    std::unordered_map<InvocationId, PendingInvocation> pendingInvocations;

    bool inTransaction = false;
    // The times of steps chunkFirstStep, chunkFirstStep + 1, ... not yet written.
    std::uint64_t chunkFirstStep = 0;
    std::vector<VirtualTime> chunkTimes;
    std::string chunkBytes;
    bool ended = false;

    [[noreturn]] void fail(const std::string& what) const {
        throw std::runtime_error("session " + path + ": " + what);
    }

    void execute(const char* sql) {
        try {
            executeSql(database, sql);
        } catch (const std::runtime_error& error) {
            fail(error.what());
        }
    }

    void commit() {
        if (inTransaction) {
            execute("COMMIT");
            inTransaction = false;
        }
    }

    void beginTransaction() {
        if (!inTransaction) {
            execute("BEGIN");
            inTransaction = true;
        }
    }

    std::uint64_t nextStep() const { return chunkFirstStep + chunkTimes.size(); }

    // Step `step` happened at `time`; steps the simulator did not report (none should
    // be missing) keep the time before them.
    void addStep(std::uint64_t step, VirtualTime time) {
        if (step < nextStep())
            return;
        while (nextStep() < step)
            chunkTimes.push_back(chunkTimes.empty() ? time : chunkTimes.back());
        chunkTimes.push_back(time);
        if (chunkTimes.size() >= session_schema::kStepsPerChunk) {
            writeStepTimes();
            // A transaction per chunk of steps: big enough to be cheap, small enough
            // to keep the WAL short.
            commit();
            beginTransaction();
        }
    }

    void writeStepTimes() {
        if (chunkTimes.empty())
            return;
        chunkBytes.clear();
        for (VirtualTime time : chunkTimes) {
            const auto bits = static_cast<std::uint64_t>(time);
            for (int byte = 0; byte < 8; ++byte)
                chunkBytes.push_back(static_cast<char>((bits >> (8 * byte)) & 0xff));
        }
        insertStepTimes.bindUnsigned(1, chunkFirstStep);
        insertStepTimes.bind(2, chunkTimes.front());
        insertStepTimes.bindBlob(3, chunkBytes);
        try {
            insertStepTimes.run();
        } catch (const std::runtime_error& error) {
            fail(error.what());
        }
        chunkFirstStep += chunkTimes.size();
        chunkTimes.clear();
    }

    // One messages row; `ended` null: still in flight when the run ended.
    void writeMessage(const PendingMessage& message, const MessageEndedRecord* ended) {
        SqliteStatement& s = insertMessage;
        const MessageSentRecord& sent = message.sent;
        s.bindUnsigned(1, sent.id);
        s.bind(2, static_cast<int>(sent.kind));
        s.bind(3, sent.device);
        s.bindText(4, message.name);
        s.bindText(5, message.payload);
        s.bind(6, sent.bytes);
        bindId(s, 7, sent.causedBy);
        bindId(s, 8, sent.duplicateOf);
        s.bindUnsigned(9, sent.step);
        s.bind(10, sent.time);
        s.bind(11, sent.expectedArrival);
        if (ended) {
            s.bindUnsigned(12, ended->step);
            s.bind(13, ended->time);
            s.bind(14, static_cast<int>(ended->fate));
        } else {
            for (int column : {12, 13, 14})
                s.bindNull(column);
        }
        try {
            s.run();
        } catch (const std::runtime_error& error) {
            fail(error.what());
        }
    }

    // One invocations row; `ended` null: still running when the run ended.
    void writeInvocation(PendingInvocation& invocation, const InvocationEndedRecord* ended) {
        SqliteStatement& s = insertInvocation;
        const InvocationStartedRecord& started = invocation.started;
        invocation.phases += ']';
        s.bindUnsigned(1, started.id);
        s.bind(2, started.instance);
        s.bind(3, started.device);
        s.bindUnsigned(4, started.message);
        s.bind(5, started.delivery);
        s.bind(6, started.coldStart ? 1 : 0);
        s.bindUnsigned(7, started.step);
        s.bind(8, started.time);
        if (ended) {
            s.bindUnsigned(9, ended->step);
            s.bind(10, ended->time);
            s.bind(11, static_cast<int>(ended->outcome));
            s.bind(12, ended->attempts);
            s.bind(13, ended->conflicts);
        } else {
            for (int column : {9, 10, 11, 12, 13})
                s.bindNull(column);
        }
        s.bindText(14, invocation.phases);
        try {
            s.run();
        } catch (const std::runtime_error& error) {
            fail(error.what());
        }
    }

    // What is still open when the run ends, by id (the maps' order is no order).
    void writeOpenEnds() {
        std::vector<MessageId> messages;
        for (const auto& [id, message] : pendingMessages)
            messages.push_back(id);
        std::sort(messages.begin(), messages.end());
        for (MessageId id : messages)
            writeMessage(pendingMessages.at(id), nullptr);
        pendingMessages.clear();
        std::vector<InvocationId> invocations;
        for (const auto& [id, invocation] : pendingInvocations)
            invocations.push_back(id);
        std::sort(invocations.begin(), invocations.end());
        for (InvocationId id : invocations)
            writeInvocation(pendingInvocations.at(id), nullptr);
        pendingInvocations.clear();
    }

    void close() {
        // Statements first: sqlite3_close refuses a database with live statements.
        insertStepTimes = {};
        insertMessage = {};
        insertInvocation = {};
        insertState = {};
        if (database)
            sqlite3_close(database);
        database = nullptr;
    }
};

SessionRecorder::SessionRecorder(const std::string& path) : m_impl(std::make_unique<Impl>()) {
    Impl& d = *m_impl;
    d.path = path;
    // A new session replaces the old one, with whatever journal it may have left.
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(path + suffix, ignored);

    const int status = sqlite3_open_v2(path.c_str(), &d.database,
                                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (status != SQLITE_OK) {
        const std::string reason = d.database ? sqlite3_errmsg(d.database) : sqlite3_errstr(status);
        d.close();
        throw std::runtime_error("cannot create session " + path + ": " + reason);
    }
    try {
        // Page size before the first table; exclusive locking lets WAL work without
        // shared memory; no fsync while recording (a crash loses a re-creatable file).
        executeSql(d.database,
                   "PRAGMA page_size = 4096;"
                   "PRAGMA locking_mode = EXCLUSIVE;"
                   "PRAGMA journal_mode = WAL;"
                   "PRAGMA synchronous = OFF;"
                   "PRAGMA cache_size = -65536;");
        executeSql(d.database, "BEGIN");
        executeSql(d.database, session_schema::kCreateTables);
        SqliteStatement version(d.database, "INSERT INTO schema_version (version) VALUES (?)");
        version.bind(1, session_schema::kVersion);
        version.run();
        writeNames(d.database, "INSERT INTO message_kinds VALUES (?, ?)", MessageKind::Timer);
        writeNames(d.database, "INSERT INTO message_fates VALUES (?, ?)", MessageFate::Expired);
        writeNames(d.database, "INSERT INTO invocation_phases VALUES (?, ?)",
                   InvocationPhase::Send);
        writeNames(d.database, "INSERT INTO invocation_outcomes VALUES (?, ?)",
                   InvocationOutcome::DeadLettered);
        executeSql(d.database, "COMMIT");

        d.insertStepTimes = SqliteStatement(
            d.database, "INSERT INTO step_times (first_step, first_time_us, times) VALUES (?, ?, ?)");
        d.insertMessage = SqliteStatement(
            d.database,
            "INSERT INTO messages (id, kind, device, name, payload, bytes, caused_by, "
            "duplicate_of, sent_step, sent_time_us, expected_arrival_us, end_step, end_time_us, "
            "fate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        d.insertInvocation = SqliteStatement(
            d.database,
            "INSERT INTO invocations (id, instance, device, message, delivery, cold_start, "
            "start_step, start_time_us, end_step, end_time_us, outcome, attempts, conflicts, "
            "phases) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        d.insertState = SqliteStatement(
            d.database,
            "INSERT INTO states (device, version, step, time_us, invocation, message, record, "
            "configuration, event, transitions, actions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    } catch (const std::runtime_error& error) {
        d.close();
        std::error_code removeError;
        std::filesystem::remove(path, removeError);
        throw std::runtime_error("cannot create session " + path + ": " + error.what());
    }
}

SessionRecorder::~SessionRecorder() {
    // A run that never ended still leaves a readable file; Session::open() reports it
    // as unfinished.
    try {
        m_impl->commit();
    } catch (const std::runtime_error&) {
        // Nothing to report to from a destructor; the file stays unfinished.
    }
    m_impl->close();
}

void SessionRecorder::begin(const model::CompiledMachine& machine,
                            const std::vector<DeviceInfo>& devices, const std::string& scenarioJson,
                            std::uint64_t seed) {
    Impl& d = *m_impl;
    d.machine = &machine;
    d.beginTransaction();
    try {
        SqliteStatement session(d.database,
                                "INSERT INTO session (seed, scenario, machine) VALUES (?, ?, ?)");
        const std::string machineJson = model::saveMachine(machine.machine());
        session.bindUnsigned(1, seed);
        session.bindText(2, scenarioJson);
        session.bindText(3, machineJson);
        session.run();
        SqliteStatement device(d.database, "INSERT INTO devices (device, id, type) VALUES (?, ?, ?)");
        for (std::size_t i = 0; i < devices.size(); ++i) {
            device.bind(1, static_cast<std::int64_t>(i));
            device.bindText(2, devices[i].id);
            device.bindText(3, devices[i].deviceType);
            device.run();
        }
    } catch (const std::runtime_error& error) {
        d.fail(error.what());
    }
}

void SessionRecorder::messageSent(const MessageSentRecord& record) {
    Impl::PendingMessage& pending = m_impl->pendingMessages[record.id];
    pending.sent = record;
    pending.sent.event = nullptr;  // valid only during this call
    pending.name = record.event ? record.event->name : std::string();
    pending.payload = record.event ? tagsJson(record.event->tags) : std::string("{}");
}

void SessionRecorder::messageEnded(const MessageEndedRecord& record) {
    Impl& d = *m_impl;
    const auto found = d.pendingMessages.find(record.id);
    if (found == d.pendingMessages.end())
        return;  // never sent: nothing to end
    d.writeMessage(found->second, &record);
    d.pendingMessages.erase(found);
}

void SessionRecorder::invocationStarted(const InvocationStartedRecord& record) {
    Impl::PendingInvocation& pending = m_impl->pendingInvocations[record.id];
    pending.started = record;
    pending.phases = "[";
}

void SessionRecorder::invocationPhase(const InvocationPhaseRecord& record) {
    const auto found = m_impl->pendingInvocations.find(record.id);
    if (found == m_impl->pendingInvocations.end())
        return;
    // [step, time_us, phase, attempt, version], appended as text: no JSON tree needed.
    std::string& phases = found->second.phases;
    if (phases.size() > 1)
        phases += ',';
    phases += '[';
    phases += std::to_string(record.step);
    phases += ',';
    phases += std::to_string(record.time);
    phases += ',';
    phases += std::to_string(static_cast<int>(record.phase));
    phases += ',';
    phases += std::to_string(record.attempt);
    phases += ',';
    phases += std::to_string(record.version);
    phases += ']';
}

void SessionRecorder::invocationEnded(const InvocationEndedRecord& record) {
    Impl& d = *m_impl;
    const auto found = d.pendingInvocations.find(record.id);
    if (found == d.pendingInvocations.end())
        return;
    d.writeInvocation(found->second, &record);
    d.pendingInvocations.erase(found);
}

void SessionRecorder::stateWritten(const StateWrittenRecord& record) {
    Impl& d = *m_impl;
    if (!d.machine)
        d.fail("stateWritten before begin");
    SqliteStatement& s = d.insertState;
    const nlohmann::json configuration =
        record.configuration ? model::configurationToJson(*d.machine, *record.configuration)
                             : nlohmann::json::object();
    const std::string recordText = compact(configuration);
    const auto atomic = configuration.find("configuration");
    const std::string atomicText = atomic != configuration.end() ? compact(*atomic) : "[]";
    const std::string eventText = record.event ? compact(model::eventToJson(*record.event)) : "";
    const std::string transitionsText =
        record.transitions ? transitionsJson(*d.machine, *record.transitions) : "";
    const std::string actionsText = record.actions ? actionsJson(*record.actions) : "";

    s.bind(1, record.device);
    s.bindUnsigned(2, record.version);
    s.bindUnsigned(3, record.step);
    s.bind(4, record.time);
    s.bindUnsigned(5, record.invocation);
    s.bindUnsigned(6, record.message);
    s.bindText(7, recordText);
    s.bindText(8, atomicText);
    // Absent parts (the initial record has no event) are NULL, not empty JSON.
    if (record.event)
        s.bindText(9, eventText);
    else
        s.bindNull(9);
    if (record.transitions)
        s.bindText(10, transitionsText);
    else
        s.bindNull(10);
    if (record.actions)
        s.bindText(11, actionsText);
    else
        s.bindNull(11);
    try {
        s.run();
    } catch (const std::runtime_error& error) {
        d.fail(error.what());
    }
}

void SessionRecorder::stepDone(std::uint64_t step, VirtualTime time) {
    Impl& d = *m_impl;
    // Step 0 (the set-up) always has a time: 0 if the simulator did not report it.
    if (d.nextStep() == 0 && step != 0)
        d.addStep(0, 0);
    d.addStep(step, time);
}

void SessionRecorder::end(std::uint64_t lastStep, VirtualTime time, const std::string& summaryJson) {
    Impl& d = *m_impl;
    if (d.ended)
        return;
    d.ended = true;
    if (d.nextStep() <= lastStep)
        stepDone(lastStep, time);
    d.writeStepTimes();
    try {
        d.beginTransaction();
        d.writeOpenEnds();
        SqliteStatement session(
            d.database,
            "UPDATE session SET summary = ?, last_step = ?, duration_us = ?, "
            "max_message_steps = (SELECT COALESCE(MAX(end_step - sent_step), 0) FROM messages "
            "WHERE end_step IS NOT NULL), "
            "max_invocation_steps = (SELECT COALESCE(MAX(end_step - start_step), 0) "
            "FROM invocations WHERE end_step IS NOT NULL)");
        session.bindText(1, summaryJson);
        session.bindUnsigned(2, lastStep);
        session.bind(3, time);
        session.run();
        executeSql(d.database, session_schema::kCreateIndexes);
        d.commit();
        // Everything into the main file, then back to a rollback journal: one file,
        // the same bytes for the same run.
        executeSql(d.database,
                   "PRAGMA wal_checkpoint(TRUNCATE);"
                   "PRAGMA journal_mode = DELETE;");
    } catch (const std::runtime_error& error) {
        d.close();
        d.fail(error.what());
    }
    d.close();
}

} // namespace swivel::emu
