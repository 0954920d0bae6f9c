#include "device_behaviour.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>

#include <nlohmann/json.hpp>

#include "model/expression.h"
#include "name_dictionary.h"

namespace swivel::emu {

namespace {

using Json = nlohmann::json;
using model::Type;
using model::Value;

using model::convertTo;

bool fits(Type produced, Type wanted) {
    return produced == wanted || (produced == Type::Int && wanted == Type::Double);
}

// One tag of a sent event and how its value is produced.
struct TagGenerator {
    enum class Kind { Default, Const, UniformInt, Uniform, Uid, Expr };
    Kind kind = Kind::Default;
    std::string tag;
    Type type = Type::String;
    Value constant;  // Default, Const: already in the tag's type
    std::int64_t intLow = 0, intHigh = 0;
    double low = 0, high = 0;
    std::string prefix;
    model::Expression expression;
};

struct Send {
    std::string event;
    std::vector<TagGenerator> tags;  // every tag of the event, in declaration order
};

struct Assignment {
    int variable = -1;
    model::Expression expression;
};

struct Delay {
    bool uniform = false;
    double lowMs = 0, highMs = 0;  // const: lowMs
};

struct Transfer {
    std::int64_t fixedBytes = 0;  // a plain number
    std::string byArg;            // else: the size by this argument's value
    std::vector<std::pair<std::string, std::int64_t>> cases;
};

struct Choice {
    double probability = 0;
    Send send;
};

struct ReactionSpec {
    Delay delay;
    std::optional<Send> send;
    std::vector<Choice> choices;
    std::vector<Assignment> set;
    std::optional<Transfer> transfer;
};

struct CommandSpec {
    std::string name;
    std::vector<ReactionSpec> reactions;
};

struct SourceSpec {
    Send send;
    double ratePerSecond = 0;            // rate sources only
    std::optional<model::Expression> when;
    bool once = false;
    std::vector<Assignment> set;
};

struct PowerModeSpec {
    std::string name;
    bool randomEvents = true;
    bool answersCommands = true;
};

// Thrown inside compile() only: the message already names the place.
struct CompileError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Everything compile() reads out of the behaviour JSON.
struct BehaviourData {
    model::DeviceType type;
    // Message sizes on the link by event and command name: looked up for every
    // message a device sends or is sent, where a walk through the catalog's list
    // cost more than the rest of sending.
    ValuesByName<std::int64_t> eventSizes;
    ValuesByName<std::int64_t> commandSizes;
    std::vector<std::string> variableNames;  // sorted (the JSON object's order)
    std::vector<Type> variableTypes;
    std::vector<Value> initialValues;
    std::vector<SourceSpec> rateSources;  // with ratePerMinute, in catalog order
    std::vector<SourceSpec> edgeSources;  // `when` alone, in catalog order
    std::vector<CommandSpec> commands;
    std::map<std::string, int, std::less<>> commandIndex;
    std::vector<std::string> powerModeNames;
    std::vector<PowerModeSpec> powerModes;
    int initialPowerMode = 0;
    std::optional<Send> powerEvent;  // every tag default; the mode goes into powerTag
    std::size_t powerTag = 0;

    int variableIndex(std::string_view name) const {
        for (std::size_t i = 0; i < variableNames.size(); ++i) {
            if (variableNames[i] == name) {
                return static_cast<int>(i);
            }
        }
        return -1;
    }
};

// What expressions read while the device fires: its variables and, in a reaction,
// the command's arguments as event.<Arg>.
class FiringScope final : public model::EvalContext {
public:
    FiringScope(const BehaviourData& compiled, const std::vector<Value>& variables,
                const std::vector<model::EventTag>* args)
        : m_compiled(compiled), m_variables(variables), m_args(args) {}

