#include "commands/change_state.h"

namespace swivel::commands {

ChangeStateKind::ChangeStateKind(document::Document* document, std::vector<std::string> stateIds,
                                 model::StateKind kind)
    : ChangeStateMember(document, QStringLiteral("Change State Kind"), std::move(stateIds), kind) {}

ChangeStateInitial::ChangeStateInitial(document::Document* document, const std::string& stateId,
                                       const std::string& initialChild)
    : ChangeStateMember(document, QStringLiteral("Change Initial State"), {stateId}, initialChild) {
}

ChangeStateDescription::ChangeStateDescription(document::Document* document,
                                               std::vector<std::string> stateIds,
                                               const std::string& description)
    : ChangeStateMember(document, QStringLiteral("Change State Description"), std::move(stateIds),
                        description) {}

ChangeStateActions::ChangeStateActions(document::Document* document,
                                       std::vector<std::string> stateIds, Which which,
                                       const std::vector<model::Action>& actions)
    : ChangeValue(document,
                  which == Which::OnEntry ? QStringLiteral("Change Entry Actions")
                                          : QStringLiteral("Change Exit Actions"),
                  std::move(stateIds), actions),
      m_which(which) {}

bool ChangeStateActions::hasElement(const std::string& id) const {
    return machine().findState(id) != nullptr;
}

std::vector<model::Action> ChangeStateActions::getValue(const std::string& id) const {
    const model::State* state = machine().findState(id);
    if (state == nullptr)
        return {};
    return m_which == Which::OnEntry ? state->onEntry : state->onExit;
}

void ChangeStateActions::setValue(const std::string& id,
                                  const std::vector<model::Action>& value) const {
    if (model::State* state = machine().findState(id))
        (m_which == Which::OnEntry ? state->onEntry : state->onExit) = value;
}

document::Change ChangeStateActions::change() const {
    return {document::Change::Kind::StatesChanged, keys()};
}

bool ChangeStateActions::canMergeWith(const ChangeValue& other) const {
    return static_cast<const ChangeStateActions&>(other).m_which == m_which;
}

} // namespace swivel::commands
