#include "state_record.h"

#include <algorithm>
#include <limits>

#include "compiled_machine_impl.h"

namespace swivel::model {

using namespace detail;
using nlohmann::json;

namespace {

bool fail(std::string* error, std::string message) {
    if (error)
        *error = std::move(message);
    return false;
}

json tagsToJson(const std::vector<EventTag>& tags) {
    json object = json::object();
    for (const EventTag& tag : tags)
        object[tag.name] = toJson(tag.value);
    return object;
}

bool tagsFromJson(const json& object, std::vector<EventTag>& out, std::string_view what,
                  std::string* error) {
    if (object.is_null())
        return true;
    if (!object.is_object())
        return fail(error, std::string(what) + " must be a JSON object");
    for (auto it = object.begin(); it != object.end(); ++it) {
        std::optional<Value> value = fromJson(it.value());
        if (!value)
            return fail(error, std::string(what) + " '" + it.key() +
                                   "' must be a boolean, number or string");
        out.push_back({it.key(), std::move(*value)});
    }
    return true;
}

std::optional<std::uint64_t> unsignedOf(const json& value) {
    if (value.is_number_unsigned())
        return value.get<std::uint64_t>();
    if (value.is_number_integer() && value.get<std::int64_t>() >= 0)
        return static_cast<std::uint64_t>(value.get<std::int64_t>());
    return std::nullopt;
}

// Reads an array of state ids; history states are never active or recorded.
bool stateList(const CompiledMachineImpl& m, const json& array, std::string_view field,
               std::vector<int>& out, std::string* error) {
    if (!array.is_array())
        return fail(error, "\"" + std::string(field) + "\" must be an array of state ids");
    for (const json& item : array) {
        if (!item.is_string())
            return fail(error, "\"" + std::string(field) + "\" must be an array of state ids");
        const std::string& id = item.get_ref<const std::string&>();
        const int s = m.stateIndex(id);
        if (s < 0)
            return fail(error, "\"" + std::string(field) + "\": unknown state '" + id + "'");
        if (m.state(s).history)
            return fail(error, "\"" + std::string(field) + "\": '" + id + "' is a history state");
        out.push_back(s);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return true;
}

// A configuration the machine can be in: ancestors active, exactly one active child
// in each active compound state (and at the top), every region of an active parallel.
bool consistent(const CompiledMachineImpl& m, const std::vector<int>& active, std::string* error) {
    std::vector<char> on(static_cast<std::size_t>(m.stateCount()), 0);
    for (int s : active)
        on[static_cast<std::size_t>(s)] = 1;
    int topLevel = 0;
    for (int s : active) {
        const CompiledState& state = m.state(s);
        if (state.parent == kRoot)
            ++topLevel;
        else if (!on[static_cast<std::size_t>(state.parent)])
            return fail(error, "state '" + state.id + "' is active but its parent is not");
        int children = 0;
        for (int child : state.children)
            children += on[static_cast<std::size_t>(child)];
        if (state.compound && children != 1)
            return fail(error, "compound state '" + state.id + "' needs exactly one active child");
        if (state.parallel && children != static_cast<int>(state.children.size()))
            return fail(error, "parallel state '" + state.id + "' needs all its regions active");
    }
    if (topLevel != 1)
        return fail(error, "exactly one top-level state must be active");
    return true;
}

std::string kindName(EmittedAction::Kind kind) {
    switch (kind) {
    case EmittedAction::Kind::Send:
        return "send";
    case EmittedAction::Kind::Assign:
        return "assign";
    case EmittedAction::Kind::Raise:
        return "raise";
    case EmittedAction::Kind::Log:
        return "log";
    case EmittedAction::Kind::Call:
        return "call";
    case EmittedAction::Kind::TimerStart:
        return "timerStart";
    case EmittedAction::Kind::TimerCancel:
        return "timerCancel";
    case EmittedAction::Kind::Error:
        return "error";
    }
    return "error";
}

} // namespace

json configurationToJson(const CompiledMachine& machine, const Configuration& configuration) {
    json out = json::object();
    json atomic = json::array();
    json active = json::array();
    for (int s : configuration.active) {
        if (s < 0 || s >= machine.stateCount())
            continue;
        active.push_back(machine.stateId(s));
        if (machine.isAtomic(s))
            atomic.push_back(machine.stateId(s));
    }
    out["configuration"] = std::move(atomic);
    out["active"] = std::move(active);

    json variables = json::object();
    const auto& declared = machine.machine().variables;
    for (std::size_t i = 0; i < declared.size() && i < configuration.variables.size(); ++i)
        variables[declared[i].name] = toJson(configuration.variables[i]);
    out["variables"] = std::move(variables);

    json history = json::object();
    for (std::size_t h = 0; h < configuration.history.size(); ++h) {
        if (configuration.history[h].empty() || static_cast<int>(h) >= machine.stateCount())
            continue;
        json ids = json::array();
        for (int s : configuration.history[h]) {
            if (s >= 0 && s < machine.stateCount())
                ids.push_back(machine.stateId(s));
        }
        history[machine.stateId(static_cast<int>(h))] = std::move(ids);
    }
    out["history"] = std::move(history);

    json timers = json::array();
    for (const ArmedTimer& timer : configuration.timers)
        timers.push_back(
            {{"transition", machine.transitionId(timer.transition)}, {"token", timer.token}});
    out["timers"] = std::move(timers);
    out["nextTimerToken"] = configuration.nextTimerToken;
    out["finished"] = configuration.finished;
    return out;
}

std::optional<Configuration> configurationFromJson(const CompiledMachine& machine, const json& in,
                                                   std::string* error) {
    const auto* m = dynamic_cast<const CompiledMachineImpl*>(&machine);
    if (!m) {
        fail(error, "not a compiled machine");
        return std::nullopt;
    }
    if (!in.is_object()) {
        fail(error, "a configuration must be a JSON object");
        return std::nullopt;
    }
    Configuration c;

    // Active states: "active" if present, else "configuration" and its ancestors.
    std::vector<int> atomic;
    const bool hasAtomic = in.contains("configuration");
    if (hasAtomic && !stateList(*m, in["configuration"], "configuration", atomic, error))
        return std::nullopt;
    if (in.contains("active")) {
        if (!stateList(*m, in["active"], "active", c.active, error))
            return std::nullopt;
    } else if (hasAtomic) {
        for (int s : atomic) {
            for (int a = s; a != kRoot; a = m->state(a).parent)
                c.active.push_back(a);
        }
        std::sort(c.active.begin(), c.active.end());
        c.active.erase(std::unique(c.active.begin(), c.active.end()), c.active.end());
    } else {
        fail(error, "missing \"active\" (or \"configuration\")");
        return std::nullopt;
    }
    if (!consistent(*m, c.active, error))
        return std::nullopt;
    if (hasAtomic) {
        std::vector<int> expected;
        for (int s : c.active) {
            if (m->state(s).atomic)
                expected.push_back(s);
        }
        if (expected != atomic) {
            fail(error, "\"configuration\" does not match the atomic states of \"active\"");
            return std::nullopt;
        }
    }

    c.variables = m->m_initialValues;
    if (in.contains("variables")) {
        const json& variables = in["variables"];
        if (!variables.is_object()) {
            fail(error, "\"variables\" must be an object");
            return std::nullopt;
        }
        for (auto it = variables.begin(); it != variables.end(); ++it) {
            const int index = m->variableIndex(it.key());
            if (index < 0) {
                fail(error, "unknown variable '" + it.key() + "'");
                return std::nullopt;
            }
            const Type type = m->m_variableTypes[static_cast<std::size_t>(index)];
            std::optional<Value> value = fromJson(it.value(), type);
            if (!value) {
                fail(error, "variable '" + it.key() + "' must be a " + std::string(typeName(type)));
                return std::nullopt;
            }
            c.variables[static_cast<std::size_t>(index)] = std::move(*value);
        }
    }

    if (m->m_hasHistory)
        c.history.resize(static_cast<std::size_t>(m->stateCount()));
    if (in.contains("history")) {
        const json& history = in["history"];
        if (!history.is_object()) {
            fail(error, "\"history\" must be an object");
            return std::nullopt;
        }
        for (auto it = history.begin(); it != history.end(); ++it) {
            const int h = m->stateIndex(it.key());
            if (h < 0 || !m->state(h).history) {
                fail(error, "\"history\": '" + it.key() + "' is not a history state");
                return std::nullopt;
            }
            std::vector<int> recorded;
            if (!stateList(*m, it.value(), "history", recorded, error))
                return std::nullopt;
            for (int s : recorded) {
                if (!m->isDescendant(s, m->state(h).parent)) {
                    fail(error, "\"history\": '" + m->state(s).id +
                                    "' is not inside the parent of '" + it.key() + "'");
                    return std::nullopt;
                }
            }
            c.history[static_cast<std::size_t>(h)] = std::move(recorded);
        }
    }

    std::uint64_t maxToken = 0;
    if (in.contains("timers")) {
        const json& timers = in["timers"];
        if (!timers.is_array()) {
            fail(error, "\"timers\" must be an array");
            return std::nullopt;
        }
        for (const json& timer : timers) {
            if (!timer.is_object() || !timer.contains("transition") ||
                !timer["transition"].is_string() || !timer.contains("token")) {
                fail(error, "a timer must be {\"transition\": id, \"token\": n}");
                return std::nullopt;
            }
            const std::string& id = timer["transition"].get_ref<const std::string&>();
            const int t = m->transitionIndex(id);
            if (t < 0 || m->transition(t).trigger != Trigger::Timer) {
                fail(error, "\"timers\": '" + id + "' is not a timer transition");
                return std::nullopt;
            }
            if (!std::binary_search(c.active.begin(), c.active.end(), m->transition(t).source)) {
                fail(error, "\"timers\": the source of '" + id + "' is not active");
                return std::nullopt;
            }
            std::optional<std::uint64_t> token = unsignedOf(timer["token"]);
            if (!token) {
                fail(error, "\"timers\": the token of '" + id + "' must be a non-negative integer");
                return std::nullopt;
            }
            maxToken = std::max(maxToken, *token);
            c.timers.push_back({t, *token});
        }
    }
    if (in.contains("nextTimerToken")) {
        std::optional<std::uint64_t> next = unsignedOf(in["nextTimerToken"]);
        if (!next || *next == 0) {
            fail(error, "\"nextTimerToken\" must be a positive integer");
            return std::nullopt;
        }
        c.nextTimerToken = *next;
    } else if (!c.timers.empty()) {
        c.nextTimerToken =
            maxToken == std::numeric_limits<std::uint64_t>::max() ? maxToken : maxToken + 1;
    }
    if (!c.timers.empty() && maxToken >= c.nextTimerToken) {
        fail(error, "\"nextTimerToken\" must be above every armed token");
        return std::nullopt;
    }

    if (in.contains("finished")) {
        if (!in["finished"].is_boolean()) {
            fail(error, "\"finished\" must be true or false");
            return std::nullopt;
        }
        c.finished = in["finished"].get<bool>();
    }
    return c;
}

json actionToJson(const EmittedAction& action) {
    json out = json::object();
    out["kind"] = kindName(action.kind);
    switch (action.kind) {
    case EmittedAction::Kind::Send:
        out["command"] = action.name;
        out["args"] = tagsToJson(action.args);
        if (!action.target.empty())
            out["target"] = action.target;
        break;
    case EmittedAction::Kind::Assign:
        out["variable"] = action.name;
        out["value"] = toJson(action.value);
        break;
    case EmittedAction::Kind::Raise:
        out["event"] = action.name;
        out["tags"] = tagsToJson(action.args);
        if (action.delayMs > 0)
            out["delayMs"] = action.delayMs;
        break;
    case EmittedAction::Kind::Log:
        out["label"] = action.label;
        out["message"] = toJson(action.value);
        break;
    case EmittedAction::Kind::Call:
        out["service"] = action.name;
        out["args"] = tagsToJson(action.args);
        out["reply"] = action.reply;
        break;
    case EmittedAction::Kind::TimerStart:
    case EmittedAction::Kind::TimerCancel:
        out["transition"] = action.name;
        out["delayMs"] = action.delayMs;
        out["token"] = action.token;
        break;
    case EmittedAction::Kind::Error:
        out["message"] = std::holds_alternative<std::string>(action.value)
                             ? std::get<std::string>(action.value)
                             : toDisplayString(action.value);
        break;
    }
    return out;
}

std::optional<EmittedAction> actionFromJson(const json& in, std::string* error) {
    auto string = [&](const char* key, std::string& out, bool required) {
        if (!in.contains(key))
            return !required || fail(error, std::string("missing \"") + key + "\"");
        if (!in[key].is_string())
            return fail(error, std::string("\"") + key + "\" must be a string");
        out = in[key].get<std::string>();
        return true;
    };
    auto value = [&](const char* key, Value& out) {
        if (!in.contains(key))
            return fail(error, std::string("missing \"") + key + "\"");
        std::optional<Value> v = fromJson(in[key]);
        if (!v)
            return fail(error, std::string("\"") + key + "\" must be a boolean, number or string");
        out = std::move(*v);
        return true;
    };
    auto integer = [&](const char* key, auto& out) {
        if (!in.contains(key))
            return true;
        if (!in[key].is_number_integer())
            return fail(error, std::string("\"") + key + "\" must be an integer");
        out = in[key].get<std::remove_reference_t<decltype(out)>>();
        return true;
    };
    auto tags = [&](const char* key, std::vector<EventTag>& out) {
        return !in.contains(key) || tagsFromJson(in[key], out, key, error);
    };

    if (!in.is_object() || !in.contains("kind") || !in["kind"].is_string()) {
        fail(error, "an action must be an object with a \"kind\"");
        return std::nullopt;
    }
    const std::string kind = in["kind"].get<std::string>();
    EmittedAction a;
    bool ok = false;
    if (kind == "send") {
        a.kind = EmittedAction::Kind::Send;
        ok = string("command", a.name, true) && tags("args", a.args) &&
             string("target", a.target, false);
    } else if (kind == "assign") {
        a.kind = EmittedAction::Kind::Assign;
        ok = string("variable", a.name, true) && value("value", a.value);
    } else if (kind == "raise") {
        a.kind = EmittedAction::Kind::Raise;
        ok = string("event", a.name, true) && tags("tags", a.args) && integer("delayMs", a.delayMs);
    } else if (kind == "log") {
        a.kind = EmittedAction::Kind::Log;
        ok = string("label", a.label, false) &&
             (!in.contains("message") || value("message", a.value));
        if (ok && !in.contains("message"))
            a.value = std::string();
    } else if (kind == "call") {
        a.kind = EmittedAction::Kind::Call;
        ok = string("service", a.name, true) && tags("args", a.args) &&
             string("reply", a.reply, false);
    } else if (kind == "timerStart" || kind == "timerCancel") {
        a.kind = kind == "timerStart" ? EmittedAction::Kind::TimerStart
                                      : EmittedAction::Kind::TimerCancel;
        ok = string("transition", a.name, true) && integer("delayMs", a.delayMs);
        if (ok) {
            std::optional<std::uint64_t> token =
                in.contains("token") ? unsignedOf(in["token"]) : std::nullopt;
            ok = token || fail(error, "\"token\" must be a non-negative integer");
            if (token)
                a.token = *token;
        }
    } else if (kind == "error") {
        a.kind = EmittedAction::Kind::Error;
        a.name = "error.execution";
        std::string message;
        ok = string("message", message, true);
        a.value = std::move(message);
    } else {
        fail(error, "unknown action kind '" + kind + "'");
    }
    if (!ok)
        return std::nullopt;
    return a;
}

json eventToJson(const Event& event) {
    return json{{"event", event.name}, {"tags", tagsToJson(event.tags)}};
}

std::optional<Event> eventFromJson(const json& in, std::string* error) {
    if (!in.is_object() || !in.contains("event") || !in["event"].is_string()) {
        fail(error, "an event must be {\"event\": name, \"tags\": {...}}");
        return std::nullopt;
    }
    static const json kNoTags;
    return eventFromJson(in["event"].get<std::string>(), in.contains("tags") ? in["tags"] : kNoTags,
                         error);
}

std::optional<Event> eventFromJson(std::string_view name, const json& tags, std::string* error) {
    if (name.empty()) {
        fail(error, "an event needs a name");
        return std::nullopt;
    }
    if (name.find_first_of(" \t\r\n") != std::string_view::npos) {
        fail(error, "an event name must not contain white space");
        return std::nullopt;
    }
    Event event;
    event.name = std::string(name);
    if (!tagsFromJson(tags, event.tags, "tag", error))
        return std::nullopt;
    return event;
}

std::optional<Event> parseEventSpec(std::string_view spec, std::string* error) {
    auto trim = [](std::string_view text) {
        while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
            text.remove_prefix(1);
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
            text.remove_suffix(1);
        return text;
    };
    const std::size_t equals = spec.find('=');
    const std::string_view name = trim(spec.substr(0, equals));
    if (equals == std::string_view::npos)
        return eventFromJson(name, json(), error);
    const std::string_view text = spec.substr(equals + 1);
    json tags = json::parse(text.begin(), text.end(), nullptr, false);
    if (tags.is_discarded() || !tags.is_object()) {
        fail(error, "the tags of '" + std::string(name) + "' must be a JSON object, e.g. " +
                        std::string(name) + "={\"Bearing\":90}");
        return std::nullopt;
    }
    return eventFromJson(name, tags, error);
}

Event timerEvent(std::string_view transitionId, std::uint64_t token) {
    Event event;
    event.name = std::string(kTimerEventPrefix) + std::string(transitionId);
    event.tags.push_back({"token", static_cast<std::int64_t>(token)});
    return event;
}

} // namespace swivel::model
