#include "handler/handler.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <random>
#include <thread>
#include <utility>

#include "handler/state_record.h"

namespace handler {
namespace {

std::string describe(const Delivery& delivery) {
    return "message " + nlohmann::json(delivery.messageId).dump() + " (" + delivery.event.name +
           ") of device " + nlohmann::json(delivery.deviceId).dump();
}

} // namespace

const char* outcomeName(Outcome outcome) {
    switch (outcome) {
    case Outcome::Applied:
        return "applied";
    case Outcome::Duplicate:
        return "duplicate";
    case Outcome::StaleTimer:
        return "staleTimer";
    case Outcome::ConflictsExhausted:
        return "conflictsExhausted";
    }
    return "unknown";
}

Handler::Handler(const MachineModel& machine, store::StateStore& store, HandlerOptions options)
    : m_machine(machine), m_store(store), m_options(options) {}

void Handler::backOff(int retry, HandlerResult& result) {
    if (m_options.backoffMs <= 0)
        return;
    const int shift = std::min(retry - 1, 20);
    const std::int64_t ceiling =
        std::min<std::int64_t>(static_cast<std::int64_t>(m_options.backoffMs) << shift,
                               std::max(m_options.maxBackoffMs, 1));
    thread_local std::mt19937_64 random{std::random_device{}()};
    const std::int64_t waitMs =
        std::uniform_int_distribution<std::int64_t>(ceiling / 2, ceiling)(random);
    result.logs.push_back("conflict " + std::to_string(result.conflicts) + ": retrying in " +
                          std::to_string(waitMs) + " ms");
    std::this_thread::sleep_for(std::chrono::milliseconds(waitMs));
}

HandlerResult Handler::handle(const Delivery& delivery) {
    HandlerResult result;
    const std::string what = describe(delivery);
    const int maxAttempts = std::max(m_options.maxAttempts, 1);
    for (int attempt = 1; attempt <= maxAttempts; ++attempt) {
        if (attempt > 1)
            backOff(attempt - 1, result);
        result.attempts = attempt;

        const std::optional<store::StoredRecord> stored = m_store.read(delivery.deviceId);
        StateRecord record;
        if (stored) {
            record = parseStateRecord(stored->json);
        } else {
            record.state = m_machine.initialState();
        }

        if (const AppliedMessage* applied = record.findApplied(delivery.messageId)) {
            result.outcome = Outcome::Duplicate;
            result.version = record.version;
            result.configuration = m_machine.configuration(record.state);
            result.effects = applied->effects;
            result.logs.push_back(what + " was applied before: its " +
                                  std::to_string(result.effects.size()) +
                                  " recorded effects again, no transition");
            return result;
        }

        StepOutcome step = m_machine.step(record.state, delivery.event);
        if (!step.live) {
            result.outcome = Outcome::StaleTimer;
            result.version = record.version;
            result.configuration = std::move(step.configuration);
            result.logs.push_back(what + " is a timer no longer armed: nothing changes");
            return result;
        }

        std::vector<statechart::Action> effects = effectsOf(step.actions);
        StateRecord next;
        next.version = record.version + 1;
        next.state = std::move(step.state);
        next.applied = std::move(record.applied);
        next.remember(AppliedMessage{delivery.messageId, effects});

        const std::string expectedEtag = stored ? stored->etag : std::string();
        if (m_store.put(delivery.deviceId, serializeStateRecord(next), expectedEtag)) {
            result.outcome = Outcome::Applied;
            result.version = next.version;
            result.configuration = std::move(step.configuration);
            result.actions = std::move(step.actions);
            result.effects = std::move(effects);
            result.logs.push_back(what + " applied as version " + std::to_string(next.version) +
                                  (result.conflicts ? " after " + std::to_string(result.conflicts) +
                                                          " conflicts"
                                                    : std::string()));
            return result;
        }
        ++result.conflicts;
    }
    result.outcome = Outcome::ConflictsExhausted;
    result.logs.push_back(what + ": " + std::to_string(result.conflicts) +
                          " conflicts, giving up for now so that the host retries it");
    return result;
}

} // namespace handler
