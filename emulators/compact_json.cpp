#include "compact_json.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <numeric>

#include <nlohmann/json.hpp>

namespace swivel::emu::compact_json {

namespace {

using model::EmittedAction;

// nlohmann's own text for what is rare and easy to get subtly wrong by hand: a
// double's shortest round-trip digits, and strings beyond ASCII (UTF-8 checked,
// bad bytes replaced).
void appendByNlohmann(std::string& out, const nlohmann::json& json) {
    out += json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

template <typename Integer>
void appendDigits(std::string& out, Integer value) {
    std::array<char, 24> digits;
    const auto result = std::to_chars(digits.data(), digits.data() + digits.size(), value);
    out.append(digits.data(), result.ptr);
}

void appendBool(std::string& out, bool value) {
    out += value ? "true" : "false";
}

// An object whose members are given by index, written with its keys in sorted order;
// of equal keys the last one given wins (as assigning into a nlohmann object does).
template <typename KeyOf, typename AppendMember>
void appendSortedObject(std::string& out, std::size_t count, KeyOf keyOf, AppendMember appendMember) {
    if (count <= 1) {  // most events have no tags or one: nothing to sort
        out += '{';
        if (count == 1) {
            appendString(out, keyOf(0));
            out += ':';
            appendMember(out, 0);
        }
        out += '}';
        return;
    }
    std::array<std::size_t, 16> few;  // filled by iota below
    std::vector<std::size_t> many;
    std::size_t* order = few.data();
    if (count > few.size()) {
        many.resize(count);
        order = many.data();
    }
    std::iota(order, order + count, std::size_t{0});
    if (count <= few.size()) {
        // Insertion sort: stable, and unlike std::stable_sort it asks the allocator for
        // no buffer (this runs for every event and command a session records).
        for (std::size_t i = 1; i < count; ++i) {
            const std::size_t index = order[i];
            const std::string_view key = keyOf(index);
            std::size_t j = i;
            for (; j > 0 && key < keyOf(order[j - 1]); --j)
                order[j] = order[j - 1];
            order[j] = index;
        }
    } else {
        std::stable_sort(order, order + count,
                         [&](std::size_t a, std::size_t b) { return keyOf(a) < keyOf(b); });
    }
    out += '{';
    bool first = true;
    for (std::size_t i = 0; i < count; ++i) {
        if (i + 1 < count && keyOf(order[i]) == keyOf(order[i + 1]))
            continue;
        if (!first)
            out += ',';
        first = false;
        appendString(out, keyOf(order[i]));
        out += ':';
        appendMember(out, order[i]);
    }
    out += '}';
}

void appendAction(std::string& out, const EmittedAction& action) {
    // Members in the sorted order of their keys, as nlohmann writes them.
    switch (action.kind) {
    case EmittedAction::Kind::Send:
        out += "{\"args\":";
        appendTags(out, action.args);
        out += ",\"command\":";
        appendString(out, action.name);
        out += ",\"kind\":\"send\"";
        if (!action.target.empty()) {
            out += ",\"target\":";
            appendString(out, action.target);
        }
        break;
    case EmittedAction::Kind::Assign:
        out += "{\"kind\":\"assign\"";
        out += ",\"value\":";
        appendValue(out, action.value);
        out += ",\"variable\":";
        appendString(out, action.name);
        break;
    case EmittedAction::Kind::Raise:
        out += '{';
        if (action.delayMs > 0) {
            out += "\"delayMs\":";
            appendInteger(out, action.delayMs);
            out += ',';
        }
        out += "\"event\":";
        appendString(out, action.name);
        out += ",\"kind\":\"raise\"";
        out += ",\"tags\":";
        appendTags(out, action.args);
        break;
    case EmittedAction::Kind::Log:
        out += "{\"kind\":\"log\"";
        out += ",\"label\":";
        appendString(out, action.label);
        out += ",\"message\":";
        appendValue(out, action.value);
        break;
    case EmittedAction::Kind::Call:
        out += "{\"args\":";
        appendTags(out, action.args);
        out += ",\"kind\":\"call\"";
        out += ",\"reply\":";
        appendString(out, action.reply);
        out += ",\"service\":";
        appendString(out, action.name);
        break;
    case EmittedAction::Kind::TimerStart:
    case EmittedAction::Kind::TimerCancel:
        out += "{\"delayMs\":";
        appendInteger(out, action.delayMs);
        out += action.kind == EmittedAction::Kind::TimerStart ? ",\"kind\":\"timerStart\""
                                                              : ",\"kind\":\"timerCancel\"";
        out += ",\"token\":";
        appendInteger(out, action.token);
        out += ",\"transition\":";
        appendString(out, action.name);
        break;
    case EmittedAction::Kind::Error:
        out += "{\"kind\":\"error\"";
        out += ",\"message\":";
        if (const auto* text = std::get_if<std::string>(&action.value))
            appendString(out, *text);
        else
            appendString(out, model::toDisplayString(action.value));
        break;
    }
    out += '}';
}

} // namespace

void appendString(std::string& out, std::string_view text) {
    for (const char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            appendByNlohmann(out, nlohmann::json(std::string(text)));
            return;
        }
    }
    out += '"';
    std::size_t plain = 0;  // the start of the run of bytes that need no escape
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(text.substr(plain, i - plain));
        plain = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default: {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        }
        }
    }
    out.append(text.substr(plain));
    out += '"';
}

