#include "emulation/breakpoint_watch.h"

#include <algorithm>

#include "model/semantics.h"

namespace swivel::emulation {

namespace {

// A device's variables, states and the applied event, for a condition.
class DeviceContext final : public model::EvalContext {
public:
    DeviceContext(const model::CompiledMachine& machine, const model::Configuration& configuration,
                  const model::Event* event)
        : m_machine(machine), m_configuration(configuration), m_event(event) {}
    const model::Value* eventTag(std::string_view tag) const override {
        return m_event ? m_event->tag(tag) : nullptr;
    }
    const model::Value* variable(std::string_view name) const override {
        const int index = m_machine.variableIndex(name);
        if (index < 0 || static_cast<std::size_t>(index) >= m_configuration.variables.size())
            return nullptr;
        return &m_configuration.variables[static_cast<std::size_t>(index)];
    }
    bool inState(std::string_view stateId) const override {
        const int index = m_machine.stateIndex(stateId);
        return std::binary_search(m_configuration.active.begin(), m_configuration.active.end(),
                                  index);
    }

private:
    const model::CompiledMachine& m_machine;
    const model::Configuration& m_configuration;
    const model::Event* m_event;
};

} // namespace

void BreakpointWatch::setBreakpoints(std::vector<Breakpoint> breakpoints) {
    m_breakpoints = std::move(breakpoints);
    m_conditions.clear();
    for (const Breakpoint& breakpoint : m_breakpoints)
        m_conditions.push_back(breakpoint.kind == Breakpoint::Kind::Condition
                                   ? model::Expression::parse(breakpoint.target)
                                   : model::Expression());
    m_wasTrue.assign(m_breakpoints.size(), std::vector<char>(m_devices.size(), 0));
}

std::optional<std::string> BreakpointWatch::takeHit() {
    std::optional<std::string> hit = std::move(m_hit);
    m_hit.reset();
    return hit;
}

void BreakpointWatch::begin(const model::CompiledMachine& machine,
                            const std::vector<emu::DeviceInfo>& devices, const std::string&,
                            std::uint64_t) {
    m_machine = &machine;
    m_devices = devices;
    m_active.assign(devices.size(), {});
    m_wasTrue.assign(m_breakpoints.size(), std::vector<char>(devices.size(), 0));
}

bool BreakpointWatch::appliesTo(const Breakpoint& breakpoint, int device) const {
    return breakpoint.device.empty() ||
           (device >= 0 && static_cast<std::size_t>(device) < m_devices.size() &&
            m_devices[static_cast<std::size_t>(device)].id == breakpoint.device);
}

void BreakpointWatch::hit(const Breakpoint& breakpoint, int device, std::uint64_t step) {
    if (m_hit)
        return;  // the first one of a step is the one reported
    Breakpoint shown = breakpoint;
    if (shown.device.empty() && device >= 0 && static_cast<std::size_t>(device) < m_devices.size())
        shown.device = m_devices[static_cast<std::size_t>(device)].id;
    m_hit = shown.describe() + " at step " + std::to_string(step);
}

void BreakpointWatch::invocationStarted(const emu::InvocationStartedRecord& record) {
    m_invocationDevice[record.id] = record.device;
}

void BreakpointWatch::invocationPhase(const emu::InvocationPhaseRecord& record) {
    // A backoff follows a put that met a newer version: a conflict.
    if (record.phase != emu::InvocationPhase::Backoff)
        return;
    const auto it = m_invocationDevice.find(record.id);
    const int device = it == m_invocationDevice.end() ? -1 : it->second;
    for (const Breakpoint& breakpoint : m_breakpoints) {
        if (breakpoint.kind == Breakpoint::Kind::Conflict && appliesTo(breakpoint, device))
            hit(breakpoint, device, record.step);
    }
}

void BreakpointWatch::invocationEnded(const emu::InvocationEndedRecord& record) {
    m_invocationDevice.erase(record.id);
}

void BreakpointWatch::stateWritten(const emu::StateWrittenRecord& record) {
    if (!m_machine || !record.configuration || record.device < 0 ||
        static_cast<std::size_t>(record.device) >= m_active.size())
        return;
    std::vector<int>& before = m_active[static_cast<std::size_t>(record.device)];
    const std::vector<int>& after = record.configuration->active;
    const bool initial = record.invocation == 0;
    for (std::size_t b = 0; b < m_breakpoints.size() && !initial; ++b) {
        const Breakpoint& breakpoint = m_breakpoints[b];
        if (!appliesTo(breakpoint, record.device))
            continue;
        switch (breakpoint.kind) {
        case Breakpoint::Kind::EnterState: {
            const int state = m_machine->stateIndex(breakpoint.target);
            const bool now = std::binary_search(after.begin(), after.end(), state);
            const bool was = std::binary_search(before.begin(), before.end(), state);
            // A transition that targets the state leaves and enters it again.
            bool reentered = false;
            if (record.transitions) {
                const auto& transitions = m_machine->machine().transitions;
                for (int t : *record.transitions) {
                    if (t < 0 || static_cast<std::size_t>(t) >= transitions.size())
                        continue;
                    const auto& targets = transitions[static_cast<std::size_t>(t)].targets;
                    reentered = reentered || std::find(targets.begin(), targets.end(),
                                                       breakpoint.target) != targets.end();
                }
            }
            if (now && (!was || reentered))
                hit(breakpoint, record.device, record.step);
            break;
        }
        case Breakpoint::Kind::Transition:
            if (record.transitions) {
                for (int t : *record.transitions) {
                    if (m_machine->transitionId(t) == breakpoint.target)
                        hit(breakpoint, record.device, record.step);
                }
            }
            break;
        case Breakpoint::Kind::Condition: {
            const DeviceContext context(*m_machine, *record.configuration, record.event);
            const model::EvalResult result = m_conditions[b].evaluate(context);
            const bool now = result.value && std::holds_alternative<bool>(*result.value) &&
                             std::get<bool>(*result.value);
            char& was = m_wasTrue[b][static_cast<std::size_t>(record.device)];
            if (now && !was)
                hit(breakpoint, record.device, record.step);
            was = now;
            break;
        }
        case Breakpoint::Kind::Conflict:
            break;
        }
    }
    before = after;
}

} // namespace swivel::emulation
