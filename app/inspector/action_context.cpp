#include "inspector/action_context.h"

#include "model/expression_scope.h"

namespace swivel::inspector {

ActionContext actionContext(const model::Machine& machine, const model::DeviceCatalog& catalog,
                            const model::Transition* transition) {
    ActionContext context;
    context.device = catalog.findDevice(machine.deviceType);
    context.catalog = &catalog;
    context.variables = machine.variables;
    for (const auto& [name, tags] : model::knownEvents(machine, catalog))
        context.events << QString::fromStdString(name);
    context.scope = transition ? model::transitionScope(machine, catalog, *transition)
                               : model::machineScope(machine);
    return context;
}

} // namespace swivel::inspector
