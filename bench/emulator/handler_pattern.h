#pragma once
// The stateless handler pattern of DESIGN.md, as one worker runs it per delivered
// event: read (copy the device's record and version out of the store), step, put
// only if the version is unchanged (else re-read and recompute), then send the
// commands (here: into an outbox the worker empties per event). Once with Swivel's
// stepInPlace on a model::Configuration, once with the hand-written switch machine
// on its small record: the benchmark's (c) and its baseline.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "command.h"
#include "hand_camera.h"
#include "model/semantics.h"
#include "versioned_store.h"

namespace swivel::bench {

class SwivelHandler {
public:
    SwivelHandler(const model::CompiledMachine& machine,
                  VersionedStore<model::Configuration>& store)
        : m_machine(machine), m_store(store) {}

    // Handles one event of `device`; the commands it sent are in outbox() until the next.
    void handle(std::size_t device, const model::Event& event);

    const std::vector<Command>& outbox() const { return m_outbox; }
    std::uint64_t conflicts() const { return m_conflicts; }

private:
    const model::CompiledMachine& m_machine;
    VersionedStore<model::Configuration>& m_store;
    model::Configuration m_scratch; // the record read; a worker keeps one
    model::StepResult m_result;
    std::vector<Command> m_outbox;
    std::uint64_t m_conflicts = 0;
};

class HandHandler {
public:
    explicit HandHandler(VersionedStore<HandCamera>& store) : m_store(store) {}

    void handle(std::size_t device, const model::Event& event);

    const std::vector<Command>& outbox() const { return m_outbox; }
    std::uint64_t conflicts() const { return m_conflicts; }

private:
    VersionedStore<HandCamera>& m_store;
    HandCamera m_scratch;
    std::vector<Command> m_outbox;
    std::uint64_t m_conflicts = 0;
};

} // namespace swivel::bench
