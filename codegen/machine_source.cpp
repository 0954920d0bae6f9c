#include "codegen/machine_source.h"

#include <map>
#include <set>

#include "codegen/cpp_expression.h"
#include "codegen/cpp_text.h"
// The compiled tables step() runs on. Private to the model library otherwise: the
// generator is the one other reader, because the generated tables must be these.
#include "model/compiled_machine_impl.h"
#include "model/semantics.h"

namespace swivel::codegen {

namespace {

using nlohmann::json;
using model::detail::CompiledMachineImpl;
using model::detail::CompiledState;
using model::detail::CompiledTransition;

std::string intList(const std::vector<int>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i)
        out += (i ? ", " : "") + std::to_string(values[i]);
    return out + "}";
}

std::string stateKind(const CompiledState& state) {
    using model::StateKind;
    switch (state.kind) {
    case StateKind::Parallel:
        return "StateKind::Parallel";
    case StateKind::Final:
        return "StateKind::Final";
    case StateKind::ShallowHistory:
        return "StateKind::ShallowHistory";
    case StateKind::DeepHistory:
        return "StateKind::DeepHistory";
    case StateKind::State:
        break;
    }
    return state.compound ? "StateKind::Compound" : "StateKind::Atomic";
}

std::string parentText(int parent) {
    return parent == model::detail::kRoot ? "statechart::kRoot" : std::to_string(parent);
}

std::string domainText(int domain) {
    if (domain == model::detail::kNoDomain)
        return "statechart::kNoDomain";
    return parentText(domain);
}

std::string typeText(model::Type type) {
    switch (type) {
    case model::Type::Bool:
        return "Type::Bool";
    case model::Type::Int:
        return "Type::Int";
    case model::Type::Double:
        return "Type::Double";
    case model::Type::String:
        return "Type::String";
    }
    return "Type::Int";
}

// A one-line summary of an action for the comment above its code.
std::string describe(const model::Action& action) {
    std::string args;
    for (const model::Argument& argument : action.args)
        args += (args.empty() ? "" : ", ") + argument.name + ": " + argument.value.text;
    switch (action.kind) {
    case model::ActionKind::Send:
        return "send " + action.name + "(" + args + ")" +
               (action.target.empty() ? "" : " to " + action.target);
    case model::ActionKind::Assign:
        return action.name + " = " + action.expr.text;
    case model::ActionKind::Raise:
        return "raise " + action.name + "(" + args + ")" +
               (action.delayMs && *action.delayMs > 0
                    ? " after " + std::to_string(*action.delayMs) + " ms"
                    : "");
    case model::ActionKind::Log:
        return "log " + action.label + ": " + action.expr.text;
    case model::ActionKind::Call:
        return "call " + action.name + "(" + args + ")" +
               (action.reply.empty() ? "" : " -> " + action.reply);
    }
    return "";
}

class SourceBuilder {
public:
    SourceBuilder(const model::Machine& machine, const CompiledMachineImpl& m,
                  SourceMarkers& markers)
        : m_machine(machine), m_m(m), m_markers(markers),
          m_names{[&m](const std::string& name) { return m.variableIndex(name); },
                  [&m](const std::string& id) { return m.stateIndex(id); }} {}

    json build() {
        nameStates();
        nameTransitions();
        json events = eventEnumerators();  // names the cases below use
        json cases = eventCases();
        json states = json::array();
        for (int s = 0; s < m_m.stateCount(); ++s)
            states.push_back(stateValues(s));
        json transitions = json::array();
        for (int t = 0; t < static_cast<int>(m_m.m_transitions.size()); ++t)
            transitions.push_back(transitionValues(t));
        json variables = json::array();
        for (std::size_t i = 0; i < m_machine.variables.size(); ++i) {
            const model::Variable& variable = m_machine.variables[i];
            variables.push_back(
                {{"comment", cppCommentText(variable.name)},
                 {"row", "{" + cppStringLiteral(variable.name) + ", " +
                             typeText(m_m.m_variableTypes[i]) + ", " +
                             valueCode(m_m.m_initialValues[i]) + "}"}});
        }
        return {
            {"machineComment", cppCommentText(m_machine.name)},
            {"deviceTypeComment", cppCommentText(m_machine.deviceType)},
            {"machineName", m_machine.name},
            {"stateEnumerators", m_stateEnumerators},
            {"transitionConstants", m_transitionConstants},
            {"eventEnumerators", std::move(events)},
            {"states", std::move(states)},
            {"transitions", std::move(transitions)},
            {"variables", std::move(variables)},
            {"guards", m_guards},
            {"blocks", m_blocks},
            {"eventCases", std::move(cases)},
            {"initial", std::to_string(m_m.m_initial)},
        };
    }

private:
    // `values` with the markers a template puts around the lines of `element`.
    json inRegion(json values, SourceElementKind kind, const std::string& id) {
        const SourceElement element{kind, id};
        values["regionBegin"] = m_markers.begin(element);
        values["regionEnd"] = m_markers.end(element);
        return values;
    }

