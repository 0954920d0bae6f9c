#pragma once
// Adding states: one state of any kind (the add-state, final and history tools), and
// parallel regions (the add-region tool).
// Like every command, each one here is owned by the document's QUndoStack once pushed.

#include <optional>
#include <string>
#include <vector>

#include "commands/document_command.h"

namespace swivel::commands {

// Adds a state as the last child of `parentId` ("" = top level), at its place in
// document order, with an optional rect. An empty `stateId` gets a fresh one (State1,
// Final1, ...): read it with stateId() to select the new state. A parent that had no
// children and no initial gets the new state as initial (the machine too, for its
// first top-level state). Refused (not pushed) for a taken id or a parent that
// cannot have children.
class AddState : public DocumentCommand {
public:
    AddState(document::Document* document, model::StateKind kind, const std::string& parentId,
             const std::string& stateId = {}, std::optional<model::Rect> rect = std::nullopt);
    const std::string& stateId() const { return m_state.id; }
    void redo() override;
    void undo() override;

private:
    model::State m_state;
    std::optional<model::Rect> m_rect;
    bool m_done = false;
    std::size_t m_index = 0;
    std::optional<model::Rect> m_oldRect;
    std::optional<std::string> m_oldInitial; // set when redo chose the parent's initial
    bool m_parentWasLeaf = false;
};

// Adds a region to a parallel state, or makes a plain state parallel: its children (if
// any) move into a first region that takes over its initial, and a second, empty
// region is added beside it. Regions are stacked top to bottom inside the state's
// rect, which grows to hold them. Refused for final and history states.
class AddParallelRegion : public DocumentCommand {
public:
    AddParallelRegion(document::Document* document, const std::string& stateId);
    static bool canApply(const model::Machine& machine, const std::string& stateId);
    const std::vector<std::string>& regionIds() const { return m_regionIds; }
    void redo() override;
    void undo() override;

private:
    std::string m_stateId;
    bool m_done = false;
    bool m_convert = false; // a plain state becomes parallel
    std::vector<std::string> m_regionIds;
    // What redo changed, to put it back exactly.
    std::vector<std::size_t> m_inserted; // indices, in insertion order
    model::State m_oldState;
    std::vector<std::string> m_movedChildren; // their parent was m_stateId
    std::vector<std::pair<std::string, std::optional<model::Rect>>> m_oldRects;
};

} // namespace swivel::commands
