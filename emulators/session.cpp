// Session: a recorded session opened read-only. open() checks everything it cheaply
// can (the SQLite header and the file's length, the schema version, every table and
// column the queries use), so that a wrong or damaged file gets one clear message; a
// fault it could not see (a damaged page deep in the file) surfaces later as a
// std::runtime_error naming the file, never as a crash.

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>

#include <sqlite3.h>

#include "model/semantics.h"
#include "model/state_record.h"
#include "session.h"
#include "session_fault.h"
#include "session_schema.h"
#include "sqlite_statement.h"

namespace swivel::emu {

namespace {

// A fault of the file, without its name (open() and the queries add it).
struct SessionFault : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::uint32_t bigEndian(const unsigned char* bytes, int count) {
    std::uint32_t value = 0;
    for (int i = 0; i < count; ++i)
        value = (value << 8) | bytes[i];
    return value;
}

// What SQLite itself would only notice page by page: a file that is no SQLite
// database at all, or one cut short (a copy that did not finish).
void checkFileHeader(const std::string& path) {
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (error || !std::filesystem::exists(status))
        throw SessionFault("no such file");
    if (!std::filesystem::is_regular_file(status))
        throw SessionFault("not a file");
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    if (error)
        throw SessionFault("cannot read the file: " + error.message());
    if (size == 0)
        throw SessionFault("not a Swivel session (the file is empty)");

    std::array<unsigned char, 100> header{};
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw SessionFault("cannot read the file");
    in.read(reinterpret_cast<char*>(header.data()), header.size());
    static constexpr char kMagic[] = "SQLite format 3";  // with its '\0': 16 bytes
    const auto got = static_cast<std::size_t>(in.gcount());
    const bool magic = std::memcmp(header.data(), kMagic, std::min(got, sizeof kMagic)) == 0;
    // A database's beginning, cut before the end of its 100-byte header.
    if (magic && got < header.size())
        throw SessionFault("the file is truncated (" + std::to_string(size)
                           + " bytes, shorter than a database's header)");
    if (!magic)
        throw SessionFault("file is not a database");

    // The recorder marks the file as being recorded until the run ends. (A file in WAL
    // mode, format 2, is no finished recording either.)
    if (bigEndian(&header[60], 4) == static_cast<std::uint32_t>(session_schema::kUserVersionRecording)
        || header[18] == 2 || header[19] == 2)
        throw SessionFault("the recording did not finish (the run never ended)");

    std::uint64_t pageSize = bigEndian(&header[16], 2);
    if (pageSize == 1)
        pageSize = 65536;
    const std::uint32_t pageCount = bigEndian(&header[28], 4);
    // The page count is only valid when the change counter matches "version valid for".
    const bool countValid = pageCount != 0 && bigEndian(&header[24], 4) == bigEndian(&header[92], 4);
    if (countValid && size < pageSize * pageCount)
        throw SessionFault("the file is truncated (" + std::to_string(size) + " of "
                           + std::to_string(pageSize * pageCount) + " bytes)");
}

MessageKind messageKindOf(std::int64_t value, std::uint64_t message) {
    if (value < 0 || value > static_cast<int>(MessageKind::Timer))
        throw SessionFault("damaged session (message " + std::to_string(message)
                           + " has an unknown kind " + std::to_string(value) + ")");
    return static_cast<MessageKind>(value);
}

InvocationPhase phaseOf(std::int64_t value, std::uint64_t invocation) {
    if (value < 0 || value > static_cast<int>(InvocationPhase::Send))
        throw SessionFault("damaged session (invocation " + std::to_string(invocation)
                           + " has an unknown phase " + std::to_string(value) + ")");
    return static_cast<InvocationPhase>(value);
}

nlohmann::json parseJson(std::string_view text, const char* what) {
    nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded())
        throw SessionFault(std::string("damaged session (") + what + " is not JSON)");
    return json;
}

// The phase and attempt of the last of `phases` ([[step, time_us, phase, attempt,
// version], ...] in order) entered at or before `step`.
void enterLatestPhase(InstanceSnapshot& instance, const nlohmann::json& phases, std::uint64_t step) {
    if (!phases.is_array())
        throw SessionFault("damaged session (the phases of invocation "
                           + std::to_string(instance.invocation) + ")");
    for (const nlohmann::json& entry : phases) {
        if (!entry.is_array() || entry.size() < 4 || !entry[0].is_number_unsigned()
            || !entry[2].is_number_integer() || !entry[3].is_number_integer())
            throw SessionFault("damaged session (the phases of invocation "
                               + std::to_string(instance.invocation) + ")");
        if (entry[0].get<std::uint64_t>() > step)
            break;
        instance.phase = phaseOf(entry[2].get<std::int64_t>(), instance.invocation);
        instance.attempt = static_cast<int>(entry[3].get<std::int64_t>());
    }
}

std::vector<std::string> stringList(const nlohmann::json& json, const char* what) {
    std::vector<std::string> out;
    if (!json.is_array())
        throw SessionFault(std::string("damaged session (") + what + " is not a list)");
    for (const nlohmann::json& item : json) {
        if (!item.is_string())
            throw SessionFault(std::string("damaged session (") + what + " is not a list of ids)");
        out.push_back(item.get<std::string>());
    }
    return out;
}

// The active atomic states of a recorded state record (model::configurationToJson):
// its "configuration" ([] for the empty record of a device that had none).
nlohmann::json atomicStatesOf(const nlohmann::json& record) {
    if (!record.is_object())
        throw SessionFault("damaged session (a recorded state is not a JSON object)");
    const auto atomic = record.find("configuration");
    return atomic != record.end() ? *atomic : nlohmann::json::array();
}

nlohmann::json actionsJson(const std::vector<model::EmittedAction>& actions) {
    nlohmann::json array = nlohmann::json::array();
    for (const model::EmittedAction& action : actions)
        array.push_back(model::actionToJson(action));
    return array;
}

// One row of the states table, as the divergence check walks them.
struct StateRow {
    std::uint64_t step = 0;
    VirtualTime time = 0;
    int device = 0;
    std::uint64_t version = 0;
    std::uint64_t invocation = 0;
    nlohmann::json event;          // null for the initial record
    nlohmann::json configuration;  // active atomic ids
    nlohmann::json actions;        // null when not recorded
    nlohmann::json transitions;    // ids taken; null when not recorded
};

} // namespace

