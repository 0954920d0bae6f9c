#pragma once
// The recorder's JSON texts written straight into a reused buffer, without building a
// nlohmann::json tree first: the same bytes as
// `json.dump(-1, ' ', false, error_handler_t::replace)` of model::configurationToJson,
// eventToJson and actionToJson (objects with their keys in sorted order, as nlohmann
// keeps them; numbers as nlohmann prints them; text escaped per RFC 8259, bad UTF-8 as
// U+FFFD). Session reads these texts back with nlohmann, and the tests compare the
// two writers, so the recorder's speed changes nothing in a session file.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/semantics.h"
#include "model/value.h"

namespace swivel::emu::compact_json {

void appendString(std::string& out, std::string_view text);
void appendInteger(std::string& out, std::int64_t value);
void appendInteger(std::string& out, std::uint64_t value);
void appendValue(std::string& out, const model::Value& value);
// {"Bearing":90}: an object of the tags by name (of equal names, the last one).
void appendTags(std::string& out, const std::vector<model::EventTag>& tags);
// {"event":"Motion","tags":{...}}, as model::eventToJson.
void appendEvent(std::string& out, const model::Event& event);
// [{...}, ...], each as model::actionToJson.
void appendActions(std::string& out, const std::vector<model::EmittedAction>& actions);

// The texts that need the machine's ids, with the sorted orders of its names worked
// out once.
class MachineTexts {
public:
    explicit MachineTexts(const model::CompiledMachine& machine);

    // As model::configurationToJson.
    void appendConfiguration(std::string& out, const model::Configuration& configuration) const;
    // ["t1","t4"]: the ids of the transitions taken.
    void appendTransitions(std::string& out, const std::vector<int>& transitions) const;

private:
    void appendTransition(std::string& out, int transition) const;

    const model::CompiledMachine& m_machine;
    std::vector<int> m_statesById;       // state indices in the order of their ids
    std::vector<std::size_t> m_variablesByName;  // declared variables by name (one per name)
    // The JSON strings of the ids and names, made once: a record names a few of them
    // and the recorder writes one per state version.
    std::vector<std::string> m_stateJson, m_transitionJson;  // by index: "\"Idle\""
    std::vector<std::string> m_variableKeyJson;              // by variable: "\"focusTries\":"
};

} // namespace swivel::emu::compact_json
