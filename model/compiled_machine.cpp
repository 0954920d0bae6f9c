// CompiledMachine::compile: resolves ids to document-order indices, parses every
// expression once and precomputes the tables step() needs. Everything here is
// iterative: a machine nested 10,000 levels deep compiles without deep recursion.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "compiled_machine_impl.h"
#include "diagnostic_codes.h"

namespace swivel::model {

using namespace detail;

namespace {

const std::string kEmpty;

void report(std::vector<Diagnostic>* out, const char* code, const std::string& elementId,
            std::string field, std::string message) {
    if (!out)
        return;
    Diagnostic diagnostic;
    diagnostic.severity = Severity::Error;
    diagnostic.code = code;
    diagnostic.elementId = elementId;
    diagnostic.field = std::move(field);
    diagnostic.message = std::move(message);
    out->push_back(std::move(diagnostic));
}

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

// SCXML descriptors: "*" matches every event; "A", "A." and "A.*" match A and A.<more>.
std::vector<EventDescriptor> detail::parseDescriptors(std::string_view text) {
    std::vector<EventDescriptor> descriptors;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && isSpace(text[i]))
            ++i;
        std::size_t start = i;
        while (i < text.size() && !isSpace(text[i]))
            ++i;
        std::string_view token = text.substr(start, i - start);
        if (token.empty())
            continue;
        EventDescriptor descriptor;
        if (token == "*") {
            descriptor.any = true;
        } else {
            if (token.size() >= 2 && token.substr(token.size() - 2) == ".*")
                token.remove_suffix(2);
            while (!token.empty() && token.back() == '.')
                token.remove_suffix(1);
            if (token.empty())
                continue;
            descriptor.prefix = std::string(token);
        }
        descriptors.push_back(std::move(descriptor));
    }
    return descriptors;
}

