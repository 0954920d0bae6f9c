#include "handler/device_message.h"

#include <cstdint>
#include <optional>
#include <utility>

#include "statechart/json.h"

namespace handler {
namespace {

using Json = nlohmann::json;

// IoT Hub allows 128 characters in device and message ids; a little room beyond
// that, but no more: every applied message id is kept in the device's record.
constexpr std::size_t kMaxIdBytes = 256;

struct TooDeep {};

// The parser's message quotes the token it stopped in, which may be most of the
// body: kept short, and without control characters, for the logs.
std::string shortened(std::string_view message) {
    constexpr std::size_t kMaxBytes = 200;
    std::string out;
    for (char c : message.substr(0, kMaxBytes))
        out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
    if (message.size() > kMaxBytes)
        out += "...";
    return out;
}

std::string jsonQuoted(std::string_view text) {
    return Json(std::string(text)).dump();
}

const Json* member(const Json& object, std::string_view name) {
    if (!object.is_object())
        return nullptr;
    const auto found = object.find(name);
    return found == object.end() ? nullptr : &*found;
}

// A value that may arrive as itself or as a string holding its JSON text.
Json unwrapQuoted(const Json& value, std::string_view what) {
    if (value.is_string())
        return parseBoundedJson(value.get_ref<const std::string&>(), what);
    return value;
}

// A non-empty id, as a string or a whole number (ids some senders write unquoted).
std::optional<std::string> idFrom(const Json& value, std::string_view what) {
    std::string id;
    if (value.is_string())
        id = value.get<std::string>();
    else if (value.is_number_unsigned())
        id = std::to_string(value.get<std::uint64_t>());
    else if (value.is_number_integer())
        id = std::to_string(value.get<std::int64_t>());
    else if (value.is_null())
        return std::nullopt;
    else
        throw BadRequest(std::string(what) + " is a " + value.type_name() +
                         ", not a string");
    if (id.empty())
        return std::nullopt;
    if (id.size() > kMaxIdBytes)
        throw BadRequest(std::string(what) + " is " + std::to_string(id.size()) +
                         " bytes long, more than the " + std::to_string(kMaxIdBytes) + " allowed");
    return id;
}

const Json* systemProperties(const Json& request, Json& unwrapped) {
    const Json* metadata = member(request, "Metadata");
    if (!metadata)
        return nullptr;
    // The host names trigger metadata as the binding does ("SystemProperties"); some
    // language workers show it camel-cased, so both are accepted.
    const Json* properties = member(*metadata, "SystemProperties");
    if (!properties)
        properties = member(*metadata, "systemProperties");
    if (!properties)
        return nullptr;
    unwrapped = unwrapQuoted(*properties, "Metadata.SystemProperties");
    return unwrapped.is_object() ? &unwrapped : nullptr;
}

statechart::Event eventFrom(const Json& message) {
    const Json* name = member(message, "event");
    if (!name)
        throw BadRequest("the device message has no \"event\"");
    if (!name->is_string() || name->get_ref<const std::string&>().empty())
        throw BadRequest("the device message's \"event\" is not a non-empty string");
    const Json* tags = member(message, "tags");
    std::string error;
    std::optional<statechart::Event> event = statechart::eventFromJson(
        name->get_ref<const std::string&>(), tags ? *tags : Json(), &error);
    if (!event)
        throw BadRequest("the device message's event " + jsonQuoted(name->get_ref<const std::string&>()) +
                         ": " + error);
    return std::move(*event);
}

} // namespace

Json parseBoundedJson(std::string_view text, std::string_view what) {
    if (text.size() > kMaxRequestBytes)
        throw BadRequest(std::string(what) + " is " + std::to_string(text.size()) +
                         " bytes, more than the " + std::to_string(kMaxRequestBytes) + " allowed");
    // The parser itself does not recurse, but much of what walks a JSON value does:
    // refuse deep nesting while parsing, before such a value exists.
    const auto limitDepth = [](int depth, Json::parse_event_t event, Json&) {
        if ((event == Json::parse_event_t::object_start ||
             event == Json::parse_event_t::array_start) &&
            depth >= kMaxJsonDepth)
            throw TooDeep{};
        return true;
    };
    try {
        return Json::parse(text.begin(), text.end(), limitDepth);
    } catch (const TooDeep&) {
        throw BadRequest(std::string(what) + " nests JSON more than " +
                         std::to_string(kMaxJsonDepth) + " levels deep");
    } catch (const Json::exception& e) {
        // Also what invalid UTF-8 in a string gives.
        throw BadRequest(std::string(what) + " is not valid JSON: " + shortened(e.what()));
    }
}

Delivery parseInvocation(std::string_view body, std::string_view triggerBinding) {
    const Json request = parseBoundedJson(body, "the request body");
    if (!request.is_object())
        throw BadRequest("the request body is not a JSON object with \"Data\" and \"Metadata\"");
    const Json* data = member(request, "Data");
    if (!data || !data->is_object())
        throw BadRequest("the request body has no \"Data\" object");
    const Json* payload = member(*data, triggerBinding);
    if (!payload)
        throw BadRequest("\"Data\" has no " + jsonQuoted(triggerBinding) +
                         " (the trigger binding's name in function.json)");
    const Json message = unwrapQuoted(*payload, "the device message");
    if (!message.is_object())
        throw BadRequest("the device message is a " + std::string(message.type_name()) +
                         ", not a JSON object like {\"event\": \"Motion\", \"id\": \"...\"}");

    Delivery delivery;
    delivery.event = eventFrom(message);

    Json unwrappedProperties;
    const Json* properties = systemProperties(request, unwrappedProperties);
    const Json* deviceId = properties ? member(*properties, "iothub-connection-device-id") : nullptr;
    std::optional<std::string> device =
        deviceId ? idFrom(*deviceId, "SystemProperties[\"iothub-connection-device-id\"]")
                 : std::nullopt;
    if (!device)
        throw BadRequest("Metadata.SystemProperties has no \"iothub-connection-device-id\" "
                         "(IoT Hub sets it on every device-to-cloud message)");
    delivery.deviceId = std::move(*device);

    std::optional<std::string> id;
    if (const Json* bodyId = member(message, "id"))
        id = idFrom(*bodyId, "the device message's \"id\"");
    if (!id && properties) {
        if (const Json* messageId = member(*properties, "message-id"))
            id = idFrom(*messageId, "SystemProperties[\"message-id\"]");
    }
    if (!id)
        throw BadRequest("the device message has no \"id\" and Metadata.SystemProperties no "
                         "\"message-id\": without one, a redelivered message would be applied twice");
    delivery.messageId = std::move(*id);
    return delivery;
}

Json commandJson(const std::string& deviceId, const statechart::Action& send,
                 const std::string& messageId) {
    Json args = Json::object();
    for (const statechart::Tag& arg : send.args)
        args[arg.name] = statechart::toJson(arg.value);
    return Json{{"deviceId", send.target.empty() ? deviceId : send.target},
                {"command", send.name},
                {"args", std::move(args)},
                {"causedBy", messageId}};
}

} // namespace handler
