#include "handler/invocation.h"

#include <exception>
#include <utility>

#include "handler/device_message.h"
#include "handler/state_record.h"
#include "statechart/json.h"

namespace handler {
namespace {

using Json = nlohmann::json;

InvocationAnswer failure(int status, std::string problem) {
    return InvocationAnswer{status, Json{{"Logs", Json::array({problem})}}, std::move(problem)};
}

Json actionsToJson(const std::vector<statechart::Action>& actions) {
    Json json = Json::array();
    for (const statechart::Action& action : actions)
        json.push_back(statechart::actionToJson(action));
    return json;
}

InvocationAnswer success(const Delivery& delivery, const HandlerResult& result,
                         const BindingNames& bindings) {
    Json commands = Json::array();
    for (const statechart::Action& effect : result.effects) {
        if (effect.kind == statechart::Action::Kind::Send)
            commands.push_back(commandJson(delivery.deviceId, effect, delivery.messageId));
    }
    Json returnValue{{"deviceId", delivery.deviceId},
                     {"messageId", delivery.messageId},
                     {"outcome", outcomeName(result.outcome)},
                     {"version", result.version},
                     {"configuration", result.configuration},
                     {"effects", actionsToJson(result.effects)},
                     {"attempts", result.attempts},
                     {"conflicts", result.conflicts}};
    return InvocationAnswer{200,
                            Json{{"Outputs", Json{{bindings.commands, std::move(commands)}}},
                                 {"Logs", result.logs},
                                 {"ReturnValue", std::move(returnValue)}},
                            {}};
}

} // namespace

InvocationAnswer answerInvocation(std::string_view requestBody, const BindingNames& bindings,
                                  const MachineModel& machine, store::StateStore& store,
                                  const HandlerOptions& options) {
    Delivery delivery;
    try {
        delivery = parseInvocation(requestBody, bindings.trigger);
    } catch (const BadRequest& e) {
        return failure(400, std::string("bad request: ") + e.what());
    }
    try {
        HandlerResult result = Handler(machine, store, options).handle(delivery);
        if (result.outcome == Outcome::ConflictsExhausted) {
            InvocationAnswer answer = failure(503, result.logs.back());
            answer.body["Logs"] = result.logs;
            return answer;
        }
        return success(delivery, result, bindings);
    } catch (const store::StoreError& e) {
        return failure(503, "the state store failed: " + std::string(e.what()));
    } catch (const DamagedRecord& e) {
        return failure(500, "device " + Json(delivery.deviceId).dump() + ": " + e.what());
    } catch (const std::exception& e) {
        return failure(500, "device " + Json(delivery.deviceId).dump() + ", message " +
                                Json(delivery.messageId).dump() + ": " + e.what());
    }
}

} // namespace handler
