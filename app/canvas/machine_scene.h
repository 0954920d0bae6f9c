#pragma once
// The canvas: a QGraphicsScene that mirrors a machine by id, one StateItem per state,
// one TransitionItem per transition, one InitialItem per initial pseudo-state. It
// draws the machine's own layout, or one computed with Graphviz when the file has
// none. Items only observe; the scene owns them (Qt ownership). It either shows a copy
// of a machine (setMachine: the viewer, the CLI export) or observes a Document
// (setDocument: the editor), following its changes and mirroring its Selection; mouse
// and key input then goes to the active Tool, which pushes undo commands. A change
// updates only the items it names, the containers around them and the arrows attached
// to them (items of untouched elements stay, selection included); only Reset, or a
// state that has no place yet, rebuilds everything.

#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
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
    // What an emulation shows on the machine: the followed device's active states, the
    // transitions it just took, and the fleet's visits per state as a heat map (0 to 1;
    // empty: none). View state: never an undo step, kept when the machine is redrawn.
    struct EmulationLook {
        std::set<std::string> activeStates;
        std::set<std::string> takenTransitions;
        std::map<std::string, double> heat;
        bool operator==(const EmulationLook&) const = default;
    };
    void setEmulationLook(EmulationLook look);
    const EmulationLook& emulationLook() const { return m_emulationLook; }
    // A recorded session's first divergence from the current machine: the active
    // states recorded after the diverging event and those the machine gives instead.
    // States in only one of them are marked as such; when both are the same (only the
    // actions differ) they are all marked as where the behaviour differs. View state
    // like the emulation look: never an undo step, kept when the machine is redrawn.
    struct DivergenceLook {
        std::set<std::string> recordedStates;
        std::set<std::string> rerunStates;
        bool empty() const { return recordedStates.empty() && rerunStates.empty(); }
        bool operator==(const DivergenceLook&) const = default;
    };
    void setDivergenceLook(const std::vector<std::string>& recordedStates,
                           const std::vector<std::string>& rerunStates);
    void clearDivergenceLook();
    const DivergenceLook& divergenceLook() const { return m_divergenceLook; }

    // Marks the container a drag would drop into (empty: none).
    void setDropTarget(const std::string& stateId);
    // A counter bumped by every mouse press on the canvas: keyboard nudges merge into
    // one undo step only while it stays the same.
    int pressCount() const { return m_pressCount; }

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
    using IdSet = std::unordered_set<std::string>;
    // What the scene knows of a transition to update it without a search: its index
    // in m_machine.transitions, its ends, and its lane among the transitions joining
    // the same two states.
    struct Link {
        std::size_t index = 0;
        std::vector<std::string> ends;  // source, then targets
        std::string pair;               // key of the two states it joins
        int lane = 0;
        int lanes = 1;
        bool reversed = false;          // runs against the pair's own order
    };

    void rebuild();
    void onDocumentChanged(const document::Change& change);
    // Structure and text: only the named elements, the containers around them, the
    // transitions attached to them and their lane neighbours are refreshed.
    void applyStructureChange(const document::Change& change);
    // Positions: the named items, and the arrows and initial dots attached to them.
    void applyLayoutChange(const document::Change& change);
    // The old ends and lane neighbours of the named elements, before the machine changes.
    void collectAttached(const document::Change& change, IdSet& states, IdSet& transitions) const;
    bool syncLayout(const IdSet& states, const IdSet& transitions);
    void indexLinks();
    void selectionFromDocument();
    void selectionToDocument();
    void applyDivergenceLook();
    void clearItems();
    void updateStateItem(int index);
    void updateRegionSeparators(int index);
    void updateTransitionItem(const std::string& id);
    void removeTransitionItem(const std::string& id);
    void rebuildInitials();
    void placeInitials(const IdSet& moved);
    void growSceneRect(const QRectF& rect);
    std::vector<StateRow> rowsOf(const model::State& state) const;
    QSizeF laneLabelSize(const Link& link) const;
    QRectF stateRect(const std::string& id) const;

    ElementMetrics m_metrics;
    model::Machine m_machine;
    model::Layout m_layout;
    bool m_layoutComputed = false;
    std::unordered_map<std::string, StateItem*> m_states;
    std::unordered_map<std::string, TransitionItem*> m_transitions;
    std::vector<InitialItem*> m_initials;
    std::vector<std::pair<std::string, std::string>> m_initialEnds;  // owner, target
    std::unique_ptr<StateTree> m_tree;  // of m_machine
    std::unordered_map<std::string, Link> m_links;  // by transition id
    std::unordered_map<std::string, std::vector<std::string>> m_attached;  // state -> transitions
    std::unordered_map<std::string, std::vector<std::string>> m_pairs;     // pair -> transitions
    std::string m_dropTarget;
    EmulationLook m_emulationLook;
    DivergenceLook m_divergenceLook;
    int m_pressCount = 0;
    document::Document* m_document = nullptr;
    document::Selection* m_selection = nullptr;
    Tool* m_tool = nullptr;
    bool m_syncingSelection = false;  // breaks the canvas <-> Selection feedback loop
};

} // namespace swivel::canvas
