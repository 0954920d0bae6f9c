#pragma once
// A deterministic walk through a machine, with what Swivel's own step() gives at every
// event: the expectations of the generated project's machine test (tests/machine_walk.json),
// which replays the walk through the generated C++ and must get the same
// configurations and actions, byte for byte in JSON.
//
// Events come from the device type (tags typed as the catalog says; strings from the
// field's listed values or the machine's own string literals, so that guards go both
// ways), from the µ-services' replies, from the names the transitions spell out,
// timers (armed ones, and stale ones that must change nothing) and an unknown event.
// Now and then a tag is left out or has the wrong type, so that the error paths
// (error.execution) are walked too.
//
//   {"start": {"configuration": {...}, "actions": [...]},
//    "steps": [{"event": {"event": "Motion", "tags": {...}}, "configuration": {...},
//               "actions": [...], "live": true}, ...]}

#include <cstdint>

#include <nlohmann/json.hpp>

#include "model/device_catalog.h"
#include "model/machine.h"

namespace swivel::codegen {

// An empty object when the machine does not compile.
nlohmann::json machineWalk(const model::Machine& machine, const model::DeviceCatalog& catalog,
                           std::uint64_t seed, int length);

} // namespace swivel::codegen
