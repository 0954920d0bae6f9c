#pragma once
// The MachineModel of a generated machine: its tables run by the statechart runtime,
// with states in the JSON form of statechart/json.h (the form Swivel's emulator uses).

#include "handler/machine_model.h"
#include "statechart/statechart.h"

namespace handler {

class StatechartMachine : public MachineModel {
public:
    explicit StatechartMachine(const statechart::MachineTables& tables);

    nlohmann::json initialState() const override;
    StepOutcome step(const nlohmann::json& state, const statechart::Event& event) const override;
    std::vector<std::string> configuration(const nlohmann::json& state) const override;

private:
    statechart::Configuration readState(const nlohmann::json& state) const;

    const statechart::MachineTables& m_tables;
    nlohmann::json m_initialState;  // start() is deterministic: computed once
};

} // namespace handler
