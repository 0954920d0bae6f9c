#include "handler/statechart_machine.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "statechart/json.h"

namespace handler {

StatechartMachine::StatechartMachine(const statechart::MachineTables& tables)
    : m_tables(tables),
      m_initialState(statechart::configurationToJson(tables, statechart::start(tables).configuration)) {}

nlohmann::json StatechartMachine::initialState() const {
    return m_initialState;
}

statechart::Configuration StatechartMachine::readState(const nlohmann::json& state) const {
    std::string error;
    std::optional<statechart::Configuration> configuration =
        statechart::configurationFromJson(m_tables, state, &error);
    if (!configuration)
        throw std::runtime_error("the stored state is not a state of machine " +
                                 std::string(m_tables.name) + ": " + error);
    return std::move(*configuration);
}

StepOutcome StatechartMachine::step(const nlohmann::json& state,
                                    const statechart::Event& event) const {
    statechart::StepResult result = statechart::step(m_tables, readState(state), event);
    StepOutcome outcome;
    outcome.state = statechart::configurationToJson(m_tables, result.configuration);
    outcome.configuration = statechart::activeAtomicStates(m_tables, result.configuration);
    outcome.actions = std::move(result.actions);
    outcome.live = result.live;
    return outcome;
}

std::vector<std::string> StatechartMachine::configuration(const nlohmann::json& state) const {
    return statechart::activeAtomicStates(m_tables, readState(state));
}

} // namespace handler
