#pragma once
// The values of the generated machine.h and machine.cpp (templates
// resources/templates/azure-cpp/machine.*.mustache): enums of states and events, the
// tables the statechart runtime steps over, guards and action blocks compiled from
// the expression language, and the switch on event, then state, that picks a
// transition. The tables are the ones Swivel's own step() runs on (model's compiled
// machine), so the generated handler moves exactly as the emulator does.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "codegen/source_markers.h"
#include "model/diagnostic.h"
#include "model/machine.h"

namespace swivel::codegen {

// nullopt-like: an empty object and a diagnostic when the machine does not compile
// (dangling ids, cycles); every expression compiles, broken ones to code that fails
// as step() does. Each value that is the code of one state or transition (a table
// row, an enumerator, a guard, an action block, a case of the switch, a test in it)
// carries regionBegin and regionEnd: `markers`' markers for that element.
nlohmann::json machineSourceValues(const model::Machine& machine, SourceMarkers& markers,
                                   std::vector<model::Diagnostic>& diagnostics);

} // namespace swivel::codegen
