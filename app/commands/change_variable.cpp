#include "commands/change_variable.h"

#include <algorithm>

namespace swivel::commands {

namespace {

document::Change machineChange() {
    return {document::Change::Kind::MachineProperties, {}};
}

} // namespace

ChangeVariable::ChangeVariable(document::Document* document, std::size_t index,
                               const model::Variable& variable)
    : ChangeValue(document, QStringLiteral("Change Variable"), std::vector<std::size_t>{index},
                  variable) {}

bool ChangeVariable::hasElement(const std::size_t& index) const {
    return index < machine().variables.size();
}

model::Variable ChangeVariable::getValue(const std::size_t& index) const {
    const auto& variables = machine().variables;
    return index < variables.size() ? variables[index] : model::Variable{};
}

void ChangeVariable::setValue(const std::size_t& index, const model::Variable& value) const {
    auto& variables = machine().variables;
    if (index < variables.size())
        variables[index] = value;
}

document::Change ChangeVariable::change() const {
    return machineChange();
}

AddVariable::AddVariable(document::Document* document, model::Variable variable,
                         std::optional<std::size_t> index)
    : DocumentCommand(document, QStringLiteral("Add Variable")), m_variable(std::move(variable)),
      m_index(index) {}

void AddVariable::redo() {
    auto& variables = machine().variables;
    m_insertedAt = std::min(m_index.value_or(variables.size()), variables.size());
    variables.insert(variables.begin() + static_cast<std::ptrdiff_t>(m_insertedAt), m_variable);
    announce(machineChange());
}

void AddVariable::undo() {
    auto& variables = machine().variables;
    variables.erase(variables.begin() + static_cast<std::ptrdiff_t>(m_insertedAt));
    announce(machineChange());
}

RemoveVariable::RemoveVariable(document::Document* document, const std::string& name)
    : DocumentCommand(document, QStringLiteral("Delete Variable")), m_name(name) {}

void RemoveVariable::redo() {
    auto& variables = machine().variables;
    m_index.reset();
    for (std::size_t i = 0; i < variables.size(); ++i) {
        if (variables[i].name == m_name) {
            m_index = i;
            break;
        }
    }
    if (!m_index) {
        setObsolete(true); // nothing to remove: not an edit
        return;
    }
    m_variable = variables[*m_index];
    variables.erase(variables.begin() + static_cast<std::ptrdiff_t>(*m_index));
    announce(machineChange());
}

void RemoveVariable::undo() {
    if (!m_index)
        return;
    auto& variables = machine().variables;
    variables.insert(variables.begin() + static_cast<std::ptrdiff_t>(*m_index), m_variable);
    announce(machineChange());
}

} // namespace swivel::commands
