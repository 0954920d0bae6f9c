#include "device_catalog.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "diagnostic_codes.h"
#include "expression.h"
#include "json_locations.h"
#include "json_text.h"
#include "machine_file.h"
#include "resources.h"

namespace swivel::model {

namespace {

using Json = nlohmann::json;

// Deeper entries are refused before anything copies them (a copy recurses).
constexpr int kMaxEntryDepth = 64;

bool isIdentifier(std::string_view name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

bool isCatalogId(std::string_view id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
    });
}

bool deeperThan(const Json& json, int limit) {
    std::vector<std::pair<const Json*, int>> stack{{&json, 0}};
    while (!stack.empty()) {
        const auto [value, depth] = stack.back();
        stack.pop_back();
        if (depth > limit) {
            return true;
        }
        if (value->is_structured()) {
            for (const Json& child : *value) {
                stack.emplace_back(&child, depth + 1);
            }
        }
    }
    return false;
}

using json_text::describe;
using json_text::quote;

std::string child(const std::string& path, std::string_view key) {
    const std::string segment = jsonPointerEscape(key);
    return path.empty() ? segment : path + '/' + segment;
}

std::string child(const std::string& path, std::size_t index) {
    return path.empty() ? std::to_string(index) : path + '/' + std::to_string(index);
}

std::string joinNames(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& name : names) {
        out += (out.empty() ? "" : ", ") + name;
    }
    return out;
}

// The keys one kind of object may have: the schema of a catalog entry as data.
struct Key {
    std::string_view name;
    bool required = false;
};
struct Shape {
    std::string_view what;  // how messages name such an object
    std::vector<Key> keys;
};

const Shape kDeviceShape{"device type",
                         {{"id", true}, {"name", true}, {"vendor"}, {"model"}, {"description"},
                          {"events", true}, {"commands", true}, {"link"}, {"behaviour"}}};
const Shape kServiceShape{"service",
                          {{"id", true}, {"name", true}, {"description"}, {"request"},
                           {"reply", true}, {"latencyMs"}, {"behaviour"}}};
const Shape kEventShape{"event", {{"name", true}, {"tags"}, {"description"}, {"sizeBytes"}}};
const Shape kCommandShape{"command", {{"name", true}, {"args"}, {"description"}, {"sizeBytes"}}};
const Shape kFieldShape{"field", {{"name", true}, {"type", true}, {"values"}, {"description"}}};
const Shape kLinkShape{"link", {{"latencyMs"}, {"jitterMs"}, {"bandwidthKbps"}, {"loss"}}};
const Shape kLatencyShape{"latencyMs", {{"min", true}, {"max", true}}};

// The emulated behaviour. Expressions in it read the behaviour's variables and, in
// onCommand, the command's arguments as event.<Arg>. Reactions to one command run
// independently, each after its own delay from the command's arrival.
const Shape kBehaviourShape{"behaviour",
                            {{"variables"}, {"spontaneous"}, {"onCommand"}, {"powerModes"}}};
const Shape kVariableShape{"behaviour variable", {{"type", true}, {"initial"}}};
// ratePerMinute: a random (Poisson) event, sent only while `when` holds if given;
// when alone: sent each time `when` becomes true (once: the first time only).
const Shape kSpontaneousShape{"spontaneous event",
                              {{"event", true}, {"ratePerMinute"}, {"when"}, {"once"}, {"tags"}, {"set"}}};
const Shape kReactionShape{"reaction",
                           {{"delayMs"}, {"send"}, {"choose"}, {"set"}, {"tags"}, {"transferBytes"}}};
const Shape kChoiceShape{"choice", {{"probability", true}, {"send", true}, {"tags"}}};
const Shape kTransferShape{"transferBytes", {{"byArg", true}, {"cases", true}}};
const Shape kPowerModesShape{"powerModes",
                             {{"initial", true}, {"modes", true}, {"event", true}, {"tag", true}}};

// Value generators for tags: one key naming the kind, and what it produces (nullopt:
// it depends on the value or the expression).
struct Generator {
    std::string_view name;
    std::optional<Type> produces;
};
const std::vector<Generator> kGenerators{{"const", std::nullopt},
                                         {"uniformInt", Type::Int},
                                         {"uniform", Type::Double},
                                         {"uid", Type::String},
                                         {"expr", std::nullopt}};
const std::vector<Generator> kDelayGenerators{{"const", Type::Int}, {"uniform", Type::Double}};

std::string generatorNames(const std::vector<Generator>& generators) {
    std::string out;
    for (const Generator& generator : generators) {
        out += (out.empty() ? "" : ", ") + std::string(generator.name);
    }
    return out;
}

bool fits(Type produced, Type wanted) {
    return produced == wanted || (produced == Type::Int && wanted == Type::Double);
}

// Collects the diagnostics of one catalog entry (elementId: the file; field: the path
// inside it) and reads typed values, reporting what does not fit.
class Reader {
public:
    Reader(const std::string& where, std::vector<Diagnostic>& out) : m_where(where), m_out(out) {}

    bool failed() const { return m_errors > 0; }

    void report(const char* code, const std::string& path, std::string message,
                Severity severity = Severity::Error, int offset = -1) {
        Diagnostic diagnostic;
        diagnostic.severity = severity;
        diagnostic.code = code;
        diagnostic.elementId = m_where;
        diagnostic.field = path;
        diagnostic.message = std::move(message);
        diagnostic.offset = offset;
        m_out.push_back(std::move(diagnostic));
        if (severity == Severity::Error) {
            ++m_errors;
        }
    }

    void wrongType(const std::string& path, const Json& json, std::string_view expected) {
        report(codes::WrongType, path,
               "expected " + std::string(expected) + " for " + quote(path) + ", found " + describe(json));
    }