    const Value* eventTag(std::string_view tag) const override {
        if (m_args == nullptr) {
            return nullptr;
        }
        for (const model::EventTag& arg : *m_args) {
            if (arg.name == tag) {
                return &arg.value;
            }
        }
        return nullptr;
    }
    const Value* variable(std::string_view name) const override {
        const int index = m_compiled.variableIndex(name);
        return index >= 0 && static_cast<std::size_t>(index) < m_variables.size() ? &m_variables[index]
                                                                                 : nullptr;
    }
    bool inState(std::string_view) const override { return false; }

private:
    const BehaviourData& m_compiled;
    const std::vector<Value>& m_variables;
    const std::vector<model::EventTag>* m_args;
};

bool holds(const model::Expression& when, const FiringScope& scope) {
    // An evaluation error counts as "does not hold": the device stays quiet rather
    // than sending an event its own condition cannot justify.
    const model::EvalResult result = when.evaluate(scope);
    return result.value && std::holds_alternative<bool>(*result.value) && std::get<bool>(*result.value);
}

// Tags are computed in the event's declaration order, so random draws come in a fixed
// order. A tag whose expression fails to evaluate (division by zero) or gives a value
// that does not fit the tag's type is left out of the event: the same inputs always
// leave out the same tag, and the handler sees a missing tag rather than a made-up one.
model::Event makeEvent(const Send& send, const FiringScope& scope, DeviceSideState& state,
                       Random& random, const std::string& deviceId) {
    model::Event event;
    event.name = send.event;
    event.tags.reserve(send.tags.size());
    for (const TagGenerator& generator : send.tags) {
        switch (generator.kind) {
        case TagGenerator::Kind::Default:
        case TagGenerator::Kind::Const:
            event.tags.push_back({generator.tag, generator.constant});
            break;
        case TagGenerator::Kind::UniformInt: {
            const std::int64_t drawn = random.uniformInt(generator.intLow, generator.intHigh);
            event.tags.push_back({generator.tag, generator.type == Type::Double
                                                     ? Value(static_cast<double>(drawn))
                                                     : Value(drawn)});
            break;
        }
        case TagGenerator::Kind::Uniform:
            event.tags.push_back({generator.tag, random.uniform(generator.low, generator.high)});
            break;
        case TagGenerator::Kind::Uid:
            event.tags.push_back(
                {generator.tag, generator.prefix + deviceId + "-" + std::to_string(state.nextUid++)});
            break;
        case TagGenerator::Kind::Expr: {
            model::EvalResult result = generator.expression.evaluate(scope);
            if (!result.value) {
                break;
            }
            if (auto value = convertTo(std::move(*result.value), generator.type)) {
                event.tags.push_back({generator.tag, std::move(*value)});
            }
            break;
        }
        }
    }
    return event;
}

// All right-hand sides read the variables as they were, then all assignments apply
// (the JSON object's key order is alphabetical, not the author's, so sequential
// assignment would surprise). An assignment whose expression fails to evaluate, or
// whose value does not fit the variable's type, is skipped; the others still apply.
void applyAssignments(const std::vector<Assignment>& assignments, DeviceSideState& state,
                      const FiringScope& scope) {
    if (assignments.empty()) {
        return;
    }
    constexpr std::size_t kInline = 8;  // no allocation for the usual few assignments
    std::array<std::optional<Value>, kInline> inlineResults;
    std::vector<std::optional<Value>> manyResults;
    std::optional<Value>* results = inlineResults.data();
    if (assignments.size() > kInline) {
        manyResults.resize(assignments.size());
        results = manyResults.data();
    }
    for (std::size_t i = 0; i < assignments.size(); ++i) {
        model::EvalResult result = assignments[i].expression.evaluate(scope);
        if (result.value && static_cast<std::size_t>(assignments[i].variable) < state.variables.size()) {
            const Type type = model::typeOf(state.variables[assignments[i].variable]);
            results[i] = convertTo(std::move(*result.value), type);
        }
    }
    for (std::size_t i = 0; i < assignments.size(); ++i) {
        if (results[i]) {
            state.variables[assignments[i].variable] = std::move(*results[i]);
        }
    }
}

std::int64_t transferSize(const Transfer& transfer, const std::vector<model::EventTag>& args) {
    if (transfer.byArg.empty()) {
        return transfer.fixedBytes;
    }
    for (const model::EventTag& arg : args) {
        if (arg.name != transfer.byArg) {
            continue;
        }
        // Cases are JSON keys, so a non-string argument matches by its JSON text.
        const std::string key = std::holds_alternative<std::string>(arg.value)
                                    ? std::get<std::string>(arg.value)
                                    : model::toJson(arg.value).dump();
        for (const auto& [value, bytes] : transfer.cases) {
            if (value == key) {
                return bytes;
            }
        }
        return 0;
    }
    return 0;
}

// Reads the behaviour JSON into the compiled form. Expressions are parsed and
// type-checked again (a DeviceType may be built in code, not loaded by the catalog);
// unknown keys are ignored as the catalog loader, which warns about them, promises.
class BehaviourCompiler {
public:
    BehaviourCompiler(const model::DeviceType& type, BehaviourData& out)
        : m_type(type), m_out(out) {}

