#include "session_history.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <stdexcept>

#include <sqlite3.h>

#include "session_fault.h"
#include "sqlite_statement.h"

namespace swivel::emu {

namespace {

constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();

// A row begun at a step: the per-device lists, in id (and so step) order.
struct Begun {
    std::uint64_t step = 0;
    std::int64_t id = 0;
};

// What instances() needs to pick its rows without reading them.
struct InvocationSpan {
    std::int64_t id = 0;
    std::uint64_t startStep = 0;
    VirtualTime startTime = 0;
    std::uint64_t endStep = kNever;  // never ended: kNever
    VirtualTime endTime = 0;
};

nlohmann::json parsedOrThrow(std::string_view text, const char* what) {
    nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded())
        throw std::runtime_error(std::string("damaged session (") + what + " is not JSON)");
    return json;
}

template <typename Enum>
Enum enumOf(std::int64_t value, Enum last, const char* what) {
    if (value < 0 || value > static_cast<std::int64_t>(last))
        throw std::runtime_error(std::string("damaged session (an unknown ") + what + ")");
    return static_cast<Enum>(value);
}

// The last `limit` of `list` begun at or before `step`.
std::vector<std::int64_t> lastBegun(const std::vector<Begun>& list, std::uint64_t step, std::size_t limit) {
    const auto end = std::upper_bound(list.begin(), list.end(), step,
                                      [](std::uint64_t s, const Begun& b) { return s < b.step; });
    const auto count = std::min<std::size_t>(limit, static_cast<std::size_t>(end - list.begin()));
    std::vector<std::int64_t> ids;
    for (auto at = end - static_cast<std::ptrdiff_t>(count); at != end; ++at)
        ids.push_back(at->id);
    return ids;
}

} // namespace

struct SessionHistory::Impl {
    std::string path;
    sqlite3* database = nullptr;
    SqliteStatement messageById, invocationById, versions;
    std::vector<std::vector<Begun>> messagesByDevice, invocationsByDevice;
    std::vector<InvocationSpan> spans;  // by id
    VirtualTime longestInvocation = 0;

    ~Impl() {
        messageById = {};
        invocationById = {};
        versions = {};
        if (database)
            sqlite3_close(database);
    }

    [[noreturn]] void fail(const std::exception& error) const {
        throw std::runtime_error(sessionFaultMessage(path, error.what()));
    }

    std::vector<Begun>& listOf(std::vector<std::vector<Begun>>& lists, std::int64_t device) {
        if (device < 0 || device > 1'000'000)
            throw std::runtime_error("damaged session (a row of unknown device " + std::to_string(device) + ")");
        if (static_cast<std::size_t>(device) >= lists.size())
            lists.resize(static_cast<std::size_t>(device) + 1);
        return lists[static_cast<std::size_t>(device)];
    }

    void readIds() {
        SqliteStatement messages(database, "SELECT id, device, sent_step FROM messages ORDER BY id");
        while (messages.step())
            listOf(messagesByDevice, messages.integer(1)).push_back({messages.unsignedInteger(2), messages.integer(0)});
        SqliteStatement invocations(
            database, "SELECT id, device, start_step, start_time_us, end_step, end_time_us FROM invocations ORDER BY id");
        while (invocations.step()) {
            InvocationSpan span;
            span.id = invocations.integer(0);
            span.startStep = invocations.unsignedInteger(2);
            span.startTime = invocations.integer(3);
            if (!invocations.isNull(4)) {
                span.endStep = invocations.unsignedInteger(4);
                span.endTime = invocations.integer(5);
                longestInvocation = std::max(longestInvocation, span.endTime - span.startTime);
            }
            listOf(invocationsByDevice, invocations.integer(1)).push_back({span.startStep, span.id});
            spans.push_back(span);
        }
    }

    MessageHistory message(std::int64_t id, std::uint64_t step);
    InvocationHistory invocation(std::int64_t id, std::uint64_t step);
};