    // Checks an object against its shape: unknown keys warn, missing required keys are
    // errors. False when `json` is not an object at all.
    bool object(const Json& json, const std::string& path, const Shape& shape) {
        if (!json.is_object()) {
            wrongType(path, json, "an object (" + std::string(shape.what) + ")");
            return false;
        }
        for (const auto& [key, value] : json.items()) {
            const bool known = std::any_of(shape.keys.begin(), shape.keys.end(),
                                           [&key = key](const Key& k) { return k.name == key; });
            if (!known) {
                std::string allowed;
                for (const Key& k : shape.keys) {
                    allowed += (allowed.empty() ? "" : ", ") + std::string(k.name);
                }
                report(codes::UnknownKey, child(path, key),
                       "unknown key " + quote(key) + " in " + std::string(shape.what) +
                           " ignored (known: " + allowed + ")",
                       Severity::Warning);
            }
        }
        for (const Key& key : shape.keys) {
            if (key.required && !json.contains(key.name)) {
                report(codes::MissingField, path,
                       std::string(shape.what) + " has no " + quote(key.name));
            }
        }
        return true;
    }

    static const Json* find(const Json& object, std::string_view key) {
        if (!object.is_object()) {
            return nullptr;
        }
        const auto it = object.find(key);
        return it == object.end() ? nullptr : &*it;
    }

    bool string(const Json& json, const std::string& path, std::string& out) {
        if (!json.is_string()) {
            wrongType(path, json, "a string");
            return false;
        }
        out = json.get<std::string>();
        return true;
    }

    bool number(const Json& json, const std::string& path, double& out, double min = -HUGE_VAL,
                double max = HUGE_VAL) {
        if (!json.is_number() || json.get<double>() < min || json.get<double>() > max) {
            std::string expected = "a number";
            if (min > -HUGE_VAL && max < HUGE_VAL) {
                expected += " from " + Json(min).dump() + " to " + Json(max).dump();
            } else if (min > -HUGE_VAL) {
                expected += " of at least " + Json(min).dump();
            }
            wrongType(path, json, expected);
            return false;
        }
        out = json.get<double>();
        return true;
    }

    bool integer(const Json& json, const std::string& path, std::int64_t& out, std::int64_t min = 0) {
        const bool integral = json.is_number_integer() ||
                              (json.is_number_float() && std::trunc(json.get<double>()) == json.get<double>() &&
                               std::abs(json.get<double>()) < 9e18);
        if (!integral || (json.is_number_unsigned() && json.get<std::uint64_t>() > INT64_MAX) ||
            json.get<double>() < static_cast<double>(min)) {
            wrongType(path, json, "an integer of at least " + std::to_string(min));
            return false;
        }
        out = json.is_number_float() ? static_cast<std::int64_t>(json.get<double>())
                                     : json.get<std::int64_t>();
        return true;
    }

    // Optional members: absent leaves `out` alone.
    void optionalString(const Json& object, const std::string& path, std::string_view key,
                        std::string& out) {
        if (const Json* value = find(object, key)) {
            string(*value, child(path, key), out);
        }
    }

    // A name that generated code and expressions use: an identifier.
    bool name(const Json& object, const std::string& path, std::string& out) {
        const Json* value = find(object, "name");
        if (value == nullptr || !string(*value, child(path, "name"), out)) {
            return false;
        }
        if (!isIdentifier(out)) {
            report(codes::BadIdentifier, child(path, "name"),
                   quote(out) + " is not a valid name: use letters, digits and _, not starting "
                                "with a digit");
            return false;
        }
        return true;
    }

private:
    const std::string& m_where;
    std::vector<Diagnostic>& m_out;
    int m_errors = 0;
};

std::optional<Field> readField(Reader& reader, const Json& json, const std::string& path) {
    if (!reader.object(json, path, kFieldShape)) {
        return std::nullopt;
    }
    Field field;
    bool ok = reader.name(json, path, field.name);
    if (const Json* type = Reader::find(json, "type")) {
        std::string text;
        if (reader.string(*type, child(path, "type"), text)) {
            if (const auto parsed = typeFromName(text)) {
                field.type = *parsed;
            } else {
                reader.report(codes::UnknownValue, child(path, "type"),
                              "unknown type " + quote(text) + "; expected one of: bool, int, double, string");
                ok = false;
            }
        }
    }
    if (const Json* values = Reader::find(json, "values")) {
        const std::string valuesPath = child(path, "values");
        if (!values->is_array()) {
            reader.wrongType(valuesPath, *values, "an array of strings");
        } else if (field.type != Type::String) {
            reader.report(codes::WrongType, valuesPath,
                          "only string fields can list values; " + quote(field.name) + " is " +
                              std::string(typeName(field.type)));
        } else {
            std::set<std::string> seen;
            for (std::size_t i = 0; i < values->size(); ++i) {
                std::string value;
                if (reader.string((*values)[i], child(valuesPath, i), value)) {
                    if (value.empty() || !seen.insert(value).second) {
                        reader.report(codes::DuplicateId, child(valuesPath, i),
                                      value.empty() ? "a value must not be empty"
                                                    : "value " + quote(value) + " is listed twice");
                    }
                    field.values.push_back(value);
                }
            }
        }
    }
    reader.optionalString(json, path, "description", field.description);
    return ok ? std::optional<Field>(field) : std::nullopt;
}

std::vector<Field> readFields(Reader& reader, const Json& object, const std::string& path,
                              std::string_view key) {
    std::vector<Field> fields;
    const Json* list = Reader::find(object, key);
    if (list == nullptr) {
        return fields;
    }
    const std::string listPath = child(path, key);
    if (!list->is_array()) {
        reader.wrongType(listPath, *list, "an array");
        return fields;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        if (auto field = readField(reader, (*list)[i], child(listPath, i))) {
            const bool duplicate = std::any_of(fields.begin(), fields.end(),
                                               [&](const Field& f) { return f.name == field->name; });
            if (duplicate) {
                reader.report(codes::DuplicateId, child(child(listPath, i), "name"),
                              quote(field->name) + " is listed twice");
            } else {
                fields.push_back(std::move(*field));
            }
        }
    }
    return fields;
}

