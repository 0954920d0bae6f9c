#include "machine_file.h"

#include "atomic_file.h"

#include "document_order.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "diagnostic_codes.h"
#include "json_locations.h"
#include "value.h"

namespace swivel::model {

namespace {

using Json = nlohmann::ordered_json;
using Node = JsonLocations::Node;

// Besides the location of each value, a SourceMap keeps, under keys that no JSON
// pointer can have (they start with '\x01'), a mark on every string value (line = the
// number of escapes in it) and each escape (line = its offset in the decoded string,
// column = the extra bytes its raw form takes). That is what locate() needs to turn an
// offset inside a decoded expression into a column, without keeping the text.
constexpr char kMark = '\x01';

std::string stringMarkKey(std::string_view pointer) {
    std::string key(1, kMark);
    key += pointer;
    return key;
}

std::string escapeKey(std::string_view pointer, std::size_t index) {
    return stringMarkKey(pointer) + kMark + std::to_string(index);
}

std::vector<std::string> splitField(std::string_view field) {
    std::vector<std::string> segments;
    while (!field.empty()) {
        const auto slash = field.find('/');
        segments.emplace_back(field.substr(0, slash));
        if (slash == std::string_view::npos) {
            break;
        }
        field.remove_prefix(slash + 1);
    }
    return segments;
}

// Model field names that differ from the file's keys: validation speaks of the model
// (Transition::afterMs, Action::name), the file of its JSON.
const std::vector<std::string_view>& aliasesOf(std::string_view segment) {
    static const std::vector<std::string_view> none;
    static const std::vector<std::string_view> afterMs{"after"};
    static const std::vector<std::string_view> name{"send", "assign", "raise", "call"};
    static const std::vector<std::string_view> label{"log"};
    static const std::vector<std::string_view> args{"tags"};
    if (segment == "afterMs") {
        return afterMs;
    }
    if (segment == "name") {
        return name;
    }
    if (segment == "label") {
        return label;
    }
    if (segment == "args") {
        return args;
    }
    return none;
}

} // namespace

void SourceMap::setValue(const std::string& pointer, Location location) {
    m_values[pointer] = location;
}

void SourceMap::setElement(const std::string& elementId, const std::string& pointer) {
    m_elements[elementId] = pointer;
}

std::optional<SourceMap::Location> SourceMap::value(const std::string& pointer) const {
    const auto it = m_values.find(pointer);
    return it == m_values.end() ? std::nullopt : std::optional<Location>(it->second);
}

std::optional<std::string> SourceMap::elementPointer(const std::string& elementId) const {
    const auto it = m_elements.find(elementId);
    return it == m_elements.end() ? std::nullopt : std::optional<std::string>(it->second);
}

void SourceMap::locate(Diagnostic& diagnostic) const {
    std::string base;
    if (const auto pointer = elementPointer(diagnostic.elementId)) {
        base = *pointer;
    } else if (!diagnostic.elementId.empty()) {
        return;  // an element the file does not have (added since it was loaded)
    }
    const std::vector<std::string> segments = splitField(diagnostic.field);
    // Walk up the field path until a located value is found; at each level try the
    // path as written, then with the last segment spelled as in the file.
    for (std::size_t length = segments.size() + 1; length-- > 0;) {
        std::string prefix = base;
        for (std::size_t i = 0; i + 1 < length; ++i) {
            prefix += '/';
            prefix += segments[i] == "args" && value(prefix + "/tags") ? "tags" : segments[i];
        }
        std::vector<std::string> candidates;
        if (length == 0) {
            candidates.push_back(base);
        } else {
            const std::string& last = segments[length - 1];
            candidates.push_back(prefix + '/' + last);
            for (std::string_view alias : aliasesOf(last)) {
                candidates.push_back(prefix + '/' + std::string(alias));
            }
        }
        for (const std::string& candidate : candidates) {
            const auto location = value(candidate);
            if (!location) {
                continue;
            }
            diagnostic.line = location->line;
            diagnostic.column = location->column;
            const auto mark = m_values.find(stringMarkKey(candidate));
            if (length == segments.size() && diagnostic.offset >= 0 && mark != m_values.end()) {
                int extra = 0;
                for (int i = 0; i < mark->second.line; ++i) {
                    const auto escape = m_values.find(escapeKey(candidate, static_cast<std::size_t>(i)));
                    if (escape != m_values.end() && escape->second.line < diagnostic.offset) {
                        extra += escape->second.column;
                    }
                }
                diagnostic.column = location->column + 1 + diagnostic.offset + extra;
            }
            return;
        }
    }
}

namespace {

constexpr std::string_view kActionKinds = "send, assign, raise, log, call";
constexpr std::string_view kStateKinds = "state, parallel, final, history, deepHistory";
constexpr std::string_view kTypes = "bool, int, double, string";

std::string jsonString(std::string_view text) {
    return Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

// For messages: a hostile megabyte-long key or value must not flood the diagnostics.
std::string shown(std::string_view text) {
    constexpr std::size_t kMax = 60;
    if (text.size() <= kMax) {
        return jsonString(text);
    }
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut;  // not inside a character
    }
    return jsonString(std::string(text.substr(0, cut)) + "...");
}

std::string describe(const Json& json) {
    switch (json.type()) {
    case Json::value_t::null:
        return "null";
    case Json::value_t::boolean:
        return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
        return "the number " + json.dump();
    case Json::value_t::string:
        return "a string";
    case Json::value_t::array:
        return "an array";
    case Json::value_t::object:
        return "an object";
    default:
        return "a value of another kind";
    }
}

// value.h converts plain nlohmann::json; a machine file is read as ordered_json.
nlohmann::json plainScalar(const Json& json) {
    switch (json.type()) {
    case Json::value_t::boolean:
        return json.get<bool>();
    case Json::value_t::number_integer:
        return json.get<std::int64_t>();
    case Json::value_t::number_unsigned:
        return json.get<std::uint64_t>();
    case Json::value_t::number_float:
        return json.get<double>();
    case Json::value_t::string:
        return json.get_ref<const std::string&>();
    case Json::value_t::array:
        return nlohmann::json::array();
    case Json::value_t::object:
        return nlohmann::json::object();
    default:
        return nullptr;
    }
}

Json orderedScalar(const nlohmann::json& json) {
    switch (json.type()) {
    case nlohmann::json::value_t::boolean:
        return json.get<bool>();
    case nlohmann::json::value_t::number_integer:
        return json.get<std::int64_t>();
    case nlohmann::json::value_t::number_unsigned:
        return json.get<std::uint64_t>();
    case nlohmann::json::value_t::number_float:
        return json.get<double>();
    case nlohmann::json::value_t::string:
        return json.get_ref<const std::string&>();
    default:
        return nullptr;
    }
}

enum class ElementCategory { State, Transition, Variable };

// Reads one parsed machine file into a Machine, reporting every problem with its
// place and skipping only what cannot be used.
class Loader {
public:
    Loader(std::string_view text, LoadResult& result) : m_text(text), m_result(result) {}

