#pragma once
// One pass over a machine that reports every problem as a diagnostic with a code
// (diagnostic_codes.h), the element id and, for expressions, the field and offset.

#include <vector>

#include "device_catalog.h"
#include "diagnostic.h"
#include "machine.h"

namespace swivel::model {

std::vector<Diagnostic> validate(const Machine& machine, const DeviceCatalog& catalog);

// Deepest state nesting accepted; deeper machines get NestingTooDeep.
inline constexpr int kMaxNestingDepth = 100;

} // namespace swivel::model
