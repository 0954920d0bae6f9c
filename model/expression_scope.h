#pragma once
// Which names an expression may use where it sits in a machine, for the type checker
// (expression.h): the machine's variables, its state ids for in(...) and, on a
// transition, the tags of the event that triggers it. Validation and the designer's
// inspector both build their scopes here, so that an expression checked as it is typed
// gets the same verdict validation gives it later.

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "device_catalog.h"
#include "expression.h"
#include "machine.h"

namespace swivel::model {

// The space-separated SCXML descriptors of a transition's event; "Photo.*" reads as
// "Photo".
std::vector<std::string_view> descriptorTokens(std::string_view event);
// Whether descriptor `token` matches `eventName`: "*", the name itself, or a dotted
// descendant ("Photo" matches "Photo.Thumbnail", not "PhotoX").
bool descriptorMatches(std::string_view token, std::string_view eventName);

// The events a machine can receive, by name, each with its tags when exactly one
// source declares them; null when they are unknown (raised, done and error events) or
// two sources disagree. The pointers point into the catalog.
using KnownEvents = std::map<std::string, const std::vector<Field>*, std::less<>>;

// The events of `device` (may be null), the events the machine's actions raise, the
// replies of the µ-services it calls, done.state.<id> of every state for which
// `sendsDone(index)` holds, and error.execution.
KnownEvents knownEvents(const Machine& machine, const DeviceCatalog& catalog,
                        const DeviceType* device,
                        const std::function<bool(std::size_t stateIndex)>& sendsDone);
// The same for the machine's own device type, with done events of every compound and
// parallel state.
KnownEvents knownEvents(const Machine& machine, const DeviceCatalog& catalog);

// Calls f(name, tags) for each known event that descriptor `token` matches.
template <typename F> void forEachMatch(const KnownEvents& events, std::string_view token, F&& f) {
    if (token == "*") {
        for (const auto& [name, tags] : events)
            f(name, tags);
        return;
    }
    for (auto it = events.lower_bound(token);
         it != events.end() && std::string_view(it->first).starts_with(token); ++it)
        if (descriptorMatches(token, it->first))
            f(it->first, it->second);
}

// What `event.<tag>` may name in a transition's guard and actions.
struct EventTags {
    // TypeScope::eventTags: known only when the transition's descriptor names exactly
    // one known event with known tags; a timer carries no tags (an empty map).
    std::optional<std::map<std::string, Type, std::less<>>> types;
    const std::vector<Field>* fields = nullptr; // the declared tags, with enumerations
};
EventTags transitionEventTags(const KnownEvents& events, const Transition& transition);

// The machine's variables (the first declaration of a name wins) and state ids, with
// no event tags: the scope of entry and exit actions, which run on any event.
TypeScope machineScope(const Machine& machine);
// machineScope plus the tags of the transition's event.
TypeScope transitionScope(const Machine& machine, const DeviceCatalog& catalog,
                          const Transition& transition);

} // namespace swivel::model