// An event or a command: a name, typed fields and a message size.
template <typename Message>
std::optional<Message> readMessage(Reader& reader, const Json& json, const std::string& path,
                                   const Shape& shape, std::string_view fieldsKey,
                                   std::vector<Field> Message::*fields) {
    if (!reader.object(json, path, shape)) {
        return std::nullopt;
    }
    Message message;
    const bool named = reader.name(json, path, message.name);
    message.*fields = readFields(reader, json, path, fieldsKey);
    reader.optionalString(json, path, "description", message.description);
    if (const Json* size = Reader::find(json, "sizeBytes")) {
        reader.integer(*size, child(path, "sizeBytes"), message.sizeBytes, 1);
    }
    return named ? std::optional<Message>(std::move(message)) : std::nullopt;
}

template <typename Message>
std::vector<Message> readMessages(Reader& reader, const Json& object, std::string_view key,
                                  const Shape& shape, std::string_view fieldsKey,
                                  std::vector<Field> Message::*fields) {
    std::vector<Message> messages;
    const Json* list = Reader::find(object, key);
    if (list == nullptr) {
        return messages;
    }
    const std::string path(key);
    if (!list->is_array()) {
        reader.wrongType(path, *list, "an array");
        return messages;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto message = readMessage(reader, (*list)[i], child(path, i), shape, fieldsKey, fields);
        if (!message) {
            continue;
        }
        const bool duplicate = std::any_of(messages.begin(), messages.end(),
                                           [&](const Message& m) { return m.name == message->name; });
        if (duplicate) {
            reader.report(codes::DuplicateId, child(child(path, i), "name"),
                          std::string(shape.what) + " " + quote(message->name) + " is listed twice");
        } else {
            messages.push_back(std::move(*message));
        }
    }
    return messages;
}

// Checks a device's behaviour block against the schema above and the device's own
// vocabulary: every event sent exists, every tag generated belongs to it and has the
// tag's type, every command reacted to exists.
class BehaviourChecker {
public:
    BehaviourChecker(Reader& reader, const DeviceType& device) : m_reader(reader), m_device(device) {}

    void check(const Json& behaviour) {
        const std::string path = "behaviour";
        if (!m_reader.object(behaviour, path, kBehaviourShape)) {
            return;
        }
        if (const Json* variables = Reader::find(behaviour, "variables")) {
            readVariables(*variables, child(path, "variables"));
        }
        if (const Json* spontaneous = Reader::find(behaviour, "spontaneous")) {
            forEach(*spontaneous, child(path, "spontaneous"),
                    [this](const Json& entry, const std::string& at) { checkSpontaneous(entry, at); });
        }
        if (const Json* onCommand = Reader::find(behaviour, "onCommand")) {
            checkOnCommand(*onCommand, child(path, "onCommand"));
        }
        if (const Json* powerModes = Reader::find(behaviour, "powerModes")) {
            checkPowerModes(*powerModes, child(path, "powerModes"));
        }
    }

private:
    template <typename Each>
    void forEach(const Json& list, const std::string& path, Each each) {
        if (!list.is_array()) {
            m_reader.wrongType(path, list, "an array");
            return;
        }
        for (std::size_t i = 0; i < list.size(); ++i) {
            each(list[i], child(path, i));
        }
    }

    void readVariables(const Json& variables, const std::string& path) {
        if (!variables.is_object()) {
            m_reader.wrongType(path, variables, "an object of variables");
            return;
        }
        for (const auto& [name, spec] : variables.items()) {
            const std::string at = child(path, name);
            if (!isIdentifier(name)) {
                m_reader.report(codes::BadIdentifier, at, quote(name) + " is not a valid variable name");
            }
            if (!m_reader.object(spec, at, kVariableShape)) {
                continue;
            }
            std::string typeText;
            const Json* type = Reader::find(spec, "type");
            if (type == nullptr || !m_reader.string(*type, child(at, "type"), typeText)) {
                continue;
            }
            const auto parsed = typeFromName(typeText);
            if (!parsed) {
                m_reader.report(codes::UnknownValue, child(at, "type"),
                                "unknown type " + quote(typeText) + "; expected one of: bool, int, double, string");
                continue;
            }
            m_variables[name] = *parsed;
            if (const Json* initial = Reader::find(spec, "initial"); initial != nullptr && !fromJson(*initial, *parsed)) {
                m_reader.wrongType(child(at, "initial"), *initial, "a " + typeText);
            }
        }
    }

    TypeScope scope(const std::optional<std::vector<Field>>& tags) const {
        TypeScope scope;
        scope.eventTags.emplace();
        if (tags) {
            for (const Field& field : *tags) {
                (*scope.eventTags)[field.name] = field.type;
            }
        }
        for (const auto& [name, type] : m_variables) {
            scope.variables[name] = type;
        }
        return scope;
    }

    // An expression in a string: parsed and type-checked, its type must fit `wanted`.
    void checkExpression(const Json& json, const std::string& path, const TypeScope& scope,
                         std::optional<Type> wanted) {
        std::string text;
        if (!m_reader.string(json, path, text)) {
            return;
        }
        const Expression expression = Expression::parse(text);
        if (!expression.ok() || expression.empty()) {
            const auto& errors = expression.errors();
            m_reader.report(codes::ExpressionSyntax, path,
                            errors.empty() ? "empty expression" : errors.front().message, Severity::Error,
                            errors.empty() ? -1 : static_cast<int>(errors.front().offset));
            return;
        }
        std::vector<ExprError> errors;
        const auto type = expression.check(scope, errors);
        if (!errors.empty()) {
            m_reader.report(codes::ExpressionType, path, errors.front().message, Severity::Error,
                            static_cast<int>(errors.front().offset));
        } else if (type && wanted && !fits(*type, *wanted)) {
            m_reader.report(codes::ExpressionType, path,
                            "expected " + std::string(typeName(*wanted)) + ", but " + quote(text) +
                                " is " + std::string(typeName(*type)));
        }
    }