    void nameStates() {
        IdentifierPool pool;
        for (int s = 0; s < m_m.stateCount(); ++s) {
            const std::string& id = m_m.state(s).id;
            m_stateNames.push_back(pool.make(id, "State"));
            m_stateEnumerators.push_back(inRegion({{"name", m_stateNames.back()},
                                                   {"index", s},
                                                   {"comment", cppCommentText(id)},
                                                   {"last", s + 1 == m_m.stateCount()}},
                                                  SourceElementKind::State, id));
        }
    }

    void nameTransitions() {
        IdentifierPool pool;
        for (const CompiledTransition& t : m_m.m_transitions) {
            m_transitionNames.push_back(pool.make(t.id, "transition"));
            m_transitionConstants.push_back(
                inRegion({{"name", m_transitionNames.back()},
                          {"index", m_transitionConstants.size()},
                          {"comment", cppCommentText(summary(t))}},
                         SourceElementKind::Transition, t.id));
        }
    }

    std::string summary(const CompiledTransition& t) const {
        std::string text = t.id + ": " + m_m.state(t.source).id + " -> ";
        if (t.targets.empty())
            text += "(no target)";
        for (std::size_t k = 0; k < t.targets.size(); ++k)
            text += (k ? ", " : "") + m_m.state(t.targets[k]).id;
        const model::Transition& source = m_machine.transitions[&t - m_m.m_transitions.data()];
        if (t.trigger == model::detail::Trigger::Timer)
            text += " after " + std::to_string(t.afterMs) + " ms";
        else if (!source.event.empty())
            text += " on " + source.event;
        if (!source.guard.empty())
            text += " [" + source.guard.text + "]";
        return text;
    }

    static std::string valueCode(const model::Value& value) { return cppValueLiteral(value); }

    std::string expression(const std::string& text) const {
        return compileExpressionToCpp(model::Expression::parse(text), m_names);
    }

    // Block functions; "nullptr" for an empty block.
    std::string block(const std::vector<model::Action>& actions, const std::string& function,
                      const std::string& where, SourceElementKind kind, const std::string& id) {
        if (actions.empty())
            return "nullptr";
        json lines = json::array();
        for (std::size_t i = 0; i < actions.size(); ++i)
            actionLines(actions[i], i, lines);
        m_blocks.push_back(inRegion({{"function", function},
                                     {"comment", cppCommentText(where)},
                                     {"lines", std::move(lines)}},
                                    kind, id));
        return function;
    }