    void run() {
        auto parsed = parseOrderedJsonWithLocations(m_text);
        if (parsed.error) {
            Diagnostic diagnostic;
            diagnostic.code = codes::JsonSyntax;
            diagnostic.message = parsed.error->message;
            diagnostic.line = parsed.error->position.line;
            diagnostic.column = parsed.error->position.column;
            m_result.diagnostics.push_back(std::move(diagnostic));
            return;
        }
        m_json = std::move(parsed.value);
        m_locations = std::move(parsed.locations);
        const Place root{&m_json, m_locations.root(), "", "", ""};
        record(root);
        m_result.sourceMap.setElement("", "");
        if (!m_json.is_object()) {
            report(codes::WrongType, root,
                   "expected an object (a Swivel machine), found " + describe(m_json));
            return;
        }
        checkDuplicateKeys(root);
        if (!readFormat(root)) {
            return;
        }
        collectIds();
        Machine machine;
        for (const auto& [key, value] : m_json.items()) {
            const Place place = member(root, key, value);
            if (key == "format") {
                continue;
            } else if (key == "name") {
                readString(place, machine.name);
            } else if (key == "deviceType") {
                readString(place, machine.deviceType);
            } else if (key == "description") {
                readString(place, machine.description);
            } else if (key == "initial") {
                readString(place, machine.initial);
            } else if (key == "variables") {
                readVariables(place, machine.variables);
            } else if (key == "states") {
                readStates(place, machine.states);
            } else if (key == "transitions") {
                readTransitions(place, machine.transitions);
            } else if (key == "layout") {
                readLayout(place, machine.layout);
            } else {
                unknownKey(place);
            }
        }
        registerElements();
        m_result.machine = std::move(machine);
    }

private:
    // A value being read: where it is in the DOM, in the location tree and as a
    // pointer, and how diagnostics name it (element id + field below the element).
    struct Place {
        const Json* json;
        Node node;
        std::string pointer;
        std::string elementId;
        std::string field;
    };

    static std::string join(const std::string& field, std::string_view segment) {
        return field.empty() ? std::string(segment) : field + '/' + std::string(segment);
    }

    Place member(const Place& object, const std::string& key, const Json& value) const {
        const std::string escaped = jsonPointerEscape(key);
        return {&value, m_locations.member(object.node, key), object.pointer + '/' + escaped,
                object.elementId, join(object.field, escaped)};
    }

    Place element(const Place& array, std::size_t index) const {
        const std::string segment = std::to_string(index);
        return {&(*array.json)[index], m_locations.element(array.node, index),
                array.pointer + '/' + segment, array.elementId, join(array.field, segment)};
    }

    // The same value, now named through the element it holds.
    static Place asElement(Place place, const std::string& elementId) {
        place.elementId = elementId;
        place.field.clear();
        return place;
    }

    std::optional<Place> find(const Place& object, const std::string& key) const {
        const auto it = object.json->find(key);
        if (it == object.json->end()) {
            return std::nullopt;
        }
        return member(object, key, *it);
    }

    static std::string fieldName(const Place& place) {
        return place.field.empty() ? place.pointer : place.field;
    }

