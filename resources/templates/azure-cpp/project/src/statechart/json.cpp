#include "statechart/json.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace statechart {

using nlohmann::json;

namespace {

bool fail(std::string* error, std::string message) {
    if (error)
        *error = std::move(message);
    return false;
}

json tagsToJson(const std::vector<Tag>& tags) {
    json object = json::object();
    for (const Tag& tag : tags)
        object[tag.name] = toJson(tag.value);
    return object;
}

bool tagsFromJson(const json& object, std::vector<Tag>& out, const std::string& what,
                  std::string* error) {
    if (object.is_null())
        return true;
    if (!object.is_object())
        return fail(error, what + " must be a JSON object");
    for (auto it = object.begin(); it != object.end(); ++it) {
        std::optional<Value> value = valueFromJson(it.value());
        if (!value)
            return fail(error, what + " '" + it.key() + "' must be a boolean, number or string");
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

// 2^63 is exactly representable; every double below it converts to int64 exactly.
constexpr double kTwoPow63 = 9223372036854775808.0;

// A JSON value as a variable of `type`, with the conversions Swivel allows (an int
// for a double, an integral double for an int).
std::optional<Value> typedFromJson(const json& in, Type type) {
    switch (type) {
    case Type::Bool:
        if (in.is_boolean())
            return in.get<bool>();
        return std::nullopt;
    case Type::Int:
        if (in.is_number_unsigned()) {
            const auto u = in.get<std::uint64_t>();
            if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                return std::nullopt;
            return static_cast<std::int64_t>(u);
        }
        if (in.is_number_integer())
            return in.get<std::int64_t>();
        if (in.is_number_float()) {
            const double d = in.get<double>();
            if (std::isfinite(d) && d == std::trunc(d) && d >= -kTwoPow63 && d < kTwoPow63)
                return static_cast<std::int64_t>(d);
        }
        return std::nullopt;
    case Type::Double:
        if (in.is_number())
            return in.get<double>();
        return std::nullopt;
    case Type::String:
        if (in.is_string())
            return in.get<std::string>();
        return std::nullopt;
    }
    return std::nullopt;
}

const char* typeLabel(Type type) {
    switch (type) {
    case Type::Bool:
        return "bool";
    case Type::Int:
        return "int";
    case Type::Double:
        return "double";
    case Type::String:
        return "string";
    }
    return "string";
}

int stateIndex(const MachineTables& m, const std::string& id) {
    for (std::size_t i = 0; i < m.states.size(); ++i) {
        if (id == m.states[i].id)
            return static_cast<int>(i);
    }
    return -1;
}

int transitionIndex(const MachineTables& m, const std::string& id) {
    for (std::size_t i = 0; i < m.transitions.size(); ++i) {
        if (id == m.transitions[i].id)
            return static_cast<int>(i);
    }
    return -1;
}

const StateTable& st(const MachineTables& m, int s) {
    return m.states[static_cast<std::size_t>(s)];
}

bool isHistory(const StateTable& state) {
    return state.kind == StateKind::ShallowHistory || state.kind == StateKind::DeepHistory;
}

bool isAtomic(const StateTable& state) {
    return state.atomic;
}

bool isDescendant(const MachineTables& m, int s, int ancestor) {
    if (ancestor < 0)
        return s >= 0;
    return s > ancestor && s < st(m, ancestor).end;
}

// Reads an array of state ids; history states are never active or recorded.
bool stateList(const MachineTables& m, const json& array, const std::string& field,
               std::vector<int>& out, std::string* error) {
    if (!array.is_array())
        return fail(error, "\"" + field + "\" must be an array of state ids");
    for (const json& item : array) {
        if (!item.is_string())
            return fail(error, "\"" + field + "\" must be an array of state ids");
        const std::string& id = item.get_ref<const std::string&>();
        const int s = stateIndex(m, id);
        if (s < 0)
            return fail(error, "\"" + field + "\": unknown state '" + id + "'");
        if (isHistory(st(m, s)))
            return fail(error, "\"" + field + "\": '" + id + "' is a history state");
        out.push_back(s);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return true;
}

// A configuration the machine can be in: ancestors active, exactly one active child
// in each active compound state (and at the top), every region of an active parallel.
bool consistent(const MachineTables& m, const std::vector<int>& active, std::string* error) {
    std::vector<char> on(m.states.size(), 0);
    for (int s : active)
        on[static_cast<std::size_t>(s)] = 1;
    int topLevel = 0;
    for (int s : active) {
        const StateTable& state = st(m, s);
        if (state.parent == kRoot)
            ++topLevel;
        else if (!on[static_cast<std::size_t>(state.parent)])
            return fail(error, std::string("state '") + state.id + "' is active but its parent is not");
        int children = 0;
        for (int child : state.children)
            children += on[static_cast<std::size_t>(child)];
        if (state.kind == StateKind::Compound && children != 1)
            return fail(error, std::string("compound state '") + state.id +
                                   "' needs exactly one active child");
        if (state.kind == StateKind::Parallel && children != static_cast<int>(state.children.size()))
            return fail(error, std::string("parallel state '") + state.id +
                                   "' needs all its regions active");
    }
    if (topLevel != 1)
        return fail(error, "exactly one top-level state must be active");
    return true;
}

const char* kindName(Action::Kind kind) {
    switch (kind) {
    case Action::Kind::Send:
        return "send";
    case Action::Kind::Assign:
        return "assign";
    case Action::Kind::Raise:
        return "raise";
    case Action::Kind::Log:
        return "log";
    case Action::Kind::Call:
        return "call";
    case Action::Kind::TimerStart:
        return "timerStart";
    case Action::Kind::TimerCancel:
        return "timerCancel";
    case Action::Kind::Error:
        return "error";
    }
    return "error";
}

} // namespace

json toJson(const Value& value) {
    return std::visit([](const auto& v) { return json(v); }, value);
}

std::optional<Value> valueFromJson(const json& in) {
    if (in.is_boolean())
        return in.get<bool>();
    if (in.is_number_unsigned()) {
        // Too large for int: a double keeps the magnitude rather than failing.
        if (std::optional<Value> v = typedFromJson(in, Type::Int))
            return v;
        return in.get<double>();
    }
    if (in.is_number_integer())
        return in.get<std::int64_t>();
    if (in.is_number_float())
        return in.get<double>();
    if (in.is_string())
        return in.get<std::string>();
    return std::nullopt;
}

json configurationToJson(const MachineTables& m, const Configuration& configuration) {
    const int n = static_cast<int>(m.states.size());
    json out = json::object();
    json atomic = json::array();
    json active = json::array();
    for (int s : configuration.active) {
        if (s < 0 || s >= n)
            continue;
        active.push_back(st(m, s).id);
        if (isAtomic(st(m, s)))
            atomic.push_back(st(m, s).id);
    }
    out["configuration"] = std::move(atomic);
    out["active"] = std::move(active);

    json variables = json::object();
    for (std::size_t i = 0; i < m.variables.size() && i < configuration.variables.size(); ++i)
        variables[m.variables[i].name] = toJson(configuration.variables[i]);
    out["variables"] = std::move(variables);

    json history = json::object();
    for (std::size_t h = 0; h < configuration.history.size(); ++h) {
        if (configuration.history[h].empty() || static_cast<int>(h) >= n)
            continue;
        json ids = json::array();
        for (int s : configuration.history[h]) {
            if (s >= 0 && s < n)
                ids.push_back(st(m, s).id);
        }
        history[st(m, static_cast<int>(h)).id] = std::move(ids);
    }
    out["history"] = std::move(history);

    json timers = json::array();
    for (const ArmedTimer& timer : configuration.timers) {
        const bool known =
            timer.transition >= 0 && timer.transition < static_cast<int>(m.transitions.size());
        timers.push_back(
            {{"transition",
              known ? m.transitions[static_cast<std::size_t>(timer.transition)].id : ""},
             {"token", timer.token}});
    }
    out["timers"] = std::move(timers);
    out["nextTimerToken"] = configuration.nextTimerToken;
    out["finished"] = configuration.finished;
    return out;
}

std::optional<Configuration> configurationFromJson(const MachineTables& m, const json& in,
                                                   std::string* error) {
    if (!in.is_object()) {
        fail(error, "a configuration must be a JSON object");
        return std::nullopt;
    }
    Configuration c;

    // Active states: "active" if present, else "configuration" and its ancestors.
    std::vector<int> atomic;
    const bool hasAtomic = in.contains("configuration");
    if (hasAtomic && !stateList(m, in["configuration"], "configuration", atomic, error))
        return std::nullopt;
    if (in.contains("active")) {
        if (!stateList(m, in["active"], "active", c.active, error))
            return std::nullopt;
    } else if (hasAtomic) {
        for (int s : atomic) {
            for (int a = s; a != kRoot; a = st(m, a).parent)
                c.active.push_back(a);
        }
        std::sort(c.active.begin(), c.active.end());
        c.active.erase(std::unique(c.active.begin(), c.active.end()), c.active.end());
    } else {
        fail(error, "missing \"active\" (or \"configuration\")");
        return std::nullopt;
    }
    if (!consistent(m, c.active, error))
        return std::nullopt;
    if (hasAtomic) {
        std::vector<int> expected;
        for (int s : c.active) {
            if (isAtomic(st(m, s)))
                expected.push_back(s);
        }
        if (expected != atomic) {
            fail(error, "\"configuration\" does not match the atomic states of \"active\"");
            return std::nullopt;
        }
    }

    for (const VariableTable& variable : m.variables)
        c.variables.push_back(variable.initial);
    if (in.contains("variables")) {
        const json& variables = in["variables"];
        if (!variables.is_object()) {
            fail(error, "\"variables\" must be an object");
            return std::nullopt;
        }
        for (auto it = variables.begin(); it != variables.end(); ++it) {
            // Of two variables with one name, the first is the one meant.
            std::size_t index = m.variables.size();
            for (std::size_t i = 0; i < m.variables.size() && index == m.variables.size(); ++i) {
                if (it.key() == m.variables[i].name)
                    index = i;
            }
            if (index == m.variables.size()) {
                fail(error, "unknown variable '" + it.key() + "'");
                return std::nullopt;
            }
            const Type type = m.variables[index].type;
            std::optional<Value> value = typedFromJson(it.value(), type);
            if (!value) {
                fail(error, "variable '" + it.key() + "' must be a " + typeLabel(type));
                return std::nullopt;
            }
            c.variables[index] = std::move(*value);
        }
    }

    if (std::any_of(m.states.begin(), m.states.end(), isHistory))
        c.history.resize(m.states.size());
    if (in.contains("history")) {
        const json& history = in["history"];
        if (!history.is_object()) {
            fail(error, "\"history\" must be an object");
            return std::nullopt;
        }
        for (auto it = history.begin(); it != history.end(); ++it) {
            const int h = stateIndex(m, it.key());
            if (h < 0 || !isHistory(st(m, h))) {
                fail(error, "\"history\": '" + it.key() + "' is not a history state");
                return std::nullopt;
            }
            std::vector<int> recorded;
            if (!stateList(m, it.value(), "history", recorded, error))
                return std::nullopt;
            for (int s : recorded) {
                if (!isDescendant(m, s, st(m, h).parent)) {
                    fail(error, std::string("\"history\": '") + st(m, s).id +
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
            const int t = transitionIndex(m, id);
            if (t < 0 || m.transitions[static_cast<std::size_t>(t)].trigger != Trigger::Timer) {
                fail(error, "\"timers\": '" + id + "' is not a timer transition");
                return std::nullopt;
            }
            if (!std::binary_search(c.active.begin(), c.active.end(),
                                    m.transitions[static_cast<std::size_t>(t)].source)) {
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

json actionToJson(const Action& action) {
    json out = json::object();
    out["kind"] = kindName(action.kind);
    switch (action.kind) {
    case Action::Kind::Send:
        out["command"] = action.name;
        out["args"] = tagsToJson(action.args);
        if (!action.target.empty())
            out["target"] = action.target;
        break;
    case Action::Kind::Assign:
        out["variable"] = action.name;
        out["value"] = toJson(action.value);
        break;
    case Action::Kind::Raise:
        out["event"] = action.name;
        out["tags"] = tagsToJson(action.args);
        if (action.delayMs > 0)
            out["delayMs"] = action.delayMs;
        break;
    case Action::Kind::Log:
        out["label"] = action.label;
        out["message"] = toJson(action.value);
        break;
    case Action::Kind::Call:
        out["service"] = action.name;
        out["args"] = tagsToJson(action.args);
        out["reply"] = action.reply;
        break;
    case Action::Kind::TimerStart:
    case Action::Kind::TimerCancel:
        out["transition"] = action.name;
        out["delayMs"] = action.delayMs;
        out["token"] = action.token;
        break;
    case Action::Kind::Error:
        out["message"] = std::holds_alternative<std::string>(action.value)
                             ? std::get<std::string>(action.value)
                             : toJson(action.value).dump();
        break;
    }
    return out;
}

std::optional<Action> actionFromJson(const json& in, std::string* error) {
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
        std::optional<Value> v = valueFromJson(in[key]);
        if (!v)
            return fail(error, std::string("\"") + key + "\" must be a boolean, number or string");
        out = std::move(*v);
        return true;
    };
    auto integer = [&](const char* key, std::int64_t& out) {
        if (!in.contains(key))
            return true;
        if (!in[key].is_number_integer())
            return fail(error, std::string("\"") + key + "\" must be an integer");
        out = in[key].get<std::int64_t>();
        return true;
    };
    auto tags = [&](const char* key, std::vector<Tag>& out) {
        return !in.contains(key) || tagsFromJson(in[key], out, key, error);
    };

    if (!in.is_object() || !in.contains("kind") || !in["kind"].is_string()) {
        fail(error, "an action must be an object with a \"kind\"");
        return std::nullopt;
    }
    const std::string kind = in["kind"].get<std::string>();
    Action a;
    bool ok = false;
    if (kind == "send") {
        a.kind = Action::Kind::Send;
        ok = string("command", a.name, true) && tags("args", a.args) &&
             string("target", a.target, false);
    } else if (kind == "assign") {
        a.kind = Action::Kind::Assign;
        ok = string("variable", a.name, true) && value("value", a.value);
    } else if (kind == "raise") {
        a.kind = Action::Kind::Raise;
        ok = string("event", a.name, true) && tags("tags", a.args) && integer("delayMs", a.delayMs);
    } else if (kind == "log") {
        a.kind = Action::Kind::Log;
        ok = string("label", a.label, false) &&
             (!in.contains("message") || value("message", a.value));
        if (ok && !in.contains("message"))
            a.value = std::string();
    } else if (kind == "call") {
        a.kind = Action::Kind::Call;
        ok = string("service", a.name, true) && tags("args", a.args) &&
             string("reply", a.reply, false);
    } else if (kind == "timerStart" || kind == "timerCancel") {
        a.kind = kind == "timerStart" ? Action::Kind::TimerStart : Action::Kind::TimerCancel;
        ok = string("transition", a.name, true) && integer("delayMs", a.delayMs);
        if (ok) {
            std::optional<std::uint64_t> token =
                in.contains("token") ? unsignedOf(in["token"]) : std::nullopt;
            ok = token || fail(error, "\"token\" must be a non-negative integer");
            if (token)
                a.token = *token;
        }
    } else if (kind == "error") {
        a.kind = Action::Kind::Error;
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

std::vector<std::string> activeAtomicStates(const MachineTables& m,
                                            const Configuration& configuration) {
    std::vector<std::string> ids;
    for (int s : configuration.active) {
        if (s >= 0 && s < static_cast<int>(m.states.size()) && isAtomic(st(m, s)))
            ids.push_back(st(m, s).id);
    }
    return ids;
}

} // namespace statechart
