#pragma once
// Watches a simulation's records for breakpoints. The runner steps one event at a
// time and asks after each step whether one was hit; the records of that step name
// the device, the states it entered, the transitions it took, the conflicts.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "emulation/breakpoint.h"
#include "emulators/trace.h"
#include "model/expression.h"

namespace swivel::emulation {

class BreakpointWatch : public emu::SimulationObserver {
public:
    void setBreakpoints(std::vector<Breakpoint> breakpoints);
    // The description of the breakpoint hit since the last call, if any ("entering
    // Focus on camera-1 at step 12"), and clears it.
    std::optional<std::string> takeHit();

    void begin(const model::CompiledMachine& machine, const std::vector<emu::DeviceInfo>& devices,
               const std::string& scenarioJson, std::uint64_t seed) override;
    void messageSent(const emu::MessageSentRecord&) override {}
    void messageEnded(const emu::MessageEndedRecord&) override {}
    void invocationStarted(const emu::InvocationStartedRecord& record) override;
    void invocationPhase(const emu::InvocationPhaseRecord& record) override;
    void invocationEnded(const emu::InvocationEndedRecord& record) override;
    void stateWritten(const emu::StateWrittenRecord& record) override;
    void stepDone(std::uint64_t, emu::VirtualTime) override {}
    void end(std::uint64_t, emu::VirtualTime, const std::string&) override {}

private:
    bool appliesTo(const Breakpoint& breakpoint, int device) const;
    void hit(const Breakpoint& breakpoint, int device, std::uint64_t step);

    std::vector<Breakpoint> m_breakpoints;
    std::vector<model::Expression> m_conditions;  // parsed, by breakpoint index
    const model::CompiledMachine* m_machine = nullptr;
    std::vector<emu::DeviceInfo> m_devices;
    std::vector<std::vector<int>> m_active;      // by device: active states before
    std::vector<std::vector<char>> m_wasTrue;    // by breakpoint, device: a condition held
    std::map<emu::InvocationId, int> m_invocationDevice;
    std::optional<std::string> m_hit;
};

} // namespace swivel::emulation
