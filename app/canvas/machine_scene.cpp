#include "canvas/machine_scene.h"

#include <algorithm>
#include <unordered_set>

#include <QGraphicsSceneMouseEvent>
#include <QGraphicsSimpleTextItem>
#include <QKeyEvent>

#include "commands/layout_change.h"
#include "commands/remove_elements.h"
#include "document/document.h"
#include "document/selection.h"
#include "canvas/tools/tool.h"

#include "canvas/graphviz_layout.h"
#include "canvas/palette.h"
#include "canvas/state_tree.h"
#include "canvas/transition_geometry.h"

namespace swivel::canvas {

namespace {

constexpr qreal kSceneMargin = 30;
constexpr qreal kTransitionZ = 10000;

QRectF toQt(const model::Rect& r) {
    return {r.x, r.y, r.width, r.height};
}

QPointF toQt(const model::Point& p) {
    return {p.x, p.y};
}

// The two states a transition joins, in a fixed order, as one key.
std::string pairKey(const std::string& a, const std::string& b) {
    return a < b ? a + '\n' + b : b + '\n' + a;
}

} // namespace

MachineScene::MachineScene(QObject* parent) : QGraphicsScene(parent) {
    setBackgroundBrush(Qt::white);
}

MachineScene::~MachineScene() {
    // Deleting the items deselects them: that must not reach the Selection from a
    // scene that is half destroyed.
    m_syncingSelection = true;
    disconnect(this, &QGraphicsScene::selectionChanged, this, nullptr);
    clearItems();
}

void MachineScene::clearItems() {
    clear();
    m_states.clear();
    m_transitions.clear();
    m_initials.clear();
    m_initialEnds.clear();
    m_dropTarget.clear();
}

void MachineScene::showMessage(const QString& message) {
    clearItems();
    m_tree.reset();
    m_machine = {};
    m_layout = {};
    m_links.clear();
    m_attached.clear();
    m_pairs.clear();
    auto* text = addSimpleText(message, m_metrics.nameFont());
    text->setBrush(palette::kText);
    setSceneRect(text->boundingRect().adjusted(-kSceneMargin, -kSceneMargin, kSceneMargin,
                                               kSceneMargin));
}

void MachineScene::setMachine(const model::Machine& machine) {
    setDocument(nullptr, nullptr);
    m_machine = machine;
    m_layout = {};
    rebuild();
}

void MachineScene::setDocument(document::Document* document, document::Selection* selection) {
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    if (m_selection)
        disconnect(m_selection, nullptr, this, nullptr);
    disconnect(this, &QGraphicsScene::selectionChanged, this, nullptr);
    m_document = document;
    m_selection = selection;
    if (!m_document) {
        m_selection = nullptr;
        return;
    }
    connect(m_document, &document::Document::changed, this, &MachineScene::onDocumentChanged);
    connect(m_document, &QObject::destroyed, this, [this] { m_document = nullptr; });
    if (m_selection) {
        connect(m_selection, &document::Selection::changed, this,
                &MachineScene::selectionFromDocument);
        connect(m_selection, &QObject::destroyed, this, [this] { m_selection = nullptr; });
        connect(this, &QGraphicsScene::selectionChanged, this,
                &MachineScene::selectionToDocument);
    }
    m_machine = m_document->machine();
    m_layout = {};
    rebuild();
}

void MachineScene::setTool(Tool* tool) {
    if (m_tool && m_tool != tool)
        m_tool->cancel(*this);
    m_tool = tool;
}

// Positions come from the machine's layout; states it misses keep the place the canvas
// last gave them, and only states never placed make Graphviz run: an edit elsewhere must
// not reshuffle a drawing the user is looking at. Nothing computed is written back.
void MachineScene::rebuild() {
    m_syncingSelection = true;
    clearItems();
    const model::Layout previous = std::move(m_layout);
    m_layout = m_machine.layout;
    m_layoutComputed = !layoutCoversStates(m_machine);
    if (m_layoutComputed) {
        bool unplaced = false;
        for (const model::State& state : m_machine.states) {
            if (m_layout.states.count(state.id))
                continue;
            if (const auto it = previous.states.find(state.id); it != previous.states.end())
                m_layout.states.emplace(state.id, it->second);
            else
                unplaced = true;
        }
        for (const model::Transition& transition : m_machine.transitions) {
            if (m_layout.transitions.count(transition.id))
                continue;
            if (const auto it = previous.transitions.find(transition.id);
                it != previous.transitions.end())
                m_layout.transitions.emplace(transition.id, it->second);
        }
        if (unplaced) {
            const model::Layout computed = graphvizLayout(m_machine, m_metrics);
            for (const auto& [id, rect] : computed.states)
                m_layout.states.try_emplace(id, rect);
            for (const auto& [id, edge] : computed.transitions)
                m_layout.transitions.try_emplace(id, edge);
        }
    }
    m_tree = std::make_unique<StateTree>(m_machine);
    indexLinks();
    // States the layout misses go on a row below the drawing.
    qreal spareX = 0;
    qreal spareY = 0;
    for (const auto& [id, rect] : m_layout.states)
        spareY = std::max(spareY, rect.y + rect.height + 40);
    for (int index : m_tree->states()) {
        const model::State& state = m_tree->state(index);
        if (m_layout.states.count(state.id))
            continue;
        const QSizeF size = m_tree->isContainer(index) ? m_metrics.headerSize(m_machine, state)
                                                       : m_metrics.nodeSize(m_machine, state);
        m_layout.states[state.id] = {spareX, spareY, size.width(), size.height()};
        spareX += size.width() + 30;
    }
    for (int index : m_tree->states())
        updateStateItem(index);
    for (int index : m_tree->states())
        updateRegionSeparators(index);
    rebuildInitials();
    for (const model::Transition& transition : m_machine.transitions)
        updateTransitionItem(transition.id);
    setSceneRect(itemsBoundingRect().adjusted(-kSceneMargin, -kSceneMargin, kSceneMargin,
                                              kSceneMargin));
    m_syncingSelection = false;
    selectionFromDocument();
    setEmulationLook(std::move(m_emulationLook));
    applyDivergenceLook();
}

void MachineScene::onDocumentChanged(const document::Change& change) {
    using Kind = document::Change::Kind;
    if (change.kind == Kind::LayoutChanged) {
        applyLayoutChange(change);
        return;
    }
    if (change.kind == Kind::Reset) {
        m_machine = m_document->machine();
        m_layout = {};
        rebuild();
    } else {
        applyStructureChange(change);
    }
    if (m_selection && (change.kind == Kind::StatesRemoved ||
                        change.kind == Kind::TransitionsRemoved || change.kind == Kind::Reset ||
                        change.kind == Kind::StateRenamed)) {
        std::vector<std::string> states, transitions;
        for (const model::State& state : m_machine.states)
            states.push_back(state.id);
        for (const model::Transition& transition : m_machine.transitions)
            transitions.push_back(transition.id);
        m_selection->prune(states, transitions);
    }
}

void MachineScene::collectAttached(const document::Change& change, IdSet& states,
                                   IdSet& transitions) const {
    using Kind = document::Change::Kind;
    const auto addTransition = [&](const std::string& id) {
        transitions.insert(id);
        const auto link = m_links.find(id);
        if (link == m_links.end())
            return;
        if (!link->second.ends.empty())
            states.insert(link->second.ends.front());  // its row, if targetless
        if (const auto pair = m_pairs.find(link->second.pair); pair != m_pairs.end())
            transitions.insert(pair->second.begin(), pair->second.end());
    };
    const auto addState = [&](const std::string& id) {
        if (id.empty())
            return;
        states.insert(id);
        if (const model::State* state = m_machine.findState(id); state && !state->parent.empty())
            states.insert(state->parent);
        if (const auto it = m_attached.find(id); it != m_attached.end())
            transitions.insert(it->second.begin(), it->second.end());
    };
    switch (change.kind) {
    case Kind::StatesAdded:
    case Kind::StatesRemoved:
    case Kind::StatesChanged:
    case Kind::StateRenamed:
        for (const std::string& id : change.ids)
            addState(id);
        break;
    case Kind::TransitionsAdded:
    case Kind::TransitionsRemoved:
    case Kind::TransitionsChanged:
        for (const std::string& id : change.ids)
            addTransition(id);
        break;
    case Kind::MachineProperties:
    case Kind::Reset:
    case Kind::LayoutChanged:
    case Kind::TransitionRenamed:  // drawn by the removal and addition before it
        break;
    }
}

void MachineScene::applyStructureChange(const document::Change& change) {
    IdSet states, transitions;
    collectAttached(change, states, transitions);  // as the machine was
    if (change.kind == document::Change::Kind::StateRenamed && change.ids.size() == 2) {
        // The drawn place goes with the new name when the file has no place for it.
        const auto old = m_layout.states.find(change.ids[0]);
        if (old != m_layout.states.end()) {
            m_layout.states.try_emplace(change.ids[1], old->second);
            m_layout.states.erase(old);
        }
    }
    m_machine = m_document->machine();
    m_tree = std::make_unique<StateTree>(m_machine);
    indexLinks();
    collectAttached(change, states, transitions);  // as it is now
    if (!syncLayout(states, transitions)) {
        rebuild();  // a state that was never placed: place it with the others
        return;
    }
    m_syncingSelection = true;
    // Gone states first, so that a rename does not find its old item.
    for (const std::string& id : states) {
        if (m_tree->indexOf(id) >= 0)
            continue;
        if (const auto it = m_states.find(id); it != m_states.end()) {
            delete it->second;
            m_states.erase(it);
        }
        m_layout.states.erase(id);
        if (m_dropTarget == id)
            m_dropTarget.clear();
    }
    // The named states and everything below them: a new parent changes their depth.
    std::vector<int> work;
    for (const std::string& id : states) {
        if (const int index = m_tree->indexOf(id); index >= 0)
            work.push_back(index);
    }
    std::unordered_set<int> done;
    while (!work.empty()) {
        const int index = work.back();
        work.pop_back();
        if (!done.insert(index).second)
            continue;
        if (states.count(m_tree->state(index).id))
            updateStateItem(index);
        else if (StateItem* item = stateItem(m_tree->state(index).id))
            item->setZValue(m_tree->depth(index));
        for (int child : m_tree->children(index))
            work.push_back(child);
    }
    for (const std::string& id : states) {
        const int index = m_tree->indexOf(id);
        if (index < 0)
            continue;
        updateRegionSeparators(index);
        if (const int parent = m_tree->parent(index); parent >= 0)
            updateRegionSeparators(parent);
    }
    for (const std::string& id : transitions)
        updateTransitionItem(id);
    rebuildInitials();
    for (const std::string& id : states) {
        if (StateItem* item = stateItem(id))
            growSceneRect(item->sceneBoundingRect());
    }
    m_syncingSelection = false;
    selectionFromDocument();
}

// What the scene draws for the named elements: the file's places where it has them;
// else what the scene drew before. False when a state has no place at all.
bool MachineScene::syncLayout(const IdSet& states, const IdSet& transitions) {
    m_layoutComputed = !layoutCoversStates(m_machine);
    const model::Layout& file = m_machine.layout;
    for (const std::string& id : states) {
        if (m_tree->indexOf(id) < 0)
            continue;
        if (const auto it = file.states.find(id); it != file.states.end())
            m_layout.states[id] = it->second;
        else if (!m_layout.states.count(id))
            return false;
    }
    for (const std::string& id : transitions) {
        if (const auto it = file.transitions.find(id); it != file.transitions.end())
            m_layout.transitions[id] = it->second;
        else if (!m_layoutComputed || !m_links.count(id))
            m_layout.transitions.erase(id);
    }
    return true;
}

void MachineScene::indexLinks() {
    m_links.clear();
    m_attached.clear();
    m_pairs.clear();
    for (std::size_t i = 0; i < m_machine.transitions.size(); ++i) {
        const model::Transition& transition = m_machine.transitions[i];
        Link link;
        link.index = i;
        link.ends.push_back(transition.source);
        link.ends.insert(link.ends.end(), transition.targets.begin(), transition.targets.end());
        for (const std::string& end : link.ends) {
            std::vector<std::string>& attached = m_attached[end];
            if (attached.empty() || attached.back() != transition.id)
                attached.push_back(transition.id);
        }
        if (!transition.targets.empty()) {
            const std::string& target = transition.targets.front();
            link.pair = pairKey(transition.source, target);
            link.reversed = target < transition.source;
            std::vector<std::string>& lane = m_pairs[link.pair];
            link.lane = static_cast<int>(lane.size());
            lane.push_back(transition.id);
        }
        m_links.insert_or_assign(transition.id, std::move(link));
    }
    for (auto& [id, link] : m_links) {
        if (!link.pair.empty())
            link.lanes = static_cast<int>(m_pairs.at(link.pair).size());
    }
}

// Moves only the named items; the arrows attached to moved states, the initial dots
// pointing at them and the region lines of their parallel states follow. Nothing
// else is touched: a drag must cost what the dragged state is attached to.
void MachineScene::applyLayoutChange(const document::Change& change) {
    if (!m_tree)
        return;
    const model::Layout& file = m_document->machine().layout;
    IdSet moved, transitions;
    bool coverageChanged = false;  // a state gained or lost its entry (rare: not a move)
    for (const std::string& id : change.ids) {
        if (m_tree && m_tree->indexOf(id) >= 0) {
            if (const auto it = file.states.find(id); it != file.states.end()) {
                coverageChanged |= m_machine.layout.states.insert_or_assign(id, it->second).second;
                m_layout.states[id] = it->second;
            } else {
                coverageChanged |= m_machine.layout.states.erase(id) > 0;
            }
            if (StateItem* item = stateItem(id); item && m_layout.states.count(id)) {
                item->setRect(toQt(m_layout.states.at(id)));
                moved.insert(id);
            }
        } else if (m_links.count(id)) {
            if (const auto it = file.transitions.find(id); it != file.transitions.end()) {
                m_machine.layout.transitions[id] = it->second;
                m_layout.transitions[id] = it->second;
            } else {
                m_machine.layout.transitions.erase(id);
                m_layout.transitions.erase(id);  // dropped entry: a straight arrow
            }
            transitions.insert(id);
        }
    }
    if (coverageChanged)
        m_layoutComputed = !layoutCoversStates(m_machine);
    m_syncingSelection = true;
    for (const std::string& id : moved) {
        if (const auto it = m_attached.find(id); it != m_attached.end())
            transitions.insert(it->second.begin(), it->second.end());
    }
    for (const std::string& id : transitions)
        updateTransitionItem(id);
    // Region lines run across a parallel state: they follow it and its regions.
    IdSet splitStates;
    for (const std::string& id : moved) {
        const int index = m_tree->indexOf(id);
        const int parent = m_tree->parent(index);
        if (m_tree->state(index).kind == model::StateKind::Parallel)
            splitStates.insert(id);
        if (parent >= 0 && m_tree->state(parent).kind == model::StateKind::Parallel)
            splitStates.insert(m_tree->state(parent).id);
    }
    for (const std::string& id : splitStates)
        updateRegionSeparators(m_tree->indexOf(id));
    placeInitials(moved);
    for (const std::string& id : moved)
        growSceneRect(m_states.at(id)->sceneBoundingRect());
    for (const std::string& id : transitions) {
        if (TransitionItem* item = transitionItem(id))
            growSceneRect(item->sceneBoundingRect());
    }
    m_syncingSelection = false;
}

void MachineScene::growSceneRect(const QRectF& rect) {
    const QRectF wanted = rect.adjusted(-kSceneMargin, -kSceneMargin, kSceneMargin, kSceneMargin);
    if (!sceneRect().contains(wanted))
        setSceneRect(sceneRect() | wanted);
}

void MachineScene::setDropTarget(const std::string& stateId) {
    if (stateId == m_dropTarget)
        return;
    if (StateItem* old = stateItem(m_dropTarget))
        old->setDropTarget(false);
    m_dropTarget = stateId;
    if (StateItem* item = stateItem(m_dropTarget))
        item->setDropTarget(true);
}

void MachineScene::setEmulationLook(EmulationLook look) {
    m_emulationLook = std::move(look);
    const bool heatMap = !m_emulationLook.heat.empty();
    for (auto& [id, item] : m_states) {
        const auto heat = m_emulationLook.heat.find(id);
        item->setEmulationLook(m_emulationLook.activeStates.count(id) > 0,
                               heatMap ? (heat == m_emulationLook.heat.end() ? 0.0 : heat->second) : -1);
    }
    for (auto& [id, item] : m_transitions)
        item->setTaken(m_emulationLook.takenTransitions.count(id) > 0);
}

void MachineScene::setDivergenceLook(const std::vector<std::string>& recordedStates,
                                     const std::vector<std::string>& rerunStates) {
    m_divergenceLook.recordedStates = {recordedStates.begin(), recordedStates.end()};
    m_divergenceLook.rerunStates = {rerunStates.begin(), rerunStates.end()};
    applyDivergenceLook();
}

void MachineScene::clearDivergenceLook() {
    m_divergenceLook = {};
    applyDivergenceLook();
}

void MachineScene::applyDivergenceLook() {
    using Mark = StateItem::DivergenceMark;
    const DivergenceLook& look = m_divergenceLook;
    const bool onlyActions = !look.empty() && look.recordedStates == look.rerunStates;
    for (auto& [id, item] : m_states) {
        const bool recorded = look.recordedStates.count(id) > 0;
        const bool rerun = look.rerunStates.count(id) > 0;
        Mark mark = Mark::None;
        if (onlyActions && recorded)
            mark = Mark::ActionsDiffer;
        else if (recorded && !rerun)
            mark = Mark::RecordedOnly;
        else if (rerun && !recorded)
            mark = Mark::RerunOnly;
        item->setDivergenceMark(mark);
    }
}

void MachineScene::selectionFromDocument() {
    if (!m_selection || m_syncingSelection)
        return;
    m_syncingSelection = true;
    for (auto& [id, item] : m_states)
        item->setSelected(m_selection->contains(id));
    for (auto& [id, item] : m_transitions)
        item->setSelected(m_selection->contains(id));
    m_syncingSelection = false;
}

void MachineScene::selectionToDocument() {
    if (!m_selection || m_syncingSelection)
        return;
    m_syncingSelection = true;
    m_selection->set(selectedStateIds(), selectedTransitionIds());
    m_syncingSelection = false;
}

std::vector<std::string> MachineScene::selectedStateIds() const {
    std::vector<std::string> ids;
    for (const auto& [id, item] : m_states) {
        if (item->isSelected())
            ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::vector<std::string> MachineScene::selectedTransitionIds() const {
    std::vector<std::string> ids;
    for (const auto& [id, item] : m_transitions) {
        if (item->isSelected())
            ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

StateItem* MachineScene::stateAt(const QPointF& point, const std::vector<std::string>& exclude,
                                 bool containersOnly) const {
    const auto excluded = [&](const std::string& id) {
        // Walks up the parents, bounded against cycles in a broken file.
        std::string current = id;
        for (std::size_t depth = 0; !current.empty() && depth <= m_machine.states.size(); ++depth) {
            if (std::find(exclude.begin(), exclude.end(), current) != exclude.end())
                return true;
            const model::State* state = m_machine.findState(current);
            current = state ? state->parent : std::string();
        }
        return false;
    };
    // Not through the scene's index: asking it while items move makes the BSP tree
    // rebuild itself at every mouse move; one pass over the boxes costs far less.
    StateItem* best = nullptr;
    for (const auto& [id, item] : m_states) {
        if (!item->sceneRect().contains(point) || (containersOnly && !item->isContainer()))
            continue;
        if (best && best->zValue() >= item->zValue())
            continue;
        if (!excluded(id))
            best = item;
    }
    return best;
}

void MachineScene::mousePressEvent(QGraphicsSceneMouseEvent* event) {
    ++m_pressCount;
    if (m_tool && m_document && m_tool->mousePress(*this, event)) {
        event->accept();
        return;
    }
    QGraphicsScene::mousePressEvent(event);
}

void MachineScene::mouseMoveEvent(QGraphicsSceneMouseEvent* event) {
    if (m_tool && m_document && m_tool->mouseMove(*this, event)) {
        event->accept();
        return;
    }
    QGraphicsScene::mouseMoveEvent(event);
}

void MachineScene::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
    if (m_tool && m_document && m_tool->mouseRelease(*this, event)) {
        event->accept();
        return;
    }
    QGraphicsScene::mouseReleaseEvent(event);
}

void MachineScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) {
    // A double click is a second press to the tools (two quick clicks add two states).
    mousePressEvent(event);
}

bool MachineScene::editKey(QKeyEvent* event) {
    if (!m_document)
        return false;
    if (event->key() == Qt::Key_Escape) {
        if (m_tool)
            m_tool->cancel(*this);
        return true;
    }
    if (m_tool && m_tool->keyPress(*this, event))
        return true;
    const std::vector<std::string> states = selectedStateIds();
    if (event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace) {
        const std::vector<std::string> transitions = selectedTransitionIds();
        if (states.empty() && transitions.empty())
            return false;
        m_document->undoStack()->push(
            new commands::RemoveElements(m_document, states, transitions));
        return true;
    }
    const qreal step = event->modifiers() & Qt::ShiftModifier ? 1 : 10;
    model::Point delta;
    switch (event->key()) {
    case Qt::Key_Left: delta.x = -step; break;
    case Qt::Key_Right: delta.x = step; break;
    case Qt::Key_Up: delta.y = -step; break;
    case Qt::Key_Down: delta.y = step; break;
    default: return false;
    }
    if (states.empty())
        return false;
    // Nudges of one selection merge until the next mouse press.
    m_document->undoStack()->push(
        new commands::MoveStates(m_document, states, delta, m_pressCount));
    return true;
}

void MachineScene::keyPressEvent(QKeyEvent* event) {
    if (editKey(event)) {
        event->accept();
        return;
    }
    QGraphicsScene::keyPressEvent(event);
}

QRectF MachineScene::stateRect(const std::string& id) const {
    const auto it = m_states.find(id);
    return it == m_states.end() ? QRectF() : it->second->sceneRect();
}

// The rows of a state, with its targetless transitions found through the index
// (ElementMetrics::rows would search every transition for each state).
std::vector<StateRow> MachineScene::rowsOf(const model::State& state) const {
    const auto attached = m_attached.find(state.id);
    if (attached == m_attached.end())
        return m_metrics.rows(m_machine, state);
    model::Machine own;  // the state's own targetless transitions only
    for (const std::string& id : attached->second) {
        const model::Transition& transition = m_machine.transitions[m_links.at(id).index];
        if (transition.source == state.id && transition.targets.empty())
            own.transitions.push_back(transition);
    }
    return m_metrics.rows(own, state);
}

void MachineScene::updateStateItem(int index) {
    const model::State& state = m_tree->state(index);
    StateItem*& item = m_states[state.id];
    const bool added = !item;
    if (added) {
        item = new StateItem(m_metrics);
        if (m_document)
            item->setFlag(QGraphicsItem::ItemIsSelectable);
    }
    item->setState(state, m_tree->isContainer(index), rowsOf(state));
    item->setRect(toQt(m_layout.states.at(state.id)));
    item->setZValue(m_tree->depth(index));
    item->setRegionStyle(StateItem::RegionStyle::None);
    item->setRegionSeparators({});
    if (added) {  // with its geometry set: the scene indexes it where it is
        addItem(item);
        if (m_selection)
            item->setSelected(m_selection->contains(state.id));
    }
}

// Regions of a parallel state stacked (or side by side) are split by dashed lines;
// otherwise each region gets a dashed outline.
void MachineScene::updateRegionSeparators(int index) {
    if (index < 0)
        return;
    StateItem* parallel = m_states.at(m_tree->state(index).id);
    std::vector<StateItem*> regions;
    for (int child : m_tree->children(index))
        regions.push_back(m_states.at(m_tree->state(child).id));
    parallel->setRegionSeparators({});
    // No longer parallel (an undone region, a changed kind): its children are plain.
    if (regions.size() < 2 || m_tree->state(index).kind != model::StateKind::Parallel) {
        for (StateItem* region : regions)
            region->setRegionStyle(StateItem::RegionStyle::None);
        return;
    }
    const QRectF outer = parallel->sceneRect();
    QList<QLineF> lines;
    const auto split = [&](bool vertical) {
        std::sort(regions.begin(), regions.end(), [&](StateItem* a, StateItem* b) {
            return vertical ? a->sceneRect().top() < b->sceneRect().top()
                            : a->sceneRect().left() < b->sceneRect().left();
        });
        lines.clear();
        for (std::size_t i = 1; i < regions.size(); ++i) {
            const QRectF a = regions[i - 1]->sceneRect(), b = regions[i]->sceneRect();
            if (vertical ? a.bottom() > b.top() + 0.5 : a.right() > b.left() + 0.5)
                return false;
            const qreal at = vertical ? (a.bottom() + b.top()) / 2 : (a.right() + b.left()) / 2;
            lines << (vertical ? QLineF(outer.left(), at, outer.right(), at)
                               : QLineF(at, std::min(a.top(), b.top()), at, outer.bottom()));
        }
        return true;
    };
    const bool striped = split(true) || split(false);
    for (StateItem* region : regions) {
        region->setRegionStyle(!region->isContainer() ? StateItem::RegionStyle::None
                               : striped              ? StateItem::RegionStyle::Stripe
                                                      : StateItem::RegionStyle::Dashed);
    }
    if (striped)
        parallel->setRegionSeparators(lines);
}

// Initial dots are few (one per compound state): they are made again on any
// structural change.
void MachineScene::rebuildInitials() {
    for (InitialItem* item : m_initials)
        delete item;
    m_initials.clear();
    m_initialEnds.clear();
    const auto add = [&](int owner) {
        const int initial = m_tree->initialChild(owner);
        if (initial < 0)
            return;
        auto* item = new InitialItem;
        item->setZValue(owner < 0 ? 0 : m_tree->depth(owner) + 0.5);
        addItem(item);
        m_initials.push_back(item);
        m_initialEnds.emplace_back(owner < 0 ? std::string() : m_tree->state(owner).id,
                                   m_tree->state(initial).id);
    };
    add(-1);
    for (int index : m_tree->states()) {
        if (m_tree->isContainer(index) && m_tree->state(index).kind != model::StateKind::Parallel)
            add(index);
    }
    placeInitials({});
}

// Places the dots whose target moved (all of them when `moved` is empty).
void MachineScene::placeInitials(const IdSet& moved) {
    for (std::size_t i = 0; i < m_initials.size(); ++i) {
        const auto& [owner, target] = m_initialEnds[i];
        if (!moved.empty() && !moved.count(target))
            continue;
        // Above the state, where the automatic layout (top to bottom) leaves room.
        const QRectF rect = stateRect(target);
        const QPointF arrowTip(rect.center().x(), rect.top());
        m_initials[i]->setGeometry(QString::fromStdString(owner),
                                   arrowTip - QPointF(0, ElementMetrics::kInitialArrow), arrowTip);
    }
}

// The largest label among the transitions sharing a lane set with `link`.
QSizeF MachineScene::laneLabelSize(const Link& link) const {
    QSizeF size;
    if (link.lanes < 2)
        return size;
    for (const std::string& id : m_pairs.at(link.pair)) {
        const model::Transition& other = m_machine.transitions[m_links.at(id).index];
        size = size.expandedTo(m_metrics.labelSize(m_metrics.labelLines(other)));
    }
    return size;
}

void MachineScene::removeTransitionItem(const std::string& id) {
    if (const auto it = m_transitions.find(id); it != m_transitions.end()) {
        delete it->second;
        m_transitions.erase(it);
    }
}

// Makes, updates or removes the item of one transition, from its ends' boxes and its
// layout entry.
void MachineScene::updateTransitionItem(const std::string& id) {
    const auto link = m_links.find(id);
    if (link == m_links.end() || !m_states.count(link->second.ends.front())) {
        removeTransitionItem(id);
        return;
    }
    const model::Transition& transition = m_machine.transitions[link->second.index];
    const bool targetless = transition.targets.empty();
    std::vector<QRectF> targets;
    for (const std::string& target : transition.targets) {
        if (m_states.count(target))
            targets.push_back(stateRect(target));
    }
    if (!targetless && targets.empty()) {
        removeTransitionItem(id);  // only dangling targets: the diagnostics say so
        return;
    }
    const QRectF source = stateRect(transition.source);
    const auto stored = m_layout.transitions.find(transition.id);
    const model::EdgeLayout* edge =
        stored == m_layout.transitions.end() ? nullptr : &stored->second;

    TransitionItem*& item = m_transitions[id];
    const bool added = !item;
    if (added) {
        item = new TransitionItem(m_metrics);
        item->setZValue(kTransitionZ);
        if (m_document)
            item->setFlag(QGraphicsItem::ItemIsSelectable);
    }
    QList<QPainterPath> paths;
    QPointF label;
    if (targetless) {
        const QString row = m_metrics.rowText(transition);
        item->setTransition(transition, {row});
        if (edge && edge->label) {
            label = toQt(*edge->label);
        } else {  // find its row in the state's box
            const auto rows = rowsOf(*m_machine.findState(transition.source));
            const auto it = std::find_if(rows.begin(), rows.end(), [&](const StateRow& r) {
                return r.transitionId == QString::fromStdString(transition.id);
            });
            const QRectF rowRect = m_metrics.rowRect(source, static_cast<int>(it - rows.begin()));
            label = QPointF(rowRect.left() + m_metrics.textWidth(row, m_metrics.textFont()) / 2,
                            rowRect.center().y());
        }
    } else {
        item->setTransition(transition, m_metrics.labelLines(transition));
        const QRectF& first = targets.front();
        const Link& lane = link->second;
        if (edge && !edge->route.empty())
            paths << routePath(edge->route, source, first);
        else if (transition.source == transition.targets.front())
            paths << loopPath(source, lane.lane, laneLabelSize(lane));
        else
            paths << connectorPath(source, first, lane.lane, lane.lanes, lane.reversed,
                                   laneLabelSize(lane));
        label = edge && edge->label ? toQt(*edge->label) : paths.front().pointAtPercent(0.5);
        for (std::size_t i = 1; i < targets.size(); ++i) {
            QPainterPath branch(label);
            branch.lineTo(borderPoint(targets[i], label));
            paths << branch;
        }
    }
    item->setGeometry(paths, label);
    if (added) {  // with its geometry set: the scene indexes it where it is
        addItem(item);
        if (m_selection)
            item->setSelected(m_selection->contains(id));
    }
}

StateItem* MachineScene::stateItem(const std::string& id) const {
    const auto it = m_states.find(id);
    return it == m_states.end() ? nullptr : it->second;
}

TransitionItem* MachineScene::transitionItem(const std::string& id) const {
    const auto it = m_transitions.find(id);
    return it == m_transitions.end() ? nullptr : it->second;
}

} // namespace swivel::canvas
