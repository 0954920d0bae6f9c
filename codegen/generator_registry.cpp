#include "generator.h"

#include "azure_cpp_generator.h"
#include "dot_generator.h"
#include "mermaid_generator.h"
#include "scxml_generator.h"

namespace swivel::codegen {

void GeneratorRegistry::add(std::unique_ptr<Generator> generator) {
    for (auto& existing : m_generators) {
        if (existing->id() == generator->id()) {
            existing = std::move(generator);
            return;
        }
    }
    m_generators.push_back(std::move(generator));
}

const Generator* GeneratorRegistry::find(const std::string& id) const {
    for (const auto& generator : m_generators)
        if (generator->id() == id)
            return generator.get();
    return nullptr;
}

const Generator* GeneratorRegistry::defaultGenerator() const {
    return m_generators.empty() ? nullptr : m_generators.front().get();
}

std::vector<std::string> GeneratorRegistry::ids() const {
    std::vector<std::string> result;
    for (const auto& generator : m_generators)
        result.push_back(generator->id());
    return result;
}

const GeneratorRegistry& GeneratorRegistry::builtin() {
    static const GeneratorRegistry registry = [] {
        GeneratorRegistry r;
        // The first registered is the default target.
        r.add(std::make_unique<AzureCppGenerator>());
        r.add(std::make_unique<DotGenerator>());
        r.add(std::make_unique<MermaidGenerator>());
        r.add(std::make_unique<ScxmlGenerator>());
        return r;
    }();
    return registry;
}

} // namespace swivel::codegen
