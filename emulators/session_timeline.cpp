#include "session_timeline.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "scenario.h"
#include "session_fault.h"
#include "sqlite_statement.h"
#include "trace.h"

namespace swivel::emu {

namespace {

constexpr VirtualTime kNone = -1;
constexpr std::uint64_t kNoStep = std::numeric_limits<std::uint64_t>::max();

bool isHubBound(std::int64_t kind) {
    return kind == static_cast<int>(MessageKind::DeviceEvent) ||
           kind == static_cast<int>(MessageKind::ServiceReply) || kind == static_cast<int>(MessageKind::Timer);
}

bool isFinal(std::int64_t outcome) {
    // The outcomes after which the hub lets the message go (Simulator::Impl::endInvocation).
    return outcome == static_cast<int>(InvocationOutcome::Applied) ||
           outcome == static_cast<int>(InvocationOutcome::Duplicate) ||
           outcome == static_cast<int>(InvocationOutcome::StaleTimer) ||
           outcome == static_cast<int>(InvocationOutcome::DeadLettered);
}

bool isFailure(std::int64_t outcome) {
    // The outcomes after which the hub delivers the message again (trace.h).
    return outcome == static_cast<int>(InvocationOutcome::ConflictsExhausted) ||
           outcome == static_cast<int>(InvocationOutcome::StoreUnavailable) ||
           outcome == static_cast<int>(InvocationOutcome::TimedOut);
}

// What the reader keeps per message id (ids are 1, 2, ... in order of sending).
struct MessageFacts {
    VirtualTime eventSent = kNone;   // a device event: when the device sent it
    VirtualTime hubArrival = kNone;  // reached the hub (its first delivery waits from then)
    std::uint64_t putStep = kNoStep; // the step of the put that applied it, until its first command
    VirtualTime lastEnd = kNone;     // its last invocation's end
    int lastDelivery = 0;            // 0: never delivered
    bool lastFailed = false;         // and the hub will deliver it again
    bool released = false;           // the hub is done with it
};

class Reader {
public:
    explicit Reader(const std::string& path) : m_path(path) {
        if (openSqlite(path, &m_database, SQLITE_OPEN_READONLY) != SQLITE_OK)
            throw std::runtime_error(m_database ? sqlite3_errmsg(m_database) : "cannot open the file");
    }
    ~Reader() {
        if (m_database)
            sqlite3_close(m_database);
    }
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    SessionTimeline read() {
        ReadTransaction transaction(m_database);
        readSession();
        readStepTimes();
        readStates();
        readMessages();
        readInvocations();
        for (const MessageFacts& facts : m_messages) {
            if (facts.hubArrival != kNone && !facts.released)
                m_timeline.hubBacklog.addOpen(facts.hubArrival);
            // Still waiting when the run ended: never delivered, or to be delivered again.
            if (facts.lastDelivery == 0 && facts.hubArrival != kNone)
                m_timeline.hubQueue.addOpen(facts.hubArrival);
            else if (facts.lastFailed)
                m_timeline.hubQueue.addOpen(facts.lastEnd + redeliveryWait(facts.lastDelivery));
        }
        for (std::vector<VirtualTime>* times : {&m_timeline.deviceEvents, &m_timeline.commands,
                                                &m_timeline.applied, &m_timeline.conflicts})
            std::sort(times->begin(), times->end());
        for (LevelTimeline* level : {&m_timeline.busyInstances, &m_timeline.inFlight, &m_timeline.hubQueue,
                                     &m_timeline.hubBacklog})
            level->sort();
        std::sort(m_timeline.latencies.begin(), m_timeline.latencies.end(),
                  [](const auto& a, const auto& b) { return a.arrived < b.arrived; });
        return std::move(m_timeline);
    }

private:
    MessageFacts& facts(std::int64_t id) {
        if (id < 0)
            throw std::runtime_error("damaged session (a negative message id)");
        const auto index = static_cast<std::size_t>(id);
        if (index >= m_messages.size())
            m_messages.resize(std::max(index + 1, m_messages.size() * 2));
        return m_messages[index];
    }