struct Session::Impl {
    std::string path;
    sqlite3* database = nullptr;

    std::uint64_t seed = 0;
    std::uint64_t lastStep = 0;
    VirtualTime duration = 0;
    std::uint64_t maxMessageSteps = 0;     // longest a message was in flight, in steps
    std::uint64_t maxInvocationSteps = 0;  // longest an invocation ran, in steps
    std::string scenario, summary, machine;
    std::vector<DeviceInfo> devices;

    SqliteStatement chunkOfStep, chunkAtTime, deviceState, inFlight, running, states;

    // Messages and invocations get their ids in the order they begin (trace.h), so the
    // rows begun in a range of steps are a range of ids, found by bisecting the ids:
    // no index on sent_step or start_step to build at the end of every recording.
    struct IdsByStep {
        SqliteStatement firstFrom;  // the first row with an id at or above ?1: id, step
        std::int64_t maxId = 0;

        // The least id begun at or after `step` (maxId + 1 if none).
        std::int64_t firstBegunAtOrAfter(std::uint64_t step);
    };
    IdsByStep messageIds, invocationIds;

    // The step_times row read last (scrubbing stays in one mostly).
    struct StepTimes {
        std::uint64_t firstStep = 0;
        std::vector<VirtualTime> times;
    };
    std::optional<StepTimes> chunk;

    ~Impl() {
        chunkOfStep = {};
        chunkAtTime = {};
        deviceState = {};
        inFlight = {};
        running = {};
        messageIds.firstFrom = {};
        invocationIds.firstFrom = {};
        states = {};
        if (database)
            sqlite3_close(database);
    }

    [[noreturn]] void fail(const std::exception& error) const {
        throw std::runtime_error(sessionFaultMessage(path, error.what()));
    }

    const std::string& deviceId(std::int64_t index) const {
        static const std::string none;
        if (index < 0 || index >= static_cast<std::int64_t>(devices.size()))
            return none;
        return devices[static_cast<std::size_t>(index)].id;
    }

    void open();
    // The step_times row the statement found (it is reset), or nullopt.
    std::optional<StepTimes> readChunk(SqliteStatement& query);
    VirtualTime timeOfStep(std::uint64_t step);
    std::uint64_t stepAtTime(VirtualTime time);
    void readStates(const std::function<bool(const StateRow&)>& visit, bool appliedOnly);
};

