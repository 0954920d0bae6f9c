#pragma once
// Loading and checking one machine file (Swivel's own, or SCXML) the way swivel-cli and the
// designer both do: the loader's
// diagnostics first, then the validator's, located in the file with the SourceMap.

#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "model/machine_file.h"

namespace swivel::app {

struct CheckedFile {
    model::LoadResult load;                    // the machine, if usable, and its source map
    std::vector<model::Diagnostic> diagnostics; // loader's, then validator's
    bool unreadable = false;                    // the file could not be read at all

    bool hasErrors() const { return model::hasErrors(diagnostics); }
};

// A path ending in .scxml (any case) is imported from SCXML (codegen/scxml_import.h);
// any other is a Swivel machine file.
CheckedFile checkMachineFile(const std::string& path);
bool isScxmlPath(const std::string& path);

} // namespace swivel::app
