#pragma once
// Mermaid `stateDiagram-v2` export: composite states for compound states, `--`
// separated regions for parallel states, `[*]` for initial and final pseudo-states.
// Handy for pasting a machine into Markdown documentation.

#include <string>

#include "codegen/generator.h"
#include "model/machine.h"

namespace swivel::codegen {

std::string toMermaid(const model::Machine& machine);

class MermaidGenerator : public Generator {
public:
    std::string id() const override { return "mermaid"; }
    std::string description() const override { return "Mermaid stateDiagram-v2 of the machine"; }
    GeneratorOutput generate(const GeneratorInput& input) const override;
};

} // namespace swivel::codegen
