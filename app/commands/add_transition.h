#pragma once
// Drawing a new transition.
// Like every command, each one here is owned by the document's QUndoStack once pushed.

#include <optional>
#include <string>
#include <vector>

#include "commands/document_command.h"

namespace swivel::commands {

// Adds a transition from `source` to `targets` (empty: targetless) on `event`. Its id is
// `transitionId` or, when empty, a fresh t<N> (read it with transitionId() to select
// it). It goes after the other transitions of its source, so it has the lowest
// priority among them. Refused (not pushed) when the source or a target is no state or
// the id is taken. Pushed by the add-transition tool.
class AddTransition : public DocumentCommand {
public:
    AddTransition(document::Document* document, const std::string& source,
                  std::vector<std::string> targets, const std::string& event = {},
                  const std::string& transitionId = {});
    const std::string& transitionId() const { return m_transition.id; }
    void redo() override;
    void undo() override;

private:
    model::Transition m_transition;
    bool m_done = false;
    std::size_t m_index = 0;
    std::optional<model::EdgeLayout> m_oldEdge; // a stale entry under the same id
};

} // namespace swivel::commands
