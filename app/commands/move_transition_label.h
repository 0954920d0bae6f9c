#pragma once
// Dragging a transition's label: its centre is stored in the transition's layout entry
// (EdgeLayout::label) and kept until the next Arrange. Announced as LayoutChanged.
// Like every command, each one here is owned by the document's QUndoStack once pushed.

#include <string>

#include "commands/layout_change.h"

namespace swivel::commands {

// Puts the label of `transitionId` at `centre` (scene coordinates); the route stays.
// Consecutive moves of the same label merge (inside a CanvasGesture: one label drag).
class MoveTransitionLabel : public LayoutChange {
public:
    MoveTransitionLabel(document::Document* document, const std::string& transitionId,
                        model::Point centre);
    bool mergeWith(const QUndoCommand* other) override;

protected:
    void compute(Entries& before, Entries& after) const override;

private:
    std::string m_transitionId;
    model::Point m_centre;
};

} // namespace swivel::commands
