#pragma once
// Graphviz DOT export: compound and parallel states become clusters (regions of a
// parallel state are dashed clusters), transitions become labelled edges. Used by
// `swivel-cli export --format dot` and as a readable picture of a machine.

#include <string>

#include "codegen/generator.h"
#include "model/machine.h"

namespace swivel::codegen {

std::string toDot(const model::Machine& machine);

class DotGenerator : public Generator {
public:
    std::string id() const override { return "dot"; }
    std::string description() const override { return "Graphviz DOT picture of the machine"; }
    GeneratorOutput generate(const GeneratorInput& input) const override;
};

} // namespace swivel::codegen