namespace {

Value defaultFor(Type type) {
    switch (type) {
    case Type::Bool:
        return false;
    case Type::Int:
        return std::int64_t{0};
    case Type::Double:
        return 0.0;
    case Type::String:
        return std::string();
    }
    return std::int64_t{0};
}

Value typedInitial(const Variable& variable) {
    const auto wanted = static_cast<std::size_t>(variable.type);
    if (variable.initial.index() == wanted)
        return variable.initial;
    if (variable.type == Type::Double && std::holds_alternative<std::int64_t>(variable.initial))
        return static_cast<double>(std::get<std::int64_t>(variable.initial));
    return defaultFor(variable.type);
}

// The recursion is as deep as the tree, which the parser bounds (kMaxExpressionDepth).
void resolveVariables(const ExprNode& node, const CompiledMachineImpl& machine,
                      CompiledExpression& compiled) {
    if (node.op == ExprOp::Variable) {
        const int index = machine.variableIndex(node.name);
        if (index >= 0)
            compiled.variables.emplace_back(&node, index);
    }
    for (const auto& operand : node.operands)
        resolveVariables(*operand, machine, compiled);
}

CompiledExpression compileExpression(const std::string& text, const CompiledMachineImpl& machine) {
    CompiledExpression compiled;
    compiled.expression = Expression::parse(text);
    const ExprNode* root = compiled.expression.root();
    if (!root || !compiled.expression.ok())
        return compiled;
    switch (root->op) {
    case ExprOp::Literal:
        compiled.shortcut = CompiledExpression::Shortcut::Literal;
        compiled.literal = root->value;
        break;
    case ExprOp::EventTag:
        compiled.shortcut = CompiledExpression::Shortcut::EventTag;
        compiled.tag = root->name;
        break;
    case ExprOp::Variable:
        // An undeclared one is left to the interpreter, which reports it.
        compiled.variable = machine.variableIndex(root->name);
        if (compiled.variable >= 0)
            compiled.shortcut = CompiledExpression::Shortcut::Variable;
        break;
    default:
        resolveVariables(*root, machine, compiled);
        compiled.flat = flatten(
            *root, [&](std::string_view name) { return machine.variableIndex(name); },
            [&](std::string_view id) { return machine.stateIndex(id); });
        break;
    }
    return compiled;
}

CompiledAction compileAction(const Action& action, const CompiledMachineImpl& machine) {
    CompiledAction compiled;
    compiled.kind = action.kind;
    compiled.name = action.name;
    compiled.label = action.label;
    compiled.target = action.target;
    compiled.reply = action.reply;
    compiled.args.reserve(action.args.size());
    for (const Argument& argument : action.args)
        compiled.args.push_back({argument.name, compileExpression(argument.value.text, machine)});
    compiled.hasExpr = !action.expr.empty();
    if (compiled.hasExpr)
        compiled.expr = compileExpression(action.expr.text, machine);
    compiled.delayed = action.kind == ActionKind::Raise && action.delayMs && *action.delayMs > 0;
    compiled.delayMs = compiled.delayed ? *action.delayMs : 0;
    if (action.kind == ActionKind::Assign) {
        compiled.variable = machine.variableIndex(action.name);
        if (compiled.variable >= 0)
            compiled.variableType =
                machine.m_variableTypes[static_cast<std::size_t>(compiled.variable)];
    }
    return compiled;
}

ActionBlock compileBlock(const std::vector<Action>& actions, std::string where,
                         const CompiledMachineImpl& machine) {
    ActionBlock block;
    block.where = std::move(where);
    block.actions.reserve(actions.size());
    for (const Action& action : actions)
        block.actions.push_back(compileAction(action, machine));
    return block;
}

// Whether an expression reads the live states (in(...)), which a chain step does not keep.
bool readsStates(const ExprNode& node) {
    if (node.op == ExprOp::InState)
        return true;
    for (const auto& operand : node.operands) {
        if (readsStates(*operand))
            return true;
    }
    return false;
}

bool readsStates(const CompiledExpression& compiled) {
    const ExprNode* root = compiled.expression.root();
    return root && readsStates(*root);
}

bool readsStates(const ActionBlock& block) {
    for (const CompiledAction& action : block.actions) {
        if (action.hasExpr && readsStates(action.expr))
            return true;
        for (const CompiledArgument& argument : action.args) {
            if (readsStates(argument.expr))
                return true;
        }
    }
    return false;
}

// A machine whose chains would hold more states than this (a very deep one) is stepped
// by the general algorithm: the chains take the sum of its atomic states' depths.
constexpr std::size_t kMaxChainStates = 1 << 16;

// See CompiledMachineImpl::m_chains.
bool buildChains(CompiledMachineImpl& m) {
    std::size_t total = 0;
    for (const CompiledState& cs : m.m_states)
        total += cs.atomic ? static_cast<std::size_t>(cs.depth) + 1 : 0;
    if (total > kMaxChainStates)
        return false;
    const std::size_t count = m.m_states.size();
    m.m_chains.reserve(total);
    m.m_chainStart.assign(count, 0);
    m.m_chainLength.assign(count, 0);
    for (std::size_t i = 0; i < count; ++i) {
        const CompiledState& cs = m.m_states[i];
        if (!cs.atomic)
            continue;
        const std::size_t length = static_cast<std::size_t>(cs.depth) + 1;
        m.m_chainStart[i] = static_cast<std::uint32_t>(m.m_chains.size());
        m.m_chainLength[i] = static_cast<std::uint32_t>(length);
        m.m_chains.resize(m.m_chains.size() + length);
        int s = static_cast<int>(i);
        for (std::size_t k = length; k-- > 0; s = m.state(s).parent)
            m.m_chains[m.m_chainStart[i] + k] = s;
    }
    return true;
}

// See CompiledMachineImpl::m_chainOnly.
bool isChainMachine(const CompiledMachineImpl& m) {
    if (m.m_hasHistory || m.m_hasEventless)
        return false;
    for (const CompiledState& cs : m.m_states) {
        if (cs.parallel || readsStates(cs.onEntry) || readsStates(cs.onExit))
            return false;
    }
    for (const CompiledTransition& ct : m.m_transitions) {
        if ((!ct.targets.empty() && !ct.staticEntry) || (ct.hasGuard && readsStates(ct.guard)) ||
            readsStates(ct.actions))
            return false;
    }
    return true;
}

// At most this many states in a precomputed entry set: deep or wide entries keep
// being computed at run time rather than stored per transition.
constexpr std::size_t kMaxStaticEntry = 32;

// More than the states `t` can enter (its targets' subtrees, their proper ancestors
// below the domain, the subtrees of parallel ones among those), counted up to just
// past kMaxStaticEntry, so that the check costs little on a deep machine.
std::size_t entryBound(const CompiledMachineImpl& m, const CompiledTransition& t) {
    std::size_t bound = 0;
    for (int target : t.targets) {
        bound += static_cast<std::size_t>(m.state(target).end - target);
        for (int a = m.state(target).parent; a != t.domain && a != kRoot; a = m.state(a).parent) {
            if (bound > kMaxStaticEntry)
                return bound;
            const CompiledState& ancestor = m.state(a);
            bound += ancestor.parallel ? static_cast<std::size_t>(ancestor.end - a) : 1;
        }
        if (bound > kMaxStaticEntry)
            return bound;
    }
    return bound;
}

bool isHistoryKind(StateKind kind) {
    return kind == StateKind::ShallowHistory || kind == StateKind::DeepHistory;
}

// The table behind CompiledMachineImpl::eventCandidates. A table with more entries than
// this is not built (every "*" transition is in every name's list): step() then matches
// descriptors one by one, as it does for names outside the table.
constexpr std::size_t kMaxEventCandidates = 1 << 20;

void buildEventCandidates(CompiledMachineImpl& m) {
    // Sorted, so that the names a prefix descriptor matches are one range.
    std::map<std::string, std::vector<int>, std::less<>> byName;
    for (const CompiledState& state : m.m_states) {
        for (int t : state.eventTransitions) {
            for (const EventDescriptor& descriptor : m.transition(t).descriptors) {
                if (!descriptor.any)
                    byName.try_emplace(descriptor.prefix);
            }
        }
    }
    // States in document order, each state's list in document order: every name's
    // list comes out sorted by source state, then document order.
    std::size_t total = 0;
    auto add = [&](std::vector<int>& list, int t) {
        if (list.empty() || list.back() != t) {
            list.push_back(t);
            ++total;
        }
    };
    for (const CompiledState& state : m.m_states) {
        for (int t : state.eventTransitions) {
            for (const EventDescriptor& descriptor : m.transition(t).descriptors) {
                if (descriptor.any) {
                    for (auto& entry : byName)
                        add(entry.second, t);
                    continue;
                }
                const std::string& prefix = descriptor.prefix;
                for (auto it = byName.lower_bound(prefix);
                     it != byName.end() && it->first.starts_with(prefix); ++it) {
                    if (it->first.size() == prefix.size() || it->first[prefix.size()] == '.')
                        add(it->second, t);
                }
            }
            if (total > kMaxEventCandidates)
                return;
        }
    }
    std::vector<std::string> names;
    names.reserve(byName.size());
    m.m_eventCandidates.reserve(byName.size());
    for (auto& [name, list] : byName) {
        names.push_back(name);
        m.m_eventCandidates.push_back(std::move(list));
    }
    m.m_eventNames = NameTable(std::move(names));
}

} // namespace