    const EventType* event(const Json& json, const std::string& path) {
        std::string name;
        if (!m_reader.string(json, path, name)) {
            return nullptr;
        }
        const EventType* event = m_device.findEvent(name);
        if (event == nullptr) {
            std::vector<std::string> names;
            for (const EventType& e : m_device.events) {
                names.push_back(e.name);
            }
            m_reader.report(codes::UnknownEvent, path,
                            "the device has no event " + quote(name) + " (it sends: " + joinNames(names) + ")");
        }
        return event;
    }

    // A generator producing a value for `field`.
    void checkGenerator(const Json& json, const std::string& path, const Field& field,
                        const TypeScope& scope) {
        const auto generator = kind(json, path, kGenerators);
        if (!generator) {
            return;
        }
        const Json& argument = json.begin().value();
        const std::string at = child(path, generator->name);
        if (generator->name == "const") {
            const auto value = fromJson(argument, field.type);
            if (!value) {
                m_reader.wrongType(at, argument, "a " + std::string(typeName(field.type)) + " (tag " +
                                                     quote(field.name) + ")");
            } else if (!field.values.empty() &&
                       std::find(field.values.begin(), field.values.end(), std::get<std::string>(*value)) ==
                           field.values.end()) {
                m_reader.report(codes::UnknownValue, at,
                                quote(std::get<std::string>(*value)) + " is not a value of tag " +
                                    quote(field.name) + "; expected one of: " + joinNames(field.values));
            }
            return;
        }
        if (generator->name == "expr") {
            checkExpression(argument, at, scope, field.type);
            return;
        }
        if (!fits(*generator->produces, field.type)) {
            m_reader.report(codes::ArgumentType, at,
                            std::string(generator->name) + " gives " +
                                std::string(typeName(*generator->produces)) + " values but tag " +
                                quote(field.name) + " is " + std::string(typeName(field.type)));
            return;
        }
        if (generator->name == "uid") {
            std::string prefix;
            m_reader.string(argument, at, prefix);
            if (!field.values.empty()) {
                m_reader.report(codes::ArgumentType, at,
                                "uid gives fresh strings but tag " + quote(field.name) +
                                    " takes only: " + joinNames(field.values));
            }
            return;
        }
        checkRange(argument, at, generator->name == "uniformInt");
    }

    // [low, high] with low <= high (integers for uniformInt).
    void checkRange(const Json& json, const std::string& path, bool integers) {
        const std::string expected = integers ? "a pair of integers [low, high]" : "a pair of numbers [low, high]";
        if (!json.is_array() || json.size() != 2 || !json[0].is_number() || !json[1].is_number() ||
            (integers && (!json[0].is_number_integer() || !json[1].is_number_integer()))) {
            m_reader.wrongType(path, json, expected);
        } else if (json[0].get<double>() > json[1].get<double>()) {
            m_reader.report(codes::WrongType, path, "the low end of the range is above the high end");
        }
    }

    // The one key of a generator object, if it names a known generator.
    std::optional<Generator> kind(const Json& json, const std::string& path,
                                  const std::vector<Generator>& generators) {
        const std::string expected = "{" + generatorNames(generators) + ": ...}";
        if (!json.is_object() || json.size() != 1) {
            m_reader.wrongType(path, json, "an object with one key of " + expected);
            return std::nullopt;
        }
        const std::string& key = json.begin().key();
        for (const Generator& generator : generators) {
            if (generator.name == key) {
                return generator;
            }
        }
        m_reader.report(codes::UnknownValue, child(path, key),
                        "unknown generator " + quote(key) + "; expected one of: " + generatorNames(generators));
        return std::nullopt;
    }

    // tags {tag: generator} for `event`; every tag should be generated.
    void checkTags(const Json* tags, const std::string& path, const EventType& event,
                   const TypeScope& scope) {
        if (tags != nullptr) {
            if (!tags->is_object()) {
                m_reader.wrongType(path, *tags, "an object of tag generators");
                return;
            }
            for (const auto& [name, generator] : tags->items()) {
                if (const Field* field = event.findTag(name)) {
                    checkGenerator(generator, child(path, name), *field, scope);
                } else {
                    m_reader.report(codes::UnknownArgument, child(path, name),
                                    "event " + quote(event.name) + " has no tag " + quote(name));
                }
            }
        }
        for (const Field& field : event.tags) {
            if (tags == nullptr || !tags->is_object() || !tags->contains(field.name)) {
                m_reader.report(codes::UnknownArgument, path,
                                "no generator for tag " + quote(field.name) + " of " + quote(event.name) +
                                    ": the emulator sends its default value",
                                Severity::Warning);
            }
        }
    }

    // set {variable: expression}
    void checkSet(const Json& set, const std::string& path, const TypeScope& scope) {
        if (!set.is_object()) {
            m_reader.wrongType(path, set, "an object of variable assignments");
            return;
        }
        for (const auto& [name, expression] : set.items()) {
            const auto variable = m_variables.find(name);
            if (variable == m_variables.end()) {
                m_reader.report(codes::UnknownVariable, child(path, name),
                                "the behaviour has no variable " + quote(name));
                continue;
            }
            checkExpression(expression, child(path, name), scope, variable->second);
        }
    }

