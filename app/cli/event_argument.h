#pragma once
// The EVENT[=JSON] arguments of `swivel-cli step`: `MoveDone`, `Motion={"Bearing":90}`.
// Tag values are typed by the device type's tag types where the catalog knows them.

#include <optional>
#include <string>

#include "model/device_catalog.h"
#include "model/semantics.h"

namespace swivel::cli {

// Parses one argument into an event; nullopt and a message naming the argument when the
// name is empty, the JSON is not an object of scalars, or a value does not fit its tag.
std::optional<model::Event> parseEventArgument(const std::string& argument,
                                               const model::DeviceType* device,
                                               std::string& error);

} // namespace swivel::cli