SessionHistory::SessionHistory(const std::string& path) : m_impl(std::make_unique<Impl>()) {
    Impl& d = *m_impl;
    d.path = path;
    try {
        if (openSqlite(path, &d.database, SQLITE_OPEN_READONLY) != SQLITE_OK)
            throw std::runtime_error(d.database ? sqlite3_errmsg(d.database) : "cannot open the file");
        d.messageById = SqliteStatement(
            d.database,
            "SELECT id, kind, device, name, payload, bytes, caused_by, duplicate_of, sent_step, "
            "sent_time_us, expected_arrival_us, end_step, end_time_us, fate FROM messages WHERE id = ?1");
        d.invocationById = SqliteStatement(
            d.database,
            "SELECT id, instance, device, message, delivery, cold_start, start_step, start_time_us, "
            "end_step, end_time_us, outcome, attempts, conflicts, phases FROM invocations WHERE id = ?1");
        d.versions = SqliteStatement(
            d.database,
            "SELECT s.version, s.step, s.time_us, s.invocation, s.message, r.json, e.json, t.json, "
            "a.json, s.event, s.transitions, s.actions FROM states s "
            "LEFT JOIN texts r ON r.id = s.record LEFT JOIN texts e ON e.id = s.event "
            "LEFT JOIN texts t ON t.id = s.transitions LEFT JOIN texts a ON a.id = s.actions "
            "WHERE s.device = ?1 AND s.step <= ?2 ORDER BY s.step DESC, s.version DESC LIMIT ?3");
        d.readIds();
    } catch (const std::exception& error) {
        d.fail(error);
    }
}

SessionHistory::~SessionHistory() = default;

MessageHistory SessionHistory::Impl::message(std::int64_t id, std::uint64_t step) {
    MessageHistory m;
    messageById.bind(1, id);
    if (!messageById.step())
        throw std::runtime_error("damaged session (message " + std::to_string(id) + " is gone)");
    m.id = messageById.unsignedInteger(0);
    m.kind = enumOf(messageById.integer(1), MessageKind::Timer, "message kind");
    m.device = static_cast<int>(messageById.integer(2));
    m.name = messageById.text(3);
    m.payload = parsedOrThrow(messageById.text(4), "a message's payload");
    m.bytes = messageById.integer(5);
    m.causedBy = messageById.isNull(6) ? 0 : messageById.unsignedInteger(6);
    m.duplicateOf = messageById.isNull(7) ? 0 : messageById.unsignedInteger(7);
    m.sentStep = messageById.unsignedInteger(8);
    m.sentTime = messageById.integer(9);
    m.expectedArrival = messageById.integer(10);
    if (!messageById.isNull(11) && messageById.unsignedInteger(11) <= step && !messageById.isNull(13)) {
        m.endStep = messageById.unsignedInteger(11);
        m.endTime = messageById.integer(12);
        m.fate = enumOf(messageById.integer(13), MessageFate::Expired, "message fate");
    }
    messageById.reset();
    return m;
}

InvocationHistory SessionHistory::Impl::invocation(std::int64_t id, std::uint64_t step) {
    InvocationHistory v;
    SqliteStatement& q = invocationById;
    q.bind(1, id);
    if (!q.step())
        throw std::runtime_error("damaged session (invocation " + std::to_string(id) + " is gone)");
    v.id = q.unsignedInteger(0);
    v.instance = static_cast<int>(q.integer(1));
    v.device = static_cast<int>(q.integer(2));
    v.message = q.unsignedInteger(3);
    v.delivery = static_cast<int>(q.integer(4));
    v.coldStart = q.integer(5) != 0;
    v.startStep = q.unsignedInteger(6);
    v.startTime = q.integer(7);
    if (!q.isNull(8) && q.unsignedInteger(8) <= step && !q.isNull(10)) {
        v.endStep = q.unsignedInteger(8);
        v.endTime = q.integer(9);
        v.outcome = enumOf(q.integer(10), InvocationOutcome::DeadLettered, "invocation outcome");
        v.attempts = static_cast<int>(q.integer(11));
        v.conflicts = static_cast<int>(q.integer(12));
    }
    const nlohmann::json phases = parsedOrThrow(q.text(13), "an invocation's phases");
    q.reset();
    if (!phases.is_array())
        throw std::runtime_error("damaged session (the phases of invocation " + std::to_string(id) + ")");
    for (const nlohmann::json& entry : phases) {
        if (!entry.is_array() || entry.size() < 5 || !entry[0].is_number_unsigned() || !entry[1].is_number_integer()
            || !entry[2].is_number_integer() || !entry[3].is_number_integer() || !entry[4].is_number_unsigned())
            throw std::runtime_error("damaged session (the phases of invocation " + std::to_string(id) + ")");
        if (entry[0].get<std::uint64_t>() > step)
            break;
        v.phases.push_back({entry[0].get<std::uint64_t>(), entry[1].get<VirtualTime>(),
                            enumOf(entry[2].get<std::int64_t>(), InvocationPhase::Send, "invocation phase"),
                            entry[3].get<int>(), entry[4].get<std::uint64_t>()});
    }
    return v;
}

