#include "canvas/machine_scene.h"

#include <algorithm>
#include <cmath>

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

// Where the line from the centre of `rect` towards `towards` leaves the rect.
QPointF borderPoint(const QRectF& rect, const QPointF& towards) {
    const QPointF centre = rect.center();
    const QPointF d = towards - centre;
    if (std::abs(d.x()) < 1e-9 && std::abs(d.y()) < 1e-9)
        return centre;
    const qreal sx = d.x() != 0 ? (rect.width() / 2) / std::abs(d.x()) : 1e18;
    const qreal sy = d.y() != 0 ? (rect.height() / 2) / std::abs(d.y()) : 1e18;
    return centre + d * std::min({sx, sy, 1.0});
}

// A path through a stored route: a chain of cubic Bézier segments when the route has
// 3n+1 points (what Graphviz produces), else a polyline from the source's border
// through the points to the target's border.
QPainterPath routePath(const std::vector<model::Point>& route, const QRectF& source,
                       const QRectF& target) {
    QPainterPath path;
    if (route.size() >= 4 && (route.size() - 1) % 3 == 0) {
        path.moveTo(toQt(route[0]));
        for (std::size_t i = 1; i + 2 < route.size(); i += 3)
            path.cubicTo(toQt(route[i]), toQt(route[i + 1]), toQt(route[i + 2]));
        return path;
    }
    path.moveTo(borderPoint(source, toQt(route.front())));
    for (const model::Point& p : route)
        path.lineTo(toQt(p));
    path.lineTo(borderPoint(target, toQt(route.back())));
    return path;
}

QPainterPath straightPath(const QRectF& source, const QRectF& target) {
    QPainterPath path;
    path.moveTo(borderPoint(source, target.center()));
    path.lineTo(borderPoint(target, source.center()));
    return path;
}

QPainterPath loopPath(const QRectF& rect) {
    const QPointF start(rect.right() - std::min(30.0, rect.width() / 3), rect.top());
    const QPointF end(rect.right(), rect.top() + std::min(25.0, rect.height() / 2));
    QPainterPath path(start);
    path.cubicTo(start + QPointF(0, -40), end + QPointF(40, 0), end);
    return path;
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
}

void MachineScene::showMessage(const QString& message) {
    clearItems();
    m_machine = {};
    m_layout = {};
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
    const StateTree tree(m_machine);
    addStates(tree);
    addRegionSeparators(tree);
    addInitials(tree);
    addTransitions();
    setSceneRect(itemsBoundingRect().adjusted(-kSceneMargin, -kSceneMargin, kSceneMargin,
                                              kSceneMargin));
    m_syncingSelection = false;
    selectionFromDocument();
}

