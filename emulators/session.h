#pragma once
// Recorded sessions: the recorder writes a simulation into SQLite as it runs; a
// Session opens such a file read-only and answers "what was the whole system like at
// step N / at time T" quickly in both directions (indexes on step), lists the applied
// device events, and re-runs them against a changed machine to find where the
// behaviour first differs. The schema is in session_schema.cpp (and docs/sessions.md).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/machine.h"
#include "system_state.h"
#include "trace.h"

namespace swivel::emu {

// Writes every record into a new session database (an existing file at `path` is
// replaced). Batched: one transaction per many steps; prepared statements; no journal
// during the run (the file is marked as being recorded until end()); at end() the
// database is closed in rollback-journal mode, so the same run gives the same file
// byte for byte.
class SessionRecorder : public SimulationObserver {
public:
    // Throws std::runtime_error("cannot create session PATH: reason") when the file
    // cannot be created.
    explicit SessionRecorder(const std::string& path);
    ~SessionRecorder() override;

    void begin(const model::CompiledMachine& machine, const std::vector<DeviceInfo>& devices,
               const std::string& scenarioJson, std::uint64_t seed) override;
    void messageSent(const MessageSentRecord& record) override;
    void messageEnded(const MessageEndedRecord& record) override;
    void invocationStarted(const InvocationStartedRecord& record) override;
    void invocationPhase(const InvocationPhaseRecord& record) override;
    void invocationEnded(const InvocationEndedRecord& record) override;
    void stateWritten(const StateWrittenRecord& record) override;
    void stepDone(std::uint64_t step, VirtualTime time) override;
    void end(std::uint64_t lastStep, VirtualTime time, const std::string& summaryJson) override;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// An event a device's machine applied (an Applied invocation), in the order of the
// store's versions, with what step() gave for it then.
struct AppliedEvent {
    std::uint64_t step = 0;
    VirtualTime time = 0;
    std::string device;
    std::uint64_t version = 0;  // the version the put wrote
    nlohmann::json event;       // {"event": ..., "tags": {...}} (model::eventToJson)
    std::vector<std::string> configuration;  // active atomic states after it
    nlohmann::json actions;     // the actions, as model::actionToJson, in order
    std::vector<std::string> transitions;  // the transitions taken, ids, in order
};

// Where a re-run against another machine first behaves differently.
struct Divergence {
    std::uint64_t step = 0;
    VirtualTime time = 0;
    std::string device;
    std::uint64_t version = 0;
    nlohmann::json event;
    std::string what;  // "configuration" or "actions"
    nlohmann::json recorded;  // configuration or actions then
    nlohmann::json rerun;     // what the other machine gives
};

// The queries below throw std::runtime_error naming the file ("s.db: damaged session
// (...)") when they meet damage that open() could not see; they never crash.
class Session {
public:
    // nullopt with `error` naming the file and the fault ("s.db: not a Swivel session
    // (no table 'session')", "s.db: file is not a database", "s.db: written by a newer
    // Swivel (schema 3)").
    static std::unique_ptr<Session> open(const std::string& path, std::string& error);
    ~Session();

    std::uint64_t lastStep() const;
    VirtualTime duration() const;  // time of the last step
    std::uint64_t seed() const;
    nlohmann::json scenario() const;  // the scenario as recorded
    nlohmann::json summary() const;   // the simulator's summary as recorded
    const std::string& machineJson() const;  // the machine file's JSON as recorded
    const std::vector<DeviceInfo>& devices() const;

    // The step in effect at time T: the last step at or before T (0 before the first).
    std::uint64_t stepAtTime(VirtualTime time) const;
    // The whole system after `step` (clamped to lastStep()).
    SystemState stateAt(std::uint64_t step) const;

    // Every applied event, by step then device order.
    std::vector<AppliedEvent> appliedEvents() const;

    // Re-runs each device's applied events, in order, through `machine` from its
    // start, comparing configuration and actions after each one with the recording.
    // nullopt: the same behaviour throughout. `error` is set (and nullopt returned)
    // when the machine does not compile.
    std::optional<Divergence> firstDivergence(const model::Machine& machine, std::string& error) const;

private:
    Session();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace swivel::emu
