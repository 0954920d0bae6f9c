#include "handler/state_record.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <utility>

#include "statechart/json.h"

namespace handler {
namespace {

using Json = nlohmann::json;

const Json& required(const Json& object, const char* name) {
    const auto found = object.find(name);
    if (found == object.end())
        throw DamagedRecord(std::string("it has no \"") + name + "\"");
    return *found;
}

AppliedMessage appliedFromJson(const Json& json, std::size_t index) {
    const std::string where = "applied[" + std::to_string(index) + "]";
    if (!json.is_object())
        throw DamagedRecord(where + " is not an object");
    const Json& id = required(json, "id");
    const Json& effects = required(json, "effects");
    if (!id.is_string() || !effects.is_array())
        throw DamagedRecord(where + " needs a string \"id\" and an array \"effects\"");
    AppliedMessage message{id.get<std::string>(), {}};
    for (const Json& effect : effects) {
        std::string error;
        std::optional<statechart::Action> action = statechart::actionFromJson(effect, &error);
        if (!action)
            throw DamagedRecord(where + ".effects: " + error);
        message.effects.push_back(std::move(*action));
    }
    return message;
}

} // namespace

const AppliedMessage* StateRecord::findApplied(const std::string& messageId) const {
    const auto found = std::find_if(applied.begin(), applied.end(),
                                    [&](const AppliedMessage& m) { return m.id == messageId; });
    return found == applied.end() ? nullptr : &*found;
}

void StateRecord::remember(AppliedMessage message) {
    applied.push_back(std::move(message));
    if (applied.size() > kAppliedWindow)
        applied.erase(applied.begin(),
                      applied.begin() + static_cast<std::ptrdiff_t>(applied.size() - kAppliedWindow));
}

bool isEffect(const statechart::Action& action) {
    using Kind = statechart::Action::Kind;
    return action.kind == Kind::Send || action.kind == Kind::Call ||
           action.kind == Kind::TimerStart || (action.kind == Kind::Raise && action.delayMs > 0);
}

std::vector<statechart::Action> effectsOf(const std::vector<statechart::Action>& actions) {
    std::vector<statechart::Action> effects;
    std::copy_if(actions.begin(), actions.end(), std::back_inserter(effects), isEffect);
    return effects;
}

Json stateRecordToJson(const StateRecord& record) {
    Json applied = Json::array();
    for (const AppliedMessage& message : record.applied) {
        Json effects = Json::array();
        for (const statechart::Action& effect : message.effects)
            effects.push_back(statechart::actionToJson(effect));
        applied.push_back(Json{{"id", message.id}, {"effects", std::move(effects)}});
    }
    return Json{{"version", record.version}, {"state", record.state}, {"applied", std::move(applied)}};
}

std::string serializeStateRecord(const StateRecord& record) {
    return stateRecordToJson(record).dump();
}

StateRecord parseStateRecord(const std::string& text) {
    try {
        const Json json = Json::parse(text);
        if (!json.is_object())
            throw DamagedRecord("it is not a JSON object");
        StateRecord record;
        const Json& version = required(json, "version");
        if (!version.is_number_unsigned())
            throw DamagedRecord("its \"version\" is not a whole number >= 0");
        record.version = version.get<std::uint64_t>();
        record.state = required(json, "state");
        const Json& applied = required(json, "applied");
        if (!applied.is_array())
            throw DamagedRecord("its \"applied\" is not an array");
        for (std::size_t i = 0; i < applied.size(); ++i)
            record.applied.push_back(appliedFromJson(applied[i], i));
        return record;
    } catch (const DamagedRecord& e) {
        throw DamagedRecord(std::string("the stored record is damaged: ") + e.what());
    } catch (const Json::exception& e) {
        throw DamagedRecord(std::string("the stored record is not JSON: ") + e.what());
    }
}

} // namespace handler
