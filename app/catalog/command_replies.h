#pragma once
// The events a device sends back after a command, read from its emulated behaviour
// (behaviour.onCommand: "send", and every "choose" alternative's "send"), so that the
// catalog can show "Focus -> FocusDone | FocusWarning". Plain model data, no Qt.

#include <string>
#include <string_view>
#include <vector>

#include "model/device_catalog.h"

namespace swivel::catalog {

// Each reply once, in the order the behaviour names them; empty when the command has
// no reaction or the device sends nothing back (a transfer, a variable change).
std::vector<std::string> commandReplies(const model::DeviceType& device,
                                        std::string_view command);

} // namespace swivel::catalog
