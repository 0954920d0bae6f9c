#pragma once
// Property edits of the machine itself, announced as MachineProperties (variables:
// change_variable.h). The machine is a single element: its key is "".
// Like every command, each one here is owned by the document's QUndoStack once pushed.

#include <string>

#include "commands/change_value.h"

namespace swivel::commands {

// A ChangeValue of one data member of model::Machine (one class per member).
template <class Value, Value model::Machine::*Member>
class ChangeMachineMember : public ChangeValue<Value> {
public:
    ChangeMachineMember(document::Document* document, const QString& text, const Value& value)
        : ChangeValue<Value>(document, text, std::vector<std::string>{std::string()}, value) {}

protected:
    bool hasElement(const std::string&) const override { return true; }
    Value getValue(const std::string&) const override { return this->machine().*Member; }
    void setValue(const std::string&, const Value& value) const override {
        this->machine().*Member = value;
    }
    document::Change change() const override {
        return {document::Change::Kind::MachineProperties, {}};
    }
};

// The inspector's machine name field.
class ChangeMachineName : public ChangeMachineMember<std::string, &model::Machine::name> {
public:
    ChangeMachineName(document::Document* document, const std::string& name);
};

class ChangeMachineDescription
    : public ChangeMachineMember<std::string, &model::Machine::description> {
public:
    ChangeMachineDescription(document::Document* document, const std::string& description);
};

// The catalog's "use this device type" and the inspector's device box.
class ChangeDeviceType : public ChangeMachineMember<std::string, &model::Machine::deviceType> {
public:
    ChangeDeviceType(document::Document* document, const std::string& deviceType);
};

// The top-level state the machine starts in.
class ChangeMachineInitial : public ChangeMachineMember<std::string, &model::Machine::initial> {
public:
    ChangeMachineInitial(document::Document* document, const std::string& initial);
};

} // namespace swivel::commands
