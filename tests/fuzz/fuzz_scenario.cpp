// Fuzz target: the scenario loader. The input stands where the shipped scenarios are,
// so a "machine" path of the examples resolves as it does for them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "emulators/scenario.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace swivel;
    static const std::string path = fuzz::resourcePath("scenarios/fuzz-input.scenario.json");
    std::vector<model::Diagnostic> diagnostics;
    (void)emu::loadScenarioText(fuzz::asText(data, size), path, diagnostics);
    return 0;
}