    void checkSpontaneous(const Json& entry, const std::string& path) {
        if (!m_reader.object(entry, path, kSpontaneousShape)) {
            return;
        }
        const TypeScope variablesOnly = scope(std::nullopt);
        const Json* rate = Reader::find(entry, "ratePerMinute");
        const Json* when = Reader::find(entry, "when");
        const Json* once = Reader::find(entry, "once");
        if (rate == nullptr && when == nullptr) {
            m_reader.report(codes::MissingField, path,
                            "a spontaneous event needs \"ratePerMinute\" or \"when\"");
        }
        if (double value = 0; rate != nullptr && m_reader.number(*rate, child(path, "ratePerMinute"), value) &&
                              value <= 0) {
            m_reader.wrongType(child(path, "ratePerMinute"), *rate, "a positive number");
        }
        if (when != nullptr) {
            checkExpression(*when, child(path, "when"), variablesOnly, Type::Bool);
        }
        if (once != nullptr) {
            if (!once->is_boolean()) {
                m_reader.wrongType(child(path, "once"), *once, "a boolean");
            } else if (when == nullptr || rate != nullptr) {
                m_reader.report(codes::BadStructure, child(path, "once"),
                                "\"once\" applies to an event sent \"when\" a condition holds, without a rate");
            }
        }
        if (const Json* set = Reader::find(entry, "set")) {
            checkSet(*set, child(path, "set"), variablesOnly);
        }
        const Json* name = Reader::find(entry, "event");
        if (name == nullptr) {
            return;
        }
        if (const EventType* sent = event(*name, child(path, "event"))) {
            checkTags(Reader::find(entry, "tags"), child(path, "tags"), *sent, variablesOnly);
        }
    }

    void checkOnCommand(const Json& onCommand, const std::string& path) {
        if (!onCommand.is_object()) {
            m_reader.wrongType(path, onCommand, "an object of command reactions");
            return;
        }
        for (const auto& [name, reactions] : onCommand.items()) {
            const std::string at = child(path, name);
            const CommandType* command = m_device.findCommand(name);
            if (command == nullptr) {
                std::vector<std::string> names;
                for (const CommandType& c : m_device.commands) {
                    names.push_back(c.name);
                }
                m_reader.report(codes::UnknownCommand, at,
                                "the device has no command " + quote(name) + " (it accepts: " +
                                    joinNames(names) + ")");
                continue;
            }
            forEach(reactions, at, [&](const Json& reaction, const std::string& where) {
                checkReaction(reaction, where, *command);
            });
        }
    }

    void checkReaction(const Json& reaction, const std::string& path, const CommandType& command) {
        if (!m_reader.object(reaction, path, kReactionShape)) {
            return;
        }
        const TypeScope withArgs = scope(command.args);
        if (const Json* delay = Reader::find(reaction, "delayMs")) {
            const std::string at = child(path, "delayMs");
            if (const auto generator = kind(*delay, at, kDelayGenerators)) {
                const Json& argument = delay->begin().value();
                if (generator->name == "const") {
                    std::int64_t value = 0;
                    m_reader.integer(argument, child(at, "const"), value, 0);
                } else {
                    checkRange(argument, child(at, "uniform"), false);
                    if (argument.is_array() && argument.size() == 2 && argument[0].is_number() &&
                        argument[0].get<double>() < 0) {
                        m_reader.report(codes::WrongType, child(at, "uniform"), "a delay cannot be negative");
                    }
                }
            }
        }
        const Json* send = Reader::find(reaction, "send");
        const Json* choose = Reader::find(reaction, "choose");
        const Json* tags = Reader::find(reaction, "tags");
        if (send != nullptr && choose != nullptr) {
            m_reader.report(codes::BadStructure, path,
                            "a reaction has either \"send\" or \"choose\", not both");
        }
        if (send != nullptr) {
            if (const EventType* sent = event(*send, child(path, "send"))) {
                checkTags(tags, child(path, "tags"), *sent, withArgs);
            }
        } else if (tags != nullptr) {
            m_reader.report(codes::BadStructure, child(path, "tags"),
                            "\"tags\" belong to a \"send\" (inside \"choose\", to each choice)");
        }
        if (choose != nullptr) {
            checkChoose(*choose, child(path, "choose"), withArgs);
        }
        if (const Json* set = Reader::find(reaction, "set")) {
            checkSet(*set, child(path, "set"), withArgs);
        }
        if (const Json* transfer = Reader::find(reaction, "transferBytes")) {
            checkTransfer(*transfer, child(path, "transferBytes"), command);
        }
        if (send == nullptr && choose == nullptr && !reaction.contains("set") &&
            !reaction.contains("transferBytes")) {
            m_reader.report(codes::BadStructure, path,
                            "the reaction does nothing (no send, choose, set or transferBytes)",
                            Severity::Warning);
        }
    }

    void checkChoose(const Json& choose, const std::string& path, const TypeScope& scope) {
        double total = 0;
        forEach(choose, path, [&](const Json& choice, const std::string& at) {
            if (!m_reader.object(choice, at, kChoiceShape)) {
                return;
            }
            if (const Json* probability = Reader::find(choice, "probability")) {
                double value = 0;
                if (m_reader.number(*probability, child(at, "probability"), value, 0, 1)) {
                    total += value;
                }
            }
            if (const Json* send = Reader::find(choice, "send")) {
                if (const EventType* sent = event(*send, child(at, "send"))) {
                    checkTags(Reader::find(choice, "tags"), child(at, "tags"), *sent, scope);
                }
            }
        });
        if (total > 1 + 1e-9) {
            m_reader.report(codes::WrongType, path,
                            "the probabilities add up to " + Json(total).dump() + ", more than 1");
        }
    }

