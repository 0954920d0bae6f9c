#include "commands/change_state_id.h"

#include <algorithm>

#include "commands/id_generator.h"
#include "commands/machine_tree.h"

namespace swivel::commands {

namespace {

using Kind = document::Change::Kind;

} // namespace

ChangeStateId::ChangeStateId(document::Document* document, const std::string& oldId,
                             const std::string& newId)
    : DocumentCommand(document, QStringLiteral("Rename State")) {
    Step step;
    step.from = oldId;
    step.to = newId;
    m_steps.push_back(std::move(step));
}

bool ChangeStateId::canRename(const model::Machine& machine, const std::string& oldId,
                              const std::string& newId) {
    return machine.findState(oldId) != nullptr && !newId.empty() && newId != oldId &&
           !IdGenerator(machine).isUsed(newId);
}

bool ChangeStateId::mergeWith(const QUndoCommand* other) {
    const auto* next = dynamic_cast<const ChangeStateId*>(other);
    if (next == nullptr || next->isObsolete() || next->m_steps.empty() ||
        next->m_steps.front().from != m_steps.back().to)
        return false;
    // Replaying the steps in order (and undoing them in reverse) stays exact even when
    // a later name happens to match a dangling reference.
    m_steps.insert(m_steps.end(), next->m_steps.begin(), next->m_steps.end());
    return true;
}

void ChangeStateId::redo() {
    if (!m_done) {
        m_done = true;
        if (!canRename(machine(), m_steps.front().from, m_steps.front().to)) {
            setObsolete(true);
            m_steps.clear();
            return;
        }
    }
    for (Step& step : m_steps)
        apply(step);
}

void ChangeStateId::undo() {
    for (auto it = m_steps.rbegin(); it != m_steps.rend(); ++it)
        revert(*it);
}

void ChangeStateId::apply(Step& step) {
    model::Machine& m = machine();
    step.state = *stateIndex(m, step.from);
    step.parents.clear();
    step.initials.clear();
    step.sources.clear();
    step.targets.clear();
    m.states[step.state].id = step.to;
    for (std::size_t i = 0; i < m.states.size(); ++i) {
        model::State& state = m.states[i];
        if (state.parent == step.from) {
            state.parent = step.to;
            step.parents.push_back(i);
        }
        if (state.initial == step.from) {
            state.initial = step.to;
            step.initials.push_back(i);
        }
    }
    step.machineInitial = m.initial == step.from;
    if (step.machineInitial)
        m.initial = step.to;
    for (std::size_t i = 0; i < m.transitions.size(); ++i) {
        model::Transition& t = m.transitions[i];
        if (t.source == step.from) {
            t.source = step.to;
            step.sources.push_back(i);
        }
        for (std::size_t k = 0; k < t.targets.size(); ++k) {
            if (t.targets[k] == step.from) {
                t.targets[k] = step.to;
                step.targets.emplace_back(i, k);
            }
        }
    }
    step.rect = stateRect(m, step.from);
    step.staleRect = stateRect(m, step.to);
    setStateRect(m, step.from, std::nullopt);
    if (step.rect)
        setStateRect(m, step.to, step.rect);
    announceStep(step, step.from, step.to);
}

void ChangeStateId::revert(const Step& step) {
    model::Machine& m = machine();
    m.states[step.state].id = step.from;
    for (std::size_t i : step.parents)
        m.states[i].parent = step.from;
    for (std::size_t i : step.initials)
        m.states[i].initial = step.from;
    if (step.machineInitial)
        m.initial = step.from;
    for (std::size_t i : step.sources)
        m.transitions[i].source = step.from;
    for (const auto& [i, k] : step.targets)
        m.transitions[i].targets[k] = step.from;
    setStateRect(m, step.to, step.staleRect);
    setStateRect(m, step.from, step.rect);
    announceStep(step, step.to, step.from);
}

void ChangeStateId::announceStep(const Step& step, const std::string& from, const std::string& to) {
    const model::Machine& m = machine();
    announce({Kind::StateRenamed, {from, to}});
    std::vector<std::size_t> states = step.parents;
    states.insert(states.end(), step.initials.begin(), step.initials.end());
    std::sort(states.begin(), states.end());
    states.erase(std::unique(states.begin(), states.end()), states.end());
    document::Change changedStates{Kind::StatesChanged, {}};
    for (std::size_t i : states)
        if (i != step.state)
            changedStates.ids.push_back(m.states[i].id);
    if (!changedStates.ids.empty())
        announce(changedStates);
    std::vector<std::size_t> transitions = step.sources;
    for (const auto& [i, k] : step.targets)
        transitions.push_back(i);
    std::sort(transitions.begin(), transitions.end());
    transitions.erase(std::unique(transitions.begin(), transitions.end()), transitions.end());
    document::Change changedTransitions{Kind::TransitionsChanged, {}};
    for (std::size_t i : transitions)
        changedTransitions.ids.push_back(m.transitions[i].id);
    if (!changedTransitions.ids.empty())
        announce(changedTransitions);
    if (step.machineInitial)
        announce({Kind::MachineProperties, {}});
}

} // namespace swivel::commands
