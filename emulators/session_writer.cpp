#include "session_writer.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include <sqlite3.h>

#include "sqlite_statement.h"

namespace swivel::emu {

namespace {

constexpr std::size_t kLine = 64, kTextBytes = 4 * kLine;

// Asks for `bytes` from `start` ahead of their use, to read (0) or to write (1). Rows
// and their texts cross between the two threads: the writer reads what the
// simulator's thread wrote on the other core (without this, SQLite's copy of every
// text stalled on it: a seventh of the writer's time), and the simulator's thread
// refills rows and buffers the writer last read.
template <int kForWriting>
void prefetchBytes(const void* start, std::size_t bytes) {
    const auto* at = static_cast<const char*>(start);
    for (std::size_t offset = 0; offset < bytes; offset += kLine)
        __builtin_prefetch(at + offset, kForWriting);
}

void prefetchText(const std::string& text) {
    prefetchBytes<0>(text.data(), std::min(text.size(), kTextBytes));
}

} // namespace

void SessionWriter::prefetchRowForWriting(const Row& row) {
    // The whole capacity will be written, not the size: texts are copied in.
    prefetchBytes<1>(&row, sizeof(Row));
    prefetchBytes<1>(row.text.data(), std::min(row.text.capacity(), kTextBytes));
    prefetchBytes<1>(row.text2.data(), std::min(row.text2.capacity(), kTextBytes));
}

class SessionWriter::Statements {
public:
    explicit Statements(sqlite3* database)
        : m_database(database),
          m_stepTimes(database, "INSERT INTO step_times (first_step, first_time_us, times) VALUES (?, ?, ?)"),
          m_message(database,
                    "INSERT INTO messages (id, kind, device, name, payload, bytes, caused_by, "
                    "duplicate_of, sent_step, sent_time_us, expected_arrival_us, end_step, end_time_us, "
                    "fate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          m_invocation(database,
                       "INSERT INTO invocations (id, instance, device, message, delivery, cold_start, "
                       "start_step, start_time_us, end_step, end_time_us, outcome, attempts, conflicts, "
                       "phases) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          m_state(database,
                  "INSERT INTO states (device, version, step, time_us, invocation, message, record, "
                  "event, transitions, actions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          m_text(database, "INSERT INTO texts (json) VALUES (?)") {}

    void write(const Row& row) {
        switch (row.table) {
        case Table::StepTimes:
            numbers(m_stepTimes, row, 2);
            m_stepTimes.bindBlob(3, row.text);
            m_stepTimes.run();
            break;
        case Table::Message:
            numbers(m_message, row, 14, 4, 5);
            m_message.bindText(4, row.text);
            m_message.bindText(5, row.text2);
            m_message.run();
            break;
        case Table::Invocation:
            numbers(m_invocation, row, 13);
            m_invocation.bindText(14, row.text);
            m_invocation.run();
            break;
        case Table::State:
            numbers(m_state, row, 10);
            m_state.run();
            break;
        case Table::Text:
            // The recorder numbers texts 1, 2, ... and SQLite gives a new row the
            // largest id plus one: the same id, without a search of the table for it
            // (an explicit id is looked up first, to refuse a taken one).
            m_text.bindText(1, row.text);
            m_text.run();
            if (sqlite3_last_insert_rowid(m_database) != row.numbers[0])
                throw std::runtime_error("text " + std::to_string(row.numbers[0]) +
                                         " got another id in the file");
            break;
        case Table::Commit:
            executeSql(m_database, "COMMIT; BEGIN");
            break;
        }
    }

private:
    // Binds parameters 1..count from the row's numbers (or NULL), skipping the texts.
    static void numbers(SqliteStatement& statement, const Row& row, int count, int textA = 0, int textB = 0) {
        for (int p = 1; p <= count; ++p) {
            if (p == textA || p == textB)
                continue;
            if (row.nulls & (1u << (p - 1)))
                statement.bindNull(p);
            else
                statement.bind(p, row.numbers[static_cast<std::size_t>(p - 1)]);
        }
    }

    sqlite3* m_database;
    SqliteStatement m_stepTimes, m_message, m_invocation, m_state, m_text;
};

SessionWriter::SessionWriter(sqlite3* database)
    : m_statements(std::make_unique<Statements>(database)), m_filling(std::make_unique<Batch>()) {
    m_thread = std::thread([this] { run(); });
}

SessionWriter::~SessionWriter() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

SessionWriter::Row& SessionWriter::add(Table table) {
    if (m_filling->used == kBatchRows)
        handOver();
    std::vector<Row>& rows = m_filling->rows;
    if (m_filling->used == rows.size())
        rows.emplace_back();
    if (m_filling->used + kFillAhead < rows.size())
        prefetchRowForWriting(rows[m_filling->used + kFillAhead]);
    Row& row = rows[m_filling->used++];
    row.table = table;
    row.nulls = 0;
    return row;
}

void SessionWriter::drain() {
    if (m_filling->used > 0)
        handOver();
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_queued.empty() && !m_writing; });
    throwIfFailed();
}

void SessionWriter::handOver() {
    std::unique_lock lock(m_mutex);
    // Back-pressure: the simulation waits for the disk rather than queueing without end.
    m_changed.wait(lock, [this] { return m_queued.size() < kMaxQueued || m_failure; });
    throwIfFailed();
    m_queued.push_back(std::move(m_filling));
    if (m_spare.empty()) {
        m_filling = std::make_unique<Batch>();
    } else {
        m_filling = std::move(m_spare.back());
        m_spare.pop_back();
    }
    lock.unlock();
    m_changed.notify_all();
}

void SessionWriter::throwIfFailed() {
    if (m_failure)
        throw std::runtime_error(*m_failure);
}

void SessionWriter::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [this] { return !m_queued.empty() || m_stopping; });
        if (m_queued.empty())
            return;  // stopping, and everything handed over is written
        std::unique_ptr<Batch> batch = std::move(m_queued.front());
        m_queued.pop_front();
        m_writing = true;
        const bool failed = m_failure.has_value();
        lock.unlock();
        std::optional<std::string> failure;
        if (!failed) {
            try {
                write(*batch);
            } catch (const std::exception& error) {
                failure = error.what();
            }
        }
        releaseLargeTexts(*batch);
        batch->used = 0;
        lock.lock();
        if (failure)
            m_failure = std::move(failure);
        m_spare.push_back(std::move(batch));
        m_writing = false;
        m_changed.notify_all();
    }
}

void SessionWriter::releaseLargeTexts(Batch& batch) {
    // A step_times blob is 32 KiB, and a row keeps the largest text it ever held:
    // rows keep only buffers of the usual size.
    constexpr std::size_t kKeptCapacity = 4096;
    for (std::size_t i = 0; i < batch.used; ++i) {
        for (std::string* text : {&batch.rows[i].text, &batch.rows[i].text2}) {
            if (text->capacity() > kKeptCapacity)
                std::string().swap(*text);
        }
    }
}

void SessionWriter::write(const Batch& batch) {
    // Rows themselves further ahead than their texts: a text's address is in its row.
    constexpr std::size_t kTextsAhead = 4, kRowsAhead = 8;
    for (std::size_t i = 0; i < batch.used; ++i) {
        if (i + kRowsAhead < batch.used)
            prefetchBytes<0>(&batch.rows[i + kRowsAhead], sizeof(Row));
        if (i + kTextsAhead < batch.used) {
            const Row& ahead = batch.rows[i + kTextsAhead];
            prefetchText(ahead.text);
            prefetchText(ahead.text2);
        }
        m_statements->write(batch.rows[i]);
    }
}

} // namespace swivel::emu
