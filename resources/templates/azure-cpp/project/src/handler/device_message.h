#pragma once
// One invocation of the function, as the Functions host POSTs it to the handler:
//
//   {"Data": {"<trigger binding>": <D2C message body>},
//    "Metadata": {"SystemProperties": {"iothub-connection-device-id": "cam-1",
//                                      "message-id": "..."}, ...}}
//
// The D2C message body (the device message format Swivel's emulated hub uses too):
//
//   {"event": "Motion", "id": "<message id>", "tags": {"Bearing": 90}}
//
// It arrives as a JSON object or as a string holding that JSON (the host passes an
// Event Hub body it does not recognise as JSON as a string). "id" is the message id
// that makes redelivery harmless; without it, SystemProperties["message-id"] (the
// id the device set on the IoT Hub message) is used.
//
// Each command the handler issues is JSON too:
//
//   {"deviceId": "cam-1", "command": "Swivel", "args": {"Bearing": 90}, "causedBy": "<message id>"}

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "statechart/statechart.h"

namespace handler {

// Anything the Functions host or a device could send is bounded: the body's size and
// how deeply JSON nests in it (so that a hostile payload cannot exhaust memory or the
// stack of anything that walks the JSON recursively).
inline constexpr std::size_t kMaxRequestBytes = 1024 * 1024;
inline constexpr int kMaxJsonDepth = 64;

struct Delivery {
    std::string deviceId;
    std::string messageId;
    statechart::Event event;
};

// A request the handler cannot process, whatever it retries: answered with 400.
class BadRequest : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Parses JSON text within the limits above; throws BadRequest naming `what` otherwise
// (too large, too deep, not JSON, not UTF-8).
nlohmann::json parseBoundedJson(std::string_view text, std::string_view what);

// The delivery in an invocation request body; `triggerBinding` names the trigger's
// entry in "Data". Throws BadRequest.
Delivery parseInvocation(std::string_view body, std::string_view triggerBinding);

// The command for a send action: to the action's target device if it names one,
// otherwise back to `deviceId`.
nlohmann::json commandJson(const std::string& deviceId, const statechart::Action& send,
                           const std::string& messageId);

} // namespace handler
