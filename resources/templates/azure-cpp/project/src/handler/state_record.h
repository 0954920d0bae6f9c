#pragma once
// What the handler stores for each device, as JSON:
//
//   {"version": 4,
//    "state": <the machine's state: statechart/json.h's configuration form>,
//    "applied": [{"id": "<message id>", "effects": [<action>, ...]}, ...]}
//
// "applied" lists the last kAppliedWindow messages applied, oldest first, each with
// the effects it caused, so that a redelivered message gets the same commands again
// without a second transition. Effects are what leaves the machine: sends, service
// calls, timers started and delayed raises (exactly what Swivel's emulator keeps).
// No record at all means version 0 in the machine's initial state.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "statechart/statechart.h"

namespace handler {

// Swivel's emulator remembers as many (StoreRecord::kRecentEvents).
inline constexpr std::size_t kAppliedWindow = 8;

struct AppliedMessage {
    std::string id;
    std::vector<statechart::Action> effects;
};

// A stored record that is not one this handler writes. Retrying does not repair it.
class DamagedRecord : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct StateRecord {
    std::uint64_t version = 0;
    nlohmann::json state;
    std::vector<AppliedMessage> applied;  // oldest first

    // The applied message with this id, or null.
    const AppliedMessage* findApplied(const std::string& messageId) const;
    // Adds a message applied now, forgetting the oldest beyond kAppliedWindow.
    void remember(AppliedMessage message);
};

bool isEffect(const statechart::Action& action);
std::vector<statechart::Action> effectsOf(const std::vector<statechart::Action>& actions);

nlohmann::json stateRecordToJson(const StateRecord& record);
std::string serializeStateRecord(const StateRecord& record);
// Throws DamagedRecord, saying what is wrong, for anything stateRecordToJson does not write.
StateRecord parseStateRecord(const std::string& text);

} // namespace handler