    void compile() {
        const Json& behaviour = m_type.behaviour;
        if (behaviour.is_null()) {
            return;
        }
        if (!behaviour.is_object()) {
            fail("behaviour", "expected an object");
        }
        if (const Json* variables = find(behaviour, "variables")) {
            readVariables(*variables, "behaviour.variables");
        }
        if (const Json* spontaneous = find(behaviour, "spontaneous")) {
            const std::string path = "behaviour.spontaneous";
            if (!spontaneous->is_array()) {
                fail(path, "expected an array");
            }
            for (std::size_t i = 0; i < spontaneous->size(); ++i) {
                readSource((*spontaneous)[i], path + "[" + std::to_string(i) + "]");
            }
        }
        if (const Json* onCommand = find(behaviour, "onCommand")) {
            readOnCommand(*onCommand, "behaviour.onCommand");
        }
        if (const Json* powerModes = find(behaviour, "powerModes")) {
            readPowerModes(*powerModes, "behaviour.powerModes");
        }
    }

private:
    [[noreturn]] static void fail(const std::string& path, const std::string& message) {
        throw CompileError(path + ": " + message);
    }

    static const Json* find(const Json& object, std::string_view key) {
        const auto it = object.find(key);
        return it == object.end() ? nullptr : &*it;
    }

    static std::string text(const Json& json, const std::string& path) {
        if (!json.is_string()) {
            fail(path, "expected a string, found " + json.dump());
        }
        return json.get<std::string>();
    }

    static double number(const Json& json, const std::string& path) {
        if (!json.is_number()) {
            fail(path, "expected a number, found " + json.dump());
        }
        return json.get<double>();
    }

    static std::int64_t integer(const Json& json, const std::string& path) {
        const auto value = model::fromJson(json, Type::Int);
        if (!value) {
            fail(path, "expected an integer, found " + json.dump());
        }
        return std::get<std::int64_t>(*value);
    }

    // [low, high] with low <= high.
    static std::pair<double, double> range(const Json& json, const std::string& path) {
        if (!json.is_array() || json.size() != 2 || !json[0].is_number() || !json[1].is_number()) {
            fail(path, "expected a pair of numbers [low, high], found " + json.dump());
        }
        const double low = json[0].get<double>(), high = json[1].get<double>();
        if (low > high) {
            fail(path, "the low end of the range is above the high end");
        }
        return {low, high};
    }

    void readVariables(const Json& variables, const std::string& path) {
        if (!variables.is_object()) {
            fail(path, "expected an object of variables");
        }
        for (const auto& [name, spec] : variables.items()) {
            const std::string at = path + "." + name;
            if (!spec.is_object() || !spec.contains("type")) {
                fail(at, "expected an object with a \"type\"");
            }
            const std::string typeText = text(spec["type"], at + ".type");
            const auto type = model::typeFromName(typeText);
            if (!type) {
                fail(at + ".type", "unknown type \"" + typeText + "\"; expected one of: bool, int, double, string");
            }
            Value initial = model::defaultValue(*type);
            if (const Json* given = find(spec, "initial")) {
                auto value = model::fromJson(*given, *type);
                if (!value) {
                    fail(at + ".initial", "expected a " + typeText + ", found " + given->dump());
                }
                initial = std::move(*value);
            }
            m_out.variableNames.push_back(name);
            m_out.variableTypes.push_back(*type);
            m_out.initialValues.push_back(std::move(initial));
        }
    }

    model::TypeScope scope(const std::vector<model::Field>* args) const {
        model::TypeScope scope;
        scope.eventTags.emplace();  // no arguments: any event.<tag> is an error
        if (args != nullptr) {
            for (const model::Field& field : *args) {
                (*scope.eventTags)[field.name] = field.type;
            }
        }
        for (std::size_t i = 0; i < m_out.variableNames.size(); ++i) {
            scope.variables[m_out.variableNames[i]] = m_out.variableTypes[i];
        }
        return scope;
    }

    static model::Expression expression(const Json& json, const std::string& path,
                                        const model::TypeScope& scope, Type wanted) {
        const std::string source = text(json, path);
        model::Expression parsed = model::Expression::parse(source);
        if (!parsed.ok()) {
            fail(path, parsed.errors().front().message);
        }
        if (parsed.empty()) {
            fail(path, "empty expression");
        }
        std::vector<model::ExprError> errors;
        const auto type = parsed.check(scope, errors);
        if (!errors.empty()) {
            fail(path, errors.front().message);
        }
        if (type && !fits(*type, wanted)) {
            fail(path, "expected " + std::string(model::typeName(wanted)) + ", but \"" + source +
                           "\" is " + std::string(model::typeName(*type)));
        }
        return parsed;
    }

