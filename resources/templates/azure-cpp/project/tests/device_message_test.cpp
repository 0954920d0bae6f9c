// The invocation request parser: the formats it accepts and, above all, that nothing
// a device or a broken host could send makes it crash instead of answering 400.

#include <string>

#include <nlohmann/json.hpp>

#include "check.h"
#include "handler/device_message.h"
#include "statechart/value.h"

namespace {

using handler::BadRequest;
using handler::Delivery;
using handler::parseInvocation;
using Json = nlohmann::json;

constexpr const char* kBinding = "deviceMessage";

Json systemProperties(const std::string& deviceId) {
    return Json{{"iothub-connection-device-id", deviceId},
                {"iothub-enqueuedtime", "2026-11-28T12:00:00Z"},
                {"x-opt-sequence-number", 17}};
}

std::string request(const Json& payload, const Json& properties = systemProperties("cam-1")) {
    return Json{{"Data", {{kBinding, payload}}},
                {"Metadata", {{"SystemProperties", properties}, {"sys", {{"MethodName", "f"}}}}}}
        .dump();
}

const Json kMotion = {{"event", "Motion"}, {"id", "m-1"}, {"tags", {{"Bearing", 90}, {"Area", "north"}}}};

bool rejected(const std::string& body) {
    try {
        parseInvocation(body, kBinding);
    } catch (const BadRequest&) {
        return true;
    } catch (...) {
        return false;  // anything else would be a 500, or worse
    }
    return false;
}

void objectPayload() {
    const Delivery d = parseInvocation(request(kMotion), kBinding);
    CHECK(d.deviceId == "cam-1");
    CHECK(d.messageId == "m-1");
    CHECK(d.event.name == "Motion");
    CHECK(d.event.tags.size() == 2);
    const statechart::Value* bearing = d.event.tag("Bearing");
    CHECK(bearing && std::get<std::int64_t>(*bearing) == 90);
    const statechart::Value* area = d.event.tag("Area");
    CHECK(area && std::get<std::string>(*area) == "north");
}

void quotedPayload() {
    // The host passes a body it does not take for JSON as a string.
    const Delivery d = parseInvocation(request(kMotion.dump()), kBinding);
    CHECK(d.deviceId == "cam-1");
    CHECK(d.messageId == "m-1");
    CHECK(d.event.name == "Motion");
    CHECK(d.event.tags.size() == 2);

    // SystemProperties as a quoted string too.
    const Delivery e = parseInvocation(request(kMotion, systemProperties("cam-2").dump()), kBinding);
    CHECK(e.deviceId == "cam-2");

    // A quoted string that is not JSON, or not an object.
    CHECK(rejected(request("Motion")));
    CHECK(rejected(request("[1, 2]")));
    CHECK(rejected(request("\"Motion\"")));
}

void noTags() {
    const Delivery d = parseInvocation(request(Json{{"event", "Start"}, {"id", "s"}}), kBinding);
    CHECK(d.event.name == "Start");
    CHECK(d.event.tags.empty());
    const Delivery e =
        parseInvocation(request(Json{{"event", "Start"}, {"id", "s"}, {"tags", nullptr}}), kBinding);
    CHECK(e.event.tags.empty());
}

void deviceId() {
    Json noDevice = systemProperties("x");
    noDevice.erase("iothub-connection-device-id");
    CHECK(rejected(request(kMotion, noDevice)));
    CHECK(rejected(request(kMotion, systemProperties(""))));
    CHECK(rejected(Json{{"Data", {{kBinding, kMotion}}}}.dump()));  // no Metadata at all
    CHECK(rejected(Json{{"Data", {{kBinding, kMotion}}}, {"Metadata", {{"SystemProperties", 5}}}}.dump()));
    Json wrongType = systemProperties("x");
    wrongType["iothub-connection-device-id"] = Json::array({"cam-1"});
    CHECK(rejected(request(kMotion, wrongType)));
    // The device id is taken as it is: quotes, slashes, non-ASCII.
    const std::string odd = "cam \"7\"/\\ü";
    CHECK(parseInvocation(request(kMotion, systemProperties(odd)), kBinding).deviceId == odd);
    // camelCase, as some workers show trigger metadata.
    const std::string camel =
        Json{{"Data", {{kBinding, kMotion}}}, {"Metadata", {{"systemProperties", systemProperties("c")}}}}
            .dump();
    CHECK(parseInvocation(camel, kBinding).deviceId == "c");
}

void messageId() {
    Json noId = kMotion;
    noId.erase("id");
    // Falls back to the IoT Hub message's own id...
    Json withMessageId = systemProperties("cam-1");
    withMessageId["message-id"] = "hub-42";
    CHECK(parseInvocation(request(noId, withMessageId), kBinding).messageId == "hub-42");
    // ...but the body's id comes first.
    CHECK(parseInvocation(request(kMotion, withMessageId), kBinding).messageId == "m-1");
    // Neither: no way to recognise a redelivery.
    CHECK(rejected(request(noId)));
    Json emptyId = kMotion;
    emptyId["id"] = "";
    CHECK(rejected(request(emptyId)));
    // Whole numbers are ids too; other types are not.
    Json numeric = kMotion;
    numeric["id"] = 42;
    CHECK(parseInvocation(request(numeric), kBinding).messageId == "42");
    Json boolean = kMotion;
    boolean["id"] = true;
    CHECK(rejected(request(boolean, withMessageId)));
    Json tooLong = kMotion;
    tooLong["id"] = std::string(10000, 'x');
    CHECK(rejected(request(tooLong)));
}

void wrongShapes() {
    CHECK(rejected(""));
    CHECK(rejected("not json"));
    CHECK(rejected("[]"));
    CHECK(rejected("{\"Data\": 1}"));
    CHECK(rejected(Json{{"Data", {{"otherBinding", kMotion}}}}.dump()));  // wrong binding name
    CHECK(rejected(request(42)));
    CHECK(rejected(request(nullptr)));
    CHECK(rejected(request(Json{{"id", "m"}})));  // no event
    CHECK(rejected(request(Json{{"event", 5}, {"id", "m"}})));
    CHECK(rejected(request(Json{{"event", ""}, {"id", "m"}})));
    CHECK(rejected(request(Json{{"event", "Two words"}, {"id", "m"}})));
    CHECK(rejected(request(Json{{"event", "E"}, {"id", "m"}, {"tags", Json::array({1})}})));
    CHECK(rejected(request(Json{{"event", "E"}, {"id", "m"}, {"tags", {{"T", {{"nested", 1}}}}}})));
    CHECK(rejected(request(Json{{"event", "E"}, {"id", "m"}, {"tags", {{"T", Json::array()}}}})));
    CHECK(rejected(request(Json{{"event", "E"}, {"id", "m"}, {"tags", "Bearing=90"}})));
}

void hostileBodies() {
    // More than the limit.
    std::string huge = request(Json{{"event", "E"}, {"id", "m"}, {"tags", {{"T", std::string(handler::kMaxRequestBytes, 'a')}}}});
    CHECK(rejected(huge));
    // Deep nesting, in the body and in a quoted payload; far deeper than any stack.
    const std::string deep = std::string(200000, '[') + std::string(200000, ']');
    CHECK(rejected(deep));
    CHECK(rejected("{\"Data\": {\"deviceMessage\": " + deep + "}}"));
    CHECK(rejected(request(std::string(100000, '{'))));
    const std::string deepObjects = [] {
        std::string text;
        for (int i = 0; i < 10000; ++i)
            text += "{\"a\":";
        text += "1";
        text += std::string(10000, '}');
        return text;
    }();
    CHECK(rejected(request(deepObjects)));
    // Exactly kMaxJsonDepth nested arrays are fine, one more is not.
    Json nested = 1;
    for (int i = 0; i < handler::kMaxJsonDepth; ++i)
        nested = Json::array({nested});
    CHECK(handler::parseBoundedJson(nested.dump(), "x") == nested);
    CHECK_THROWS(handler::parseBoundedJson(Json::array({nested}).dump(), "x"), BadRequest);
    // Bytes that are not UTF-8, in a string and outside one.
    const std::string base = request(kMotion);
    std::string invalid = base;
    invalid.replace(invalid.find("cam-1"), 5, "cam\xff\xfe");
    CHECK(rejected(invalid));
    std::string overlong = base;
    overlong.replace(overlong.find("Motion"), 6, "Mo\xc0\xafn");
    CHECK(rejected(overlong));
    CHECK(rejected("\xef\xbb\xbf\xff"));
    CHECK(rejected(std::string("{\"Data\"\0: 1}", 12)));
    // The parser's message quotes the token it stopped in: kept short all the same.
    try {
        parseInvocation("{\"Data\": \"" + std::string(500000, 'a') + "\xff\"}", kBinding);
        CHECK(false);
    } catch (const BadRequest& e) {
        CHECK(std::string(e.what()).size() < 1000);
    }
    // Truncated.
    CHECK(rejected(base.substr(0, base.size() / 2)));
}

void commands() {
    statechart::Action send;
    send.kind = statechart::Action::Kind::Send;
    send.name = "Swivel";
    send.args = {{"Bearing", std::int64_t{90}}, {"Fast", true}};
    const Json own = handler::commandJson("cam-1", send, "m-1");
    CHECK(own == Json::parse(R"({"deviceId": "cam-1", "command": "Swivel",
                                 "args": {"Bearing": 90, "Fast": true}, "causedBy": "m-1"})"));
    send.target = "light-2";
    send.args.clear();
    const Json other = handler::commandJson("cam-1", send, "m-1");
    CHECK(other["deviceId"] == "light-2");
    CHECK(other["args"] == Json::object());
}

} // namespace

int main() {
    objectPayload();
    quotedPayload();
    noTags();
    deviceId();
    messageId();
    wrongShapes();
    hostileBodies();
    commands();
    return check::finish("device_message_test");
}
