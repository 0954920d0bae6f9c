// Fuzz target: the generated Azure Functions handler's request parser, through the
// function its server calls with each request body (handler::answerInvocation), built
// from the templates with the camera example's generated machine, on an in-memory
// store. The input is one or more request bodies separated by a line "---", answered
// in order by the same store, so that later bodies meet the states earlier ones led
// to. Besides crashes, findings are: any answer other than 200 or 400 (the in-memory
// store neither conflicts nor fails, so a 5xx is a bug), a refusal without a problem
// or a 200 with one, and a problem or answer that is not valid UTF-8 or whose problem
// would take more than one log line.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "handler/invocation.h"
#include "handler/statechart_machine.h"
#include "machine.h"
#include "project_settings.h"
#include "store/memory_state_store.h"

namespace {

constexpr std::string_view kSeparator = "\n---\n";

[[noreturn]] void finding(const char* what, const handler::InvocationAnswer& answer) {
    std::fprintf(stderr, "finding: %s (status %d, problem: %s)\n", what, answer.status,
                 answer.problem.c_str());
    std::abort();
}

// The default error handler of dump() throws on bytes that are not UTF-8.
bool validUtf8(const nlohmann::json& json) {
    try {
        (void)json.dump();
        return true;
    } catch (const nlohmann::json::exception&) {
        return false;
    }
}

void answer(std::string_view body, store::StateStore& store) {
    static const handler::StatechartMachine machine(machine::tables());
    static const handler::BindingNames bindings{project::kTriggerBinding,
                                                project::kCommandBinding};
    static const handler::HandlerOptions options{1, 0, 0};  // no back-off waits
    const handler::InvocationAnswer answer =
        handler::answerInvocation(body, bindings, machine, store, options);
    if (answer.status != 200 && answer.status != 400)
        finding("an answer that is neither 200 nor 400", answer);
    if ((answer.status == 200) != answer.problem.empty())
        finding("a problem with a 200, or a refusal without one", answer);
    if (answer.problem.find_first_of("\r\n") != std::string::npos)
        finding("a problem of more than one log line", answer);
    if (!validUtf8(answer.problem) || !validUtf8(answer.body))
        finding("an answer that is not valid UTF-8", answer);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    store::MemoryStateStore store;
    for (;;) {
        const std::size_t end = input.find(kSeparator);
        answer(input.substr(0, end), store);
        if (end == std::string_view::npos)
            break;
        input.remove_prefix(end + kSeparator.size());
    }
    return 0;
}