    const model::EventType& event(const Json& json, const std::string& path) const {
        const std::string name = text(json, path);
        const model::EventType* event = m_type.findEvent(name);
        if (event == nullptr) {
            fail(path, "the device has no event \"" + name + "\"");
        }
        return *event;
    }

    // Every tag of the event gets a generator: the one given, or its type's default
    // value (the catalog loader warns about tags left without one).
    Send send(const model::EventType& event, const Json* tags, const std::string& path,
              const model::TypeScope& scope) const {
        Send out;
        out.event = event.name;
        if (tags != nullptr && !tags->is_object()) {
            fail(path, "expected an object of tag generators");
        }
        if (tags != nullptr) {
            for (const auto& [name, generator] : tags->items()) {
                if (event.findTag(name) == nullptr) {
                    fail(path + "." + name, "event \"" + event.name + "\" has no tag \"" + name + "\"");
                }
            }
        }
        for (const model::Field& field : event.tags) {
            const Json* generator = tags != nullptr ? find(*tags, field.name) : nullptr;
            if (generator == nullptr) {
                TagGenerator tag;
                tag.tag = field.name;
                tag.type = field.type;
                tag.constant = model::defaultValue(field.type);
                out.tags.push_back(std::move(tag));
            } else {
                out.tags.push_back(tagGenerator(*generator, path + "." + field.name, field, scope));
            }
        }
        return out;
    }

    static TagGenerator tagGenerator(const Json& json, const std::string& path, const model::Field& field,
                                     const model::TypeScope& scope) {
        if (!json.is_object() || json.size() != 1) {
            fail(path, "expected an object with one key of {const, uniformInt, uniform, uid, expr}");
        }
        TagGenerator out;
        out.tag = field.name;
        out.type = field.type;
        const std::string& kind = json.begin().key();
        const Json& argument = json.begin().value();
        const std::string at = path + "." + kind;
        const auto requireType = [&](Type produced) {
            if (!fits(produced, field.type)) {
                fail(at, kind + " gives " + std::string(model::typeName(produced)) + " values but tag \"" +
                             field.name + "\" is " + std::string(model::typeName(field.type)));
            }
        };
        if (kind == "const") {
            auto value = model::fromJson(argument, field.type);
            if (!value) {
                fail(at, "expected a " + std::string(model::typeName(field.type)) + ", found " + argument.dump());
            }
            out.kind = TagGenerator::Kind::Const;
            out.constant = std::move(*value);
        } else if (kind == "uniformInt") {
            requireType(Type::Int);
            if (!argument.is_array() || argument.size() != 2) {
                fail(at, "expected a pair of integers [low, high], found " + argument.dump());
            }
            out.kind = TagGenerator::Kind::UniformInt;
            out.intLow = integer(argument[0], at + "[0]");
            out.intHigh = integer(argument[1], at + "[1]");
            if (out.intLow > out.intHigh) {
                fail(at, "the low end of the range is above the high end");
            }
        } else if (kind == "uniform") {
            requireType(Type::Double);
            out.kind = TagGenerator::Kind::Uniform;
            std::tie(out.low, out.high) = range(argument, at);
        } else if (kind == "uid") {
            requireType(Type::String);
            out.kind = TagGenerator::Kind::Uid;
            out.prefix = text(argument, at);
        } else if (kind == "expr") {
            out.kind = TagGenerator::Kind::Expr;
            out.expression = expression(argument, at, scope, field.type);
        } else {
            fail(path, "unknown generator \"" + kind + "\"; expected one of: const, uniformInt, uniform, uid, expr");
        }
        return out;
    }

    std::vector<Assignment> assignments(const Json& set, const std::string& path,
                                        const model::TypeScope& scope) const {
        if (!set.is_object()) {
            fail(path, "expected an object of variable assignments");
        }
        std::vector<Assignment> out;
        for (const auto& [name, text] : set.items()) {
            const int variable = m_out.variableIndex(name);
            if (variable < 0) {
                fail(path + "." + name, "the behaviour has no variable \"" + name + "\"");
            }
            out.push_back({variable, expression(text, path + "." + name, scope, m_out.variableTypes[variable])});
        }
        return out;
    }