    void checkTransfer(const Json& transfer, const std::string& path, const CommandType& command) {
        if (!transfer.is_object()) {
            std::int64_t bytes = 0;
            m_reader.integer(transfer, path, bytes, 0);
            return;
        }
        if (!m_reader.object(transfer, path, kTransferShape)) {
            return;
        }
        const Field* argument = nullptr;
        if (const Json* byArg = Reader::find(transfer, "byArg")) {
            std::string name;
            if (m_reader.string(*byArg, child(path, "byArg"), name)) {
                argument = command.findArg(name);
                if (argument == nullptr) {
                    m_reader.report(codes::UnknownArgument, child(path, "byArg"),
                                    "command " + quote(command.name) + " has no argument " + quote(name));
                }
            }
        }
        const Json* cases = Reader::find(transfer, "cases");
        if (cases == nullptr) {
            return;
        }
        if (!cases->is_object() || cases->empty()) {
            m_reader.wrongType(child(path, "cases"), *cases, "an object of sizes by argument value");
            return;
        }
        for (const auto& [value, bytes] : cases->items()) {
            std::int64_t size = 0;
            m_reader.integer(bytes, child(child(path, "cases"), value), size, 0);
            if (argument != nullptr && !argument->values.empty() &&
                std::find(argument->values.begin(), argument->values.end(), value) == argument->values.end()) {
                m_reader.report(codes::UnknownValue, child(child(path, "cases"), value),
                                quote(value) + " is not a value of " + quote(argument->name) +
                                    "; expected one of: " + joinNames(argument->values));
            }
        }
        if (argument != nullptr) {
            for (const std::string& value : argument->values) {
                if (!cases->contains(value)) {
                    m_reader.report(codes::UnknownValue, child(path, "cases"),
                                    "no size for " + quote(argument->name) + " = " + quote(value));
                }
            }
        }
    }

    void checkPowerModes(const Json& powerModes, const std::string& path) {
        if (!m_reader.object(powerModes, path, kPowerModesShape)) {
            return;
        }
        std::vector<std::string> modes;
        if (const Json* list = Reader::find(powerModes, "modes")) {
            if (!list->is_array() || list->empty()) {
                m_reader.wrongType(child(path, "modes"), *list, "a non-empty array of mode names");
            } else {
                for (std::size_t i = 0; i < list->size(); ++i) {
                    std::string mode;
                    if (m_reader.string((*list)[i], child(child(path, "modes"), i), mode)) {
                        modes.push_back(mode);
                    }
                }
            }
        }
        if (const Json* initial = Reader::find(powerModes, "initial")) {
            std::string mode;
            if (m_reader.string(*initial, child(path, "initial"), mode) && !modes.empty() &&
                std::find(modes.begin(), modes.end(), mode) == modes.end()) {
                m_reader.report(codes::UnknownValue, child(path, "initial"),
                                "initial mode " + quote(mode) + " is not one of: " + joinNames(modes));
            }
        }
        const Json* eventName = Reader::find(powerModes, "event");
        const EventType* sent = eventName != nullptr ? event(*eventName, child(path, "event")) : nullptr;
        const Json* tagName = Reader::find(powerModes, "tag");
        std::string tag;
        if (sent == nullptr || tagName == nullptr || !m_reader.string(*tagName, child(path, "tag"), tag)) {
            return;
        }
        const Field* field = sent->findTag(tag);
        if (field == nullptr) {
            m_reader.report(codes::UnknownArgument, child(path, "tag"),
                            "event " + quote(sent->name) + " has no tag " + quote(tag));
            return;
        }
        if (field->type != Type::String) {
            m_reader.report(codes::ArgumentType, child(path, "tag"),
                            "tag " + quote(tag) + " must be a string to carry a mode");
        }
        for (const std::string& mode : modes) {
            if (!field->values.empty() &&
                std::find(field->values.begin(), field->values.end(), mode) == field->values.end()) {
                m_reader.report(codes::UnknownValue, child(path, "modes"),
                                "mode " + quote(mode) + " is not a value of tag " + quote(tag) +
                                    "; expected one of: " + joinNames(field->values));
            }
        }
    }

    Reader& m_reader;
    const DeviceType& m_device;
    std::map<std::string, Type> m_variables;
};

void readLink(Reader& reader, const Json& json, LinkProfile& link) {
    const std::string path = "link";
    if (!reader.object(json, path, kLinkShape)) {
        return;
    }
    if (const Json* value = Reader::find(json, "latencyMs")) {
        reader.number(*value, child(path, "latencyMs"), link.latencyMs, 0);
    }
    if (const Json* value = Reader::find(json, "jitterMs")) {
        reader.number(*value, child(path, "jitterMs"), link.jitterMs, 0);
    }
    if (const Json* value = Reader::find(json, "bandwidthKbps")) {
        if (reader.number(*value, child(path, "bandwidthKbps"), link.bandwidthKbps, 0) &&
            link.bandwidthKbps <= 0) {
            reader.wrongType(child(path, "bandwidthKbps"), *value, "a positive number");
        }
    }
    if (const Json* value = Reader::find(json, "loss")) {
        reader.number(*value, child(path, "loss"), link.loss, 0, 1);
    }
}

// Shared by devices and services: an object, not too deep, with a valid id.
bool readHeader(Reader& reader, const Json& json, const Shape& shape, std::string& id) {
    if (!json.is_object()) {
        reader.wrongType("", json, "an object (a " + std::string(shape.what) + ")");
        return false;
    }
    if (deeperThan(json, kMaxEntryDepth)) {
        reader.report(codes::NestingTooDeep, "",
                      "the " + std::string(shape.what) + " is nested more than " +
                          std::to_string(kMaxEntryDepth) + " levels deep");
        return false;
    }
    reader.object(json, "", shape);
    if (const Json* value = Reader::find(json, "id")) {
        if (reader.string(*value, "id", id) && !isCatalogId(id)) {
            reader.report(codes::BadIdentifier, "id",
                          quote(id) + " is not a valid id: use letters, digits, '-', '_' and '.'");
        }
    }
    return true;
}