    void record(const Place& place) {
        if (place.node == JsonLocations::npos) {
            return;
        }
        const TextPosition position = m_locations.position(place.node);
        m_result.sourceMap.setValue(place.pointer, {position.line, position.column});
        if (m_locations.kind(place.node) == JsonLocations::Kind::String) {
            const auto escapes = jsonStringEscapes(m_text, m_locations.offset(place.node));
            m_result.sourceMap.setValue(stringMarkKey(place.pointer),
                                        {static_cast<int>(escapes.size()), 0});
            for (std::size_t i = 0; i < escapes.size(); ++i) {
                m_result.sourceMap.setValue(escapeKey(place.pointer, i),
                                            {static_cast<int>(escapes[i].first),
                                             static_cast<int>(escapes[i].second)});
            }
        }
    }

    void report(const char* code, const Place& place, std::string message,
                Severity severity = Severity::Error, Node at = JsonLocations::npos) {
        Diagnostic diagnostic;
        diagnostic.severity = severity;
        diagnostic.code = code;
        diagnostic.elementId = place.elementId;
        diagnostic.field = place.field;
        diagnostic.message = std::move(message);
        if (at == JsonLocations::npos) {
            at = place.node;
        }
        if (at != JsonLocations::npos) {
            const TextPosition position = m_locations.position(at);
            diagnostic.line = position.line;
            diagnostic.column = position.column;
        }
        m_result.diagnostics.push_back(std::move(diagnostic));
    }

    void wrongType(const Place& place, std::string_view expected) {
        report(codes::WrongType, place,
               "expected " + std::string(expected) + " for " + shown(fieldName(place)) +
                   ", found " + describe(*place.json));
    }

    void unknownKey(const Place& place, std::string_view hint = {}) {
        record(place);
        const std::string key = place.pointer.substr(place.pointer.rfind('/') + 1);
        std::string message = "unknown key " + shown(key) + " ignored";
        if (!hint.empty()) {
            message += " (" + std::string(hint) + ")";
        }
        report(codes::UnknownKey, place, std::move(message), Severity::Warning);
    }

    void missing(const Place& object, std::string_view what, std::string_view key,
                 std::string_view consequence) {
        std::string message = std::string(what) + " has no " + shown(key);
        if (!consequence.empty()) {
            message += "; " + std::string(consequence);
        }
        report(codes::MissingField, object, std::move(message));
    }

    // nlohmann keeps the last of repeated keys; say that the others were dropped.
    void checkDuplicateKeys(const Place& object) {
        const std::size_t count = m_locations.childCount(object.node);
        if (count == object.json->size()) {
            return;
        }
        std::unordered_map<std::string_view, Node> last;
        for (std::size_t i = 0; i < count; ++i) {
            const Node node = m_locations.child(object.node, i);
            last[m_locations.key(node)] = node;
        }
        for (std::size_t i = 0; i < count; ++i) {
            const Node node = m_locations.child(object.node, i);
            const std::string_view key = m_locations.key(node);
            if (last[key] != node) {
                Place place = object;
                place.field = join(object.field, jsonPointerEscape(key));
                report(codes::UnknownKey, place,
                       "duplicate key " + shown(key) + ": this value is ignored, the last one counts",
                       Severity::Warning, node);
            }
        }
    }

    bool isObject(const Place& place) {
        record(place);
        if (!place.json->is_object()) {
            wrongType(place, "an object");
            return false;
        }
        checkDuplicateKeys(place);
        return true;
    }

    bool isArray(const Place& place) {
        record(place);
        if (!place.json->is_array()) {
            wrongType(place, "an array");
            return false;
        }
        return true;
    }

    bool readString(const Place& place, std::string& out) {
        record(place);
        if (!place.json->is_string()) {
            wrongType(place, "a string");
            return false;
        }
        out = place.json->get_ref<const std::string&>();
        return true;
    }

    bool readInteger(const Place& place, std::optional<std::int64_t>& out) {
        record(place);
        const Json& json = *place.json;
        if (json.is_number_integer() && !json.is_number_unsigned()) {
            out = json.get<std::int64_t>();
            return true;
        }
        if (json.is_number_unsigned() && json.get<std::uint64_t>() <= INT64_MAX) {
            out = static_cast<std::int64_t>(json.get<std::uint64_t>());
            return true;
        }
        if (json.is_number_float()) {
            const double value = json.get<double>();
            if (std::trunc(value) == value && std::abs(value) < 9.2e18) {
                out = static_cast<std::int64_t>(value);
                return true;
            }
        }
        wrongType(place, "an integer");
        return false;
    }

    bool readNumber(const Place& place, double& out) {
        record(place);
        if (!place.json->is_number()) {
            wrongType(place, "a number");
            return false;
        }
        out = place.json->get<double>();
        return true;
    }

