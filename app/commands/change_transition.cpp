#include "commands/change_transition.h"

namespace swivel::commands {

ChangeTransitionEvent::ChangeTransitionEvent(document::Document* document,
                                             std::vector<std::string> transitionIds,
                                             const std::string& event)
    : ChangeTransitionMember(document, QStringLiteral("Change Event"), std::move(transitionIds),
                             event) {}

ChangeTransitionGuard::ChangeTransitionGuard(document::Document* document,
                                             std::vector<std::string> transitionIds,
                                             const std::string& guard)
    : ChangeTransitionMember(document, QStringLiteral("Change Guard"), std::move(transitionIds),
                             model::ExpressionText{guard}) {}

ChangeTransitionActions::ChangeTransitionActions(document::Document* document,
                                                 std::vector<std::string> transitionIds,
                                                 const std::vector<model::Action>& actions)
    : ChangeTransitionMember(document, QStringLiteral("Change Transition Actions"),
                             std::move(transitionIds), actions) {}

ChangeTransitionType::ChangeTransitionType(document::Document* document,
                                           std::vector<std::string> transitionIds,
                                           model::TransitionType type)
    : ChangeTransitionMember(document, QStringLiteral("Change Transition Type"),
                             std::move(transitionIds), type) {}

ChangeTransitionAfter::ChangeTransitionAfter(document::Document* document,
                                             std::vector<std::string> transitionIds,
                                             std::optional<std::int64_t> afterMs)
    : ChangeTransitionMember(document, QStringLiteral("Change Timer"), std::move(transitionIds),
                             afterMs) {}

} // namespace swivel::commands
