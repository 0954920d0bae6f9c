#pragma once
// Property edits of transitions, all ChangeValue commands keyed by transition id and
// announced as TransitionsChanged. Reconnecting an end is in reconnect_transition.h.
// Like every command, each one here is owned by the document's QUndoStack once pushed.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "commands/change_value.h"

namespace swivel::commands {

// A ChangeValue of one data member of model::Transition (one class per member, so
// edits merge only with edits of the same member).
template <class Value, Value model::Transition::*Member>
class ChangeTransitionMember : public ChangeValue<Value> {
public:
    using ChangeValue<Value>::ChangeValue;

protected:
    bool hasElement(const std::string& id) const override {
        return this->machine().findTransition(id) != nullptr;
    }
    Value getValue(const std::string& id) const override {
        const auto& transitions = this->machine().transitions;
        for (const model::Transition& transition : transitions)
            if (transition.id == id)
                return transition.*Member;
        return Value{};
    }
    void setValue(const std::string& id, const Value& value) const override {
        for (model::Transition& transition : this->machine().transitions) {
            if (transition.id == id) {
                transition.*Member = value;
                return; // the one getValue() read, even if a broken file repeats the id
            }
        }
    }
    document::Change change() const override {
        return {document::Change::Kind::TransitionsChanged, this->keys()};
    }
};

// The inspector's event field (with completion from the device type's events).
class ChangeTransitionEvent
    : public ChangeTransitionMember<std::string, &model::Transition::event> {
public:
    ChangeTransitionEvent(document::Document* document, std::vector<std::string> transitionIds,
                          const std::string& event);
};

// The inspector's guard field, pushed as the guard is typed.
class ChangeTransitionGuard
    : public ChangeTransitionMember<model::ExpressionText, &model::Transition::guard> {
public:
    ChangeTransitionGuard(document::Document* document, std::vector<std::string> transitionIds,
                          const std::string& guard);
};

// The inspector's action list of a transition.
class ChangeTransitionActions
    : public ChangeTransitionMember<std::vector<model::Action>, &model::Transition::actions> {
public:
    ChangeTransitionActions(document::Document* document, std::vector<std::string> transitionIds,
                            const std::vector<model::Action>& actions);
};

// External or internal.
class ChangeTransitionType
    : public ChangeTransitionMember<model::TransitionType, &model::Transition::type> {
public:
    ChangeTransitionType(document::Document* document, std::vector<std::string> transitionIds,
                         model::TransitionType type);
};

// The timer of an `after` transition; nullopt makes it an event transition again.
class ChangeTransitionAfter
    : public ChangeTransitionMember<std::optional<std::int64_t>, &model::Transition::afterMs> {
public:
    ChangeTransitionAfter(document::Document* document, std::vector<std::string> transitionIds,
                          std::optional<std::int64_t> afterMs);
};

} // namespace swivel::commands