    bool readFormat(const Place& root) {
        const auto format = find(root, "format");
        if (!format) {
            report(codes::FormatVersion, root,
                   "missing \"format\": expected \"format\": " + std::to_string(kFormatVersion) +
                       " (read as format " + std::to_string(kFormatVersion) + ")");
            return true;
        }
        record(*format);
        const Json& json = *format->json;
        if (!json.is_number_integer()) {
            report(codes::FormatVersion, *format,
                   "expected \"format\": " + std::to_string(kFormatVersion) + ", found " +
                       describe(json));
            return false;
        }
        if (json.is_number_unsigned() ? json.get<std::uint64_t>() != kFormatVersion
                                      : json.get<std::int64_t>() != kFormatVersion) {
            report(codes::FormatVersion, *format,
                   "unsupported format " + json.dump() + ": this Swivel reads format " +
                       std::to_string(kFormatVersion));
            return false;
        }
        return true;
    }

    // Ids in use, so that a transition without one gets a fresh one.
    void collectIds() {
        for (const char* list : {"states", "transitions"}) {
            const auto it = m_json.find(list);
            if (it == m_json.end() || !it->is_array()) {
                continue;
            }
            for (const Json& element : *it) {
                if (element.is_object()) {
                    const auto id = element.find("id");
                    if (id != element.end() && id->is_string()) {
                        m_ids.insert(id->get<std::string>());
                    }
                }
            }
        }
    }

    std::string freshTransitionId() {
        std::string id;
        do {
            id = "t" + std::to_string(++m_generated);
        } while (m_ids.count(id) != 0);
        m_ids.insert(id);
        return id;
    }

    void addElement(ElementCategory category, const std::string& id, const std::string& pointer) {
        m_elements.push_back({category, id, pointer});
    }

    // A state wins over a transition or a variable of the same id, and the first of
    // duplicates wins: that is the element a user most likely means.
    void registerElements() {
        for (ElementCategory category :
             {ElementCategory::State, ElementCategory::Transition, ElementCategory::Variable}) {
            for (const auto& element : m_elements) {
                if (element.category == category &&
                    !m_result.sourceMap.elementPointer(element.id)) {
                    m_result.sourceMap.setElement(element.id, element.pointer);
                }
            }
        }
    }

    // An element's "id" (or "name"): its place, or nullopt after reporting why not.
    std::optional<std::string> readId(const Place& object, std::string_view what,
                                      const char* key, std::string_view consequence) {
        const auto place = find(object, key);
        if (!place) {
            missing(object, what, key, consequence);
            return std::nullopt;
        }
        std::string id;
        if (!readString(*place, id)) {
            return std::nullopt;
        }
        return id;
    }

    void readVariables(const Place& list, std::vector<Variable>& variables) {
        if (!isArray(list)) {
            return;
        }
        for (std::size_t i = 0; i < list.json->size(); ++i) {
            const Place item = element(list, i);
            if (!isObject(item)) {
                continue;
            }
            const auto name = readId(item, "variable", "name", "it is skipped");
            if (!name) {
                continue;
            }
            const Place place = asElement(item, *name);
            Variable variable;
            variable.name = *name;
            std::optional<Type> type;
            const auto typePlace = find(place, "type");
            if (!typePlace) {
                missing(place, "variable " + shown(*name), "type", "");
            } else if (std::string text; readString(*typePlace, text)) {
                type = typeFromName(text);
                if (!type) {
                    report(codes::UnknownValue, *typePlace,
                           "unknown type " + shown(text) + "; expected one of: " + std::string(kTypes));
                }
            }
            const auto initial = find(place, "initial");
            if (initial) {
                record(*initial);
            }
            if (!type) {
                // Guess from the initial value so that the rest of the machine still reads.
                const auto guess = initial ? fromJson(plainScalar(*initial->json)) : std::nullopt;
                type = guess ? typeOf(*guess) : Type::Int;
            }
            variable.type = *type;
            variable.initial = defaultValue(*type);
            if (initial) {
                if (const auto value = fromJson(plainScalar(*initial->json), *type)) {
                    variable.initial = *value;
                } else {
                    wrongType(*initial, (*type == Type::Int ? "an " : "a ") + std::string(typeName(*type)));
                }
            }
            for (const auto& [key, value] : place.json->items()) {
                if (key != "name" && key != "type" && key != "initial") {
                    unknownKey(member(place, key, value));
                }
            }
            addElement(ElementCategory::Variable, variable.name, place.pointer);
            variables.push_back(std::move(variable));
        }
    }

    void readStates(const Place& list, std::vector<State>& states) {
        if (!isArray(list)) {
            return;
        }
        for (std::size_t i = 0; i < list.json->size(); ++i) {
            const Place item = element(list, i);
            if (!isObject(item)) {
                continue;
            }
            const auto id = readId(item, "state", "id", "it is skipped");
            if (!id) {
                continue;
            }
            const Place place = asElement(item, *id);
            State state;
            state.id = *id;
            for (const auto& [key, value] : place.json->items()) {
                const Place field = member(place, key, value);
                if (key == "id") {
                    continue;
                } else if (key == "parent") {
                    readString(field, state.parent);
                } else if (key == "kind") {
                    if (std::string text; readString(field, text)) {
                        if (const auto kind = stateKindFromName(text)) {
                            state.kind = *kind;
                        } else {
                            report(codes::UnknownValue, field,
                                   "unknown state kind " + shown(text) +
                                       "; expected one of: " + std::string(kStateKinds));
                        }
                    }
                } else if (key == "initial") {
                    readString(field, state.initial);
                } else if (key == "description") {
                    readString(field, state.description);
                } else if (key == "onEntry") {
                    readActions(field, state.onEntry);
                } else if (key == "onExit") {
                    readActions(field, state.onExit);
                } else {
                    unknownKey(field);
                }
            }
            addElement(ElementCategory::State, state.id, place.pointer);
            states.push_back(std::move(state));
        }
    }

