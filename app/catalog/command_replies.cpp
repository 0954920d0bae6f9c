#include "catalog/command_replies.h"

#include <algorithm>

namespace swivel::catalog {

namespace {

void addReply(const nlohmann::json& reaction, std::vector<std::string>& replies) {
    if (!reaction.is_object())
        return;
    const auto send = reaction.find("send");
    if (send != reaction.end() && send->is_string()) {
        const std::string name = send->get<std::string>();
        if (std::find(replies.begin(), replies.end(), name) == replies.end())
            replies.push_back(name);
    }
    const auto choose = reaction.find("choose");
    if (choose != reaction.end() && choose->is_array()) {
        for (const nlohmann::json& alternative : *choose)
            addReply(alternative, replies);
    }
}

} // namespace

std::vector<std::string> commandReplies(const model::DeviceType& device,
                                        std::string_view command) {
    std::vector<std::string> replies;
    const nlohmann::json& behaviour = device.behaviour;
    if (!behaviour.is_object())
        return replies;
    const auto onCommand = behaviour.find("onCommand");
    if (onCommand == behaviour.end() || !onCommand->is_object())
        return replies;
    const auto reactions = onCommand->find(std::string(command));
    if (reactions == onCommand->end() || !reactions->is_array())
        return replies;
    for (const nlohmann::json& reaction : *reactions)
        addReply(reaction, replies);
    return replies;
}

} // namespace swivel::catalog
