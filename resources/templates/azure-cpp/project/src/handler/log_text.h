#pragma once
// Text that came from a request (parser messages quoting the body, paths, ids) made
// safe for one line of the handler's log and for the JSON of its answers: a hostile
// payload cannot split a log line, forge one, or make a JSON dump throw.

#include <string>
#include <string_view>

namespace handler {

// `text` with every byte that is not part of well-formed UTF-8, and every control
// character (line breaks included), written as \xNN; everything else kept as it is.
std::string logText(std::string_view text);

} // namespace handler
