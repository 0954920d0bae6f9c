#pragma once
// The ActionContext of an element's actions: the machine's device type, variables
// and known events, and the expression scope of a transition (its event's tags) or of
// a state's entry and exit actions (no event tags).

#include "inspector/action_list_editor.h"

namespace swivel::inspector {

// `transition` null: a state's entry or exit actions.
ActionContext actionContext(const model::Machine& machine, const model::DeviceCatalog& catalog,
                            const model::Transition* transition);

} // namespace swivel::inspector
