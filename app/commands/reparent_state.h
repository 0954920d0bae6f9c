#pragma once
// Nesting: moving a state (with everything below it) under another parent.
// Like every command, each one here is owned by the document's QUndoStack once pushed.

#include <optional>
#include <string>
#include <vector>

#include "commands/document_command.h"

namespace swivel::commands {

// Makes `stateId` the last child of `newParentId` ("" = top level). The subtree moves
// in the states vector so that document order stays valid. The old parent's initial,
// if it was this state, passes to its first remaining child (or is cleared); an empty
// initial of the new parent becomes this state. Layout is untouched: the select tool
// moves the rect first. Refused (not pushed) when the new parent is the state itself,
// lies below it, cannot have children, or already is the parent. Pushed by a drop
// into a compound state.
class ReparentState : public DocumentCommand {
public:
    ReparentState(document::Document* document, const std::string& stateId,
                  const std::string& newParentId);
    static bool canReparent(const model::Machine& machine, const std::string& stateId,
                            const std::string& newParentId);
    void redo() override;
    void undo() override;

private:
    void announceChange();

    std::string m_stateId;
    std::string m_newParent;
    bool m_done = false;
    bool m_applied = false;
    std::string m_oldParent;
    std::vector<std::size_t> m_oldIndices; // of the subtree, ascending
    std::size_t m_newStart = 0;
    std::size_t m_rootOffset = 0;                  // of the state itself in its subtree
    std::optional<std::string> m_oldParentInitial; // set when redo changed it
    std::optional<std::string> m_newParentInitial;
};

} // namespace swivel::commands
