#pragma once
// The JSON form of what step() reads and writes, with ids instead of indices: the
// record a stateless handler keeps in the versioned store, what the CLI prints and
// what generated handlers exchange. Indices depend on the compiled machine; ids do
// not, so a record survives recompiling an unchanged machine.
//
//   {"configuration": ["Swivel"],              active atomic states, document order
//    "active": ["Busy", "Swivel"],             all active states, document order
//    "variables": {"lastUID": ""},
//    "history": {"Hist": ["Swivel"]},          recorded history, by history state
//    "timers": [{"transition": "t2", "token": 3}],
//    "nextTimerToken": 4,
//    "finished": false}

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "semantics.h"

namespace swivel::model {

nlohmann::json configurationToJson(const CompiledMachine& machine,
                                   const Configuration& configuration);

// Accepts what configurationToJson writes; "active" may be left out (then it is
// "configuration" plus ancestors), and so may every other field but those two
// (defaults: initial variable values, no history, no timers, token 1, not finished).
// Any other JSON, or a configuration the machine cannot be in, gives nullopt + error.
std::optional<Configuration> configurationFromJson(const CompiledMachine& machine,
                                                   const nlohmann::json& json,
                                                   std::string* error = nullptr);

// {"kind": "send", "command": "Swivel", "args": {"Bearing": 90}} and so on for
// assign, raise, log, call, timerStart, timerCancel and error.
nlohmann::json actionToJson(const EmittedAction& action);
std::optional<EmittedAction> actionFromJson(const nlohmann::json& json,
                                            std::string* error = nullptr);

// {"event": "Motion", "tags": {"Bearing": 90}}. Tags come back sorted by name.
nlohmann::json eventToJson(const Event& event);
std::optional<Event> eventFromJson(const nlohmann::json& json, std::string* error = nullptr);
// An event from its name and a JSON object of scalar tags (null: no tags).
std::optional<Event> eventFromJson(std::string_view name, const nlohmann::json& tags,
                                   std::string* error = nullptr);
// The command-line form: `Motion` or `Motion={"Bearing":90}`.
std::optional<Event> parseEventSpec(std::string_view spec, std::string* error = nullptr);

// The event a host delivers when the timer of a TimerStart action expires.
Event timerEvent(std::string_view transitionId, std::uint64_t token);

} // namespace swivel::model
