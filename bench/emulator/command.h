#pragma once
// A command or µ-service call on its way out of a handler: what the benchmark's
// handlers put into their outbox, hand-written or Swivel alike.

#include <cstdint>
#include <string>
#include <vector>

#include "model/semantics.h"

namespace swivel::bench {

struct Command {
    enum class Kind : std::uint8_t { Send, Call };
    Kind kind = Kind::Send;
    std::string name; // "Swivel", "DownloadPhoto"; for a call the service, "PhotoInterest"
    std::vector<model::EventTag> args;
};

} // namespace swivel::bench