    void actionLines(const model::Action& action, std::size_t i, json& lines) const {
        int depth = 0;  // lines inside an argument block are indented once more
        auto line = [&lines, &depth](std::string text) {
            if (text == "}")
                --depth;
            lines.push_back({{"line", std::string(static_cast<std::size_t>(depth) * 4, ' ') + text}});
            if (text == "{")
                ++depth;
        };
        const std::string index = std::to_string(i);
        line("// [" + index + "] " + cppCommentText(describe(action)));
        // Arguments: each evaluated in order, each with its own place for errors.
        auto arguments = [&]() {
            std::string list;
            for (std::size_t k = 0; k < action.args.size(); ++k) {
                const model::Argument& argument = action.args[k];
                const std::string variable = "arg" + std::to_string(k);
                line("r.at(" + index + ", " + cppStringLiteral(argument.name) + ");");
                line("Value " + variable + " = " + expression(argument.value.text) + ";");
                list += std::string(k ? ", " : "") + "{" + cppStringLiteral(argument.name) +
                        ", std::move(" + variable + ")}";
            }
            return "{" + list + "}";
        };
        switch (action.kind) {
        case model::ActionKind::Send: {
            line("{");
            const std::string args = arguments();
            line("r.send(" + cppStringLiteral(action.name) + ", " +
                 cppStringLiteral(action.target) + ", " + args + ");");
            line("}");
            return;
        }
        case model::ActionKind::Call: {
            line("{");
            const std::string args = arguments();
            line("r.call(" + cppStringLiteral(action.name) + ", " +
                 cppStringLiteral(action.reply) + ", " + args + ");");
            line("}");
            return;
        }
        case model::ActionKind::Raise: {
            line("{");
            const std::string args = arguments();
            const std::int64_t delay =
                action.delayMs && *action.delayMs > 0 ? *action.delayMs : 0;
            line("r.raise(" + cppStringLiteral(action.name) + ", " + args + ", " +
                 std::to_string(delay) + ");");
            line("}");
            return;
        }
        case model::ActionKind::Assign: {
            line("r.at(" + index + ");");
            const int variable = m_m.variableIndex(action.name);
            if (variable < 0) {
                line("throw statechart::EvaluationError(" +
                     cppStringLiteral("assignment to undeclared variable '" + action.name + "'") +
                     ");");
            } else if (action.expr.empty()) {
                line("throw statechart::EvaluationError(" +
                     cppStringLiteral("assignment to '" + action.name + "' has no expression") +
                     ");");
            } else {
                line("r.assign(" + std::to_string(variable) + ", " + expression(action.expr.text) +
                     ");");
            }
            return;
        }
        case model::ActionKind::Log:
            line("r.at(" + index + ");");
            line("r.log(" + cppStringLiteral(action.label) + ", " +
                 (action.expr.empty() ? std::string("ops::text(\"\")")
                                      : expression(action.expr.text)) +
                 ");");
            return;
        }
    }

    json stateValues(int s) {
        const CompiledState& cs = m_m.state(s);
        const model::State& state = stateOf(cs.id);
        const std::string& name = m_stateNames[static_cast<std::size_t>(s)];
        const std::string entryWhere = "state " + cs.id + " onEntry";
        const std::string exitWhere = "state " + cs.id + " onExit";
        const std::string onEntry =
            block(state.onEntry, "onEntry_" + name, entryWhere, SourceElementKind::State, cs.id);
        const std::string onExit =
            block(state.onExit, "onExit_" + name, exitWhere, SourceElementKind::State, cs.id);
        const std::string row =
            "{" + cppStringLiteral(cs.id) + ", " + parentText(cs.parent) + ", " + stateKind(cs) +
            ", " + (cs.atomic ? "true" : "false") + ", " + std::to_string(cs.end) + ", " + std::to_string(cs.initial) + ", " +
            intList(cs.children) + ", " + intList(cs.historyChildren) + ", " +
            intList(cs.eventlessTransitions) + ", " + intList(cs.timerTransitions) + ", " +
            std::to_string(cs.historyTransition) + ", " + intList(cs.historyDefaultTargets) +
            ", " + onEntry + ", " + onExit + ", " + cppStringLiteral(entryWhere) + ", " +
            cppStringLiteral(exitWhere) + "}";
        return inRegion(
            {{"comment", cppCommentText(std::to_string(s) + " " + cs.id)}, {"row", row}},
            SourceElementKind::State, cs.id);
    }

    json transitionValues(int t) {
        const CompiledTransition& ct = m_m.transition(t);
        const model::Transition& transition = m_machine.transitions[static_cast<std::size_t>(t)];
        const std::string& name = m_transitionNames[static_cast<std::size_t>(t)];
        std::string guard = "nullptr";
        if (ct.hasGuard) {
            guard = "guard_" + name;
            m_guards.push_back(inRegion({{"function", guard},
                                         {"comment", cppCommentText(ct.guardWhere + ": " +
                                                                    transition.guard.text)},
                                         {"code", expression(transition.guard.text)}},
                                        SourceElementKind::Transition, ct.id));
        }
        const std::string actionsWhere = "transition " + ct.id + " actions";
        const std::string actions = block(transition.actions, "actions_" + name, actionsWhere,
                                          SourceElementKind::Transition, ct.id);
        const char* trigger = ct.trigger == model::detail::Trigger::Event      ? "Trigger::Event"
                              : ct.trigger == model::detail::Trigger::Timer    ? "Trigger::Timer"
                                                                               : "Trigger::Eventless";
        const std::string row =
            "{" + cppStringLiteral(ct.id) + ", " + std::to_string(ct.source) + ", " +
            intList(ct.targets) + ", " + trigger + ", " + cppStringLiteral(transition.event) +
            ", " + std::to_string(ct.afterMs) + ", " + (ct.internal ? "true" : "false") + ", " +
            (ct.historyTarget ? "true" : "false") + ", " + domainText(ct.domain) + ", " + guard +
            ", " + actions + ", " + cppStringLiteral(ct.guardWhere) + ", " +
            cppStringLiteral(actionsWhere) + "}";
        return inRegion({{"comment", cppCommentText(summary(ct))}, {"row", row}},
                        SourceElementKind::Transition, ct.id);
    }

