#include "commands/paste_elements.h"

#include <algorithm>
#include <unordered_map>

#include "commands/id_generator.h"
#include "commands/machine_tree.h"

namespace swivel::commands {

namespace {

using Kind = document::Change::Kind;

} // namespace

PasteElements::PasteElements(document::Document* document, ClipboardFragment fragment,
                             const std::string& parentId, model::Point offset, const QString& text)
    : DocumentCommand(document, text), m_fragment(std::move(fragment)), m_parentId(parentId),
      m_offset(offset) {}

void PasteElements::prepare() {
    const model::Machine& m = machine();
    const model::Machine& fragment = m_fragment.elements();
    IdGenerator ids(m);
    std::unordered_map<std::string, std::string> stateIds;
    for (const model::State& state : fragment.states)
        stateIds.emplace(state.id, ids.fresh(state.id));
    const auto mapped = [&](const std::string& id) {
        const auto it = stateIds.find(id);
        return it == stateIds.end() ? std::string() : it->second;
    };
    for (model::State state : fragment.states) {
        state.id = mapped(state.id);
        state.parent = state.parent.empty() ? m_parentId : mapped(state.parent);
        state.initial = mapped(state.initial);
        m_stateIds.push_back(state.id);
        m_states.push_back(std::move(state));
    }
    std::unordered_map<std::string, std::string> transitionIds;
    for (model::Transition transition : fragment.transitions) {
        const std::string oldId = transition.id;
        transition.id = ids.fresh(transition.id);
        transitionIds.emplace(oldId, transition.id);
        transition.source = mapped(transition.source);
        for (std::string& target : transition.targets)
            target = mapped(target);
        m_transitionIds.push_back(transition.id);
        m_transitions.push_back(std::move(transition));
    }
    for (const auto& [id, rect] : fragment.layout.states) {
        model::Rect moved = rect;
        moved.x += m_offset.x;
        moved.y += m_offset.y;
        m_rects.emplace_back(mapped(id), moved);
    }
    for (const auto& [id, edge] : fragment.layout.transitions) {
        model::EdgeLayout moved = edge;
        for (model::Point& point : moved.route) {
            point.x += m_offset.x;
            point.y += m_offset.y;
        }
        if (moved.label) {
            moved.label->x += m_offset.x;
            moved.label->y += m_offset.y;
        }
        m_edges.emplace_back(transitionIds.at(id), moved);
    }
}

void PasteElements::redo() {
    model::Machine& m = machine();
    if (!m_done) {
        m_done = true;
        const model::State* parent = m.findState(m_parentId);
        const bool parentOk = m_parentId.empty() ||
                              (parent != nullptr && (parent->kind == model::StateKind::State ||
                                                     parent->kind == model::StateKind::Parallel));
        if (m_fragment.isEmpty() || !parentOk) {
            setObsolete(true);
            return;
        }
        prepare();
    }
    m_applied = true;
    m_parentWasLeaf = m.children(m_parentId).empty();
    m_stateIndex = childInsertIndex(m, m_parentId);
    m.states.insert(m.states.begin() + static_cast<std::ptrdiff_t>(m_stateIndex), m_states.begin(),
                    m_states.end());
    m_transitionIndex = m.transitions.size();
    m.transitions.insert(m.transitions.end(), m_transitions.begin(), m_transitions.end());

    m_staleRects.clear();
    for (const auto& [id, rect] : m_rects) {
        m_staleRects.emplace_back(id, stateRect(m, id));
        setStateRect(m, id, rect);
    }
    m_staleEdges.clear();
    for (const auto& [id, edge] : m_edges) {
        m_staleEdges.emplace_back(id, edgeLayout(m, id));
        setEdgeLayout(m, id, edge);
    }

    m_oldInitial.reset();
    std::string* initial = initialSlot(m, m_parentId);
    if (m_parentWasLeaf && initial != nullptr && initial->empty() && takesInitial(m, m_parentId)) {
        for (const model::State& state : m_states) {
            if (state.parent == m_parentId && canBeInitial(state.kind)) {
                m_oldInitial = *initial;
                *initial = state.id;
                break;
            }
        }
    }
    announceChange(true);
}

void PasteElements::undo() {
    if (!m_applied)
        return;
    model::Machine& m = machine();
    if (m_oldInitial)
        *initialSlot(m, m_parentId) = *m_oldInitial;
    for (auto it = m_staleEdges.rbegin(); it != m_staleEdges.rend(); ++it)
        setEdgeLayout(m, it->first, it->second);
    for (auto it = m_staleRects.rbegin(); it != m_staleRects.rend(); ++it)
        setStateRect(m, it->first, it->second);
    m.transitions.erase(m.transitions.begin() + static_cast<std::ptrdiff_t>(m_transitionIndex),
                        m.transitions.begin() +
                            static_cast<std::ptrdiff_t>(m_transitionIndex + m_transitions.size()));
    m.states.erase(m.states.begin() + static_cast<std::ptrdiff_t>(m_stateIndex),
                   m.states.begin() + static_cast<std::ptrdiff_t>(m_stateIndex + m_states.size()));
    announceChange(false);
}

void PasteElements::announceChange(bool added) {
    if (added) {
        announce({Kind::StatesAdded, m_stateIds});
        if (!m_transitionIds.empty())
            announce({Kind::TransitionsAdded, m_transitionIds});
    } else {
        if (!m_transitionIds.empty())
            announce({Kind::TransitionsRemoved, m_transitionIds});
        announce({Kind::StatesRemoved, m_stateIds});
    }
    if (!m_parentId.empty() && (m_parentWasLeaf || m_oldInitial))
        announce({Kind::StatesChanged, {m_parentId}});
    if (m_parentId.empty() && m_oldInitial)
        announce({Kind::MachineProperties, {}});
}

} // namespace swivel::commands
