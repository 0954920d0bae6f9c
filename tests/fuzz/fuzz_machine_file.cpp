// Fuzz target: the *.swivel.json loader, then validation and saving of whatever it
// accepts (a loaded machine may be any shape the format allows; the checks and the
// writer must cope with all of them).
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "model/device_catalog.h"
#include "model/machine_file.h"
#include "model/validation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace swivel;
    const model::LoadResult loaded = model::loadMachine(fuzz::asText(data, size));
    if (loaded.machine) {
        auto diagnostics = model::validate(*loaded.machine, model::DeviceCatalog::builtin());
        for (auto& diagnostic : diagnostics)
            loaded.sourceMap.locate(diagnostic);
        (void)model::saveMachine(*loaded.machine);
    }
    return 0;
}