    void readTransitions(const Place& list, std::vector<Transition>& transitions) {
        if (!isArray(list)) {
            return;
        }
        for (std::size_t i = 0; i < list.json->size(); ++i) {
            const Place item = element(list, i);
            if (!isObject(item)) {
                continue;
            }
            Transition transition;
            if (const auto idPlace = find(item, "id")) {
                if (!readString(*idPlace, transition.id)) {
                    transition.id = freshTransitionId();
                }
            } else {
                transition.id = freshTransitionId();
                missing(item, "transition", "id", "loaded as " + shown(transition.id));
            }
            const Place place = asElement(item, transition.id);
            // Even a skipped transition stays locatable by its id.
            addElement(ElementCategory::Transition, transition.id, place.pointer);
            const auto source = find(place, "source");
            if (!source) {
                missing(place, "transition " + shown(transition.id), "source", "it is skipped");
                continue;
            }
            if (!readString(*source, transition.source)) {
                continue;
            }
            for (const auto& [key, value] : place.json->items()) {
                const Place field = member(place, key, value);
                if (key == "id" || key == "source") {
                    continue;
                } else if (key == "targets") {
                    readTargets(field, transition.targets);
                } else if (key == "event") {
                    readString(field, transition.event);
                } else if (key == "after") {
                    readInteger(field, transition.afterMs);
                } else if (key == "guard") {
                    readString(field, transition.guard.text);
                } else if (key == "type") {
                    if (std::string text; readString(field, text)) {
                        if (text == "external") {
                            transition.type = TransitionType::External;
                        } else if (text == "internal") {
                            transition.type = TransitionType::Internal;
                        } else {
                            report(codes::UnknownValue, field,
                                   "unknown transition type " + shown(text) +
                                       "; expected one of: external, internal");
                        }
                    }
                } else if (key == "actions") {
                    readActions(field, transition.actions);
                } else {
                    unknownKey(field);
                }
            }
            transitions.push_back(std::move(transition));
        }
    }

    void readTargets(const Place& list, std::vector<std::string>& targets) {
        if (!isArray(list)) {
            return;
        }
        for (std::size_t i = 0; i < list.json->size(); ++i) {
            if (std::string target; readString(element(list, i), target)) {
                targets.push_back(std::move(target));
            }
        }
    }

    void readArguments(const Place& object, std::vector<Argument>& arguments) {
        if (!isObject(object)) {
            return;
        }
        for (const auto& [key, value] : object.json->items()) {
            Argument argument;
            argument.name = key;
            if (readString(member(object, key, value), argument.value.text)) {
                arguments.push_back(std::move(argument));
            }
        }
    }

    void readActions(const Place& list, std::vector<Action>& actions) {
        if (!isArray(list)) {
            return;
        }
        for (std::size_t i = 0; i < list.json->size(); ++i) {
            const Place item = element(list, i);
            if (!isObject(item)) {
                continue;
            }
            if (auto action = readAction(item)) {
                actions.push_back(std::move(*action));
            }
        }
    }

    std::optional<Action> readAction(const Place& place) {
        // The kind is the key naming it (written first by Swivel; found anywhere).
        std::optional<ActionKind> kind;
        std::string kindKey;
        for (const auto& [key, value] : place.json->items()) {
            if ((kind = actionKindFromName(key))) {
                kindKey = key;
                break;
            }
        }
        if (!kind) {
            static const std::unordered_set<std::string> fields{
                "args", "target", "expr", "tags", "delayMs", "reply"};
            const auto first = place.json->begin();
            if (first != place.json->end() && fields.count(first.key()) == 0) {
                const Place field = member(place, first.key(), first.value());
                record(field);
                report(codes::UnknownValue, field,
                       "unknown action " + shown(first.key()) + "; expected one of: " +
                           std::string(kActionKinds));
            } else {
                missing(place, "action", "kind",
                        "expected one of " + std::string(kActionKinds) + "; it is skipped");
            }
            return std::nullopt;
        }
        Action action;
        action.kind = *kind;
        const Place kindPlace = member(place, kindKey, place.json->at(kindKey));
        if (!readString(kindPlace, *kind == ActionKind::Log ? action.label : action.name)) {
            return std::nullopt;
        }
        const std::string_view allowed = *kind == ActionKind::Send     ? "args, target"
                                          : *kind == ActionKind::Assign ? "expr"
                                          : *kind == ActionKind::Raise  ? "tags, delayMs"
                                          : *kind == ActionKind::Log    ? "expr"
                                                                        : "args, reply";
        for (const auto& [key, value] : place.json->items()) {
            const Place field = member(place, key, value);
            const bool applies =
                (key == "args" && (*kind == ActionKind::Send || *kind == ActionKind::Call)) ||
                (key == "target" && *kind == ActionKind::Send) ||
                (key == "expr" && (*kind == ActionKind::Assign || *kind == ActionKind::Log)) ||
                (key == "tags" && *kind == ActionKind::Raise) ||
                (key == "delayMs" && *kind == ActionKind::Raise) ||
                (key == "reply" && *kind == ActionKind::Call);
            if (key == kindKey) {
                continue;
            } else if (!applies) {
                unknownKey(field, "a " + kindKey + " action has: " + std::string(allowed));
            } else if (key == "args" || key == "tags") {
                readArguments(field, action.args);
            } else if (key == "target") {
                readString(field, action.target);
            } else if (key == "expr") {
                readString(field, action.expr.text);
            } else if (key == "delayMs") {
                readInteger(field, action.delayMs);
            } else if (key == "reply") {
                readString(field, action.reply);
            }
        }
        return action;
    }