    void readSource(const Json& entry, const std::string& path) {
        if (!entry.is_object()) {
            fail(path, "expected an object (spontaneous event)");
        }
        const model::TypeScope variablesOnly = scope(nullptr);
        const Json* eventName = find(entry, "event");
        if (eventName == nullptr) {
            fail(path, "a spontaneous event needs \"event\"");
        }
        SourceSpec source;
        source.send = send(event(*eventName, path + ".event"), find(entry, "tags"), path + ".tags", variablesOnly);
        if (const Json* when = find(entry, "when")) {
            source.when = expression(*when, path + ".when", variablesOnly, Type::Bool);
        }
        if (const Json* set = find(entry, "set")) {
            source.set = assignments(*set, path + ".set", variablesOnly);
        }
        const Json* rate = find(entry, "ratePerMinute");
        if (const Json* once = find(entry, "once")) {
            if (!once->is_boolean()) {
                fail(path + ".once", "expected a boolean");
            }
            source.once = once->get<bool>();
            if (source.once && rate != nullptr) {
                fail(path + ".once", "\"once\" applies to an event sent \"when\" a condition holds, without a rate");
            }
        }
        if (rate != nullptr) {
            const double perMinute = number(*rate, path + ".ratePerMinute");
            if (!(perMinute > 0) || !std::isfinite(perMinute)) {
                fail(path + ".ratePerMinute", "expected a positive number");
            }
            source.ratePerSecond = perMinute / 60.0;
            m_out.rateSources.push_back(std::move(source));
        } else if (source.when) {
            if (m_out.edgeSources.size() == kMaxEdgeSources) {
                fail(path, "a device type may send at most " + std::to_string(kMaxEdgeSources) +
                               " events \"when\" a condition holds");
            }
            m_out.edgeSources.push_back(std::move(source));
        } else {
            fail(path, "a spontaneous event needs \"ratePerMinute\" or \"when\"");
        }
    }

    void readOnCommand(const Json& onCommand, const std::string& path) {
        if (!onCommand.is_object()) {
            fail(path, "expected an object of command reactions");
        }
        for (const auto& [name, reactions] : onCommand.items()) {
            const std::string at = path + "." + name;
            const model::CommandType* command = m_type.findCommand(name);
            if (command == nullptr) {
                fail(at, "the device has no command \"" + name + "\"");
            }
            if (!reactions.is_array()) {
                fail(at, "expected an array of reactions");
            }
            CommandSpec spec;
            spec.name = name;
            for (std::size_t i = 0; i < reactions.size(); ++i) {
                spec.reactions.push_back(reaction(reactions[i], at + "[" + std::to_string(i) + "]", *command));
            }
            m_out.commandIndex.emplace(name, static_cast<int>(m_out.commands.size()));
            m_out.commands.push_back(std::move(spec));
        }
    }

    ReactionSpec reaction(const Json& json, const std::string& path, const model::CommandType& command) const {
        if (!json.is_object()) {
            fail(path, "expected an object (reaction)");
        }
        const model::TypeScope withArgs = scope(&command.args);
        ReactionSpec out;
        if (const Json* delay = find(json, "delayMs")) {
            out.delay = readDelay(*delay, path + ".delayMs");
        }
        const Json* sent = find(json, "send");
        const Json* choose = find(json, "choose");
        if (sent != nullptr && choose != nullptr) {
            fail(path, "a reaction has either \"send\" or \"choose\", not both");
        }
        if (sent != nullptr) {
            out.send = send(event(*sent, path + ".send"), find(json, "tags"), path + ".tags", withArgs);
        } else if (find(json, "tags") != nullptr) {
            fail(path + ".tags", "\"tags\" belong to a \"send\" (inside \"choose\", to each choice)");
        }
        if (choose != nullptr) {
            out.choices = choices(*choose, path + ".choose", withArgs);
        }
        if (const Json* set = find(json, "set")) {
            out.set = assignments(*set, path + ".set", withArgs);
        }
        if (const Json* transfer = find(json, "transferBytes")) {
            out.transfer = readTransfer(*transfer, path + ".transferBytes", command);
        }
        return out;
    }

