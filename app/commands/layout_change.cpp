#include "commands/layout_change.h"

#include <algorithm>

#include "commands/machine_tree.h"

namespace swivel::commands {

namespace {

template <class Value>
std::optional<Value> entry(const std::map<std::string, Value>& map, const std::string& id) {
    const auto it = map.find(id);
    return it == map.end() ? std::nullopt : std::optional<Value>(it->second);
}

template <class Value>
void put(std::map<std::string, Value>& map, const std::string& id,
         const std::optional<Value>& value) {
    if (value)
        map[id] = *value;
    else
        map.erase(id);
}

// Drops the entries that do not change, so that only real changes are announced.
template <class Value>
void trim(std::map<std::string, Value>& before, std::map<std::string, Value>& after) {
    for (auto it = before.begin(); it != before.end();) {
        const auto other = after.find(it->first);
        if (other != after.end() && other->second == it->second) {
            after.erase(other);
            it = before.erase(it);
        } else {
            ++it;
        }
    }
}

model::EdgeLayout shifted(model::EdgeLayout edge, double dx, double dy) {
    for (model::Point& point : edge.route) {
        point.x += dx;
        point.y += dy;
    }
    if (edge.label) {
        edge.label->x += dx;
        edge.label->y += dy;
    }
    return edge;
}

} // namespace

LayoutChange::LayoutChange(document::Document* document, const QString& text)
    : DocumentCommand(document, text) {}

void LayoutChange::redo() {
    if (!m_computed) {
        compute(m_before, m_after);
        trim(m_before.states, m_after.states);
        trim(m_before.transitions, m_after.transitions);
        m_computed = true;
        if (m_before == m_after) {
            setObsolete(true); // nothing moves: not an edit
            return;
        }
    }
    apply(m_after);
}

void LayoutChange::undo() {
    apply(m_before);
}

void LayoutChange::absorb(const LayoutChange& other) {
    for (const auto& [id, rect] : other.m_after.states) {
        m_before.states.try_emplace(id, other.m_before.states.at(id));
        m_after.states[id] = rect;
    }
    for (const auto& [id, edge] : other.m_after.transitions) {
        m_before.transitions.try_emplace(id, other.m_before.transitions.at(id));
        m_after.transitions[id] = edge;
    }
    // A drag that ends where it began leaves nothing to undo.
    setObsolete(m_before == m_after);
}

void LayoutChange::apply(const Entries& entries) {
    model::Layout& layout = machine().layout;
    document::Change change{document::Change::Kind::LayoutChanged, {}};
    for (const auto& [id, rect] : entries.states) {
        put(layout.states, id, rect);
        change.ids.push_back(id);
    }
    for (const auto& [id, edge] : entries.transitions) {
        put(layout.transitions, id, edge);
        change.ids.push_back(id);
    }
    if (!change.ids.empty())
        announce(change);
}

// ---- MoveStates

MoveStates::MoveStates(document::Document* document, std::vector<std::string> stateIds,
                       model::Point delta, int series)
    : LayoutChange(document, stateIds.size() == 1
                                 ? QStringLiteral("Move State")
                                 : QStringLiteral("Move %1 States").arg(stateIds.size())),
      m_stateIds(std::move(stateIds)), m_delta(delta), m_series(series) {
    std::sort(m_stateIds.begin(), m_stateIds.end());
    m_stateIds.erase(std::unique(m_stateIds.begin(), m_stateIds.end()), m_stateIds.end());
}

void MoveStates::compute(Entries& before, Entries& after) const {
    const model::Machine& m = machine();
    const auto moved = withDescendants(m, m_stateIds);
    for (const std::string& id : moved) {
        const auto rect = entry(m.layout.states, id);
        if (!rect)
            continue; // not placed yet: the canvas places it, nothing to move
        model::Rect next = *rect;
        next.x += m_delta.x;
        next.y += m_delta.y;
        before.states[id] = rect;
        after.states[id] = next;
    }
    for (const model::Transition& transition : m.transitions) {
        const auto edge = entry(m.layout.transitions, transition.id);
        if (!edge)
            continue;
        std::size_t ends = 1;
        std::size_t movedEnds = moved.count(transition.source);
        for (const std::string& target : transition.targets) {
            ++ends;
            movedEnds += moved.count(target);
        }
        if (movedEnds == 0)
            continue;
        const double share = movedEnds == ends ? 1.0 : 0.5;
        before.transitions[transition.id] = edge;
        after.transitions[transition.id] = shifted(*edge, m_delta.x * share, m_delta.y * share);
    }
}

bool MoveStates::mergeWith(const QUndoCommand* other) {
    const auto* next = dynamic_cast<const MoveStates*>(other);
    if (next == nullptr || next->isObsolete() || next->m_stateIds != m_stateIds ||
        next->m_series != m_series)
        return false;
    absorb(*next);
    return true;
}

// ---- ResizeState

ResizeState::ResizeState(document::Document* document, const std::string& stateId, model::Rect rect)
    : LayoutChange(document, QStringLiteral("Resize State")), m_stateId(stateId), m_rect(rect) {}

void ResizeState::compute(Entries& before, Entries& after) const {
    if (!machine().findState(m_stateId))
        return;
    before.states[m_stateId] = entry(machine().layout.states, m_stateId);
    after.states[m_stateId] = m_rect;
}

bool ResizeState::mergeWith(const QUndoCommand* other) {
    const auto* next = dynamic_cast<const ResizeState*>(other);
    if (next == nullptr || next->isObsolete() || next->m_stateId != m_stateId)
        return false;
    absorb(*next);
    return true;
}

// ---- SetLayout

SetLayout::SetLayout(document::Document* document, model::Layout layout, Scope scope,
                     const QString& text)
    : LayoutChange(document, text), m_layout(std::move(layout)), m_scope(scope) {}

void SetLayout::compute(LayoutChange::Entries& before, LayoutChange::Entries& after) const {
    const model::Layout& current = machine().layout;
    if (m_scope == Scope::Whole) {
        for (const auto& [id, rect] : current.states) {
            before.states[id] = rect;
            after.states[id] = std::nullopt;
        }
        for (const auto& [id, edge] : current.transitions) {
            before.transitions[id] = edge;
            after.transitions[id] = std::nullopt;
        }
    }
    for (const auto& [id, rect] : m_layout.states) {
        before.states[id] = entry(current.states, id);
        after.states[id] = rect;
    }
    for (const auto& [id, edge] : m_layout.transitions) {
        before.transitions[id] = entry(current.transitions, id);
        after.transitions[id] = edge;
    }
}

} // namespace swivel::commands
