#pragma once
// The session recorder's rows, written into SQLite on a thread of their own.
//
// SQLite's inserts are most of what recording costs (bench: the recording floor), and
// they need nothing from the simulation but the row: so the simulator's thread only
// fills rows (numbers, and texts it has already made) into a batch, and this writer
// binds and steps them on its own thread while the simulation goes on. Rows are
// written in the order they were added, by one connection, so the file is the same
// byte for byte as if they were written at once. Batches are reused, strings and all,
// and at most kMaxQueued wait: memory stays bounded and a slow disk slows the run
// down instead of filling the memory.

#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

struct sqlite3;

namespace swivel::emu {

class SessionWriter {
public:
    // The statements rows go into (session_schema.h), and a chunk's end.
    enum class Table : std::uint8_t {
        StepTimes,   // first_step, first_time_us, times (blob: `text`)
        Message,     // the 14 columns of messages; name: `text`, payload: `text2`
        Invocation,  // the 14 columns of invocations; phases: `text`
        State,       // the 10 columns of states (numbers only)
        Text,        // id, json: `text`
        Commit,      // the end of a chunk: COMMIT, then BEGIN the next one
    };

    // One row: a number per parameter (texts and blobs in `text` and `text2`
    // instead), and which parameters are NULL.
    struct Row {
        Table table = Table::Commit;
        std::uint16_t nulls = 0;  // bit p - 1: parameter p is NULL
        std::array<std::int64_t, 14> numbers{};
        std::string text, text2;

        void set(int parameter, std::int64_t value) { numbers[static_cast<std::size_t>(parameter - 1)] = value; }
        void setUnsigned(int parameter, std::uint64_t value) { set(parameter, static_cast<std::int64_t>(value)); }
        void setNull(int parameter) { nulls |= static_cast<std::uint16_t>(1u << (parameter - 1)); }
    };

    // Prepares the statements on `database`, which must stay open until the writer is
    // destroyed, and starts the thread. Throws std::runtime_error (SQLite's message).
    explicit SessionWriter(sqlite3* database);
    // Writes what it was given (errors are dropped), then stops the thread.
    ~SessionWriter();
    SessionWriter(const SessionWriter&) = delete;
    SessionWriter& operator=(const SessionWriter&) = delete;

    // The next row to fill, of `table`. Its strings hold whatever an earlier row left
    // (assign them; their capacity is reused). Throws std::runtime_error with the
    // writer's failure when a full batch is handed over after the writer failed.
    Row& add(Table table);

    // Returns once every row added so far is in the database; then the database may be
    // used from this thread until the next add(). Throws the writer's failure.
    void drain();

private:
    struct Batch {
        std::vector<Row> rows;  // rows[0, used) are to be written
        std::size_t used = 0;
    };
    static constexpr std::size_t kBatchRows = 2048;
    static constexpr std::size_t kMaxQueued = 8;
    static constexpr std::size_t kFillAhead = 4;  // rows prefetched ahead of add()
    static void prefetchRowForWriting(const Row& row);

    class Statements;
    void handOver();
    void throwIfFailed();  // with m_mutex held
    void run();            // the writer thread
    void write(const Batch& batch);
    static void releaseLargeTexts(Batch& batch);

    std::unique_ptr<Statements> m_statements;
    std::unique_ptr<Batch> m_filling;  // this side's; the thread never touches it

    std::mutex m_mutex;
    std::condition_variable m_changed;  // a batch queued, written, or the end
    std::deque<std::unique_ptr<Batch>> m_queued;
    std::vector<std::unique_ptr<Batch>> m_spare;
    bool m_writing = false;
    bool m_stopping = false;
    std::optional<std::string> m_failure;  // SQLite's message; later rows are dropped
    std::thread m_thread;
};

} // namespace swivel::emu