void Session::Impl::open() {
    checkFileHeader(path);
    if (openSqlite(path, &database, SQLITE_OPEN_READONLY) != SQLITE_OK)
        throw SessionFault(database ? sqlite3_errmsg(database) : "cannot open the file");

    std::vector<std::string> tables;
    {
        SqliteStatement list(database, "SELECT name FROM sqlite_schema WHERE type = 'table'");
        while (list.step())
            tables.emplace_back(list.text(0));
    }
    const auto hasTable = [&](std::string_view name) {
        return std::find(tables.begin(), tables.end(), name) != tables.end();
    };
    for (std::string_view name : {"session", "schema_version"}) {
        if (!hasTable(name))
            throw SessionFault("not a Swivel session (no table '" + std::string(name) + "')");
    }
    {
        SqliteStatement version(
            database, "SELECT MAX(version), typeof(MAX(version)) = 'integer' FROM schema_version");
        if (!version.step() || version.isNull(0))
            throw SessionFault("not a Swivel session (no schema version)");
        // Anything but a whole number is no version a Swivel wrote.
        const bool whole = version.integer(1) != 0;
        const std::int64_t number = version.integer(0);
        version.reset();
        if (!whole)
            throw SessionFault("damaged session (the schema version is not a number)");
        if (number > session_schema::kVersion)
            throw SessionFault("written by a newer Swivel (schema " + std::to_string(number) + ")");
        if (number < session_schema::kVersion)
            throw SessionFault("recorded by an older Swivel (schema " + std::to_string(number)
                               + "); record the scenario again");
    }
    for (std::string_view name : session_schema::kTables) {
        if (!hasTable(name))
            throw SessionFault("damaged session (no table '" + std::string(name) + "')");
    }

    {
        SqliteStatement session(database,
                                "SELECT seed, scenario, machine, summary, last_step, duration_us, "
                                "max_message_steps, max_invocation_steps FROM session");
        if (!session.step())
            throw SessionFault("damaged session (the session table is empty)");
        if (session.isNull(4) || session.isNull(3))
            throw SessionFault("the recording did not finish (the run never ended)");
        seed = session.unsignedInteger(0);
        scenario = session.text(1);
        machine = session.text(2);
        summary = session.text(3);
        lastStep = session.unsignedInteger(4);
        duration = session.integer(5);
        maxMessageSteps = session.unsignedInteger(6);
        maxInvocationSteps = session.unsignedInteger(7);
        session.reset();
    }

    {
        SqliteStatement list(database, "SELECT device, id, type FROM devices ORDER BY device");
        while (list.step()) {
            if (list.integer(0) != static_cast<std::int64_t>(devices.size()))
                throw SessionFault("damaged session (device numbers are not 0, 1, 2...)");
            devices.push_back({std::string(list.text(1)), std::string(list.text(2))});
        }
    }

    // Prepared once; preparing also proves every column the queries need is there.
    chunkOfStep = SqliteStatement(database,
                                  "SELECT first_step, times FROM step_times WHERE first_step <= ?1 "
                                  "ORDER BY first_step DESC LIMIT 1");
    chunkAtTime = SqliteStatement(database,
                                  "SELECT first_step, times FROM step_times WHERE first_time_us <= ?1 "
                                  "ORDER BY first_time_us DESC, first_step DESC LIMIT 1");
    deviceState = SqliteStatement(
        database,
        "SELECT s.version, r.json FROM states s LEFT JOIN texts r ON r.id = s.record "
        "WHERE s.device = ?1 AND s.step <= ?2 ORDER BY s.step DESC, s.version DESC LIMIT 1");
    // In flight at step N: sent at or before N, ended after N or never. The ended ones
    // were sent at most max_message_steps before N, which bounds their id range; those
    // never ended are in a small partial index.
    inFlight = SqliteStatement(
        database,
        "SELECT id, kind, device, name, payload, sent_time_us FROM messages "
        "WHERE id >= ?1 AND id < ?2 AND end_step > ?3 "
        "UNION ALL SELECT id, kind, device, name, payload, sent_time_us FROM messages "
        "INDEXED BY messages_open_at_end WHERE end_step IS NULL AND sent_step <= ?3 ORDER BY 1");
    running = SqliteStatement(
        database,
        "SELECT id, instance, device, message, start_time_us, phases FROM invocations "
        "WHERE id >= ?1 AND id < ?2 AND end_step > ?3 "
        "UNION ALL SELECT id, instance, device, message, start_time_us, phases FROM invocations "
        "INDEXED BY invocations_open_at_end WHERE end_step IS NULL AND start_step <= ?3 ORDER BY 1");
    messageIds.firstFrom = SqliteStatement(
        database, "SELECT id, sent_step FROM messages WHERE id >= ?1 ORDER BY id LIMIT 1");
    invocationIds.firstFrom = SqliteStatement(
        database, "SELECT id, start_step FROM invocations WHERE id >= ?1 ORDER BY id LIMIT 1");
    for (auto [ids, sql] : {std::pair{&messageIds, "SELECT MAX(id) FROM messages"},
                            std::pair{&invocationIds, "SELECT MAX(id) FROM invocations"}}) {
        SqliteStatement maxId(database, sql);
        if (maxId.step())
            ids->maxId = std::clamp<std::int64_t>(maxId.integer(0), 0,
                                                  std::numeric_limits<std::int64_t>::max() - 1);
        maxId.reset();
    }
    states = SqliteStatement(
        database,
        "SELECT s.step, s.time_us, s.device, s.version, s.invocation, e.json, r.json, a.json, "
        "s.event, s.actions, t.json FROM states s LEFT JOIN texts e ON e.id = s.event "
        "LEFT JOIN texts r ON r.id = s.record LEFT JOIN texts a ON a.id = s.actions "
        "LEFT JOIN texts t ON t.id = s.transitions "
        "WHERE ?1 = 0 OR s.invocation != 0 ORDER BY s.step, s.device, s.version");

    // duration() is the time of the last step (the run's clock may have run on to the
    // scenario's end, which duration_us keeps).
    duration = timeOfStep(lastStep);
}