DeviceHistory SessionHistory::deviceHistory(int device, std::uint64_t step, VirtualTime time,
                                            const HistoryLimits& limits) const {
    Impl& d = *m_impl;
    DeviceHistory history;
    history.device = device;
    history.step = step;
    history.time = time;
    if (device < 0)
        return history;
    const auto index = static_cast<std::size_t>(device);
    std::optional<ReadTransaction> transaction;  // one file lock for every row below
    try {
        transaction.emplace(d.database);
        if (index < d.messagesByDevice.size()) {
            for (const std::int64_t id : lastBegun(d.messagesByDevice[index], step, limits.messages))
                history.messages.push_back(d.message(id, step));
        }
        if (index < d.invocationsByDevice.size()) {
            for (const std::int64_t id : lastBegun(d.invocationsByDevice[index], step, limits.invocations))
                history.invocations.push_back(d.invocation(id, step));
        }
        SqliteStatement& q = d.versions;
        q.bind(1, device);
        q.bindUnsigned(2, step);
        q.bind(3, static_cast<std::int64_t>(std::min<std::size_t>(limits.versions, 1'000'000)));
        while (q.step()) {
            VersionHistory& version = history.versions.emplace_back();
            version.version = q.unsignedInteger(0);
            version.step = q.unsignedInteger(1);
            version.time = q.integer(2);
            version.invocation = q.unsignedInteger(3);
            version.message = q.unsignedInteger(4);
            version.record = parsedOrThrow(q.text(5), "a recorded state");
            if (!q.isNull(9))
                version.event = parsedOrThrow(q.text(6), "a recorded event");
            if (!q.isNull(10)) {
                for (const nlohmann::json& id : parsedOrThrow(q.text(7), "recorded transitions")) {
                    if (id.is_string())
                        version.transitions.push_back(id.get<std::string>());
                }
            }
            version.actions = q.isNull(11) ? nlohmann::json::array() : parsedOrThrow(q.text(8), "recorded actions");
        }
        std::reverse(history.versions.begin(), history.versions.end());
    } catch (const std::exception& error) {
        d.messageById.reset();
        d.invocationById.reset();
        d.versions.reset();
        d.fail(error);
    }
    return history;
}

InstanceHistory SessionHistory::instances(std::uint64_t step, VirtualTime time, VirtualTime window,
                                          std::size_t limit) const {
    Impl& d = *m_impl;
    InstanceHistory history;
    history.step = step;
    history.to = time;
    history.from = time - window;
    // The spans are in order of starting; those begun by `step` end at `begun`.
    const auto begun = std::upper_bound(d.spans.begin(), d.spans.end(), step,
                                        [](std::uint64_t s, const InvocationSpan& span) { return s < span.startStep; });
    std::vector<std::int64_t> ids;
    for (auto at = begun; at != d.spans.begin() && ids.size() < limit;) {
        --at;
        // Anything begun before this ended before the window (none ran longer).
        if (at->startTime < history.from - d.longestInvocation)
            break;
        if (at->endStep > step || at->endTime >= history.from)
            ids.push_back(at->id);
    }
    std::reverse(ids.begin(), ids.end());
    std::optional<ReadTransaction> transaction;  // one file lock for every row below
    try {
        transaction.emplace(d.database);
        for (const std::int64_t id : ids)
            history.invocations.push_back(d.invocation(id, step));
    } catch (const std::exception& error) {
        d.invocationById.reset();
        d.fail(error);
    }
    return history;
}

} // namespace swivel::emu