std::string readFile(const std::filesystem::path& path, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot open the file";
        return {};
    }
    std::string text;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > kMaxFileBytes) {
            error = "the file is larger than " + std::to_string(kMaxFileBytes / (1024 * 1024)) + " MiB";
            return {};
        }
    }
    if (in.bad()) {
        error = "cannot read the file";
    }
    return text;
}

// Fills line and column of the diagnostics of one file from their field paths.
void locate(std::vector<Diagnostic>::iterator begin, std::vector<Diagnostic>::iterator end,
            const JsonLocations& locations, std::string_view text) {
    for (auto it = begin; it != end; ++it) {
        const std::string pointer = it->field.empty() ? "" : "/" + it->field;
        const JsonLocations::Node node = locations.findNearest(pointer);
        if (node == JsonLocations::npos) {
            continue;
        }
        std::size_t offset = locations.offset(node);
        if (it->offset >= 0 && locations.kind(node) == JsonLocations::Kind::String &&
            locations.find(pointer) == node) {
            offset = jsonStringRawOffset(text, offset, static_cast<std::size_t>(it->offset));
        }
        const TextPosition position = locations.positionOf(offset);
        it->line = position.line;
        it->column = position.column;
    }
}

template <typename Entry, typename Parse>
void loadDirectory(const std::string& directory, std::vector<Diagnostic>& diagnostics, Parse parse,
                   std::vector<Entry>& entries) {
    namespace fs = std::filesystem;
    std::error_code error;
    std::vector<fs::path> files;
    for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
        std::error_code ignored;
        if (it->path().extension() == ".json" && it->is_regular_file(ignored)) {
            files.push_back(it->path());
        }
    }
    if (error) {
        Diagnostic diagnostic;
        diagnostic.code = codes::FileUnreadable;
        diagnostic.elementId = directory;
        diagnostic.message = "cannot read the directory " + directory + ": " + error.message();
        diagnostics.push_back(std::move(diagnostic));
    }
    std::sort(files.begin(), files.end(),
              [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
    for (const fs::path& file : files) {
        const std::string where = file.filename().string();
        std::string problem;
        const std::string text = readFile(file, problem);
        if (!problem.empty()) {
            Diagnostic diagnostic;
            diagnostic.code = problem.find("larger") != std::string::npos ? codes::FileTooLarge
                                                                        : codes::FileUnreadable;
            diagnostic.elementId = where;
            diagnostic.message = problem;
            diagnostics.push_back(std::move(diagnostic));
            continue;
        }
        const auto parsed = parseJsonWithLocations(text);
        if (parsed.error) {
            Diagnostic diagnostic;
            diagnostic.code = codes::JsonSyntax;
            diagnostic.elementId = where;
            diagnostic.message = parsed.error->message;
            diagnostic.line = parsed.error->position.line;
            diagnostic.column = parsed.error->position.column;
            diagnostics.push_back(std::move(diagnostic));
            continue;
        }
        const std::size_t first = diagnostics.size();
        auto entry = parse(parsed.value, where, diagnostics);
        locate(diagnostics.begin() + static_cast<std::ptrdiff_t>(first), diagnostics.end(),
               parsed.locations, text);
        if (!entry) {
            continue;
        }
        const bool duplicate = std::any_of(entries.begin(), entries.end(),
                                           [&](const Entry& e) { return e.id == entry->id; });
        if (duplicate) {
            Diagnostic diagnostic;
            diagnostic.code = codes::DuplicateId;
            diagnostic.elementId = where;
            diagnostic.field = "id";
            diagnostic.message = "another file already defines " + quote(entry->id) + "; this one is skipped";
            const auto inserted = diagnostics.insert(diagnostics.end(), std::move(diagnostic));
            locate(inserted, diagnostics.end(), parsed.locations, text);
            continue;
        }
        entries.push_back(std::move(*entry));
    }
}

} // namespace

const Field* EventType::findTag(std::string_view tag) const {
    const auto it = std::find_if(tags.begin(), tags.end(), [&](const Field& f) { return f.name == tag; });
    return it == tags.end() ? nullptr : &*it;
}

const Field* CommandType::findArg(std::string_view arg) const {
    const auto it = std::find_if(args.begin(), args.end(), [&](const Field& f) { return f.name == arg; });
    return it == args.end() ? nullptr : &*it;
}

const EventType* DeviceType::findEvent(std::string_view eventName) const {
    const auto it = std::find_if(events.begin(), events.end(),
                                 [&](const EventType& e) { return e.name == eventName; });
    return it == events.end() ? nullptr : &*it;
}

const CommandType* DeviceType::findCommand(std::string_view commandName) const {
    const auto it = std::find_if(commands.begin(), commands.end(),
                                 [&](const CommandType& c) { return c.name == commandName; });
    return it == commands.end() ? nullptr : &*it;
}

const Field* ServiceType::findRequest(std::string_view field) const {
    const auto it = std::find_if(request.begin(), request.end(), [&](const Field& f) { return f.name == field; });
    return it == request.end() ? nullptr : &*it;
}

