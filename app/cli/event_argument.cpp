#include "cli/event_argument.h"

#include <nlohmann/json.hpp>

#include "model/state_record.h"

namespace swivel::cli {

std::optional<model::Event> parseEventArgument(const std::string& argument,
                                               const model::DeviceType* device,
                                               std::string& error) {
    std::string problem;
    std::optional<model::Event> event = model::parseEventSpec(argument, &problem);
    if (!event) {
        error = "event argument '" + argument + "': " + problem;
        return std::nullopt;
    }
    // parseEventSpec guesses each tag's type from its JSON; the device type knows it.
    const model::EventType* eventType = device ? device->findEvent(event->name) : nullptr;
    for (model::EventTag& tag : event->tags) {
        const model::Field* field = eventType ? eventType->findTag(tag.name) : nullptr;
        if (!field)
            continue;
        const nlohmann::json json = model::toJson(tag.value);
        std::optional<model::Value> typed = model::fromJson(json, field->type);
        if (!typed) {
            error = "event argument '" + argument + "': tag '" + tag.name + "' must be " +
                    std::string(model::typeName(field->type)) + ", not " + json.dump();
            return std::nullopt;
        }
        tag.value = std::move(*typed);
    }
    return event;
}

} // namespace swivel::cli