    void readLayout(const Place& place, Layout& layout) {
        if (!isObject(place)) {
            return;
        }
        for (const auto& [key, value] : place.json->items()) {
            const Place field = member(place, key, value);
            if (key == "states") {
                if (!isObject(field)) {
                    continue;
                }
                for (const auto& [id, rect] : field.json->items()) {
                    readRect(member(field, id, rect), layout.states[id]);
                }
            } else if (key == "transitions") {
                if (!isObject(field)) {
                    continue;
                }
                for (const auto& [id, edge] : field.json->items()) {
                    readEdge(member(field, id, edge), layout.transitions[id]);
                }
            } else {
                unknownKey(field);
            }
        }
    }

    void readRect(const Place& place, Rect& rect) {
        if (!isObject(place)) {
            return;
        }
        for (const auto& [key, value] : place.json->items()) {
            const Place field = member(place, key, value);
            double* target = key == "x"        ? &rect.x
                             : key == "y"      ? &rect.y
                             : key == "width"  ? &rect.width
                             : key == "height" ? &rect.height
                                               : nullptr;
            if (target != nullptr) {
                readNumber(field, *target);
            } else {
                unknownKey(field);
            }
        }
    }

    bool readPoint(const Place& place, Point& point) {
        record(place);
        const Json& json = *place.json;
        if (!json.is_array() || json.size() != 2 || !json[0].is_number() || !json[1].is_number()) {
            wrongType(place, "an [x, y] pair of numbers");
            return false;
        }
        record(element(place, 0));
        record(element(place, 1));
        point = {json[0].get<double>(), json[1].get<double>()};
        return true;
    }

    void readEdge(const Place& place, EdgeLayout& edge) {
        if (!isObject(place)) {
            return;
        }
        for (const auto& [key, value] : place.json->items()) {
            const Place field = member(place, key, value);
            if (key == "route") {
                if (!isArray(field)) {
                    continue;
                }
                for (std::size_t i = 0; i < value.size(); ++i) {
                    if (Point point; readPoint(element(field, i), point)) {
                        edge.route.push_back(point);
                    }
                }
            } else if (key == "label") {
                if (Point point; readPoint(field, point)) {
                    edge.label = point;
                }
            } else {
                unknownKey(field);
            }
        }
    }

    struct ElementEntry {
        ElementCategory category;
        std::string id;
        std::string pointer;
    };