void appendInteger(std::string& out, std::int64_t value) {
    appendDigits(out, value);
}

void appendInteger(std::string& out, std::uint64_t value) {
    appendDigits(out, value);
}

void appendValue(std::string& out, const model::Value& value) {
    switch (value.index()) {
    case 0:
        appendBool(out, std::get<bool>(value));
        break;
    case 1:
        appendInteger(out, std::get<std::int64_t>(value));
        break;
    case 2:
        appendByNlohmann(out, nlohmann::json(std::get<double>(value)));
        break;
    default:
        appendString(out, std::get<std::string>(value));
        break;
    }
}

void appendTags(std::string& out, const std::vector<model::EventTag>& tags) {
    appendSortedObject(
        out, tags.size(), [&](std::size_t i) -> std::string_view { return tags[i].name; },
        [&](std::string& text, std::size_t i) { appendValue(text, tags[i].value); });
}

void appendEvent(std::string& out, const model::Event& event) {
    out += "{\"event\":";
    appendString(out, event.name);
    out += ",\"tags\":";
    appendTags(out, event.tags);
    out += '}';
}

void appendActions(std::string& out, const std::vector<model::EmittedAction>& actions) {
    out += '[';
    for (std::size_t i = 0; i < actions.size(); ++i) {
        if (i > 0)
            out += ',';
        appendAction(out, actions[i]);
    }
    out += ']';
}

MachineTexts::MachineTexts(const model::CompiledMachine& machine) : m_machine(machine) {
    for (int s = 0; s < machine.stateCount(); ++s)
        appendString(m_stateJson.emplace_back(), machine.stateId(s));
    for (int t = 0; t < static_cast<int>(machine.machine().transitions.size()); ++t)
        appendString(m_transitionJson.emplace_back(), machine.transitionId(t));
    for (const auto& variable : machine.machine().variables) {
        std::string& key = m_variableKeyJson.emplace_back();
        appendString(key, variable.name);
        key += ':';
    }
    m_statesById.resize(static_cast<std::size_t>(std::max(machine.stateCount(), 0)));
    std::iota(m_statesById.begin(), m_statesById.end(), 0);
    std::stable_sort(m_statesById.begin(), m_statesById.end(),
                     [&](int a, int b) { return machine.stateId(a) < machine.stateId(b); });

    const auto& declared = machine.machine().variables;
    std::vector<std::size_t> order(declared.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return declared[a].name < declared[b].name;
    });
    // Of two variables with one name the later one's value is the one in the JSON.
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (i + 1 < order.size() && declared[order[i]].name == declared[order[i + 1]].name)
            continue;
        m_variablesByName.push_back(order[i]);
    }
}

void MachineTexts::appendConfiguration(std::string& out,
                                       const model::Configuration& configuration) const {
    const int states = m_machine.stateCount();
    const auto inRange = [states](int s) { return s >= 0 && s < states; };

    out += "{\"active\":[";
    bool first = true;
    for (int s : configuration.active) {
        if (!inRange(s))
            continue;
        if (!first)
            out += ',';
        first = false;
        out += m_stateJson[static_cast<std::size_t>(s)];
    }
    out += "],\"configuration\":[";
    first = true;
    for (int s : configuration.active) {
        if (!inRange(s) || !m_machine.isAtomic(s))
            continue;
        if (!first)
            out += ',';
        first = false;
        out += m_stateJson[static_cast<std::size_t>(s)];
    }
    out += "],\"finished\":";
    appendBool(out, configuration.finished);

    out += ",\"history\":{";
    first = true;
    for (int h : m_statesById) {
        const auto index = static_cast<std::size_t>(h);
        if (index >= configuration.history.size() || configuration.history[index].empty())
            continue;
        if (!first)
            out += ',';
        first = false;
        out += m_stateJson[index];
        out += ":[";
        bool firstId = true;
        for (int s : configuration.history[index]) {
            if (!inRange(s))
                continue;
            if (!firstId)
                out += ',';
            firstId = false;
            out += m_stateJson[static_cast<std::size_t>(s)];
        }
        out += ']';
    }
    out += "},\"nextTimerToken\":";
    appendInteger(out, configuration.nextTimerToken);

    out += ",\"timers\":[";
    for (std::size_t i = 0; i < configuration.timers.size(); ++i) {
        if (i > 0)
            out += ',';
        out += "{\"token\":";
        appendInteger(out, configuration.timers[i].token);
        out += ",\"transition\":";
        appendTransition(out, configuration.timers[i].transition);
        out += '}';
    }

    out += "],\"variables\":{";
    first = true;
    for (std::size_t i : m_variablesByName) {
        if (i >= configuration.variables.size())
            continue;
        if (!first)
            out += ',';
        first = false;
        out += m_variableKeyJson[i];
        appendValue(out, configuration.variables[i]);
    }
    out += "}}";
}

void MachineTexts::appendTransition(std::string& out, int transition) const {
    if (transition >= 0 && static_cast<std::size_t>(transition) < m_transitionJson.size())
        out += m_transitionJson[static_cast<std::size_t>(transition)];
    else
        appendString(out, m_machine.transitionId(transition));  // as the model names it
}

void MachineTexts::appendTransitions(std::string& out, const std::vector<int>& transitions) const {
    out += '[';
    for (std::size_t i = 0; i < transitions.size(); ++i) {
        if (i > 0)
            out += ',';
        appendTransition(out, transitions[i]);
    }
    out += ']';
}

} // namespace swivel::emu::compact_json
