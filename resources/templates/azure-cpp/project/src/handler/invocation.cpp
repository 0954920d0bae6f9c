#include "handler/invocation.h"

#include <cctype>
#include <exception>
#include <utility>

#include "handler/device_message.h"
#include "handler/log_text.h"
#include "handler/state_record.h"
#include "statechart/json.h"

namespace handler {
namespace {

using Json = nlohmann::json;

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

std::string lowercase(std::string_view text) {
    std::string out;
    for (char c : text)
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

} // namespace

InvocationAnswer refusal(int status, std::string_view problem) {
    std::string line = logText(problem);
    return InvocationAnswer{status, Json{{"Logs", Json::array({line})}}, std::move(line)};
}

bool isJsonContentType(std::string_view contentType) {
    // "type/subtype; parameters", case-insensitive (RFC 9110, 8.3.1).
    const std::string mediaType = lowercase(trimmed(contentType.substr(0, contentType.find(';'))));
    return mediaType.empty() || mediaType == "application/json" ||
           (mediaType.find('/') != std::string::npos && mediaType.ends_with("+json"));
}

InvocationAnswer answerInvocation(std::string_view requestBody, const BindingNames& bindings,
                                  const MachineModel& machine, store::StateStore& store,
                                  const HandlerOptions& options) {
    Delivery delivery;
    try {
        delivery = parseInvocation(requestBody, bindings.trigger);
    } catch (const BadRequest& e) {
        return refusal(400, std::string("bad request: ") + e.what());
    } catch (const std::exception& e) {
        // A request the parser should have refused with BadRequest: a bug, not the
        // sender's fault (out of memory, say). 500, still with a body and a log line.
        return refusal(500, std::string("cannot read the request: ") + e.what());
    }
    try {
        HandlerResult result = Handler(machine, store, options).handle(delivery);
        if (result.outcome == Outcome::ConflictsExhausted) {
            InvocationAnswer answer = refusal(503, result.logs.back());
            answer.body["Logs"] = result.logs;
            return answer;
        }
        return success(delivery, result, bindings);
    } catch (const store::StoreError& e) {
        return refusal(503, "the state store failed: " + std::string(e.what()));
    } catch (const DamagedRecord& e) {
        return refusal(500, "device " + Json(delivery.deviceId).dump() + ": " + e.what());
    } catch (const std::exception& e) {
        return refusal(500, "device " + Json(delivery.deviceId).dump() + ", message " +
                                Json(delivery.messageId).dump() + ": " + e.what());
    }
}

} // namespace handler
