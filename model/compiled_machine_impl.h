#pragma once
// Private to the model library: the tables CompiledMachine::compile builds and
// semantics.cpp steps over. State indices are document order (a pre-order walk of
// the state tree), so "s is a descendant of a" is a range check on indices and
// sorting indices sorts states in document order.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "expression.h"
#include "expression_flat.h"
#include "machine.h"
#include "name_table.h"
#include "semantics.h"

namespace swivel::model::detail {

// The virtual root (the SCXML <scxml> element): parent of top-level states.
inline constexpr int kRoot = -1;
// "No transition domain": a targetless transition exits and enters nothing.
inline constexpr int kNoDomain = -2;

// Heterogeneous lookup, so that a string_view finds a std::string key without a copy.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
        return std::hash<std::string_view>{}(text);
    }
};
using IndexByName = std::unordered_map<std::string, int, StringHash, std::equal_to<>>;

// One token of a transition's event attribute, normalised: "Photo.*" and "Photo."
// become prefix "Photo"; "*" becomes any.
struct EventDescriptor {
    std::string prefix;
    bool any = false;
};

// The descriptors of a transition's event attribute, in order (compile and
// eventDescriptorsMatch both parse with this one function).
std::vector<EventDescriptor> parseDescriptors(std::string_view text);
// Token-wise prefix match: "Photo" matches "Photo" and "Photo.Thumbnail", not "Photos".
bool descriptorsMatch(const std::vector<EventDescriptor>& descriptors, std::string_view name);

// A parsed expression, with a shortcut for the shapes most arguments, guards and
// assignments have: a literal, `event.<tag>` or a declared variable. step() copies
// such a value straight from where it is instead of running the interpreter, which
// costs more than the copy (call, type dispatch, a virtual lookup by name).
struct CompiledExpression {
    enum class Shortcut : std::uint8_t { None, Literal, EventTag, Variable };
    Expression expression;
    Shortcut shortcut = Shortcut::None;
    Value literal;     // Literal
    std::string tag;   // EventTag
    int variable = -1; // Variable: its index
    // None: the tree's declared variables, resolved, so that the interpreter does not
    // look their names up (see EvalContext::variableOf). A handful at most: a list.
    std::vector<std::pair<const ExprNode*, int>> variables;
    // None: the tree laid out flat, evaluated without the interpreter when it can be
    // (expression_flat.h); empty when some variable is undeclared.
    FlatExpression flat;
};

struct CompiledArgument {
    std::string name;
    CompiledExpression expr;
};

// An action with its expressions parsed and its variable resolved.
struct CompiledAction {
    ActionKind kind = ActionKind::Log;
    std::string name;
    std::string label;
    std::string target;
    std::string reply;
    std::vector<CompiledArgument> args;
    CompiledExpression expr;
    bool hasExpr = false;
    bool delayed = false; // a raise with a positive delay: the host delivers it
    std::int64_t delayMs = 0;
    int variable = -1; // assign: variable index, -1 if undeclared
    Type variableType = Type::Int;
};

// Where an action block lives, for error messages ("state Idle onEntry").
struct ActionBlock {
    std::vector<CompiledAction> actions;
    std::string where;
};

enum class Trigger { Event, Eventless, Timer };

struct CompiledState {
    std::string id;
    std::string doneEvent; // "done.state.<id>"
    StateKind kind = StateKind::State;
    int parent = kRoot;
    int depth = 0;         // 0 for a top-level state: its index in an active chain
    int end = 0;           // one past the last descendant (pre-order range)
    bool atomic = false;   // no child states (history children do not count), or final
    bool compound = false; // kind State with child states
    bool parallel = false;
    bool final = false;
    bool history = false;
    bool deepHistory = false;
    int initial = -1;          // compound: initial child
    std::vector<int> children; // child states, not history, document order
    std::vector<int> historyChildren;
    std::vector<int> eventTransitions; // document order
    std::vector<int> eventlessTransitions;
    std::vector<int> timerTransitions;
    ActionBlock onEntry;
    ActionBlock onExit;
    // History states: the default history transition (-1: none, use defaultTargets).
    int historyTransition = -1;
    std::vector<int> historyDefaultTargets;
};