void MachineScene::onDocumentChanged(const document::Change& change) {
    using Kind = document::Change::Kind;
    m_machine = m_document->machine();
    if (change.kind == Kind::Reset)
        m_layout = {};
    if (change.kind == Kind::LayoutChanged) {
        applyLayoutChange(change);
        return;
    }
    // Structure and text changes rebuild the items (positions are kept, see rebuild):
    // a state's size, rows and nesting depend on its children, its transitions and
    // its parent, so refreshing "only the named items" would miss most of them.
    rebuild();
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

// Moves only the named states' items; arrows and initial dots depend on both ends, so
// they are laid again (cheap: no text is measured twice, no Graphviz).
void MachineScene::applyLayoutChange(const document::Change& change) {
    for (const std::string& id : change.ids) {
        if (const auto it = m_machine.layout.states.find(id); it != m_machine.layout.states.end())
            m_layout.states[id] = it->second;
        if (const auto it = m_machine.layout.transitions.find(id);
            it != m_machine.layout.transitions.end())
            m_layout.transitions[id] = it->second;
        else if (m_machine.findTransition(id))
            m_layout.transitions.erase(id);  // dropped entry: a straight arrow
        if (StateItem* item = stateItem(id); item && m_layout.states.count(id))
            item->setRect(toQt(m_layout.states.at(id)));
    }
    rebuildConnections();
    setSceneRect(sceneRect() | itemsBoundingRect().adjusted(-kSceneMargin, -kSceneMargin,
                                                            kSceneMargin, kSceneMargin));
}

void MachineScene::rebuildConnections() {
    m_syncingSelection = true;
    for (auto& [id, item] : m_transitions)
        delete item;
    m_transitions.clear();
    for (InitialItem* item : m_initials)
        delete item;
    m_initials.clear();
    const StateTree tree(m_machine);
    addRegionSeparators(tree);
    addInitials(tree);
    addTransitions();
    m_syncingSelection = false;
    selectionFromDocument();
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
    m_document->undoStack()->push(new commands::MoveStates(m_document, states, delta));
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

void MachineScene::addStates(const StateTree& tree) {
    // States the layout misses go on a row below the drawing.
    qreal spareX = 0;
    qreal spareY = 0;
    for (const auto& [id, rect] : m_layout.states)
        spareY = std::max(spareY, rect.y + rect.height + 40);
    for (int index : tree.states()) {
        const model::State& state = tree.state(index);
        auto* item = new StateItem(m_metrics);
        const bool container = tree.isContainer(index);
        item->setState(state, container, m_metrics.rows(m_machine, state));
        QRectF rect;
        if (const auto it = m_layout.states.find(state.id); it != m_layout.states.end()) {
            rect = toQt(it->second);
        } else {
            const QSizeF size = container ? m_metrics.headerSize(m_machine, state)
                                          : m_metrics.nodeSize(m_machine, state);
            rect = QRectF(QPointF(spareX, spareY), size);
            spareX += size.width() + 30;
        }
        item->setRect(rect);
        item->setZValue(tree.depth(index));
        if (m_document)
            item->setFlag(QGraphicsItem::ItemIsSelectable);
        addItem(item);
        m_states.emplace(state.id, item);
    }
}

// Regions of a parallel state stacked (or side by side) are split by dashed lines;
// otherwise each region gets a dashed outline.
void MachineScene::addRegionSeparators(const StateTree& tree) {
    for (int index : tree.states()) {
        if (tree.state(index).kind != model::StateKind::Parallel)
            continue;
        StateItem* parallel = m_states.at(tree.state(index).id);
        std::vector<StateItem*> regions;
        for (int child : tree.children(index))
            regions.push_back(m_states.at(tree.state(child).id));
        if (regions.size() < 2)
            continue;
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
            if (region->isContainer())
                region->setRegionStyle(striped ? StateItem::RegionStyle::Stripe
                                               : StateItem::RegionStyle::Dashed);
        }
        if (striped)
            parallel->setRegionSeparators(lines);
    }
}

void MachineScene::addInitials(const StateTree& tree) {
    const auto add = [&](int owner) {
        const int initial = tree.initialChild(owner);
        if (initial < 0)
            return;
        const QRectF target = stateRect(tree.state(initial).id);
        // Above the state, where the automatic layout (top to bottom) leaves room.
        const QPointF arrowTip(target.center().x(), target.top());
        auto* item = new InitialItem;
        item->setGeometry(owner < 0 ? QString() : QString::fromStdString(tree.state(owner).id),
                          arrowTip - QPointF(0, ElementMetrics::kInitialArrow), arrowTip);
        item->setZValue(owner < 0 ? 0 : tree.depth(owner) + 0.5);
        addItem(item);
        m_initials.push_back(item);
    };
    add(-1);
    for (int index : tree.states()) {
        if (tree.isContainer(index) && tree.state(index).kind != model::StateKind::Parallel)
            add(index);
    }
}

void MachineScene::addTransitions() {
    for (const model::Transition& transition : m_machine.transitions) {
        if (m_transitions.count(transition.id) || !m_states.count(transition.source))
            continue;
        const bool targetless = transition.targets.empty();
        std::vector<QRectF> targets;
        for (const std::string& target : transition.targets) {
            if (m_states.count(target))
                targets.push_back(stateRect(target));
        }
        if (!targetless && targets.empty())
            continue;  // only dangling targets: the diagnostics say so

        const QRectF source = stateRect(transition.source);
        const auto stored = m_layout.transitions.find(transition.id);
        const model::EdgeLayout* edge =
            stored == m_layout.transitions.end() ? nullptr : &stored->second;

        auto* item = new TransitionItem(m_metrics);
        QList<QPainterPath> paths;
        QPointF label;
        if (targetless) {
            const QString row = m_metrics.rowText(transition);
            item->setTransition(transition, {row});
            if (edge && edge->label) {
                label = toQt(*edge->label);
            } else {  // find its row in the state's box
                const auto rows = m_metrics.rows(m_machine, *m_machine.findState(transition.source));
                const auto it = std::find_if(rows.begin(), rows.end(), [&](const StateRow& r) {
                    return r.transitionId == QString::fromStdString(transition.id);
                });
                const QRectF rowRect =
                    m_metrics.rowRect(source, static_cast<int>(it - rows.begin()));
                label = QPointF(rowRect.left() + m_metrics.textWidth(row, m_metrics.textFont()) / 2,
                                rowRect.center().y());
            }
        } else {
            item->setTransition(transition, m_metrics.labelLines(transition));
            const QRectF& first = targets.front();
            if (edge && !edge->route.empty())
                paths << routePath(edge->route, source, first);
            else if (transition.source == transition.targets.front())
                paths << loopPath(source);
            else
                paths << straightPath(source, first);
            label = edge && edge->label ? toQt(*edge->label) : paths.front().pointAtPercent(0.5);
            for (std::size_t i = 1; i < targets.size(); ++i) {
                QPainterPath branch(label);
                branch.lineTo(borderPoint(targets[i], label));
                paths << branch;
            }
        }
        item->setGeometry(paths, label);
        item->setZValue(kTransitionZ);
        if (m_document)
            item->setFlag(QGraphicsItem::ItemIsSelectable);
        addItem(item);
        m_transitions.emplace(transition.id, item);
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