std::optional<Session::Impl::StepTimes> Session::Impl::readChunk(SqliteStatement& query) {
    if (!query.step())
        return std::nullopt;
    StepTimes found;
    found.firstStep = query.unsignedInteger(0);
    const std::string_view bytes = query.blob(1);  // valid until the reset below
    if (bytes.empty() || bytes.size() % 8 != 0) {
        query.reset();
        throw SessionFault("damaged session (the step times of step " + std::to_string(found.firstStep)
                           + " on)");
    }
    found.times.reserve(bytes.size() / 8);
    for (std::size_t at = 0; at < bytes.size(); at += 8) {
        std::uint64_t bits = 0;
        for (int byte = 7; byte >= 0; --byte)
            bits = (bits << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(byte)]);
        found.times.push_back(static_cast<VirtualTime>(bits));
    }
    query.reset();
    return found;
}

VirtualTime Session::Impl::timeOfStep(std::uint64_t step) {
    if (!chunk || step < chunk->firstStep || step - chunk->firstStep >= chunk->times.size()) {
        chunkOfStep.bindUnsigned(1, step);
        std::optional<StepTimes> found = readChunk(chunkOfStep);
        if (!found)
            return 0;
        chunk = std::move(found);
    }
    // A step past the chunk's end (none should be) keeps the last time known.
    const std::uint64_t index = std::min<std::uint64_t>(step - chunk->firstStep, chunk->times.size() - 1);
    return chunk->times[index];
}

std::uint64_t Session::Impl::stepAtTime(VirtualTime time) {
    chunkAtTime.bind(1, time);
    const std::optional<StepTimes> found = readChunk(chunkAtTime);
    if (!found)
        return 0;
    // Times never go back: the last step at or before `time` is in this chunk.
    const auto after = std::upper_bound(found->times.begin(), found->times.end(), time);
    const auto index = static_cast<std::uint64_t>(after - found->times.begin());
    return found->firstStep + (index == 0 ? 0 : index - 1);
}

std::int64_t Session::Impl::IdsByStep::firstBegunAtOrAfter(std::uint64_t step) {
    // Ids may have gaps: a probe finds the first row at or above an id. [lo, hi) is
    // where a smaller answer than `best` can still be.
    std::int64_t best = maxId + 1, lo = 0, hi = maxId + 1;
    while (lo < hi) {
        const std::int64_t mid = lo + (hi - lo) / 2;
        firstFrom.bind(1, mid);
        if (!firstFrom.step()) {
            hi = mid;
            continue;
        }
        const std::int64_t id = firstFrom.integer(0);
        const std::uint64_t begun = firstFrom.unsignedInteger(1);
        firstFrom.reset();
        if (id >= hi || id < mid) {
            hi = mid;  // nothing in [mid, hi)
        } else if (begun >= step) {
            best = id;
            hi = mid;  // [mid, id) holds no row
        } else {
            lo = id + 1;
        }
    }
    return best;
}

