#pragma once
// The machine's variables: add, remove, edit. Announced as MachineProperties (the
// variables are part of the machine's properties in the inspector).
// Like every command, each one here is owned by the document's QUndoStack once pushed.

#include <cstddef>
#include <optional>
#include <string>

#include "commands/change_value.h"

namespace swivel::commands {

// Edits the variable at `index` (name, type and initial value together): keyed by
// position because the name itself may be what changes. Pushed by the inspector.
class ChangeVariable : public ChangeValue<model::Variable, std::size_t> {
public:
    ChangeVariable(document::Document* document, std::size_t index,
                   const model::Variable& variable);

protected:
    bool hasElement(const std::size_t& index) const override;
    model::Variable getValue(const std::size_t& index) const override;
    void setValue(const std::size_t& index, const model::Variable& value) const override;
    document::Change change() const override;
};

// Appends a variable (or inserts it at `index`). Pushed by the inspector.
class AddVariable : public DocumentCommand {
public:
    AddVariable(document::Document* document, model::Variable variable,
                std::optional<std::size_t> index = std::nullopt);
    void redo() override;
    void undo() override;

private:
    model::Variable m_variable;
    std::optional<std::size_t> m_index;
    std::size_t m_insertedAt = 0;
};

// Removes the variable named `name`; undo puts it back at its place. Expressions that
// use it are left alone: validation reports them.
class RemoveVariable : public DocumentCommand {
public:
    RemoveVariable(document::Document* document, const std::string& name);
    void redo() override;
    void undo() override;

private:
    std::string m_name;
    std::optional<std::size_t> m_index; // set while removed
    model::Variable m_variable;
};

} // namespace swivel::commands
