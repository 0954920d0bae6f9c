#include "commands/reparent_state.h"

#include "commands/machine_tree.h"

namespace swivel::commands {

namespace {

using Kind = document::Change::Kind;

} // namespace

ReparentState::ReparentState(document::Document* document, const std::string& stateId,
                             const std::string& newParentId)
    : DocumentCommand(document, newParentId.empty() ? QStringLiteral("Move State to Top Level")
                                                    : QStringLiteral("Nest State")),
      m_stateId(stateId), m_newParent(newParentId) {}

bool ReparentState::canReparent(const model::Machine& machine, const std::string& stateId,
                                const std::string& newParentId) {
    const model::State* state = machine.findState(stateId);
    if (state == nullptr || state->parent == newParentId || newParentId == stateId)
        return false;
    if (newParentId.empty())
        return true;
    const model::State* parent = machine.findState(newParentId);
    return parent != nullptr &&
           (parent->kind == model::StateKind::State ||
            parent->kind == model::StateKind::Parallel) &&
           !isDescendant(machine, newParentId, stateId);
}

void ReparentState::redo() {
    model::Machine& m = machine();
    if (!m_done) {
        m_done = true;
        if (!canReparent(m, m_stateId, m_newParent)) {
            setObsolete(true);
            return;
        }
    }
    m_applied = true;
    const model::State& state = *m.findState(m_stateId);
    m_oldParent = state.parent;
    const model::StateKind kind = state.kind;

    const auto subtree = withDescendants(m, {m_stateId});
    m_oldIndices.clear();
    std::vector<model::State> block;
    for (std::size_t i = 0; i < m.states.size(); ++i) {
        if (subtree.count(m.states[i].id) != 0) {
            m_oldIndices.push_back(i);
            block.push_back(m.states[i]);
        }
    }
    for (auto it = m_oldIndices.rbegin(); it != m_oldIndices.rend(); ++it)
        takeAt(m.states, *it);
    // The state itself is normally first in its subtree, but a hand-written file may
    // list a child before its parent.
    m_rootOffset = 0;
    while (block[m_rootOffset].id != m_stateId)
        ++m_rootOffset;
    block[m_rootOffset].parent = m_newParent;
    m_newStart = childInsertIndex(m, m_newParent);
    m.states.insert(m.states.begin() + static_cast<std::ptrdiff_t>(m_newStart), block.begin(),
                    block.end());

    m_oldParentInitial.reset();
    if (std::string* initial = initialSlot(m, m_oldParent); initial && *initial == m_stateId) {
        m_oldParentInitial = *initial;
        initial->clear();
        if (takesInitial(m, m_oldParent))
            for (const model::State* child : m.children(m_oldParent))
                if (canBeInitial(child->kind)) {
                    *initial = child->id;
                    break;
                }
    }
    m_newParentInitial.reset();
    if (std::string* initial = initialSlot(m, m_newParent);
        initial && initial->empty() && takesInitial(m, m_newParent) && canBeInitial(kind)) {
        m_newParentInitial = *initial;
        *initial = m_stateId;
    }
    announceChange();
}

void ReparentState::undo() {
    if (!m_applied)
        return;
    model::Machine& m = machine();
    if (m_newParentInitial)
        *initialSlot(m, m_newParent) = *m_newParentInitial;
    if (m_oldParentInitial)
        *initialSlot(m, m_oldParent) = *m_oldParentInitial;
    const auto first = m.states.begin() + static_cast<std::ptrdiff_t>(m_newStart);
    std::vector<model::State> block(first,
                                    first + static_cast<std::ptrdiff_t>(m_oldIndices.size()));
    m.states.erase(first, first + static_cast<std::ptrdiff_t>(m_oldIndices.size()));
    block[m_rootOffset].parent = m_oldParent;
    for (std::size_t i = 0; i < m_oldIndices.size(); ++i)
        insertAt(m.states, m_oldIndices[i], std::move(block[i]));
    announceChange();
}

void ReparentState::announceChange() {
    std::vector<std::string> ids{m_stateId};
    for (const std::string& parent : {m_oldParent, m_newParent})
        if (!parent.empty())
            ids.push_back(parent);
    announce({Kind::StatesChanged, ids});
    const bool machineInitial =
        (m_oldParent.empty() && m_oldParentInitial) || (m_newParent.empty() && m_newParentInitial);
    if (machineInitial)
        announce({Kind::MachineProperties, {}});
}

} // namespace swivel::commands
