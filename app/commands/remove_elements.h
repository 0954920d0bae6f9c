#pragma once
// Deleting: states with everything below them, the transitions that touch them, and
// explicitly chosen transitions, in one undo step.
// Like every command, each one here is owned by the document's QUndoStack once pushed.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "commands/document_command.h"

namespace swivel::commands {

// Removes `stateIds` with all their descendants, every transition from or to any of
// them, the transitions `transitionIds`, and their layout entries. An `initial` (of a
// remaining state or of the machine) that named a removed state is cleared. Undo puts
// every element back at its exact index. Pushed by Delete and Cut.
class RemoveElements : public DocumentCommand {
public:
    RemoveElements(document::Document* document, std::vector<std::string> stateIds,
                   std::vector<std::string> transitionIds);
    void redo() override;
    void undo() override;

private:
    std::vector<std::string> m_stateIds;
    std::vector<std::string> m_transitionIds;
    bool m_done = false;
    // What the last redo removed, by ascending index.
    std::vector<std::pair<std::size_t, model::State>> m_states;
    std::vector<std::pair<std::size_t, model::Transition>> m_transitions;
    std::vector<std::pair<std::string, model::Rect>> m_rects;
    std::vector<std::pair<std::string, model::EdgeLayout>> m_edges;
    std::vector<std::pair<std::size_t, std::string>> m_clearedInitials; // index, old value
    std::optional<std::string> m_clearedMachineInitial;
    std::vector<std::string> m_changedStates; // remaining states whose drawing changes
};

// Deletes one transition (the inspector's and the canvas's delete on an arrow).
class RemoveTransition : public RemoveElements {
public:
    RemoveTransition(document::Document* document, const std::string& transitionId)
        : RemoveElements(document, {}, {transitionId}) {}
};

} // namespace swivel::commands
