#include "codegen/machine_walk.h"

#include <algorithm>
#include <set>

#include "model/expression.h"
#include "model/expression_scope.h"
#include "model/semantics.h"
#include "model/state_record.h"

namespace swivel::codegen {

namespace {

using nlohmann::json;

// splitmix64: tiny, and the same numbers on every platform (std's distributions are
// not), so that a machine always generates the same walk.
class Dice {
public:
    explicit Dice(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
    bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }

private:
    std::uint64_t m_state;
};

// The literals the machine's expressions use: the values that make guards flip.
struct Literals {
    std::vector<std::string> strings{"x"};
    std::vector<std::int64_t> ints{0, 1, 90};
    std::vector<double> doubles{0.5, 2.0};

    void collect(const model::ExprNode* node) {
        if (!node)
            return;
        if (node->op == model::ExprOp::Literal) {
            if (const auto* s = std::get_if<std::string>(&node->value)) {
                add(strings, *s);
            } else if (const auto* i = std::get_if<std::int64_t>(&node->value)) {
                add(ints, *i - 1);
                add(ints, *i);
                add(ints, *i + 1);
            } else if (const auto* d = std::get_if<double>(&node->value)) {
                add(doubles, *d);
                add(doubles, *d + 0.25);
            }
        }
        for (const auto& operand : node->operands)
            collect(operand.get());
    }
    void collect(const std::string& text) { collect(model::Expression::parse(text).root()); }
    void collect(const std::vector<model::Action>& actions) {
        for (const model::Action& action : actions) {
            collect(action.expr.text);
            for (const model::Argument& argument : action.args)
                collect(argument.value.text);
        }
    }

    template <typename T> static void add(std::vector<T>& list, const T& value) {
        if (std::find(list.begin(), list.end(), value) == list.end())
            list.push_back(value);
    }
};

// Actions a walk records at most (a step's are always kept whole).
constexpr std::size_t kActionBudget = 20000;

class Walker {
public:
    Walker(const model::Machine& machine, const model::DeviceCatalog& catalog,
           const model::CompiledMachine& compiled, std::uint64_t seed)
        : m_compiled(compiled), m_dice(seed) {
        for (const model::Transition& transition : machine.transitions) {
            m_literals.collect(transition.guard.text);
            m_literals.collect(transition.actions);
        }
        for (const model::State& state : machine.states) {
            m_literals.collect(state.onEntry);
            m_literals.collect(state.onExit);
        }
        for (const auto& [name, tags] : model::knownEvents(machine, catalog))
            m_events.push_back({name, tags});
        // Names only a descriptor spells out (no device sends them): no tags known.
        std::set<std::string> known;
        for (const auto& event : m_events)
            known.insert(event.name);
        for (const model::Transition& transition : machine.transitions) {
            for (std::string_view token : model::descriptorTokens(transition.event)) {
                if (token != "*" && known.insert(std::string(token)).second)
                    m_events.push_back({std::string(token), nullptr});
            }
        }
        m_events.push_back({"Unknown.Event", nullptr});
    }

    json walk(int length) {
        model::StepResult started = model::start(m_compiled);
        json out = {{"start", record(started.configuration, started.actions, true)},
                    {"steps", json::array()}};
        model::Configuration configuration = started.configuration;
        std::size_t actions = started.actions.size();
        // A machine that raises events in a loop emits thousands of actions per step
        // (up to the microstep cap): the walk ends early rather than grow without bound.
        for (int i = 0; i < length && actions < kActionBudget; ++i) {
            const model::Event event = nextEvent(configuration);
            model::StepResult result = model::step(m_compiled, configuration, event);
            // A timer that is not armed (any more) changes nothing: not live.
            const bool live = !isTimer(event) || armed(configuration, event);
            actions += result.actions.size();
            json step = record(result.configuration, result.actions, live);
            step["event"] = model::eventToJson(event);
            out["steps"].push_back(std::move(step));
            configuration = std::move(result.configuration);
            if (configuration.finished) {
                // Nothing moves a finished machine; start again so the walk goes on.
                started = model::start(m_compiled);
                configuration = started.configuration;
                out["steps"].push_back({{"restart", true}});
            }
        }
        return out;
    }

private:
    struct EventSource {
        std::string name;
        const std::vector<model::Field>* tags;
    };

    static bool isTimer(const model::Event& event) {
        return event.name.starts_with(model::kTimerEventPrefix);
    }

    bool armed(const model::Configuration& configuration, const model::Event& event) const {
        const model::Value* token = event.tag("token");
        if (!token || !std::holds_alternative<std::int64_t>(*token))
            return false;
        for (const model::ArmedTimer& timer : configuration.timers) {
            if (static_cast<std::int64_t>(timer.token) == std::get<std::int64_t>(*token) &&
                event.name == std::string(model::kTimerEventPrefix) +
                                  m_compiled.transitionId(timer.transition))
                return true;
        }
        return false;
    }

    json record(const model::Configuration& configuration,
                const std::vector<model::EmittedAction>& actions, bool live) const {
        json list = json::array();
        for (const model::EmittedAction& action : actions)
            list.push_back(model::actionToJson(action));
        return {{"configuration", model::configurationToJson(m_compiled, configuration)},
                {"actions", std::move(list)},
                {"live", live}};
    }

    model::Event nextEvent(const model::Configuration& configuration) {
        if (!configuration.timers.empty() && m_dice.chance(25)) {
            const model::ArmedTimer& timer =
                configuration.timers[m_dice.below(configuration.timers.size())];
            // Now and then a token no longer armed: the timer must change nothing.
            const std::uint64_t token = m_dice.chance(20) ? timer.token + 1000 : timer.token;
            return model::timerEvent(m_compiled.transitionId(timer.transition), token);
        }
        const EventSource& source = m_events[m_dice.below(m_events.size())];
        model::Event event;
        event.name = source.name;
        if (source.tags) {
            for (const model::Field& field : *source.tags) {
                if (m_dice.chance(4))
                    continue;  // a tag left out: "event has no tag"
                const model::Type type =
                    m_dice.chance(4) ? model::Type::String : field.type;  // now and then mistyped
                event.tags.push_back({field.name, value(type, field)});
            }
            std::sort(event.tags.begin(), event.tags.end(),
                      [](const model::EventTag& a, const model::EventTag& b) { return a.name < b.name; });
        }
        return event;
    }

    model::Value value(model::Type type, const model::Field& field) {
        switch (type) {
        case model::Type::Bool:
            return m_dice.chance(50);
        case model::Type::Int:
            return m_literals.ints[m_dice.below(m_literals.ints.size())];
        case model::Type::Double:
            return m_literals.doubles[m_dice.below(m_literals.doubles.size())];
        case model::Type::String:
            break;
        }
        if (!field.values.empty() && m_dice.chance(70))
            return field.values[m_dice.below(field.values.size())];
        return m_literals.strings[m_dice.below(m_literals.strings.size())] +
               (m_dice.chance(10) ? std::to_string(m_dice.below(1000)) : "");
    }

    const model::CompiledMachine& m_compiled;
    Dice m_dice;
    Literals m_literals;
    std::vector<EventSource> m_events;
};

} // namespace

json machineWalk(const model::Machine& machine, const model::DeviceCatalog& catalog,
                 std::uint64_t seed, int length) {
    const auto compiled = model::CompiledMachine::compile(machine);
    if (!compiled)
        return json::object();
    Walker walker(machine, catalog, *compiled, seed);
    return walker.walk(length);
}

} // namespace swivel::codegen