    std::string_view m_text;
    LoadResult& m_result;
    Json m_json;
    JsonLocations m_locations;
    std::unordered_set<std::string> m_ids;
    int m_generated = 0;
    std::vector<ElementEntry> m_elements;
};

Diagnostic fileDiagnostic(const char* code, std::string message) {
    Diagnostic diagnostic;
    diagnostic.code = code;
    diagnostic.message = std::move(message);
    return diagnostic;
}

std::string tooLarge(std::size_t size) {
    return "the file is too large (" + std::to_string(size) + " bytes; the limit is " +
           std::to_string(kMaxFileBytes / (1024 * 1024)) + " MiB)";
}

// ---- Saving

// Layout numbers keep two decimals; whole numbers are written without a fraction.
Json layoutNumber(double value) {
    if (!std::isfinite(value)) {
        return 0;
    }
    if (std::abs(value) < 1e15) {
        value = std::round(value * 100) / 100;
    }
    if (std::trunc(value) == value && std::abs(value) < 9e15) {
        return static_cast<std::int64_t>(value);
    }
    return value;
}

Json pointJson(const Point& point) {
    return Json::array({layoutNumber(point.x), layoutNumber(point.y)});
}

Json argumentsJson(const std::vector<Argument>& arguments) {
    Json json = Json::object();
    for (const Argument& argument : arguments) {
        json[argument.name] = argument.value.text;
    }
    return json;
}

Json actionJson(const Action& action) {
    Json json = Json::object();
    const std::string kind(actionKindName(action.kind));
    switch (action.kind) {
    case ActionKind::Send:
        json[kind] = action.name;
        if (!action.args.empty()) {
            json["args"] = argumentsJson(action.args);
        }
        if (!action.target.empty()) {
            json["target"] = action.target;
        }
        break;
    case ActionKind::Assign:
        json[kind] = action.name;
        if (!action.expr.empty()) {
            json["expr"] = action.expr.text;
        }
        break;
    case ActionKind::Raise:
        json[kind] = action.name;
        if (!action.args.empty()) {
            json["tags"] = argumentsJson(action.args);
        }
        if (action.delayMs) {
            json["delayMs"] = *action.delayMs;
        }
        break;
    case ActionKind::Log:
        json[kind] = action.label;
        if (!action.expr.empty()) {
            json["expr"] = action.expr.text;
        }
        break;
    case ActionKind::Call:
        json[kind] = action.name;
        if (!action.args.empty()) {
            json["args"] = argumentsJson(action.args);
        }
        if (!action.reply.empty()) {
            json["reply"] = action.reply;
        }
        break;
    }
    return json;
}

Json actionsJson(const std::vector<Action>& actions) {
    Json json = Json::array();
    for (const Action& action : actions) {
        json.push_back(actionJson(action));
    }
    return json;
}

Json stateJson(const State& state) {
    Json json = Json::object();
    json["id"] = state.id;
    if (!state.parent.empty()) {
        json["parent"] = state.parent;
    }
    if (state.kind != StateKind::State) {
        json["kind"] = std::string(stateKindName(state.kind));
    }
    if (!state.initial.empty()) {
        json["initial"] = state.initial;
    }
    if (!state.description.empty()) {
        json["description"] = state.description;
    }
    if (!state.onEntry.empty()) {
        json["onEntry"] = actionsJson(state.onEntry);
    }
    if (!state.onExit.empty()) {
        json["onExit"] = actionsJson(state.onExit);
    }
    return json;
}

Json transitionJson(const Transition& transition) {
    Json json = Json::object();
    json["id"] = transition.id;
    json["source"] = transition.source;
    if (!transition.event.empty()) {
        json["event"] = transition.event;
    }
    if (transition.afterMs) {
        json["after"] = *transition.afterMs;
    }
    if (!transition.targets.empty()) {
        json["targets"] = transition.targets;
    }
    if (transition.type == TransitionType::Internal) {
        json["type"] = "internal";
    }
    if (!transition.guard.empty()) {
        json["guard"] = transition.guard.text;
    }
    if (!transition.actions.empty()) {
        json["actions"] = actionsJson(transition.actions);
    }
    return json;
}

Json variableJson(const Variable& variable) {
    Json json = Json::object();
    json["name"] = variable.name;
    json["type"] = std::string(typeName(variable.type));
    json["initial"] = orderedScalar(toJson(variable.initial));
    return json;
}

// One line per element: {"key": value, ...} with a space after ':' and ','. The depth
// is bounded by the model (an action's arguments at most), so recursion is safe.
void appendInline(const Json& json, std::string& out) {
    if (json.is_object()) {
        out += '{';
        bool first = true;
        for (const auto& [key, value] : json.items()) {
            out += first ? "" : ", ";
            first = false;
            out += jsonString(key);
            out += ": ";
            appendInline(value, out);
        }
        out += '}';
    } else if (json.is_array()) {
        out += '[';
        for (std::size_t i = 0; i < json.size(); ++i) {
            out += i == 0 ? "" : ", ";
            appendInline(json[i], out);
        }
        out += ']';
    } else {
        out += json.dump(-1, ' ', false, Json::error_handler_t::replace);
    }
}

std::string inlineJson(const Json& json) {
    std::string out;
    appendInline(json, out);
    return out;
}

// `lines` as the entries of a JSON array or object opened at `indent` spaces.
std::string block(char open, char close, const std::vector<std::string>& lines, int indent) {
    const std::string inner(static_cast<std::size_t>(indent + 2), ' ');
    std::string out(1, open);
    out += '\n';
    for (std::size_t i = 0; i < lines.size(); ++i) {
        out += inner + lines[i] + (i + 1 < lines.size() ? ",\n" : "\n");
    }
    out += std::string(static_cast<std::size_t>(indent), ' ') + close;
    return out;
}


} // namespace

LoadResult loadMachine(std::string_view text) {
    LoadResult result;
    try {
        if (text.size() > kMaxFileBytes) {
            result.diagnostics.push_back(fileDiagnostic(codes::FileTooLarge, tooLarge(text.size())));
            return result;
        }
        Loader(text, result).run();
    } catch (const std::exception& e) {
        result.machine.reset();
        result.diagnostics.push_back(
            fileDiagnostic(codes::FileUnreadable, std::string("cannot read the file: ") + e.what()));
    } catch (...) {
        result.machine.reset();
        result.diagnostics.push_back(fileDiagnostic(codes::FileUnreadable, "cannot read the file"));
    }
    return result;
}

LoadResult loadMachineFile(const std::string& path) {
    LoadResult result;
    try {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        const auto unreadable = [&](int error) {
            result.diagnostics.push_back(fileDiagnostic(
                codes::FileUnreadable, "cannot read " + path + ": " + std::strerror(error)));
            return result;
        };
        if (fd < 0) {
            return unreadable(errno);
        }
        struct stat info {};
        if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
            ::close(fd);
            return unreadable(EISDIR);
        }
        // Read at most one byte more than allowed: a device file may never end.
        std::string text;
        char buffer[65536];
        while (text.size() <= kMaxFileBytes) {
            const ssize_t count = ::read(fd, buffer, sizeof buffer);
            if (count < 0 && errno == EINTR) {
                continue;
            }
            if (count < 0) {
                const int error = errno;
                ::close(fd);
                return unreadable(error);
            }
            if (count == 0) {
                break;
            }
            text.append(buffer, static_cast<std::size_t>(count));
        }
        ::close(fd);
        if (text.size() > kMaxFileBytes) {
            const std::size_t size = S_ISREG(info.st_mode) ? static_cast<std::size_t>(info.st_size)
                                                          : text.size();
            result.diagnostics.push_back(fileDiagnostic(codes::FileTooLarge, tooLarge(size)));
            return result;
        }
        return loadMachine(text);
    } catch (const std::exception& e) {
        result = LoadResult();
        result.diagnostics.push_back(fileDiagnostic(
            codes::FileUnreadable, "cannot read " + path + ": " + e.what()));
    }
    return result;
}