// Calls `visit` for each states row in step, device order until it returns false.
void Session::Impl::readStates(const std::function<bool(const StateRow&)>& visit,
                               bool appliedOnly) {
    states.bind(1, appliedOnly ? 1 : 0);
    try {
        while (states.step()) {
            StateRow row;
            row.step = states.unsignedInteger(0);
            row.time = states.integer(1);
            const std::int64_t device = states.integer(2);
            if (device < 0 || device >= static_cast<std::int64_t>(devices.size()))
                throw SessionFault("damaged session (a state of unknown device "
                                   + std::to_string(device) + ")");
            row.device = static_cast<int>(device);
            row.version = states.unsignedInteger(3);
            row.invocation = states.unsignedInteger(4);
            // A text id without its text reads as "" below: not JSON, a damaged row.
            if (!states.isNull(8))
                row.event = parseJson(states.text(5), "a recorded event");
            row.configuration = atomicStatesOf(parseJson(states.text(6), "a recorded state"));
            if (!states.isNull(9))
                row.actions = parseJson(states.text(7), "recorded actions");
            if (!states.isNull(10))
                row.transitions = parseJson(states.text(10), "recorded transitions");
            if (!visit(row))
                break;
        }
    } catch (...) {
        states.reset();
        throw;
    }
    states.reset();
}

Session::Session() : m_impl(std::make_unique<Impl>()) {}
Session::~Session() = default;

std::unique_ptr<Session> Session::open(const std::string& path, std::string& error) {
    std::unique_ptr<Session> session(new Session());
    session->m_impl->path = path;
    try {
        session->m_impl->open();
    } catch (const std::exception& fault) {
        // A SessionFault, or SQLite's own words ("no such column: x", "database disk
        // image is malformed"...), put plainly.
        error = sessionFaultMessage(path, fault.what());
        return nullptr;
    }
    return session;
}

std::uint64_t Session::lastStep() const {
    return m_impl->lastStep;
}

VirtualTime Session::duration() const {
    return m_impl->duration;
}

std::uint64_t Session::seed() const {
    return m_impl->seed;
}

nlohmann::json Session::scenario() const {
    nlohmann::json json = nlohmann::json::parse(m_impl->scenario, nullptr, false);
    return json.is_discarded() ? nlohmann::json() : json;
}

nlohmann::json Session::summary() const {
    nlohmann::json json = nlohmann::json::parse(m_impl->summary, nullptr, false);
    return json.is_discarded() ? nlohmann::json() : json;
}

const std::string& Session::machineJson() const {
    return m_impl->machine;
}

const std::vector<DeviceInfo>& Session::devices() const {
    return m_impl->devices;
}

std::uint64_t Session::stepAtTime(VirtualTime time) const {
    Impl& d = *m_impl;
    try {
        return std::min(d.stepAtTime(time), d.lastStep);
    } catch (const std::exception& error) {
        d.chunkAtTime.reset();
        d.fail(error);
    }
}

SystemState Session::stateAt(std::uint64_t step) const {
    Impl& d = *m_impl;
    SystemState state;
    state.step = std::min(step, d.lastStep);
    const auto n = static_cast<std::int64_t>(state.step);
    std::optional<ReadTransaction> transaction;  // ends after the statements are reset
    try {
        transaction.emplace(d.database);
        state.time = d.timeOfStep(state.step);

        for (std::size_t i = 0; i < d.devices.size(); ++i) {
            DeviceStateSnapshot device;
            device.id = d.devices[i].id;
            d.deviceState.bind(1, static_cast<std::int64_t>(i));
            d.deviceState.bind(2, n);
            if (d.deviceState.step()) {
                device.version = d.deviceState.unsignedInteger(0);
                device.record = parseJson(d.deviceState.text(1), "a recorded state");
                device.configuration =
                    stringList(atomicStatesOf(device.record), "a recorded configuration");
                d.deviceState.reset();
            }
            state.devices.push_back(std::move(device));
        }

        // The ids begun in steps [from, N]: [first begun at or after from, first after N).
        const auto idRange = [&state](Impl::IdsByStep& ids, SqliteStatement& query, std::uint64_t span) {
            const std::uint64_t from = span >= state.step ? 0 : state.step - span;
            query.bind(1, ids.firstBegunAtOrAfter(from));
            query.bind(2, state.step == ~std::uint64_t{0} ? ids.maxId + 1
                                                          : ids.firstBegunAtOrAfter(state.step + 1));
            query.bind(3, static_cast<std::int64_t>(state.step));
        };
        idRange(d.messageIds, d.inFlight, d.maxMessageSteps);
        while (d.inFlight.step()) {
            MessageSnapshot message;
            message.id = d.inFlight.unsignedInteger(0);
            message.kind = messageKindOf(d.inFlight.integer(1), message.id);
            message.device = d.deviceId(d.inFlight.integer(2));
            message.name = d.inFlight.text(3);
            message.payload = parseJson(d.inFlight.text(4), "a message's payload");
            message.sentAt = d.inFlight.integer(5);
            state.inFlight.push_back(std::move(message));
        }

        idRange(d.invocationIds, d.running, d.maxInvocationSteps);
        while (d.running.step()) {
            InstanceSnapshot instance;
            instance.invocation = d.running.unsignedInteger(0);
            instance.instance = static_cast<int>(d.running.integer(1));
            instance.device = d.deviceId(d.running.integer(2));
            instance.message = d.running.unsignedInteger(3);
            instance.startedAt = d.running.integer(4);
            enterLatestPhase(instance, parseJson(d.running.text(5), "an invocation's phases"),
                             state.step);
            state.running.push_back(std::move(instance));
        }
    } catch (const std::exception& error) {
        for (SqliteStatement* statement : {&d.chunkOfStep, &d.deviceState, &d.inFlight, &d.running,
                                           &d.messageIds.firstFrom, &d.invocationIds.firstFrom})
            statement->reset();
        d.fail(error);
    }
    return state;
}

