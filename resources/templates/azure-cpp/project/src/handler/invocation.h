#pragma once
// One invocation from the Functions host, from request body to HTTP answer: parse
// the delivery, run the handler, and answer in the custom handler format
//
//   200 {"Outputs": {"<command binding>": [<command>, ...]},
//        "Logs": ["..."],
//        "ReturnValue": {"deviceId": ..., "messageId": ..., "outcome": "applied",
//                        "version": 4, "configuration": ["Idle"], "effects": [...],
//                        "attempts": 1, "conflicts": 0}}
//
// or, when the invocation failed, with {"Logs": ["<why>"]} and a status that makes
// the host retry it where retrying can help:
//   400  the request cannot be processed (malformed, no device id or message id);
//   415  the request says it is not JSON (its Content-Type);
//   500  the stored record or state is damaged (a retry will not repair it either);
//   503  conflicts exhausted or the store failed: retry later.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "handler/handler.h"
#include "handler/machine_model.h"
#include "store/state_store.h"

namespace handler {

struct BindingNames {
    std::string trigger;  // Data.<trigger> holds the device message
    std::string commands; // Outputs.<commands> carries the commands
};

struct InvocationAnswer {
    int status = 200;
    nlohmann::json body;
    // Not empty: a line for the handler's own error log, and the answer's one log;
    // one line of valid UTF-8 whatever the request held (handler/log_text.h).
    std::string problem;
};

// Never throws: whatever the body holds, the answer is one of the above.
InvocationAnswer answerInvocation(std::string_view requestBody, const BindingNames& bindings,
                                  const MachineModel& machine, store::StateStore& store,
                                  const HandlerOptions& options);

// A refusal with `status` (4xx, 5xx) and {"Logs": [<problem>]}.
InvocationAnswer refusal(int status, std::string_view problem);

// Whether a request's Content-Type header announces JSON, as the host's does
// (application/json, or a type/subtype+json). An absent header counts as JSON: the
// body decides.
bool isJsonContentType(std::string_view contentType);

} // namespace handler