std::string saveMachine(const Machine& machine) {
    std::vector<std::pair<std::string, std::string>> fields;
    fields.emplace_back("format", std::to_string(kFormatVersion));
    for (const auto& [key, value] : {std::pair<const char*, const std::string&>{"name", machine.name},
                                     {"deviceType", machine.deviceType},
                                     {"description", machine.description},
                                     {"initial", machine.initial}}) {
        if (!value.empty()) {
            fields.emplace_back(key, jsonString(value));
        }
    }
    if (!machine.variables.empty()) {
        std::vector<std::string> lines;
        for (const Variable& variable : machine.variables) {
            lines.push_back(inlineJson(variableJson(variable)));
        }
        fields.emplace_back("variables", block('[', ']', lines, 2));
    }
    const std::vector<std::size_t> order = documentOrder(machine.states);
    if (!machine.states.empty()) {
        std::vector<std::string> lines;
        for (std::size_t index : order) {
            lines.push_back(inlineJson(stateJson(machine.states[index])));
        }
        fields.emplace_back("states", block('[', ']', lines, 2));
    }
    if (!machine.transitions.empty()) {
        // Grouped by source in state order; sources that are not states follow, each
        // group where its first transition was.
        std::unordered_map<std::string_view, std::size_t> rank;
        for (std::size_t position = 0; position < order.size(); ++position) {
            rank.emplace(machine.states[order[position]].id, position);
        }
        for (const Transition& transition : machine.transitions) {
            rank.emplace(transition.source, rank.size());
        }
        std::vector<const Transition*> sorted;
        for (const Transition& transition : machine.transitions) {
            sorted.push_back(&transition);
        }
        std::stable_sort(sorted.begin(), sorted.end(), [&](const Transition* a, const Transition* b) {
            return rank.at(a->source) < rank.at(b->source);
        });
        std::vector<std::string> lines;
        for (const Transition* transition : sorted) {
            lines.push_back(inlineJson(transitionJson(*transition)));
        }
        fields.emplace_back("transitions", block('[', ']', lines, 2));
    }
    const Layout& layout = machine.layout;
    if (!layout.states.empty() || !layout.transitions.empty()) {
        std::vector<std::string> parts;
        if (!layout.states.empty()) {
            std::vector<std::string> lines;
            for (const auto& [id, rect] : layout.states) {
                Json json = Json::object();
                json["x"] = layoutNumber(rect.x);
                json["y"] = layoutNumber(rect.y);
                json["width"] = layoutNumber(rect.width);
                json["height"] = layoutNumber(rect.height);
                lines.push_back(jsonString(id) + ": " + inlineJson(json));
            }
            parts.push_back("\"states\": " + block('{', '}', lines, 4));
        }
        if (!layout.transitions.empty()) {
            std::vector<std::string> lines;
            for (const auto& [id, edge] : layout.transitions) {
                Json json = Json::object();
                if (!edge.route.empty()) {
                    Json route = Json::array();
                    for (const Point& point : edge.route) {
                        route.push_back(pointJson(point));
                    }
                    json["route"] = std::move(route);
                }
                if (edge.label) {
                    json["label"] = pointJson(*edge.label);
                }
                lines.push_back(jsonString(id) + ": " + inlineJson(json));
            }
            parts.push_back("\"transitions\": " + block('{', '}', lines, 4));
        }
        fields.emplace_back("layout", block('{', '}', parts, 2));
    }
    std::string out = "{\n";
    for (std::size_t i = 0; i < fields.size(); ++i) {
        out += "  " + jsonString(fields[i].first) + ": " + fields[i].second;
        out += i + 1 < fields.size() ? ",\n" : "\n";
    }
    out += "}\n";
    return out;
}

bool saveMachineFile(const Machine& machine, const std::string& path, std::string* error) {
    std::string message;
    try {
        if (writeFileAtomically(path, saveMachine(machine), message))
            return true;
    } catch (const std::exception& e) {
        message = "cannot save " + path + ": " + e.what();
    }
    if (error != nullptr)
        *error = std::move(message);
    return false;
}

} // namespace swivel::model
