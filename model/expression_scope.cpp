#include "expression_scope.h"

namespace swivel::model {
namespace {

bool isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Two sources of one event name that disagree about its tags make them unknown.
void addKnownEvent(KnownEvents& events, const std::string& name, const std::vector<Field>* tags) {
    const auto [it, fresh] = events.emplace(name, tags);
    if (!fresh && it->second != tags)
        it->second = nullptr;
}

} // namespace

std::vector<std::string_view> descriptorTokens(std::string_view event) {
    std::vector<std::string_view> tokens;
    std::size_t i = 0;
    while (i < event.size()) {
        while (i < event.size() && isBlank(event[i]))
            ++i;
        const std::size_t start = i;
        while (i < event.size() && !isBlank(event[i]))
            ++i;
        if (i > start) {
            std::string_view token = event.substr(start, i - start);
            if (token.size() > 2 && token.ends_with(".*"))
                token.remove_suffix(2);
            tokens.push_back(token);
        }
    }
    return tokens;
}

bool descriptorMatches(std::string_view token, std::string_view eventName) {
    if (token == "*")
        return true;
    if (!eventName.starts_with(token))
        return false;
    return eventName.size() == token.size() || eventName[token.size()] == '.';
}

KnownEvents knownEvents(const Machine& machine, const DeviceCatalog& catalog,
                        const DeviceType* device,
                        const std::function<bool(std::size_t stateIndex)>& sendsDone) {
    KnownEvents events;
    if (device)
        for (const EventType& e : device->events)
            addKnownEvent(events, e.name, &e.tags);

    auto collect = [&](const std::vector<Action>& actions) {
        for (const Action& a : actions) {
            if (a.kind == ActionKind::Raise && !a.name.empty()) {
                addKnownEvent(events, a.name, nullptr);
            } else if (a.kind == ActionKind::Call) {
                const ServiceType* service = catalog.findService(a.name);
                if (service) {
                    const std::string& reply = a.reply.empty() ? service->reply.name : a.reply;
                    if (!reply.empty())
                        addKnownEvent(events, reply, &service->reply.tags);
                } else if (!a.reply.empty()) {
                    addKnownEvent(events, a.reply, nullptr);
                }
            }
        }
    };
    for (const State& s : machine.states) {
        collect(s.onEntry);
        collect(s.onExit);
    }
    for (const Transition& t : machine.transitions)
        collect(t.actions);
    for (std::size_t i = 0; i < machine.states.size(); ++i)
        if (sendsDone(i))
            addKnownEvent(events, "done.state." + machine.states[i].id, nullptr);
    addKnownEvent(events, "error.execution", nullptr);
    return events;
}

KnownEvents knownEvents(const Machine& machine, const DeviceCatalog& catalog) {
    return knownEvents(machine, catalog, catalog.findDevice(machine.deviceType),
                       [&](std::size_t i) {
                           const State& s = machine.states[i];
                           return s.kind == StateKind::Parallel || machine.isCompound(s);
                       });
}

EventTags transitionEventTags(const KnownEvents& events, const Transition& transition) {
    EventTags result;
    const auto tokens = descriptorTokens(transition.event);
    if (tokens.empty()) {
        if (transition.afterMs)
            result.types.emplace();
        return result;
    }
    if (tokens.size() != 1 || tokens[0] == "*")
        return result;
    int matches = 0;
    const std::vector<Field>* match = nullptr;
    forEachMatch(events, tokens[0], [&](const std::string&, const std::vector<Field>* tags) {
        ++matches;
        match = tags;
    });
    if (matches != 1 || !match)
        return result;
    result.fields = match;
    result.types.emplace();
    for (const Field& f : *match)
        result.types->emplace(f.name, f.type);
    return result;
}

TypeScope machineScope(const Machine& machine) {
    TypeScope scope;
    for (const Variable& v : machine.variables)
        scope.variables.emplace(v.name, v.type);
    for (const State& s : machine.states)
        scope.states.insert(s.id);
    return scope;
}

TypeScope transitionScope(const Machine& machine, const DeviceCatalog& catalog,
                          const Transition& transition) {
    TypeScope scope = machineScope(machine);
    scope.eventTags = transitionEventTags(knownEvents(machine, catalog), transition).types;
    return scope;
}

} // namespace swivel::model
