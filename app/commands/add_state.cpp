#include "commands/add_state.h"

#include <algorithm>

#include "commands/id_generator.h"
#include "commands/machine_tree.h"

namespace swivel::commands {

namespace {

using Kind = document::Change::Kind;

QString addStateText(model::StateKind kind) {
    switch (kind) {
    case model::StateKind::State:
        return QStringLiteral("Add State");
    case model::StateKind::Parallel:
        return QStringLiteral("Add Parallel State");
    case model::StateKind::Final:
        return QStringLiteral("Add Final State");
    case model::StateKind::ShallowHistory:
    case model::StateKind::DeepHistory:
        return QStringLiteral("Add History State");
    }
    return QStringLiteral("Add State");
}

bool hasChildren(const model::Machine& machine, const std::string& parentId) {
    return std::any_of(machine.states.begin(), machine.states.end(),
                       [&](const model::State& s) { return s.parent == parentId; });
}

// Region geometry inside a parallel state: below the title, stacked with a margin.
constexpr double kTitleHeight = 32;
constexpr double kMargin = 10;
constexpr double kRegionHeight = 100;

} // namespace

// ---- AddState

AddState::AddState(document::Document* document, model::StateKind kind, const std::string& parentId,
                   const std::string& stateId, std::optional<model::Rect> rect)
    : DocumentCommand(document, addStateText(kind)), m_rect(rect) {
    m_state.kind = kind;
    m_state.parent = parentId;
    m_state.id = stateId.empty() ? IdGenerator(document->machine()).next(IdGenerator::baseFor(kind))
                                 : stateId;
}

void AddState::redo() {
    model::Machine& m = machine();
    if (!m_done) {
        m_done = true;
        const model::State* parent = m.findState(m_state.parent);
        const bool parentOk = m_state.parent.empty() ||
                              (parent != nullptr && (parent->kind == model::StateKind::State ||
                                                     parent->kind == model::StateKind::Parallel));
        if (m_state.id.empty() || IdGenerator(m).isUsed(m_state.id) || !parentOk) {
            setObsolete(true);
            return;
        }
    }
    m_parentWasLeaf = !hasChildren(m, m_state.parent);
    m_index = childInsertIndex(m, m_state.parent);
    m_oldInitial.reset();
    std::string* initial = initialSlot(m, m_state.parent);
    if (m_parentWasLeaf && initial != nullptr && initial->empty() &&
        takesInitial(m, m_state.parent) && canBeInitial(m_state.kind)) {
        m_oldInitial = *initial;
        *initial = m_state.id;
    }
    insertAt(m.states, m_index, m_state);
    m_oldRect = stateRect(m, m_state.id);
    if (m_rect)
        setStateRect(m, m_state.id, m_rect);

    announce({Kind::StatesAdded, {m_state.id}});
    if (!m_state.parent.empty() && (m_parentWasLeaf || m_oldInitial))
        announce({Kind::StatesChanged, {m_state.parent}});
    if (m_state.parent.empty() && m_oldInitial)
        announce({Kind::MachineProperties, {}});
}

void AddState::undo() {
    model::Machine& m = machine();
    takeAt(m.states, m_index);
    setStateRect(m, m_state.id, m_oldRect);
    if (m_oldInitial)
        if (std::string* initial = initialSlot(m, m_state.parent))
            *initial = *m_oldInitial;

    announce({Kind::StatesRemoved, {m_state.id}});
    if (!m_state.parent.empty() && (m_parentWasLeaf || m_oldInitial))
        announce({Kind::StatesChanged, {m_state.parent}});
    if (m_state.parent.empty() && m_oldInitial)
        announce({Kind::MachineProperties, {}});
}

// ---- AddParallelRegion

AddParallelRegion::AddParallelRegion(document::Document* document, const std::string& stateId)
    : DocumentCommand(document, QStringLiteral("Add Region")), m_stateId(stateId) {
    const model::State* state = document->machine().findState(stateId);
    if (state != nullptr && state->kind == model::StateKind::State)
        setText(QStringLiteral("Make Parallel"));
}

bool AddParallelRegion::canApply(const model::Machine& machine, const std::string& stateId) {
    const model::State* state = machine.findState(stateId);
    return state != nullptr &&
           (state->kind == model::StateKind::State || state->kind == model::StateKind::Parallel);
}

void AddParallelRegion::redo() {
    model::Machine& m = machine();
    if (!m_done) {
        m_done = true;
        if (!canApply(m, m_stateId)) {
            setObsolete(true);
            return;
        }
        m_convert = m.findState(m_stateId)->kind == model::StateKind::State;
        IdGenerator ids(m);
        m_regionIds.push_back(ids.next(IdGenerator::kRegionBase));
        if (m_convert)
            m_regionIds.push_back(ids.next(IdGenerator::kRegionBase));
    }
    m_inserted.clear();
    m_movedChildren.clear();
    m_oldRects.clear();

    model::State& state = *m.findState(m_stateId);
    m_oldState = state;
    const auto parentRect = stateRect(m, m_stateId);
    std::vector<std::pair<std::string, model::Rect>> newRects;

    // Existing regions (or, when converting, the children that become the first one).
    std::optional<model::Rect> occupied;
    for (const model::State* child : m.children(m_stateId)) {
        if (const auto rect = stateRect(m, child->id)) {
            if (!occupied) {
                occupied = *rect;
            } else {
                const double right = std::max(occupied->x + occupied->width, rect->x + rect->width);
                const double bottom =
                    std::max(occupied->y + occupied->height, rect->y + rect->height);
                occupied->x = std::min(occupied->x, rect->x);
                occupied->y = std::min(occupied->y, rect->y);
                occupied->width = right - occupied->x;
                occupied->height = bottom - occupied->y;
            }
        }
    }

    std::size_t nextRegion = 0;
    std::optional<model::Rect> last; // the lowest region so far
    if (m_convert) {
        const std::string firstRegion = m_regionIds[nextRegion++];
        const auto children = m.children(m_stateId);
        if (!children.empty()) {
            // The children move into the first region, which starts as they did.
            model::State region;
            region.id = firstRegion;
            region.parent = m_stateId;
            region.initial = state.initial;
            for (const model::State* child : children)
                m_movedChildren.push_back(child->id);
            for (const std::string& child : m_movedChildren)
                m.findState(child)->parent = firstRegion;
            const std::size_t index = *stateIndex(m, m_stateId) + 1;
            insertAt(m.states, index, region);
            m_inserted.push_back(index);
            if (parentRect) {
                model::Rect rect{parentRect->x + kMargin, parentRect->y + kTitleHeight,
                                 parentRect->width - 2 * kMargin, kRegionHeight};
                if (occupied) {
                    rect.y = std::min(rect.y, occupied->y - kMargin);
                    rect.x = std::min(rect.x, occupied->x - kMargin);
                    rect.width =
                        std::max(rect.x + rect.width, occupied->x + occupied->width + kMargin) -
                        rect.x;
                    rect.height = occupied->y + occupied->height + kMargin - rect.y;
                }
                newRects.emplace_back(firstRegion, rect);
                last = rect;
            }
        } else {
            --nextRegion; // no children: both regions are new and empty
        }
        model::State& converted = *m.findState(m_stateId);
        converted.kind = model::StateKind::Parallel;
        converted.initial.clear();
    } else if (occupied) {
        last = occupied;
    }

    for (; nextRegion < m_regionIds.size(); ++nextRegion) {
        model::State region;
        region.id = m_regionIds[nextRegion];
        region.parent = m_stateId;
        const std::size_t index = childInsertIndex(m, m_stateId);
        insertAt(m.states, index, region);
        m_inserted.push_back(index);
        if (parentRect) {
            model::Rect rect{parentRect->x + kMargin, parentRect->y + kTitleHeight,
                             parentRect->width - 2 * kMargin, kRegionHeight};
            if (last) {
                rect.x = last->x;
                rect.width = last->width;
                rect.y = last->y + last->height + kMargin;
            }
            newRects.emplace_back(region.id, rect);
            last = rect;
        }
    }

    if (parentRect) {
        model::Rect grown = *parentRect;
        for (const auto& [id, rect] : newRects) {
            grown.width = std::max(grown.width, rect.x + rect.width + kMargin - grown.x);
            grown.height = std::max(grown.height, rect.y + rect.height + kMargin - grown.y);
        }
        newRects.emplace_back(m_stateId, grown);
        for (const auto& [id, rect] : newRects) {
            m_oldRects.emplace_back(id, stateRect(m, id));
            setStateRect(m, id, rect);
        }
    }

    announce({Kind::StatesAdded, m_regionIds});
    std::vector<std::string> changed{m_stateId};
    changed.insert(changed.end(), m_movedChildren.begin(), m_movedChildren.end());
    announce({Kind::StatesChanged, changed});
    if (parentRect)
        announce({Kind::LayoutChanged, {m_stateId}});
}

void AddParallelRegion::undo() {
    model::Machine& m = machine();
    for (auto it = m_oldRects.rbegin(); it != m_oldRects.rend(); ++it)
        setStateRect(m, it->first, it->second);
    for (auto it = m_inserted.rbegin(); it != m_inserted.rend(); ++it)
        takeAt(m.states, *it);
    for (const std::string& child : m_movedChildren)
        m.findState(child)->parent = m_stateId;
    *m.findState(m_stateId) = m_oldState;

    // The children return to the state before their regions go.
    std::vector<std::string> changed{m_stateId};
    changed.insert(changed.end(), m_movedChildren.begin(), m_movedChildren.end());
    announce({Kind::StatesChanged, changed});
    announce({Kind::StatesRemoved, m_regionIds});
    if (!m_oldRects.empty())
        announce({Kind::LayoutChanged, {m_stateId}});
}

} // namespace swivel::commands
