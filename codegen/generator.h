#pragma once
// A code generator: from a machine and its device type to a set of files. Each
// target (azure-cpp, scxml, dot, mermaid, ...) implements this and registers itself
// in the GeneratorRegistry; the CLI and the studio only talk to the registry.

#include <memory>
#include <string>
#include <vector>

#include "codegen/file_set.h"
#include "codegen/source_map.h"
#include "model/device_catalog.h"
#include "model/diagnostic.h"
#include "model/machine.h"

namespace swivel::codegen {

struct GeneratorInput {
    const model::Machine& machine;
    const model::DeviceCatalog& catalog;
};

struct GeneratorOutput {
    FileSet files;
    std::vector<model::Diagnostic> diagnostics;  // errors mean `files` is unusable
    SourceMap sourceMap;  // which lines of `files` came from which state or transition
};

class Generator {
public:
    virtual ~Generator() = default;
    virtual std::string id() const = 0;           // "azure-cpp"
    virtual std::string description() const = 0;  // one line, shown in --help and dialogs
    virtual GeneratorOutput generate(const GeneratorInput& input) const = 0;
};

// Owns the generators. The first registered is the default target.
class GeneratorRegistry {
public:
    void add(std::unique_ptr<Generator> generator);  // replaces one with the same id
    const Generator* find(const std::string& id) const;
    const Generator* defaultGenerator() const;
    std::vector<std::string> ids() const;  // registration order

    // All built-in targets.
    static const GeneratorRegistry& builtin();

private:
    std::vector<std::unique_ptr<Generator>> m_generators;
};

} // namespace swivel::codegen