    static Delay readDelay(const Json& json, const std::string& path) {
        if (!json.is_object() || json.size() != 1) {
            fail(path, "expected an object with one key of {const, uniform}");
        }
        const std::string& kind = json.begin().key();
        const Json& argument = json.begin().value();
        Delay delay;
        if (kind == "const") {
            const std::int64_t ms = integer(argument, path + ".const");
            if (ms < 0) {
                fail(path + ".const", "a delay cannot be negative");
            }
            delay.lowMs = delay.highMs = static_cast<double>(ms);
        } else if (kind == "uniform") {
            delay.uniform = true;
            std::tie(delay.lowMs, delay.highMs) = range(argument, path + ".uniform");
            if (delay.lowMs < 0) {
                fail(path + ".uniform", "a delay cannot be negative");
            }
        } else {
            fail(path, "unknown delay generator \"" + kind + "\"; expected one of: const, uniform");
        }
        return delay;
    }

    std::vector<Choice> choices(const Json& json, const std::string& path, const model::TypeScope& scope) const {
        if (!json.is_array()) {
            fail(path, "expected an array of choices");
        }
        std::vector<Choice> out;
        double total = 0;
        for (std::size_t i = 0; i < json.size(); ++i) {
            const std::string at = path + "[" + std::to_string(i) + "]";
            const Json& entry = json[i];
            if (!entry.is_object() || !entry.contains("probability") || !entry.contains("send")) {
                fail(at, "expected an object with \"probability\" and \"send\"");
            }
            Choice choice;
            choice.probability = number(entry["probability"], at + ".probability");
            if (choice.probability < 0 || choice.probability > 1) {
                fail(at + ".probability", "expected a number from 0 to 1");
            }
            total += choice.probability;
            choice.send = send(event(entry["send"], at + ".send"), find(entry, "tags"), at + ".tags", scope);
            out.push_back(std::move(choice));
        }
        if (total > 1 + 1e-9) {
            fail(path, "the probabilities add up to " + Json(total).dump() + ", more than 1");
        }
        return out;
    }

    static Transfer readTransfer(const Json& json, const std::string& path, const model::CommandType& command) {
        Transfer out;
        if (!json.is_object()) {
            out.fixedBytes = integer(json, path);
            if (out.fixedBytes < 0) {
                fail(path, "a size cannot be negative");
            }
            return out;
        }
        const Json* byArg = find(json, "byArg");
        const Json* cases = find(json, "cases");
        if (byArg == nullptr || cases == nullptr) {
            fail(path, "expected {\"byArg\": ..., \"cases\": {...}}");
        }
        out.byArg = text(*byArg, path + ".byArg");
        if (command.findArg(out.byArg) == nullptr) {
            fail(path + ".byArg", "command \"" + command.name + "\" has no argument \"" + out.byArg + "\"");
        }
        if (!cases->is_object()) {
            fail(path + ".cases", "expected an object of sizes by argument value");
        }
        for (const auto& [value, bytes] : cases->items()) {
            const std::int64_t size = integer(bytes, path + ".cases." + value);
            if (size < 0) {
                fail(path + ".cases." + value, "a size cannot be negative");
            }
            out.cases.emplace_back(value, size);
        }
        return out;
    }

    void readPowerModes(const Json& json, const std::string& path) {
        if (!json.is_object()) {
            fail(path, "expected an object (powerModes)");
        }
        for (const char* key : {"initial", "modes", "event", "tag"}) {
            if (!json.contains(key)) {
                fail(path, std::string("powerModes has no \"") + key + "\"");
            }
        }
        const Json& modes = json["modes"];
        if (!modes.is_array() || modes.empty()) {
            fail(path + ".modes", "expected a non-empty array of mode names");
        }
        for (std::size_t i = 0; i < modes.size(); ++i) {
            PowerModeSpec mode;
            mode.name = text(modes[i], path + ".modes[" + std::to_string(i) + "]");
            // The lecture's modes: Off is dark and deaf; Idle answers but volunteers
            // nothing; any other mode (On) does everything.
            mode.randomEvents = mode.name != "Off" && mode.name != "Idle";
            mode.answersCommands = mode.name != "Off";
            m_out.powerModeNames.push_back(mode.name);
            m_out.powerModes.push_back(std::move(mode));
        }
        const std::string initial = text(json["initial"], path + ".initial");
        const auto it = std::find(m_out.powerModeNames.begin(), m_out.powerModeNames.end(), initial);
        if (it == m_out.powerModeNames.end()) {
            fail(path + ".initial", "initial mode \"" + initial + "\" is not one of the modes");
        }
        m_out.initialPowerMode = static_cast<int>(it - m_out.powerModeNames.begin());
        const model::EventType& sent = event(json["event"], path + ".event");
        const std::string tag = text(json["tag"], path + ".tag");
        const model::Field* field = sent.findTag(tag);
        if (field == nullptr) {
            fail(path + ".tag", "event \"" + sent.name + "\" has no tag \"" + tag + "\"");
        }
        if (field->type != Type::String) {
            fail(path + ".tag", "tag \"" + tag + "\" must be a string to carry a mode");
        }
        m_out.powerEvent = send(sent, nullptr, path + ".event", scope(nullptr));
        m_out.powerTag = static_cast<std::size_t>(field - sent.tags.data());
    }