    const model::State& stateOf(const std::string& id) const {
        for (const model::State& state : m_machine.states) {
            if (state.id == id)
                return state;
        }
        return m_machine.states.front();  // compile() guarantees every id exists
    }

    // Every event name some descriptor spells out in full, as compile() lists them.
    std::vector<std::string> eventNames() const {
        std::set<std::string> names;
        for (const CompiledState& state : m_m.m_states) {
            for (int t : state.eventTransitions) {
                for (const auto& descriptor : m_m.transition(t).descriptors) {
                    if (!descriptor.any)
                        names.insert(descriptor.prefix);
                }
            }
        }
        return {names.begin(), names.end()};
    }

    json eventEnumerators() {
        IdentifierPool pool{{"Other"}};
        json list = json::array();
        m_eventNames.clear();
        for (const std::string& name : eventNames()) {
            m_eventNames.push_back(pool.make(name, "Event"));
            list.push_back({{"name", m_eventNames.back()},
                            {"event", name},
                            {"comment", cppCommentText(name)}});
        }
        return list;
    }

    // case EventName::X: switch (state) { case State::S: if (...) return t; ... }
    json eventCases() {
        const std::vector<std::string> names = eventNames();
        json cases = json::array();
        for (std::size_t e = 0; e <= names.size(); ++e) {
            const bool other = e == names.size();
            json states = json::array();
            for (int s = 0; s < m_m.stateCount(); ++s) {
                json tests = json::array();
                for (int t : m_m.state(s).eventTransitions) {
                    const CompiledTransition& ct = m_m.transition(t);
                    const std::string constant =
                        "transition::" + m_transitionNames[static_cast<std::size_t>(t)];
                    std::string condition = "r.enabled(" + constant + ")";
                    if (other) {
                        // Names no descriptor spells out: only "*" and prefixes can match.
                        condition = "r.matches(" +
                                    cppStringLiteral(m_machine.transitions[static_cast<std::size_t>(t)].event) +
                                    ") && " + condition;
                    } else if (!model::detail::descriptorsMatch(ct.descriptors, names[e])) {
                        continue;
                    }
                    tests.push_back(inRegion({{"condition", condition},
                                              {"transition", constant},
                                              {"comment", cppCommentText(summary(ct))}},
                                             SourceElementKind::Transition, ct.id));
                }
                if (tests.empty())
                    continue;
                states.push_back(
                    inRegion({{"state", "State::" + m_stateNames[static_cast<std::size_t>(s)]},
                              {"tests", std::move(tests)}},
                             SourceElementKind::State, m_m.state(s).id));
            }
            const bool hasStates = !states.empty();
            cases.push_back({{"event", other ? std::string("Other") : m_eventNames[e]},
                             {"comment", cppCommentText(other ? "any other event" : names[e])},
                             {"states", std::move(states)},
                             {"hasStates", hasStates}});
        }
        return cases;
    }

    const model::Machine& m_machine;
    const CompiledMachineImpl& m_m;
    SourceMarkers& m_markers;
    ExpressionNames m_names;
    std::vector<std::string> m_stateNames;
    std::vector<std::string> m_transitionNames;
    std::vector<std::string> m_eventNames;
    json m_stateEnumerators = json::array();
    json m_transitionConstants = json::array();
    json m_guards = json::array();
    json m_blocks = json::array();
};

} // namespace

json machineSourceValues(const model::Machine& machine, SourceMarkers& markers,
                         std::vector<model::Diagnostic>& diagnostics) {
    const auto compiled = model::CompiledMachine::compile(machine, &diagnostics);
    const auto* m = dynamic_cast<const CompiledMachineImpl*>(compiled.get());
    if (!m)
        return json::object();
    SourceBuilder builder(m->machine(), *m, markers);
    return builder.build();
}

} // namespace swivel::codegen
