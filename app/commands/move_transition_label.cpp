#include "commands/move_transition_label.h"

namespace swivel::commands {

MoveTransitionLabel::MoveTransitionLabel(document::Document* document,
                                         const std::string& transitionId, model::Point centre)
    : LayoutChange(document, QStringLiteral("Move Label")), m_transitionId(transitionId),
      m_centre(centre) {}

void MoveTransitionLabel::compute(Entries& before, Entries& after) const {
    if (!machine().findTransition(m_transitionId))
        return;
    const auto& transitions = machine().layout.transitions;
    const auto it = transitions.find(m_transitionId);
    model::EdgeLayout edge = it == transitions.end() ? model::EdgeLayout{} : it->second;
    before.transitions[m_transitionId] =
        it == transitions.end() ? std::nullopt : std::optional<model::EdgeLayout>(edge);
    edge.label = m_centre;
    after.transitions[m_transitionId] = edge;
}

bool MoveTransitionLabel::mergeWith(const QUndoCommand* other) {
    const auto* next = dynamic_cast<const MoveTransitionLabel*>(other);
    if (next == nullptr || next->isObsolete() || next->m_transitionId != m_transitionId)
        return false;
    absorb(*next);
    return true;
}

} // namespace swivel::commands
