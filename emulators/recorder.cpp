// SessionRecorder: every record of a run into the session database (schema in
// session_schema.cpp, described in docs/sessions.md).
//
// Kept cheap per record: every row is written once (a message or an invocation when
// it ends, the step times in chunks), by a writer thread (session_writer.h) while the
// simulation goes on, with prepared statements, one transaction per chunk of steps, no
// journal and no fsync during the run (a session can always be recorded again), JSON
// written by hand into reused buffers (compact_json.h), each distinct JSON text of the
// states stored once (text_ids.h), and the few indexes built once at the end. The
// same records give the same file byte for byte: nothing depends on the wall clock or
// the path, and end() leaves the database in rollback-journal mode.

#include <array>
#include <charconv>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include <sqlite3.h>

#include "compact_json.h"
#include "model/machine_file.h"
#include "open_by_id.h"
#include "session.h"
#include "session_schema.h"
#include "session_writer.h"
#include "sqlite_statement.h"
#include "text_ids.h"

namespace swivel::emu {

static_assert(session_schema::kRecordingOpenFlags ==
              (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX));

namespace {

using Row = SessionWriter::Row;
using Table = SessionWriter::Table;

// "No message" and "no invocation" (id 0) are NULL in the database.
void setId(Row& row, int parameter, std::uint64_t id) {
    if (id == 0)
        row.setNull(parameter);
    else
        row.setUnsigned(parameter, id);
}

// The header's user_version: whether the file is still being recorded.
void setUserVersion(sqlite3* database, int value) {
    executeSql(database, ("PRAGMA user_version = " + std::to_string(value)).c_str());
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

    // Every row of the run goes through it; SQL of our own only after its drain().
    std::unique_ptr<SessionWriter> writer;

    // Messages in flight and invocations running: each becomes one row when it ends
    // (or at the end of the run), so no row is written twice.
    struct PendingMessage {
        MessageSentRecord sent;
        std::string name, payload;
    };
    struct PendingInvocation {
        InvocationStartedRecord started;
        // Its phases, as numbers until the row is written: appending to a text of its
        // own waited for memory at every phase (thousands of invocations run at once,
        // so each one's text had left the cache by its next phase).
        struct Phase {
            std::uint64_t step;
            VirtualTime time;
            std::uint64_t version;
            std::int32_t phase;
            std::int32_t attempt;
        };
        static constexpr std::size_t kPhasesInline = 6;  // a retry adds three
        std::array<Phase, kPhasesInline> firstPhases;
        std::size_t phaseCount = 0;
        std::vector<Phase> morePhases;  // after the first kPhasesInline

        void add(const Phase& phase) {
            if (phaseCount < kPhasesInline)
                firstPhases[phaseCount] = phase;
            else
                morePhases.push_back(phase);
            ++phaseCount;
        }
        // [[step, time_us, phase, attempt, version], ...], a phase at a time.
        void appendPhasesJson(std::string& out) const {
            out += '[';
            for (std::size_t i = 0; i < phaseCount; ++i) {
                const Phase& p = i < kPhasesInline ? firstPhases[i] : morePhases[i - kPhasesInline];
                std::array<char, 5 * 21 + 8> text;
                char* at = text.data();
                *at++ = i ? ',' : '[';
                if (i)
                    *at++ = '[';
                const auto number = [&](auto value, char after) {
                    // 21 places hold any 64-bit number and what follows it.
                    const auto written = std::to_chars(at, text.data() + text.size() - 1, value);
                    at = written.ptr;
                    if (written.ec == std::errc{})
                        *at++ = after;
                };
                number(p.step, ',');
                number(p.time, ',');
                number(p.phase, ',');
                number(p.attempt, ',');
                number(p.version, ']');
                out.append(text.data(), at);
            }
            out += ']';
        }
    };
    OpenById<PendingMessage> pendingMessages;
    OpenById<PendingInvocation> pendingInvocations;

    // The texts of the states row being written, reused.
    std::optional<compact_json::MachineTexts> machineTexts;
    std::string recordText, eventText, transitionsText, actionsText;
    // The ids of the texts written to `texts` so far, by content: many state records,
    // events and actions recur (a few states, a few commands), and a recurring one is
    // a number in its states row. Bounded: when full it starts again empty, and a text
    // met again after that is stored again (the reader cannot tell).
    TextIds textIds{session_schema::kMaxTextsRemembered};
    std::int64_t nextTextId = 1;

    // The longest a message was in flight and an invocation ran, in steps, among those
    // that ended (session.max_message_steps and max_invocation_steps), kept as the rows
    // are written rather than found by reading every row back at the end.
    std::optional<std::int64_t> maxMessageSteps, maxInvocationSteps;

    static void keepLongest(std::optional<std::int64_t>& longest, std::uint64_t from, std::uint64_t to) {
        const std::int64_t steps = static_cast<std::int64_t>(to) - static_cast<std::int64_t>(from);
        if (!longest || steps > *longest)
            longest = steps;
    }

    bool inTransaction = false;
    // The times of steps chunkFirstStep, chunkFirstStep + 1, ... not yet written.
    std::uint64_t chunkFirstStep = 0;
    std::vector<VirtualTime> chunkTimes;
    std::size_t chunksInTransaction = 0;
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

    // The writer's row to fill next; its failures name the file.
    Row& row(Table table) {
        try {
            return writer->add(table);
        } catch (const std::runtime_error& error) {
            fail(error.what());
        }
    }

    // Every row so far is in the file: the database is ours again until the next row.
    void drain() {
        if (!writer)
            return;  // closed: end() wrote everything
        try {
            writer->drain();
        } catch (const std::runtime_error& error) {
            fail(error.what());
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
            if (++chunksInTransaction < session_schema::kChunksPerTransaction)
                return;
            chunksInTransaction = 0;
            if (inTransaction) {
                row(Table::Commit);
            } else {
                drain();
                beginTransaction();
            }
        }
    }

    void writeStepTimes() {
        if (chunkTimes.empty())
            return;
        Row& r = row(Table::StepTimes);
        r.text.clear();
        for (VirtualTime time : chunkTimes) {
            const auto bits = static_cast<std::uint64_t>(time);
            for (int byte = 0; byte < 8; ++byte)
                r.text.push_back(static_cast<char>((bits >> (8 * byte)) & 0xff));
        }
        r.setUnsigned(1, chunkFirstStep);
        r.set(2, chunkTimes.front());
        chunkFirstStep += chunkTimes.size();
        chunkTimes.clear();
    }

    // The id of `text` (whose textIds.hashOf() is `hash`) in `texts`, written now if
    // it is new.
    //
    // Texts are copied into rows, not swapped: a row's buffer was last read by the
    // writer thread on the other core, so a buffer swapped out of a row made the next
    // text built in it wait for memory at every append (perf: a seventh of the
    // simulator's thread in the invocations' phases alone). The recorder's own
    // buffers stay on this thread; the writer prefetches the rows it fills.
    std::int64_t textId(const std::string& text, std::uint32_t hash) {
        if (const std::optional<std::int64_t> known = textIds.find(text, hash, nextTextId))
            return *known;
        const std::int64_t id = nextTextId++;
        Row& r = row(Table::Text);
        r.set(1, id);
        r.text.assign(text);
        return id;
    }

    // One messages row; `ended` null: still in flight when the run ended. The
    // message's texts are copied into the row (the slot closes after this).
    void writeMessage(PendingMessage& message, const MessageEndedRecord* ended) {
        Row& r = row(Table::Message);
        const MessageSentRecord& sent = message.sent;
        r.setUnsigned(1, sent.id);
        r.set(2, static_cast<int>(sent.kind));
        r.set(3, sent.device);
        r.text.assign(message.name);
        r.text2.assign(message.payload);
        r.set(6, sent.bytes);
        setId(r, 7, sent.causedBy);
        setId(r, 8, sent.duplicateOf);
        r.setUnsigned(9, sent.step);
        r.set(10, sent.time);
        r.set(11, sent.expectedArrival);
        if (ended) {
            keepLongest(maxMessageSteps, sent.step, ended->step);
            r.setUnsigned(12, ended->step);
            r.set(13, ended->time);
            r.set(14, static_cast<int>(ended->fate));
        } else {
            for (int column : {12, 13, 14})
                r.setNull(column);
        }
    }

    // One invocations row; `ended` null: still running when the run ended. The
    // phases are written into the row as JSON (the slot closes after this).
    void writeInvocation(PendingInvocation& invocation, const InvocationEndedRecord* ended) {
        Row& r = row(Table::Invocation);
        const InvocationStartedRecord& started = invocation.started;
        r.setUnsigned(1, started.id);
        r.set(2, started.instance);
        r.set(3, started.device);
        r.setUnsigned(4, started.message);
        r.set(5, started.delivery);
        r.set(6, started.coldStart ? 1 : 0);
        r.setUnsigned(7, started.step);
        r.set(8, started.time);
        if (ended) {
            keepLongest(maxInvocationSteps, started.step, ended->step);
            r.setUnsigned(9, ended->step);
            r.set(10, ended->time);
            r.set(11, static_cast<int>(ended->outcome));
            r.set(12, ended->attempts);
            r.set(13, ended->conflicts);
        } else {
            for (int column : {9, 10, 11, 12, 13})
                r.setNull(column);
        }
        r.text.clear();
        invocation.appendPhasesJson(r.text);
    }

    // What is still open when the run ends, by id.
    void writeOpenEnds() {
        pendingMessages.drain([this](PendingMessage& message) { writeMessage(message, nullptr); });
        pendingInvocations.drain(
            [this](PendingInvocation& invocation) { writeInvocation(invocation, nullptr); });
    }

    void close() {
        // The writer's statements first: sqlite3_close refuses a database with live ones.
        writer.reset();
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

    const int status =
        openSqlite(path, &d.database, session_schema::kRecordingOpenFlags);
    if (status != SQLITE_OK) {
        const std::string reason = d.database ? sqlite3_errmsg(d.database) : sqlite3_errstr(status);
        d.close();
        throw std::runtime_error("cannot create session " + path + ": " + reason);
    }
    try {
        executeSql(d.database, session_schema::kRecordingPragmas);
        executeSql(d.database, "BEGIN");
        executeSql(d.database, session_schema::kCreateTables);
        setUserVersion(d.database, session_schema::kUserVersionRecording);
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
        d.writer = std::make_unique<SessionWriter>(d.database);
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
        m_impl->drain();
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
    d.machineTexts.emplace(machine);  // the simulator's machine: it outlives the run
    d.drain();
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
    Impl& d = *m_impl;
    Impl::PendingMessage& pending = d.pendingMessages.open(record.id);
    pending.sent = record;
    pending.sent.event = nullptr;  // valid only during this call
    pending.name.clear();
    pending.payload.clear();
    if (record.event) {
        pending.name = record.event->name;
        compact_json::appendTags(pending.payload, record.event->tags);
    } else {
        pending.payload = "{}";
    }
}

void SessionRecorder::messageEnded(const MessageEndedRecord& record) {
    Impl& d = *m_impl;
    Impl::PendingMessage* pending = d.pendingMessages.find(record.id);
    if (!pending)
        return;  // never sent: nothing to end
    d.writeMessage(*pending, &record);
    d.pendingMessages.close(record.id);
}

void SessionRecorder::invocationStarted(const InvocationStartedRecord& record) {
    Impl::PendingInvocation& pending = m_impl->pendingInvocations.open(record.id);
    pending.started = record;
    pending.phaseCount = 0;
    pending.morePhases.clear();
}

void SessionRecorder::invocationPhase(const InvocationPhaseRecord& record) {
    Impl::PendingInvocation* pending = m_impl->pendingInvocations.find(record.id);
    if (!pending)
        return;
    pending->add({record.step, record.time, record.version, static_cast<std::int32_t>(record.phase),
                  static_cast<std::int32_t>(record.attempt)});
}

void SessionRecorder::invocationEnded(const InvocationEndedRecord& record) {
    Impl& d = *m_impl;
    Impl::PendingInvocation* pending = d.pendingInvocations.find(record.id);
    if (!pending)
        return;
    d.writeInvocation(*pending, &record);
    d.pendingInvocations.close(record.id);
}

void SessionRecorder::stateWritten(const StateWrittenRecord& record) {
    Impl& d = *m_impl;
    if (!d.machineTexts)
        d.fail("stateWritten before begin");
    // All four texts first, then their ids: the lookups' waits for memory overlap.
    d.recordText.clear();
    if (record.configuration)
        d.machineTexts->appendConfiguration(d.recordText, *record.configuration);
    else
        d.recordText = "{}";
    const std::uint32_t recordHash = d.textIds.hashOf(d.recordText);
    std::uint32_t eventHash = 0, transitionsHash = 0, actionsHash = 0;
    if (record.event) {
        d.eventText.clear();
        compact_json::appendEvent(d.eventText, *record.event);
        eventHash = d.textIds.hashOf(d.eventText);
    }
    if (record.transitions) {
        d.transitionsText.clear();
        d.machineTexts->appendTransitions(d.transitionsText, *record.transitions);
        transitionsHash = d.textIds.hashOf(d.transitionsText);
    }
    if (record.actions) {
        d.actionsText.clear();
        compact_json::appendActions(d.actionsText, *record.actions);
        actionsHash = d.textIds.hashOf(d.actionsText);
    }
    // The texts' rows go before the states row that names them, in this order.
    const std::int64_t recordId = d.textId(d.recordText, recordHash);
    std::optional<std::int64_t> eventId, transitionsId, actionsId;
    if (record.event)
        eventId = d.textId(d.eventText, eventHash);
    if (record.transitions)
        transitionsId = d.textId(d.transitionsText, transitionsHash);
    if (record.actions)
        actionsId = d.textId(d.actionsText, actionsHash);

    Row& r = d.row(Table::State);
    r.set(1, record.device);
    r.setUnsigned(2, record.version);
    r.setUnsigned(3, record.step);
    r.set(4, record.time);
    r.setUnsigned(5, record.invocation);
    r.setUnsigned(6, record.message);
    r.set(7, recordId);
    // Absent parts (the initial record has no event) are NULL, not empty JSON.
    int parameter = 8;
    for (const std::optional<std::int64_t>& id : {eventId, transitionsId, actionsId}) {
        if (id)
            r.set(parameter, *id);
        else
            r.setNull(parameter);
        ++parameter;
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
    d.writeOpenEnds();
    d.drain();
    try {
        d.commit();
        executeSql(d.database, session_schema::kIndexPragmas);
        d.beginTransaction();
        SqliteStatement session(
            d.database,
            "UPDATE session SET summary = ?, last_step = ?, duration_us = ?, "
            "max_message_steps = ?, max_invocation_steps = ?");
        session.bindText(1, summaryJson);
        session.bindUnsigned(2, lastStep);
        session.bind(3, time);
        session.bind(4, d.maxMessageSteps.value_or(0));
        session.bind(5, d.maxInvocationSteps.value_or(0));
        session.run();
        executeSql(d.database, session_schema::kCreateIndexes);
        setUserVersion(d.database, session_schema::kUserVersionFinished);
        d.commit();
        // Back to a rollback journal, so that whoever changes the file later is safe.
        executeSql(d.database, "PRAGMA journal_mode = DELETE;");
    } catch (const std::runtime_error& error) {
        d.close();
        d.fail(error.what());
    }
    d.close();
}

} // namespace swivel::emu
