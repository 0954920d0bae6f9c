#pragma once
// The JSON forms of values, configurations, actions and events: the very forms
// Swivel writes (its model/state_record.h), so that a record or an action list can
// be compared with what the emulator recorded.
//
//   configuration: {"configuration": ["Swivel"], "active": ["Busy", "Swivel"],
//                   "variables": {"lastUID": ""}, "history": {"Hist": ["Swivel"]},
//                   "timers": [{"transition": "t2", "token": 3}], "nextTimerToken": 4,
//                   "finished": false}
//   action:        {"kind": "send", "command": "Swivel", "args": {"Bearing": 90}}, and
//                  assign, raise, log, call, timerStart, timerCancel, error

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "statechart/statechart.h"

namespace statechart {

nlohmann::json toJson(const Value& value);
// The best type for a JSON scalar (bool, int, double, string); nullopt otherwise.
std::optional<Value> valueFromJson(const nlohmann::json& json);

nlohmann::json configurationToJson(const MachineTables& machine, const Configuration& configuration);
// Accepts what configurationToJson writes; nullopt and `error` for anything else,
// including a configuration the machine cannot be in.
std::optional<Configuration> configurationFromJson(const MachineTables& machine,
                                                   const nlohmann::json& json, std::string* error);

nlohmann::json actionToJson(const Action& action);
std::optional<Action> actionFromJson(const nlohmann::json& json, std::string* error);

// An event from its name and a JSON object of scalar tags (null: no tags); tags come
// out sorted by name.
std::optional<Event> eventFromJson(std::string_view name, const nlohmann::json& tags,
                                   std::string* error);

// The active atomic states' ids, document order.
std::vector<std::string> activeAtomicStates(const MachineTables& machine,
                                            const Configuration& configuration);

} // namespace statechart