    const model::DeviceType& m_type;
    BehaviourData& m_out;
};

} // namespace

struct DeviceBehaviour::Compiled : BehaviourData {};

std::shared_ptr<const DeviceBehaviour> DeviceBehaviour::compile(const model::DeviceType& type,
                                                                std::string* error) {
    auto compiled = std::make_shared<Compiled>();
    compiled->type = type;
    try {
        BehaviourCompiler(compiled->type, *compiled).compile();
    } catch (const std::exception& e) {  // CompileError, or a JSON access gone wrong
        if (error != nullptr) {
            *error = e.what();
        }
        return nullptr;
    }
    for (const model::EventType& event : compiled->type.events)
        compiled->eventSizes.add(event.name, event.sizeBytes);
    for (const model::CommandType& command : compiled->type.commands)
        compiled->commandSizes.add(command.name, command.sizeBytes);
    auto behaviour = std::make_shared<DeviceBehaviour>();
    behaviour->m_compiled = std::move(compiled);
    return behaviour;
}

const model::DeviceType& DeviceBehaviour::type() const { return m_compiled->type; }

std::int64_t DeviceBehaviour::eventBytes(std::string_view name, std::int64_t otherwise) const {
    const std::int64_t* bytes = m_compiled->eventSizes.find(name);
    return bytes ? *bytes : otherwise;
}

std::int64_t DeviceBehaviour::commandBytes(std::string_view name, std::int64_t otherwise) const {
    const std::int64_t* bytes = m_compiled->commandSizes.find(name);
    return bytes ? *bytes : otherwise;
}

DeviceSideState DeviceBehaviour::initialState() const {
    DeviceSideState state;
    state.variables = m_compiled->initialValues;
    state.powerMode = m_compiled->initialPowerMode;
    return state;
}

int DeviceBehaviour::variableIndex(std::string_view name) const { return m_compiled->variableIndex(name); }

const std::vector<std::string>& DeviceBehaviour::powerModes() const { return m_compiled->powerModeNames; }

int DeviceBehaviour::powerModeIndex(std::string_view mode) const {
    const auto& names = m_compiled->powerModeNames;
    const auto it = std::find(names.begin(), names.end(), mode);
    return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

std::optional<model::Event> DeviceBehaviour::setPowerMode(DeviceSideState& state, int mode) const {
    const Compiled& c = *m_compiled;
    if (mode < 0 || static_cast<std::size_t>(mode) >= c.powerModes.size()) {
        return std::nullopt;  // an unknown mode changes nothing
    }
    state.powerMode = mode;
    if (!c.powerEvent) {
        return std::nullopt;
    }
    model::Event event;
    event.name = c.powerEvent->event;
    for (const TagGenerator& tag : c.powerEvent->tags) {
        event.tags.push_back({tag.tag, tag.constant});
    }
    event.tags[c.powerTag].value = c.powerModeNames[mode];
    return event;
}

bool DeviceBehaviour::sendsRandomEvents(const DeviceSideState& state) const {
    const auto& modes = m_compiled->powerModes;
    return modes.empty() || static_cast<std::size_t>(state.powerMode) >= modes.size() ||
           modes[state.powerMode].randomEvents;
}

bool DeviceBehaviour::answersCommands(const DeviceSideState& state) const {
    const auto& modes = m_compiled->powerModes;
    return modes.empty() || static_cast<std::size_t>(state.powerMode) >= modes.size() ||
           modes[state.powerMode].answersCommands;
}

int DeviceBehaviour::rateSourceCount() const { return static_cast<int>(m_compiled->rateSources.size()); }

double DeviceBehaviour::ratePerSecond(int source) const {
    const auto& sources = m_compiled->rateSources;
    return source >= 0 && static_cast<std::size_t>(source) < sources.size() ? sources[source].ratePerSecond : 0.0;
}

std::optional<model::Event> DeviceBehaviour::fireRateSource(int source, DeviceSideState& state, Random& random,
                                                            const std::string& deviceId) const {
    const Compiled& c = *m_compiled;
    // A device that is off or idle volunteers nothing, like a `when` that does not hold.
    if (source < 0 || static_cast<std::size_t>(source) >= c.rateSources.size() || !sendsRandomEvents(state)) {
        return std::nullopt;
    }
    const SourceSpec& spec = c.rateSources[source];
    const FiringScope scope(c, state.variables, nullptr);
    if (spec.when && !holds(*spec.when, scope)) {
        return std::nullopt;
    }
    model::Event event = makeEvent(spec.send, scope, state, random, deviceId);
    applyAssignments(spec.set, state, scope);
    return event;
}

void DeviceBehaviour::checkConditions(DeviceSideState& state, Random& random, const std::string& deviceId,
                                      std::vector<model::Event>& out) const {
    const Compiled& c = *m_compiled;
    // A device that is off sends nothing and notices nothing: the edge is seen when it
    // is back on and the caller checks again.
    if (c.edgeSources.empty() || !answersCommands(state)) {
        return;
    }
    // A source's `set` may make another source's condition true: pass again until a
    // pass fires nothing. Every firing needs a false -> true edge, so this settles;
    // the bound only guards against conditions that flip each other forever.
    const std::size_t maxPasses = c.edgeSources.size() + 1;
    for (std::size_t pass = 0; pass < maxPasses; ++pass) {
        bool fired = false;
        for (std::size_t i = 0; i < c.edgeSources.size(); ++i) {
            const SourceSpec& spec = c.edgeSources[i];
            const FiringScope scope(c, state.variables, nullptr);
            const bool now = holds(*spec.when, scope);
            const std::uint64_t bit = std::uint64_t{1} << i;
            const bool edge = now && !(state.conditionHeld & bit);
            state.conditionHeld = now ? state.conditionHeld | bit : state.conditionHeld & ~bit;
            if (!edge || (spec.once && (state.onceFired & bit))) {
                continue;
            }
            state.onceFired |= bit;
            out.push_back(makeEvent(spec.send, scope, state, random, deviceId));
            applyAssignments(spec.set, state, scope);
            fired = true;
        }
        if (!fired) {
            break;
        }
    }
}

void DeviceBehaviour::onCommand(const model::Event& command, Random& random, std::vector<Reaction>& out) const {
    const Compiled& c = *m_compiled;
    const auto it = c.commandIndex.find(command.name);
    if (it == c.commandIndex.end()) {
        return;
    }
    const CommandSpec& spec = c.commands[it->second];
    for (std::size_t i = 0; i < spec.reactions.size(); ++i) {
        const Delay& delay = spec.reactions[i].delay;
        Reaction reaction;
        reaction.delay = fromMilliseconds(delay.uniform ? random.uniform(delay.lowMs, delay.highMs) : delay.lowMs);
        reaction.command = it->second;
        reaction.index = static_cast<int>(i);
        reaction.args = command.tags;
        out.push_back(std::move(reaction));
    }
}

Firing DeviceBehaviour::fire(const Reaction& reaction, DeviceSideState& state, Random& random,
                             const std::string& deviceId) const {
    const Compiled& c = *m_compiled;
    Firing firing;
    // Switched off between the command and its reaction: the device does nothing.
    if (reaction.command < 0 || static_cast<std::size_t>(reaction.command) >= c.commands.size() ||
        !answersCommands(state)) {
        return firing;
    }
    const auto& reactions = c.commands[reaction.command].reactions;
    if (reaction.index < 0 || static_cast<std::size_t>(reaction.index) >= reactions.size()) {
        return firing;
    }
    const ReactionSpec& spec = reactions[reaction.index];
    const FiringScope scope(c, state.variables, &reaction.args);
    const Send* sent = spec.send ? &*spec.send : nullptr;
    if (!spec.choices.empty()) {
        // One draw walks the cumulative probabilities; past their sum, nothing is sent.
        const double draw = random.uniform01();
        double cumulative = 0;
        for (const Choice& choice : spec.choices) {
            cumulative += choice.probability;
            if (draw < cumulative) {
                sent = &choice.send;
                break;
            }
        }
    }
    if (sent != nullptr) {
        firing.event = makeEvent(*sent, scope, state, random, deviceId);
    }
    applyAssignments(spec.set, state, scope);
    if (spec.transfer) {
        firing.transferBytes = transferSize(*spec.transfer, reaction.args);
    }
    return firing;
}

} // namespace swivel::emu
