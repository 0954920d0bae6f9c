#include "commands/canvas_gesture.h"

namespace swivel::commands {

CanvasGesture::CanvasGesture(const QString& text) : QUndoCommand(text) {}

CanvasGesture::~CanvasGesture() = default;

void CanvasGesture::apply(std::unique_ptr<QUndoCommand> step) {
    step->redo();
    if (!m_steps.empty()) {
        QUndoCommand* last = m_steps.back().get();
        if (last->mergeWith(step.get())) {
            if (last->isObsolete())  // back where it started: nothing left to undo
                m_steps.pop_back();
            return;
        }
    }
    if (!step->isObsolete())
        m_steps.push_back(std::move(step));
}

void CanvasGesture::revert() {
    for (auto it = m_steps.rbegin(); it != m_steps.rend(); ++it)
        (*it)->undo();
    m_steps.clear();
}

void CanvasGesture::redo() {
    if (m_live) {
        m_live = false;
        return;
    }
    for (const auto& step : m_steps)
        step->redo();
}

void CanvasGesture::undo() {
    for (auto it = m_steps.rbegin(); it != m_steps.rend(); ++it)
        (*it)->undo();
}

} // namespace swivel::commands
