#pragma once
// One mouse gesture on the canvas as one undo step: a drag that moves states and then
// nests them in the container it drops on, a resize, a label drag. The canvas follows
// the model while the mouse moves, so each step is applied at once, outside the undo
// stack; consecutive steps that merge (the moves of one drag) are kept as one. At the
// drop the whole gesture is pushed, and its first redo does nothing (it is done), or
// the gesture is reverted (Escape) and never reaches the stack.
// Owned by its creator until pushed, then by the document's QUndoStack.

#include <memory>
#include <vector>

#include <QUndoCommand>

namespace swivel::commands {

class CanvasGesture : public QUndoCommand {
public:
    explicit CanvasGesture(const QString& text);
    ~CanvasGesture() override;

    // Applies `step` (redo) and keeps it; merged into the previous step when that one
    // accepts it (mergeWith, whatever the ids: a gesture's steps are one edit), dropped
    // when it changes nothing.
    void apply(std::unique_ptr<QUndoCommand> step);
    // Undoes every step applied so far, newest first, and forgets them.
    void revert();
    bool isEmpty() const { return m_steps.empty(); }
    std::size_t stepCount() const { return m_steps.size(); }

    void redo() override;
    void undo() override;

private:
    std::vector<std::unique_ptr<QUndoCommand>> m_steps;
    bool m_live = true;  // the steps are applied: the push's redo has nothing to do
};

} // namespace swivel::commands