    // The hub's wait before delivering a message again after its `delivery`-th
    // delivery failed (Simulator::Impl::fail).
    VirtualTime redeliveryWait(int delivery) const {
        const double ms = m_redeliveryDelayMs * std::pow(2.0, std::min(delivery - 1, 5));
        return fromMilliseconds(ms);
    }

    void readSession() {
        SqliteStatement session(m_database, "SELECT scenario, duration_us FROM session");
        if (!session.step())
            throw std::runtime_error("damaged session (the session table is empty)");
        const nlohmann::json scenario = nlohmann::json::parse(session.text(0), nullptr, false);
        m_timeline.end = session.isNull(1) ? 0 : session.integer(1);
        session.reset();
        m_redeliveryDelayMs = HostSettings{}.redeliveryDelayMs;
        if (scenario.is_object() && scenario.contains("host") && scenario["host"].is_object()) {
            const nlohmann::json& host = scenario["host"];
            if (host.contains("redeliveryDelayMs") && host["redeliveryDelayMs"].is_number())
                m_redeliveryDelayMs = host["redeliveryDelayMs"].get<double>();
        }
        SqliteStatement maxId(m_database, "SELECT MAX(id) FROM messages");
        if (maxId.step() && !maxId.isNull(0))
            m_messages.resize(static_cast<std::size_t>(std::max<std::int64_t>(0, maxId.integer(0))) + 1);
        maxId.reset();
    }

    void readStepTimes() {
        SqliteStatement chunks(m_database, "SELECT first_step, times FROM step_times ORDER BY first_step");
        while (chunks.step()) {
            const std::string_view bytes = chunks.blob(1);
            if (chunks.unsignedInteger(0) != m_timeline.stepTimes.size() || bytes.size() % 8 != 0)
                throw std::runtime_error("damaged session (the step times of step "
                                         + std::to_string(chunks.unsignedInteger(0)) + " on)");
            for (std::size_t at = 0; at < bytes.size(); at += 8) {
                std::uint64_t bits = 0;
                for (int byte = 7; byte >= 0; --byte)
                    bits = (bits << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(byte)]);
                m_timeline.stepTimes.push_back(static_cast<VirtualTime>(bits));
            }
        }
    }

    void readStates() {
        SqliteStatement states(m_database, "SELECT step, time_us, message FROM states WHERE invocation != 0");
        while (states.step()) {
            m_timeline.applied.push_back(states.integer(1));
            facts(states.integer(2)).putStep = states.unsignedInteger(0);
        }
    }

    void readMessages() {
        SqliteStatement messages(m_database,
                                 "SELECT id, kind, duplicate_of IS NOT NULL, caused_by, sent_step, "
                                 "sent_time_us, end_time_us, fate FROM messages ORDER BY id");
        while (messages.step()) {
            const std::int64_t id = messages.integer(0);
            const std::int64_t kind = messages.integer(1);
            const bool copy = messages.integer(2) != 0;
            const VirtualTime sent = messages.integer(5);
            const bool ended = !messages.isNull(6);
            const VirtualTime end = ended ? messages.integer(6) : 0;
            const bool delivered = ended && !messages.isNull(7) &&
                                   messages.integer(7) == static_cast<int>(MessageFate::Delivered);
            if (ended)
                m_timeline.inFlight.add(sent, end);
            else
                m_timeline.inFlight.addOpen(sent);
            MessageFacts& self = facts(id);
            if (delivered && isHubBound(kind))
                self.hubArrival = end;
            if (kind == static_cast<int>(MessageKind::DeviceEvent)) {
                self.eventSent = sent;
                if (!copy)
                    m_timeline.deviceEvents.push_back(sent);
            } else if (kind == static_cast<int>(MessageKind::Command) && !copy) {
                m_timeline.commands.push_back(sent);
                if (!messages.isNull(3))
                    firstCommand(facts(messages.integer(3)), messages.unsignedInteger(4), delivered, end);
            }
        }
    }

    // The latency counts the first command the put that applied a device event sent
    // (not a re-send by a later delivery), when that command arrived.
    void firstCommand(MessageFacts& cause, std::uint64_t sentStep, bool delivered, VirtualTime arrived) {
        if (cause.putStep != sentStep || cause.eventSent == kNone)
            return;
        cause.putStep = kNoStep;  // the commands after it are not first
        if (delivered)
            m_timeline.latencies.push_back({arrived, arrived - cause.eventSent});
    }