std::vector<AppliedEvent> Session::appliedEvents() const {
    Impl& d = *m_impl;
    std::vector<AppliedEvent> events;
    try {
        d.readStates(
            [&](const StateRow& row) {
                AppliedEvent event;
                event.step = row.step;
                event.time = row.time;
                event.device = d.devices[static_cast<std::size_t>(row.device)].id;
                event.version = row.version;
                event.event = row.event;
                event.configuration = stringList(row.configuration, "a recorded configuration");
                event.actions = row.actions.is_null() ? nlohmann::json::array() : row.actions;
                if (row.transitions.is_array())
                    event.transitions = stringList(row.transitions, "recorded transitions");
                events.push_back(std::move(event));
                return true;
            },
            true);
    } catch (const std::exception& error) {
        d.fail(error);
    }
    return events;
}

std::optional<Divergence> Session::firstDivergence(const model::Machine& machine,
                                                   std::string& error) const {
    Impl& d = *m_impl;
    std::vector<model::Diagnostic> diagnostics;
    const auto compiled = model::CompiledMachine::compile(machine, &diagnostics);
    if (!compiled) {
        error = "the machine does not compile";
        if (!diagnostics.empty())
            error += ": " + diagnostics.front().message;
        return std::nullopt;
    }

    // Every device starts where the machine starts; the initial records (step 0) are
    // compared too, so a changed initial state is the first divergence.
    const model::StepResult started = model::start(*compiled);
    std::vector<model::Configuration> configurations(d.devices.size(), started.configuration);
    const nlohmann::json startConfiguration =
        model::activeAtomicStates(*compiled, started.configuration);
    const nlohmann::json startActions = actionsJson(started.actions);

    std::optional<Divergence> divergence;
    const auto differs = [&](const StateRow& row, const char* what, const nlohmann::json& recorded,
                             const nlohmann::json& rerun) {
        divergence = Divergence{row.step, row.time, d.devices[static_cast<std::size_t>(row.device)].id,
                                row.version, row.event, what, recorded, rerun};
    };
    try {
        d.readStates(
            [&](const StateRow& row) {
                model::Configuration& configuration =
                    configurations[static_cast<std::size_t>(row.device)];
                nlohmann::json rerunConfiguration, rerunActions;
                if (row.invocation == 0) {
                    rerunConfiguration = startConfiguration;
                    rerunActions = startActions;
                } else {
                    std::string eventError;
                    const std::optional<model::Event> event = model::eventFromJson(row.event, &eventError);
                    if (!event)
                        throw SessionFault("damaged session (a recorded event: " + eventError + ")");
                    model::StepResult result = model::step(*compiled, configuration, *event);
                    configuration = std::move(result.configuration);
                    rerunConfiguration = model::activeAtomicStates(*compiled, configuration);
                    rerunActions = actionsJson(result.actions);
                }
                if (rerunConfiguration != row.configuration)
                    differs(row, "configuration", row.configuration, rerunConfiguration);
                else if (!row.actions.is_null() && rerunActions != row.actions)
                    differs(row, "actions", row.actions, rerunActions);
                return !divergence;
            },
            false);
    } catch (const std::exception& fault) {
        d.fail(fault);
    }
    return divergence;
}

} // namespace swivel::emu
