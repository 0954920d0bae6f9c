// Fuzz target: the SCXML importer, then validation of the machine it builds (an
// imported machine goes straight into the designer's checks).
#include <cstddef>
#include <cstdint>

#include "codegen/scxml_import.h"
#include "fuzz_support.h"
#include "model/device_catalog.h"
#include "model/validation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace swivel;
    const codegen::ScxmlImport imported = codegen::importScxml(fuzz::asText(data, size));
    if (imported.machine)
        (void)model::validate(*imported.machine, model::DeviceCatalog::builtin());
    return 0;
}
