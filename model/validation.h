#pragma once
// One pass over a machine that reports every problem as a diagnostic with a code
// (diagnostic_codes.h), the element id and, for expressions, the field and offset.

#include <string_view>
#include <vector>

#include "device_catalog.h"
#include "diagnostic.h"
#include "machine.h"

namespace swivel::model {

std::vector<Diagnostic> validate(const Machine& machine, const DeviceCatalog& catalog);

// Whether `id` is a valid state or transition id: an ASCII letter or '_', then letters,
// digits, '_', '.' and '-'. Editors refuse other ids where the user can still fix them.
bool isElementId(std::string_view id);

// Deepest state nesting accepted; deeper machines get NestingTooDeep.
inline constexpr int kMaxNestingDepth = 100;

} // namespace swivel::model
