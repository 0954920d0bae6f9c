#include "labels.h"

namespace swivel::model {

namespace {

std::string argumentList(const std::vector<Argument>& args) {
    std::string text;
    for (const auto& arg : args) {
        if (!text.empty())
            text += ", ";
        text += arg.name + ": " + arg.value.text;
    }
    return text;
}

} // namespace

std::string actionSummary(const Action& action) {
    switch (action.kind) {
    case ActionKind::Send: {
        std::string text = action.name + "(" + argumentList(action.args) + ")";
        if (!action.target.empty())
            text += " to " + action.target;
        return text;
    }
    case ActionKind::Assign:
        return action.name + " := " + action.expr.text;
    case ActionKind::Raise: {
        std::string text = "raise " + action.name;
        if (action.delayMs)
            text += " after " + std::to_string(*action.delayMs) + " ms";
        return text;
    }
    case ActionKind::Log:
        return action.expr.empty() ? "log " + action.label
                                   : "log " + action.label + " " + action.expr.text;
    case ActionKind::Call:
        return "call " + action.name + "(" + argumentList(action.args) + ")";
    }
    return {};
}

std::string actionsSummary(const std::vector<Action>& actions) {
    std::string text;
    for (const auto& action : actions) {
        if (!text.empty())
            text += "; ";
        text += actionSummary(action);
    }
    return text;
}

std::string transitionLabel(const Transition& transition) {
    std::string text;
    if (transition.afterMs)
        text = "after " + std::to_string(*transition.afterMs) + " ms";
    else
        text = transition.event;
    if (!transition.guard.empty()) {
        if (!text.empty())
            text += ' ';
        text += "[" + transition.guard.text + "]";
    }
    if (!transition.actions.empty()) {
        if (!text.empty())
            text += ' ';
        text += "/ " + actionsSummary(transition.actions);
    }
    return text;
}

} // namespace swivel::model