struct CompiledTransition {
    std::string id;
    std::string timerEvent; // kTimerEventPrefix + id
    int source = kRoot;
    std::vector<int> targets;
    Trigger trigger = Trigger::Eventless;
    std::vector<EventDescriptor> descriptors;
    std::int64_t afterMs = 0;
    CompiledExpression guard;
    bool hasGuard = false;
    std::string guardWhere;
    ActionBlock actions;
    bool internal = false;      // type Internal (effective only for a compound source)
    bool historyTarget = false; // some target is a history state: domain is dynamic
    int domain = kNoDomain;     // precomputed when !historyTarget
    // The states this transition enters when it is the only one taken, in document
    // order, when that depends on nothing at run time (no history target) and is small;
    // step() then skips the entry algorithm, whose result this is.
    bool staticEntry = false;
    std::vector<int> entrySet;
};

class CompiledMachineImpl;

// The entry set of transition `t` taken alone, in document order, as step() computes
// it (defined beside step(), whose algorithm it runs). compile() stores it in the
// transitions that qualify for CompiledTransition::staticEntry.
std::vector<int> computeEntrySet(const CompiledMachineImpl& machine, int t);

// The compiled form: immutable after compile, shared by every thread that steps it.
class CompiledMachineImpl final : public CompiledMachine {
public:
    const Machine& machine() const override { return m_machine; }
    int stateCount() const override { return static_cast<int>(m_states.size()); }
    int stateIndex(std::string_view id) const override { return find(m_stateIndex, id); }
    const std::string& stateId(int index) const override;
    bool isAtomic(int index) const override;
    int transitionIndex(std::string_view id) const override { return find(m_transitionIndex, id); }
    const std::string& transitionId(int index) const override;
    int variableIndex(std::string_view name) const override { return m_variableIndex.find(name); }

    // Proper descendant (the root contains every state).
    bool isDescendant(int state, int ancestor) const {
        if (ancestor < 0)
            return state >= 0;
        return state > ancestor && state < m_states[static_cast<std::size_t>(ancestor)].end;
    }
    const CompiledState& state(int index) const {
        return m_states[static_cast<std::size_t>(index)];
    }
    const CompiledTransition& transition(int index) const {
        return m_transitions[static_cast<std::size_t>(index)];
    }
    // Least common compound ancestor of `source` and all of `targets` (kRoot at worst).
    int findLcca(int source, const std::vector<int>& targets) const;

    static int find(const IndexByName& map, std::string_view key) {
        auto it = map.find(key);
        return it == map.end() ? -1 : it->second;
    }

    // The event transitions that match the event `name`, sorted by source state and
    // then document order; null when `name` is not one of m_eventNames (then match
    // descriptors one by one).
    const std::vector<int>* eventCandidates(std::string_view name) const {
        const int index = m_eventNames.find(name);
        return index < 0 ? nullptr : &m_eventCandidates[static_cast<std::size_t>(index)];
    }

    Machine m_machine;
    std::vector<CompiledState> m_states;           // document order
    std::vector<CompiledTransition> m_transitions; // same order as m_machine.transitions
    std::vector<Value> m_initialValues;            // by variable index, typed
    std::vector<Type> m_variableTypes;
    int m_initial = -1; // top-level initial state
    bool m_hasHistory = false;
    IndexByName m_stateIndex;
    IndexByName m_transitionIndex;
    NameTable m_variableIndex; // looked up by the interpreter at run time
    // Selection by event name without string matching: every name some descriptor
    // spells out in full (the events a device sends, "Motion", "Photo.Thumbnail") maps
    // to the event transitions that match it. Other names (and all names, when the
    // table would be too big) fall back to matching descriptors.
    NameTable m_eventNames;                          // name -> index in m_eventCandidates
    std::vector<std::vector<int>> m_eventCandidates; // see eventCandidates()
    bool m_hasEventless = false; // some state has an eventless transition
    // A chain machine: no parallel or history states, no eventless transitions, no
    // in(...) anywhere, every entry set static, its chains (below) not too many states
    // to keep (kMaxChainStates in compiled_machine.cpp). Its every configuration is one atomic
    // state and its ancestors, so step() takes an event without the general
    // algorithm's bookkeeping (see Runner::externalOnChain in semantics.cpp).
    bool m_chainOnly = false;
    // For a chain machine: each atomic state's chain (its ancestors from the top, then
    // itself) at m_chains[m_chainStart[s]], m_chainLength[s] long; 0 for a state that
    // is not atomic. Flat and dense, so that checking a configuration compares a few
    // ints instead of walking parent links through the state records.
    std::vector<int> m_chains;
    std::vector<std::uint32_t> m_chainStart;
    std::vector<std::uint32_t> m_chainLength;
};

} // namespace swivel::model::detail
