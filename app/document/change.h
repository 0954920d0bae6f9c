#pragma once
// The one change-notification scheme of a Document: every edit announces what it
// touched, by kind and element id, through Document::changed(Change). Views update
// only what a change names; Reset means "rebuild everything".

#include <string>
#include <vector>

namespace swivel::document {

struct Change {
    enum class Kind {
        Reset,              // new machine (open, new, revert): rebuild everything
        MachineProperties,  // name, description, device type, initial, variables
        StatesAdded,
        StatesRemoved,
        StatesChanged,      // any property of the states in `ids` (incl. parent, kind)
        TransitionsAdded,
        TransitionsRemoved,
        TransitionsChanged,
        LayoutChanged,      // positions/sizes of states, routes of transitions in `ids`
        StateRenamed,       // ids = {old id, new id}; the references to it that changed
                            // are announced too (StatesChanged, TransitionsChanged, ...)
        TransitionRenamed,  // ids = {old id, new id}, after TransitionsRemoved {old} and
                            // TransitionsAdded {new}: for views that follow the element
    };
    Kind kind = Kind::Reset;
    std::vector<std::string> ids;  // state or transition ids; layout: both kinds
};

} // namespace swivel::document