std::optional<DeviceType> deviceTypeFromJson(const nlohmann::json& json, const std::string& where,
                                             std::vector<Diagnostic>& diagnostics) {
    try {
        Reader reader(where, diagnostics);
        DeviceType device;
        if (!readHeader(reader, json, kDeviceShape, device.id)) {
            return std::nullopt;
        }
        reader.optionalString(json, "", "name", device.name);
        reader.optionalString(json, "", "vendor", device.vendor);
        reader.optionalString(json, "", "model", device.model);
        reader.optionalString(json, "", "description", device.description);
        device.events = readMessages(reader, json, "events", kEventShape, "tags", &EventType::tags);
        device.commands = readMessages(reader, json, "commands", kCommandShape, "args", &CommandType::args);
        if (const Json* link = Reader::find(json, "link")) {
            readLink(reader, *link, device.link);
        }
        if (const Json* behaviour = Reader::find(json, "behaviour")) {
            BehaviourChecker(reader, device).check(*behaviour);
            if (behaviour->is_object()) {
                device.behaviour = *behaviour;
            }
        }
        if (reader.failed()) {
            return std::nullopt;
        }
        return device;
    } catch (const std::exception& e) {
        Diagnostic diagnostic;
        diagnostic.code = codes::FileUnreadable;
        diagnostic.elementId = where;
        diagnostic.message = std::string("cannot read the device type: ") + e.what();
        diagnostics.push_back(std::move(diagnostic));
        return std::nullopt;
    }
}

std::optional<ServiceType> serviceTypeFromJson(const nlohmann::json& json, const std::string& where,
                                               std::vector<Diagnostic>& diagnostics) {
    try {
        Reader reader(where, diagnostics);
        ServiceType service;
        if (!readHeader(reader, json, kServiceShape, service.id)) {
            return std::nullopt;
        }
        reader.name(json, "", service.name);
        reader.optionalString(json, "", "description", service.description);
        service.request = readFields(reader, json, "", "request");
        if (const Json* reply = Reader::find(json, "reply")) {
            if (auto event = readMessage(reader, *reply, "reply", kEventShape, "tags", &EventType::tags)) {
                service.reply = std::move(*event);
            }
        }
        if (const Json* latency = Reader::find(json, "latencyMs")) {
            if (reader.object(*latency, "latencyMs", kLatencyShape)) {
                if (const Json* min = Reader::find(*latency, "min")) {
                    reader.number(*min, "latencyMs/min", service.latencyMinMs, 0);
                }
                if (const Json* max = Reader::find(*latency, "max")) {
                    reader.number(*max, "latencyMs/max", service.latencyMaxMs, 0);
                }
                if (service.latencyMinMs > service.latencyMaxMs) {
                    reader.report(codes::WrongType, "latencyMs", "the minimum latency is above the maximum");
                }
            }
        }
        if (const Json* behaviour = Reader::find(json, "behaviour")) {
            if (behaviour->is_object()) {
                service.behaviour = *behaviour;
            } else {
                reader.wrongType("behaviour", *behaviour, "an object");
            }
        }
        if (reader.failed()) {
            return std::nullopt;
        }
        return service;
    } catch (const std::exception& e) {
        Diagnostic diagnostic;
        diagnostic.code = codes::FileUnreadable;
        diagnostic.elementId = where;
        diagnostic.message = std::string("cannot read the service: ") + e.what();
        diagnostics.push_back(std::move(diagnostic));
        return std::nullopt;
    }
}

DeviceCatalog DeviceCatalog::loadDirectories(const std::string& devicesDir,
                                             const std::string& servicesDir,
                                             std::vector<Diagnostic>* diagnostics) {
    std::vector<Diagnostic> local;
    std::vector<Diagnostic>& out = diagnostics != nullptr ? *diagnostics : local;
    DeviceCatalog catalog;
    try {
        loadDirectory(devicesDir, out, deviceTypeFromJson, catalog.m_devices);
        loadDirectory(servicesDir, out, serviceTypeFromJson, catalog.m_services);
        // Services are found by name: a second service of the same name would be hidden.
        std::vector<ServiceType> unique;
        for (ServiceType& service : catalog.m_services) {
            if (catalog.findService(service.name) != &service) {
                Diagnostic diagnostic;
                diagnostic.code = codes::DuplicateId;
                diagnostic.elementId = service.id;
                diagnostic.field = "name";
                diagnostic.message = "another service is already named " + quote(service.name) +
                                     "; this one is skipped";
                out.push_back(std::move(diagnostic));
            } else {
                unique.push_back(service);
            }
        }
        catalog.m_services = std::move(unique);
    } catch (const std::exception& e) {
        Diagnostic diagnostic;
        diagnostic.code = codes::FileUnreadable;
        diagnostic.message = std::string("cannot load the device catalog: ") + e.what();
        out.push_back(std::move(diagnostic));
    }
    return catalog;
}

const DeviceCatalog& DeviceCatalog::builtin() {
    static const DeviceCatalog catalog = [] {
        const std::string root = resourcesDirectory();
        return loadDirectories(root + "/devices", root + "/services");
    }();
    return catalog;
}

void DeviceCatalog::addDevice(DeviceType device) {
    const auto it = std::find_if(m_devices.begin(), m_devices.end(),
                                 [&](const DeviceType& d) { return d.id == device.id; });
    if (it != m_devices.end()) {
        *it = std::move(device);
    } else {
        m_devices.push_back(std::move(device));
    }
}

void DeviceCatalog::addService(ServiceType service) {
    const auto it = std::find_if(m_services.begin(), m_services.end(),
                                 [&](const ServiceType& s) { return s.name == service.name; });
    if (it != m_services.end()) {
        *it = std::move(service);
    } else {
        m_services.push_back(std::move(service));
    }
}

const DeviceType* DeviceCatalog::findDevice(std::string_view id) const {
    const auto it = std::find_if(m_devices.begin(), m_devices.end(),
                                 [&](const DeviceType& d) { return d.id == id; });
    return it == m_devices.end() ? nullptr : &*it;
}

const ServiceType* DeviceCatalog::findService(std::string_view name) const {
    const auto it = std::find_if(m_services.begin(), m_services.end(),
                                 [&](const ServiceType& s) { return s.name == name; });
    return it == m_services.end() ? nullptr : &*it;
}

} // namespace swivel::model
