#pragma once
// The canvas: a QGraphicsScene that mirrors a machine by id, one StateItem per state,
// one TransitionItem per transition, one InitialItem per initial pseudo-state. It
// draws the machine's own layout, or one computed with Graphviz when the file has
// none. Items only observe; the scene owns them (Qt ownership). It either shows a copy
// of a machine (setMachine: the viewer, the CLI export) or observes a Document
// (setDocument: the editor), following its changes and mirroring its Selection; mouse
// and key input then goes to the active Tool, which pushes undo commands.

#include <string>
#include <unordered_map>
#include <vector>

#include <QGraphicsScene>

#include "canvas/element_metrics.h"
#include "canvas/initial_item.h"
#include "canvas/state_item.h"
#include "canvas/transition_item.h"
#include "model/machine.h"

namespace swivel::document {
class Document;
class Selection;
struct Change;
}

namespace swivel::canvas {

class StateTree;
class Tool;

class MachineScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit MachineScene(QObject* parent = nullptr);
    ~MachineScene() override;

    // Rebuilds every item from `machine`.
    void setMachine(const model::Machine& machine);
    // Observes `document` (and mirrors `selection`, which may be null) until another
    // document or machine is set. Neither is owned; both must outlive the scene or be
    // replaced first.
    void setDocument(document::Document* document, document::Selection* selection);
    document::Document* document() const { return m_document; }
    document::Selection* selection() const { return m_selection; }
    // The tool mouse input goes to (not owned); null: plain selection, no editing.
    void setTool(Tool* tool);
    Tool* tool() const { return m_tool; }

    // The innermost state whose box holds `point`, skipping `exclude` and everything
    // below them; containersOnly: compound and parallel states only.
    StateItem* stateAt(const QPointF& point, const std::vector<std::string>& exclude = {},
                       bool containersOnly = false) const;
    // The selected states, as the canvas shows them.
    std::vector<std::string> selectedStateIds() const;
    std::vector<std::string> selectedTransitionIds() const;
    // Delete, the arrow keys and Escape while editing; the view passes its keys here
    // too, so they work whichever of the two has focus. True when used.
    bool editKey(QKeyEvent* event);
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

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    void rebuild();
    void onDocumentChanged(const document::Change& change);
    void applyLayoutChange(const document::Change& change);
    void rebuildConnections();
    void selectionFromDocument();
    void selectionToDocument();
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
    document::Document* m_document = nullptr;
    document::Selection* m_selection = nullptr;
    Tool* m_tool = nullptr;
    bool m_syncingSelection = false;  // breaks the canvas <-> Selection feedback loop
};

} // namespace swivel::canvas
