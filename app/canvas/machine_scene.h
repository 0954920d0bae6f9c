#pragma once
// The canvas: a QGraphicsScene that mirrors a machine by id, one StateItem per state,
// one TransitionItem per transition, one InitialItem per initial pseudo-state. It
// draws the machine's own layout, or one computed with Graphviz when the file has
// none. Items only observe; the scene owns them (Qt ownership) and rebuilds them from
// the machine it holds a copy of.

#include <string>
#include <unordered_map>
#include <vector>

#include <QGraphicsScene>

#include "canvas/element_metrics.h"
#include "canvas/initial_item.h"
#include "canvas/state_item.h"
#include "canvas/transition_item.h"
#include "model/machine.h"

namespace swivel::canvas {

class StateTree;

class MachineScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit MachineScene(QObject* parent = nullptr);

    // Rebuilds every item from `machine`.
    void setMachine(const model::Machine& machine);
    // Removes every item and shows `message` instead (e.g. a file that did not load).
    void showMessage(const QString& message);

    const model::Machine& machine() const { return m_machine; }
    const model::Layout& layout() const { return m_layout; }  // what is drawn
    bool layoutComputed() const { return m_layoutComputed; }  // not the file's own
    const ElementMetrics& metrics() const { return m_metrics; }

    StateItem* stateItem(const std::string& id) const;
    TransitionItem* transitionItem(const std::string& id) const;
    std::size_t stateItemCount() const { return m_states.size(); }
    std::size_t transitionItemCount() const { return m_transitions.size(); }
    const std::vector<InitialItem*>& initialItems() const { return m_initials; }

private:
    void clearItems();
    void addStates(const StateTree& tree);
    void addRegionSeparators(const StateTree& tree);
    void addInitials(const StateTree& tree);
    void addTransitions();
    QRectF stateRect(const std::string& id) const;

    ElementMetrics m_metrics;
    model::Machine m_machine;
    model::Layout m_layout;
    bool m_layoutComputed = false;
    std::unordered_map<std::string, StateItem*> m_states;
    std::unordered_map<std::string, TransitionItem*> m_transitions;
    std::vector<InitialItem*> m_initials;
};

} // namespace swivel::canvas