const std::string& CompiledMachineImpl::stateId(int index) const {
    if (index < 0 || index >= stateCount())
        return kEmpty;
    return state(index).id;
}

bool CompiledMachineImpl::isAtomic(int index) const {
    return index >= 0 && index < stateCount() && state(index).atomic;
}

const std::string& CompiledMachineImpl::transitionId(int index) const {
    if (index < 0 || index >= static_cast<int>(m_transitions.size()))
        return kEmpty;
    return transition(index).id;
}

int CompiledMachineImpl::findLcca(int source, const std::vector<int>& targets) const {
    int ancestor = source >= 0 ? state(source).parent : kRoot;
    while (ancestor != kRoot) {
        if (state(ancestor).compound) {
            bool all = true;
            for (int target : targets) {
                if (!isDescendant(target, ancestor)) {
                    all = false;
                    break;
                }
            }
            if (all)
                return ancestor;
        }
        ancestor = state(ancestor).parent;
    }
    return kRoot;
}

std::shared_ptr<const CompiledMachine>
CompiledMachine::compile(const Machine& source, std::vector<Diagnostic>* diagnostics) {
    auto compiled = std::make_shared<CompiledMachineImpl>();
    CompiledMachineImpl& m = *compiled;
    m.m_machine = source;
    const Machine& machine = m.m_machine;
    bool failed = false;
    auto fail = [&](const char* code, const std::string& elementId, std::string field,
                    std::string message) {
        failed = true;
        report(diagnostics, code, elementId, std::move(field), std::move(message));
    };

    const std::size_t count = machine.states.size();
    if (count == 0) {
        fail(codes::BadStructure, "", "states", "the machine has no states");
        return nullptr;
    }

    // Ids → positions in machine.states.
    IndexByName byId;
    byId.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        if (!byId.emplace(machine.states[i].id, static_cast<int>(i)).second)
            fail(codes::DuplicateId, machine.states[i].id, "id",
                 "state id '" + machine.states[i].id + "' is used more than once");
    }
    auto lookup = [&](std::string_view id) { return CompiledMachineImpl::find(byId, id); };

    // Parents; -2 marks a dangling parent (traversed as a root so that its subtree
    // still gets checked, but compile fails).
    std::vector<int> parentOf(count, kRoot);
    std::vector<std::vector<int>> kids(count);
    std::vector<int> roots;
    for (std::size_t i = 0; i < count; ++i) {
        const State& state = machine.states[i];
        if (state.parent.empty()) {
            roots.push_back(static_cast<int>(i));
            continue;
        }
        const int parent = lookup(state.parent);
        if (parent < 0) {
            fail(codes::DanglingReference, state.id, "parent",
                 "parent '" + state.parent + "' of state '" + state.id + "' does not exist");
            parentOf[i] = -2;
            roots.push_back(static_cast<int>(i));
            continue;
        }
        parentOf[i] = parent;
        kids[static_cast<std::size_t>(parent)].push_back(static_cast<int>(i));
    }

    // Document order: pre-order over the tree, children in list order.
    std::vector<int> order;
    order.reserve(count);
    std::vector<char> visited(count, 0);
    {
        std::vector<int> stack(roots.rbegin(), roots.rend());
        while (!stack.empty()) {
            const int node = stack.back();
            stack.pop_back();
            visited[static_cast<std::size_t>(node)] = 1;
            order.push_back(node);
            const auto& children = kids[static_cast<std::size_t>(node)];
            for (auto it = children.rbegin(); it != children.rend(); ++it)
                stack.push_back(*it);
        }
    }
    if (order.size() != count) {
        // What was not reached hangs below a parent cycle; report the cycles themselves.
        std::vector<char> colour(count, 0); // 0 new, 1 on the current walk, 2 done
        std::vector<int> path;
        for (std::size_t i = 0; i < count; ++i) {
            if (visited[i] || colour[i])
                continue;
            path.clear();
            int node = static_cast<int>(i);
            while (node >= 0 && !visited[static_cast<std::size_t>(node)] &&
                   colour[static_cast<std::size_t>(node)] == 0) {
                colour[static_cast<std::size_t>(node)] = 1;
                path.push_back(node);
                node = parentOf[static_cast<std::size_t>(node)];
            }
            if (node >= 0 && colour[static_cast<std::size_t>(node)] == 1) {
                auto start = std::find(path.begin(), path.end(), node);
                // Named in full only when short: a 10,000-state cycle gets 10,000 messages.
                constexpr std::ptrdiff_t kShown = 6;
                std::string cycle;
                for (auto it = start; it != path.end() && it - start < kShown; ++it)
                    cycle += machine.states[static_cast<std::size_t>(*it)].id + " → ";
                cycle += path.end() - start > kShown ? "… → " : "";
                cycle += machine.states[static_cast<std::size_t>(node)].id;
                for (auto it = start; it != path.end(); ++it) {
                    const std::string& id = machine.states[static_cast<std::size_t>(*it)].id;
                    fail(codes::ParentCycle, id, "parent",
                         "state '" + id + "' is its own ancestor (" + cycle + ")");
                }
            }
            for (int p : path)
                colour[static_cast<std::size_t>(p)] = 2;
        }
        return nullptr;
    }

    // Build the states in document order.
    std::vector<int> newIndex(count, -1);
    for (std::size_t i = 0; i < count; ++i)
        newIndex[static_cast<std::size_t>(order[i])] = static_cast<int>(i);
    m.m_states.resize(count);
    m.m_stateIndex.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const State& state = machine.states[static_cast<std::size_t>(order[i])];
        CompiledState& cs = m.m_states[i];
        cs.id = state.id;
        cs.doneEvent = "done.state." + state.id;
        cs.kind = state.kind;
        const int parent = parentOf[static_cast<std::size_t>(order[i])];
        cs.parent = parent >= 0 ? newIndex[static_cast<std::size_t>(parent)] : kRoot;
        cs.parallel = state.kind == StateKind::Parallel;
        cs.final = state.kind == StateKind::Final;
        cs.history = isHistoryKind(state.kind);
        cs.deepHistory = state.kind == StateKind::DeepHistory;
        m.m_stateIndex.emplace(state.id, static_cast<int>(i));
    }
    // Subtree ends, children: reverse pre-order visits children before parents.
    for (std::size_t i = count; i-- > 0;) {
        CompiledState& cs = m.m_states[i];
        if (cs.end == 0)
            cs.end = static_cast<int>(i) + 1;
        if (cs.parent >= 0) {
            CompiledState& parent = m.m_states[static_cast<std::size_t>(cs.parent)];
            parent.end = std::max(parent.end, cs.end);
            if (cs.history)
                parent.historyChildren.push_back(static_cast<int>(i));
            else
                parent.children.push_back(static_cast<int>(i));
        }
    }
    for (CompiledState& cs : m.m_states) {
        std::reverse(cs.children.begin(), cs.children.end());
        std::reverse(cs.historyChildren.begin(), cs.historyChildren.end());
        if ((cs.final || cs.history) && (!cs.children.empty() || !cs.historyChildren.empty()))
            fail(codes::BadStructure, cs.id, "kind",
                 std::string(cs.final ? "final" : "history") + " state '" + cs.id +
                     "' must not have child states");
        cs.compound = cs.kind == StateKind::State && !cs.children.empty();
        cs.depth = cs.parent == kRoot ? 0 : m.state(cs.parent).depth + 1;
        cs.atomic = cs.final || (!cs.history && cs.children.empty());
    }

    // Initial states.
    for (std::size_t i = 0; i < count; ++i) {
        CompiledState& cs = m.m_states[i];
        if (!cs.compound)
            continue;
        const State& state = machine.states[static_cast<std::size_t>(order[i])];
        if (state.initial.empty()) {
            fail(codes::MissingInitial, cs.id, "initial",
                 "compound state '" + cs.id + "' has no initial state");
            continue;
        }
        const int initial = m.stateIndex(state.initial);
        if (initial < 0) {
            fail(codes::DanglingReference, cs.id, "initial",
                 "initial state '" + state.initial + "' of '" + cs.id + "' does not exist");
        } else if (m.state(initial).parent != static_cast<int>(i) || m.state(initial).history) {
            fail(codes::BadInitial, cs.id, "initial",
                 "initial state '" + state.initial + "' is not a child state of '" + cs.id + "'");
        } else {
            cs.initial = initial;
        }
    }
    if (machine.initial.empty()) {
        fail(codes::MissingInitial, "", "initial", "the machine has no initial state");
    } else {
        const int initial = m.stateIndex(machine.initial);
        if (initial < 0)
            fail(codes::DanglingReference, "", "initial",
                 "initial state '" + machine.initial + "' does not exist");
        else if (m.state(initial).parent != kRoot || m.state(initial).history)
            fail(codes::BadInitial, "", "initial",
                 "initial state '" + machine.initial + "' is not a top-level state");
        else
            m.m_initial = initial;
    }

    // Variables (before actions, which resolve assignments).
    std::vector<std::string> variableNames;
    for (std::size_t i = 0; i < machine.variables.size(); ++i) {
        const Variable& variable = machine.variables[i];
        variableNames.push_back(variable.name);
        m.m_variableTypes.push_back(variable.type);
        m.m_initialValues.push_back(typedInitial(variable));
    }
    m.m_variableIndex = NameTable(std::move(variableNames)); // of equal names, the first wins

    // Transitions.
    m.m_transitions.resize(machine.transitions.size());
    for (std::size_t i = 0; i < machine.transitions.size(); ++i) {
        const Transition& transition = machine.transitions[i];
        CompiledTransition& ct = m.m_transitions[i];
        ct.id = transition.id;
        ct.timerEvent = std::string(kTimerEventPrefix) + transition.id;
        if (!m.m_transitionIndex.emplace(transition.id, static_cast<int>(i)).second)
            fail(codes::DuplicateId, transition.id, "id",
                 "transition id '" + transition.id + "' is used more than once");
        ct.source = m.stateIndex(transition.source);
        if (ct.source < 0)
            fail(codes::DanglingReference, transition.id, "source",
                 "source '" + transition.source + "' of transition '" + transition.id +
                     "' does not exist");
        for (std::size_t k = 0; k < transition.targets.size(); ++k) {
            const int target = m.stateIndex(transition.targets[k]);
            if (target < 0) {
                fail(codes::DanglingReference, transition.id, "targets/" + std::to_string(k),
                     "target '" + transition.targets[k] + "' of transition '" + transition.id +
                         "' does not exist");
                continue;
            }
            ct.targets.push_back(target);
            ct.historyTarget = ct.historyTarget || m.state(target).history;
        }
        if (transition.afterMs) {
            ct.trigger = Trigger::Timer;
            ct.afterMs = std::max<std::int64_t>(0, *transition.afterMs);
        } else {
            ct.descriptors = parseDescriptors(transition.event);
            ct.trigger = ct.descriptors.empty() ? Trigger::Eventless : Trigger::Event;
        }
        ct.hasGuard = !transition.guard.empty();
        if (ct.hasGuard)
            ct.guard = compileExpression(transition.guard.text, m);
        ct.guardWhere = "transition " + transition.id + " guard";
        ct.actions =
            compileBlock(transition.actions, "transition " + transition.id + " actions", m);
        ct.internal = transition.type == TransitionType::Internal;
    }
    if (failed)
        return nullptr;

    // Per-state transition lists (document order) and history defaults.
    for (std::size_t i = 0; i < m.m_transitions.size(); ++i) {
        const CompiledTransition& ct = m.m_transitions[i];
        CompiledState& source = m.m_states[static_cast<std::size_t>(ct.source)];
        const int index = static_cast<int>(i);
        if (source.history) {
            // Only an eventless transition means something here: the default history.
            if (ct.trigger == Trigger::Eventless && source.historyTransition < 0)
                source.historyTransition = index;
            continue;
        }
        switch (ct.trigger) {
        case Trigger::Event:
            source.eventTransitions.push_back(index);
            break;
        case Trigger::Eventless:
            source.eventlessTransitions.push_back(index);
            break;
        case Trigger::Timer:
            source.timerTransitions.push_back(index);
            break;
        }
    }
    for (CompiledState& cs : m.m_states) {
        if (!cs.history)
            continue;
        m.m_hasHistory = true;
        if (cs.historyTransition >= 0 && !m.transition(cs.historyTransition).targets.empty()) {
            cs.historyDefaultTargets = m.transition(cs.historyTransition).targets;
        } else if (cs.parent == kRoot) {
            cs.historyDefaultTargets = {m.m_initial};
        } else {
            const CompiledState& parent = m.state(cs.parent);
            if (parent.compound)
                cs.historyDefaultTargets = {parent.initial};
            else if (parent.parallel)
                cs.historyDefaultTargets = parent.children;
        }
    }

    buildEventCandidates(m);
    for (const CompiledState& cs : m.m_states)
        m.m_hasEventless = m.m_hasEventless || !cs.eventlessTransitions.empty();

    // Static transition domains (those with history targets depend on run-time history).
    for (CompiledTransition& ct : m.m_transitions) {
        if (ct.targets.empty() || ct.historyTarget)
            continue;
        const CompiledState& source = m.state(ct.source);
        bool inside = ct.internal && source.compound;
        for (std::size_t k = 0; inside && k < ct.targets.size(); ++k)
            inside = m.isDescendant(ct.targets[k], ct.source);
        ct.domain = inside ? ct.source : m.findLcca(ct.source, ct.targets);
    }

    // Executable content of states, now that variables are known.
    for (std::size_t i = 0; i < count; ++i) {
        const State& state = machine.states[static_cast<std::size_t>(order[i])];
        CompiledState& cs = m.m_states[i];
        cs.onEntry = compileBlock(state.onEntry, "state " + state.id + " onEntry", m);
        cs.onExit = compileBlock(state.onExit, "state " + state.id + " onExit", m);
    }

    // Entry sets that depend on nothing at run time, now that the tables are complete.
    for (std::size_t i = 0; i < m.m_transitions.size(); ++i) {
        CompiledTransition& ct = m.m_transitions[i];
        if (ct.targets.empty() || ct.historyTarget || entryBound(m, ct) > kMaxStaticEntry)
            continue;
        ct.entrySet = computeEntrySet(m, static_cast<int>(i));
        ct.staticEntry = true;
    }
    m.m_chainOnly = isChainMachine(m) && buildChains(m);
    return compiled;
}

} // namespace swivel::model
