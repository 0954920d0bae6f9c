#pragma once
// Dragging an end of a transition to another state.
// Like every command, each one here is owned by the document's QUndoStack once pushed.

#include <optional>
#include <string>

#include "commands/document_command.h"

namespace swivel::commands {

// Moves the source, or one target, of a transition to `stateId`; a target index past
// the last target adds a target (so a targetless transition gets one). The route and
// label were drawn for the old ends, so the transition's layout entry is dropped and
// the canvas routes it afresh. Refused (not pushed) when nothing would change or
// `stateId` is no state. Pushed by the select tool's end handles.
class ReconnectTransition : public DocumentCommand {
public:
    enum class End { Source, Target };
    ReconnectTransition(document::Document* document, const std::string& transitionId, End end,
                        const std::string& stateId, std::size_t targetIndex = 0);
    void redo() override;
    void undo() override;

private:
    std::string m_transitionId;
    End m_end;
    std::string m_stateId;
    std::size_t m_targetIndex;
    bool m_done = false;
    bool m_applied = false;
    std::size_t m_index = 0;
    model::Transition m_old;
    std::optional<model::EdgeLayout> m_oldEdge;
};

} // namespace swivel::commands
