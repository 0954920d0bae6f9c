// Fuzz target: the expression parser and type checker. Each input is one expression,
// checked in the scopes the camera example gives its actions: the machine's variables
// and states alone (entry/exit actions), and with the tags of each transition's event.
#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "fuzz_support.h"
#include "model/device_catalog.h"
#include "model/expression.h"
#include "model/expression_scope.h"
#include "model/machine_file.h"

namespace {

std::vector<swivel::model::TypeScope> cameraScopes() {
    using namespace swivel;
    const auto loaded =
        model::loadMachineFile(fuzz::resourcePath("examples/camera-point-focus-shoot.swivel.json"));
    std::vector<model::TypeScope> scopes;
    if (!loaded.machine)
        return scopes;  // the target then fuzzes the parser alone
    scopes.push_back(model::machineScope(*loaded.machine));
    for (const auto& transition : loaded.machine->transitions)
        scopes.push_back(
            model::transitionScope(*loaded.machine, model::DeviceCatalog::builtin(), transition));
    return scopes;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace swivel;
    static const std::vector<model::TypeScope> scopes = cameraScopes();
    const model::Expression expression = model::Expression::parse(fuzz::asText(data, size));
    for (const auto& scope : scopes) {
        std::vector<model::ExprError> errors;
        std::map<const model::ExprNode*, model::Type> nodeTypes;
        (void)expression.check(scope, errors, &nodeTypes);
    }
    return 0;
}
