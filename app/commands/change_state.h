#pragma once
// Property edits of states, all ChangeValue commands keyed by state id and announced
// as StatesChanged. Renaming a state is not here: an id is referenced all over the
// machine (see change_state_id.h).
// Like every command, each one here is owned by the document's QUndoStack once pushed.

#include <string>
#include <vector>

#include "commands/change_value.h"

namespace swivel::commands {

// A ChangeValue of one data member of model::State; each instance is its own class,
// so edits merge only with edits of the same member.
template <class Value, Value model::State::*Member>
class ChangeStateMember : public ChangeValue<Value> {
public:
    using ChangeValue<Value>::ChangeValue;

protected:
    bool hasElement(const std::string& id) const override {
        return this->machine().findState(id) != nullptr;
    }
    Value getValue(const std::string& id) const override {
        const model::State* state = this->machine().findState(id);
        return state != nullptr ? state->*Member : Value{};
    }
    void setValue(const std::string& id, const Value& value) const override {
        if (model::State* state = this->machine().findState(id))
            state->*Member = value;
    }
    document::Change change() const override {
        return {document::Change::Kind::StatesChanged, this->keys()};
    }
};

// Pushed by the inspector's kind box. Only the kind changes: a parallel state made
// plain keeps no initial, which validation then reports.
class ChangeStateKind : public ChangeStateMember<model::StateKind, &model::State::kind> {
public:
    ChangeStateKind(document::Document* document, std::vector<std::string> stateIds,
                    model::StateKind kind);
};

// Pushed by the inspector and the "set as initial" action: which child a compound
// state enters first.
class ChangeStateInitial : public ChangeStateMember<std::string, &model::State::initial> {
public:
    ChangeStateInitial(document::Document* document, const std::string& stateId,
                       const std::string& initialChild);
};

// Pushed by the inspector while the description is typed.
class ChangeStateDescription : public ChangeStateMember<std::string, &model::State::description> {
public:
    ChangeStateDescription(document::Document* document, std::vector<std::string> stateIds,
                           const std::string& description);
};

// Pushed by the inspector's action lists: the entry or the exit actions of states.
class ChangeStateActions : public ChangeValue<std::vector<model::Action>> {
public:
    enum class Which { OnEntry, OnExit };
    ChangeStateActions(document::Document* document, std::vector<std::string> stateIds, Which which,
                       const std::vector<model::Action>& actions);

protected:
    bool hasElement(const std::string& id) const override;
    std::vector<model::Action> getValue(const std::string& id) const override;
    void setValue(const std::string& id, const std::vector<model::Action>& value) const override;
    document::Change change() const override;
    bool canMergeWith(const ChangeValue& other) const override;

private:
    Which m_which;
};

} // namespace swivel::commands