    void readInvocations() {
        SqliteStatement invocations(
            m_database,
            "SELECT message, delivery, start_time_us, end_time_us, outcome, conflicts, "
            "CASE WHEN conflicts IS NULL OR conflicts > 0 THEN phases END FROM invocations ORDER BY id");
        while (invocations.step()) {
            MessageFacts& message = facts(invocations.integer(0));
            const int delivery = static_cast<int>(invocations.integer(1));
            const VirtualTime start = invocations.integer(2);
            const bool ended = !invocations.isNull(3);
            const VirtualTime end = ended ? invocations.integer(3) : 0;
            if (ended)
                m_timeline.busyInstances.add(start, end);
            else
                m_timeline.busyInstances.addOpen(start);

            // It waited from the message's arrival, or from the hub's wait after the
            // delivery before failed.
            const VirtualTime enqueued = delivery <= 1 || message.lastEnd == kNone
                                             ? message.hubArrival
                                             : message.lastEnd + redeliveryWait(delivery - 1);
            if (enqueued != kNone)
                m_timeline.hubQueue.add(enqueued, start);
            message.lastDelivery = delivery;
            message.lastEnd = end;
            message.lastFailed = ended && !invocations.isNull(4) && isFailure(invocations.integer(4));
            if (ended && !invocations.isNull(4) && isFinal(invocations.integer(4)) && message.hubArrival != kNone) {
                m_timeline.hubBacklog.add(message.hubArrival, end);
                message.released = true;
            }

            if (!invocations.isNull(6))
                readConflicts(invocations.text(6), invocations.isNull(5) ? 0 : invocations.integer(5), ended, end);
        }
    }

    // Every conflict but an attempt's last is followed by a backoff, at the conflict's
    // time; the others (conflicts exhausted) are at the invocation's end.
    void readConflicts(std::string_view phasesJson, std::int64_t conflicts, bool ended, VirtualTime end) {
        const nlohmann::json phases = nlohmann::json::parse(phasesJson, nullptr, false);
        if (!phases.is_array())
            throw std::runtime_error("damaged session (the phases of an invocation are not a list)");
        std::int64_t backoffs = 0;
        for (const nlohmann::json& entry : phases) {
            if (entry.is_array() && entry.size() >= 3 && entry[1].is_number_integer() && entry[2].is_number_integer() &&
                entry[2].get<std::int64_t>() == static_cast<int>(InvocationPhase::Backoff)) {
                m_timeline.conflicts.push_back(entry[1].get<VirtualTime>());
                ++backoffs;
            }
        }
        for (std::int64_t i = backoffs; ended && i < conflicts; ++i)
            m_timeline.conflicts.push_back(end);
    }

    std::string m_path;
    sqlite3* m_database = nullptr;
    double m_redeliveryDelayMs = 0;
    std::vector<MessageFacts> m_messages;  // by id
    SessionTimeline m_timeline;
};

} // namespace

void LevelTimeline::add(VirtualTime start, VirtualTime end) {
    if (end <= start)
        return;
    m_starts.push_back(start);
    m_ends.push_back(end);
}

void LevelTimeline::addOpen(VirtualTime start) {
    m_starts.push_back(start);
}

void LevelTimeline::sort() {
    std::sort(m_starts.begin(), m_starts.end());
    std::sort(m_ends.begin(), m_ends.end());
}

std::size_t LevelTimeline::at(VirtualTime time) const {
    return SessionTimeline::countUpTo(m_starts, time) - SessionTimeline::countUpTo(m_ends, time);
}

std::size_t SessionTimeline::countUpTo(const std::vector<VirtualTime>& times, VirtualTime time) {
    return static_cast<std::size_t>(std::upper_bound(times.begin(), times.end(), time) - times.begin());
}

SessionTimeline readSessionTimeline(const std::string& path) {
    try {
        return Reader(path).read();
    } catch (const std::exception& fault) {
        throw std::runtime_error(sessionFaultMessage(path, fault.what()));
    }
}

} // namespace swivel::emu
