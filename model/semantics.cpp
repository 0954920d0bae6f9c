// start() and step(): the W3C SCXML 1.0 algorithm (Appendix D) over the tables of
// CompiledMachineImpl. Names follow the spec (selectTransitions,
// removeConflictingTransitions, computeExitSet, addDescendantStatesToEnter, ...);
// its recursive procedures run on an explicit work stack so that deep nesting
// cannot overflow the call stack.
//
// Swivel's additions to the spec: timers (an `after` transition is armed when its
// source is entered and cancelled when it is exited; the host fires it as a timer
// event carrying the arm token), a microstep cap per macrostep, and the final-state
// rule that the configuration is kept (as Qt SCXML does) while exit actions run.

#include <algorithm>
#include <cstdint>
#include <string>
#include <typeinfo>
#include <vector>

#include "compiled_machine_impl.h"
#include "expression_eval.h"
#include "semantics.h"

namespace swivel::model {

using namespace detail;

const Value* Event::tag(std::string_view tagName) const {
    // Tag names are short and mostly differ in length: checking that first skips most
    // comparisons, and sameBytes compares short names without calling memcmp.
    for (const EventTag& tag : tags) {
        if (tag.name.size() == tagName.size() &&
            sameBytes(tag.name.data(), tagName.data(), tagName.size()))
            return &tag.value;
    }
    return nullptr;
}

// Token-wise prefix match: "Photo" matches "Photo" and "Photo.Thumbnail", not "Photos".
bool detail::descriptorsMatch(const std::vector<EventDescriptor>& descriptors,
                              std::string_view name) {
    for (const EventDescriptor& descriptor : descriptors) {
        if (descriptor.any)
            return true;
        const std::string& prefix = descriptor.prefix;
        if (name.size() >= prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
            (name.size() == prefix.size() || name[prefix.size()] == '.'))
            return true;
    }
    return false;
}

bool eventDescriptorsMatch(std::string_view descriptors, std::string_view eventName) {
    return descriptorsMatch(parseDescriptors(descriptors), eventName);
}

namespace {

const std::string kErrorExecution = "error.execution";

bool isTimerEventName(std::string_view name) {
    return name.starts_with(kTimerEventPrefix);
}

bool nameMatches(const CompiledTransition& transition, std::string_view name) {
    return descriptorsMatch(transition.descriptors, name);
}

std::string_view typeLabel(std::size_t index) {
    switch (index) {
    case 0:
        return "bool";
    case 1:
        return "int";
    case 2:
        return "double";
    default:
        return "string";
    }
}

// `out = in` for the stepper's copies (arguments, assignments), without the variant's
// visitor dispatch, which costs more than copying a short string. A string is copied
// into a string alternative made empty first: a string into a string reuses the buffer
// as the variant's assignment does, and the variant's own assignment or emplace of a
// string into another alternative builds a temporary and moves it (its copy may throw).
void copyValue(Value& out, const Value& in) {
    if (&out == &in)
        return;
    switch (in.index()) {
    case 0:
        out.emplace<bool>(*std::get_if<bool>(&in));
        return;
    case 1:
        out.emplace<std::int64_t>(*std::get_if<std::int64_t>(&in));
        return;
    case 2:
        out.emplace<double>(*std::get_if<double>(&in));
        return;
    default: {
        const std::string& text = *std::get_if<std::string>(&in);
        auto* into = std::get_if<std::string>(&out);
        if (!into)
            into = &out.emplace<std::string>();
        into->assign(text);
        return;
    }
    }
}

// std::lower_bound over a sorted list of state indices. Active lists hold a few states:
// a linear scan of those beats the binary search's unpredictable branches.
template <class It> It firstNotBelow(It first, It last, int value) {
    if (last - first <= 8) {
        while (first != last && *first < value)
            ++first;
        return first;
    }
    return std::lower_bound(first, last, value);
}

// One pending piece of the entry-set recursion.
struct Task {
    enum Kind : std::uint8_t {
        Descendants,      // addDescendantStatesToEnter(state)
        Ancestors,        // addAncestorStatesToEnter, resumed at ancestor `state`, up to `other`
        ParallelChildren, // the child loop of a parallel `state`, resumed at child `other`
    };
    Kind kind;
    int state;
    int other;
};

// A list of transition indices (or their domains) in working memory. Its storage only
// grows, to the transition count (reserve), which no list of distinct transitions can
// exceed; adding is then a store, where std::vector's push_back is a call on these paths.
class IndexList {
public:
    void reserve(std::size_t capacity) {
        if (m_items.size() < capacity)
            m_items.resize(capacity);
    }
    void clear() { m_size = 0; }
    void push_back(int index) { m_items[m_size++] = index; }
    void assignOne(int index) {
        m_items[0] = index;
        m_size = 1;
    }
    void shrink(std::size_t size) { m_size = size; } // size <= this->size()
    void swap(IndexList& other) {
        m_items.swap(other.m_items);
        std::swap(m_size, other.m_size);
    }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    int front() const { return m_items[0]; }
    int& operator[](std::size_t i) { return m_items[i]; }
    int operator[](std::size_t i) const { return m_items[i]; }
    const int* begin() const { return m_items.data(); }
    const int* end() const { return m_items.data() + m_size; }

private:
    std::vector<int> m_items;
    std::size_t m_size = 0;
};

// Per-thread working memory, reused across steps so that a warm step allocates
// only what it returns. Flag arrays are all zero between calls.
struct Scratch {
    std::vector<std::uint8_t> active;   // the live configuration, by state index
    std::vector<std::uint8_t> entering; // statesToEnter membership
    std::vector<std::uint8_t> expanded; // history states expanded to their default
    IndexList enabled;
    IndexList domains;
    IndexList filtered;
    IndexList filteredDomains;
    std::size_t listCapacity = 0; // what the four lists above are reserved for
    std::vector<std::uint8_t> remove;
    std::vector<int> exitSet;
    std::vector<int> enterSet;
    std::vector<int> expandedList;
    std::vector<int> effective;
    std::vector<int> work;
    std::vector<int> merged;
    std::vector<Task> tasks;
    std::vector<std::pair<int, int>> defaultHistory; // (parent state, history transition)
    std::vector<Event> queue;
    std::size_t head = 0;
    Event current;
    bool dirty = false;
    // The flat evaluator's concatenations (FlatExpression::buffers), kept with their capacity.
    std::vector<std::string> flatBuffers;
    // Argument vectors of actions a result no longer needed, kept with their capacity
    // for the next result that needs more actions (see Runner::draftAction). Only the
    // vectors: moving whole actions back and forth costs more than their short strings.
    std::vector<std::vector<EventTag>> spareArgs;
};

// More spare vectors than this are freed: one endless macrostep must not pin its
// ten thousand actions' memory for the rest of the thread's life.
constexpr std::size_t kMaxSpareArgs = 64;
// Room an argument vector gets when it has to grow: enough for most commands.
constexpr std::size_t kTypicalArgCount = 4;

thread_local Scratch t_scratch;

// A configuration from a store may be damaged: its active states made usable (valid
// indices of states that are not history states, sorted, without repeats).
void repairActive(const CompiledMachineImpl& m, Configuration& c) {
    const int n = m.stateCount();
    std::erase_if(c.active, [&](int s) { return s < 0 || s >= n || m.state(s).history; });
    std::sort(c.active.begin(), c.active.end());
    c.active.erase(std::unique(c.active.begin(), c.active.end()), c.active.end());
}

// Where an expression sits, for error messages; formatted only when one is needed.
struct Where {
    const std::string& block;              // "state Idle onEntry", "transition t1 guard"
    std::size_t index = std::string::npos; // action index in the block
    const std::string* argument = nullptr;
    std::string text() const {
        std::string out = block;
        if (index != std::string::npos) {
            // Appended piece by piece: `"[" + std::to_string(index)` trips GCC 12's
            // -Wrestrict false positive at -O3.
            out += '[';
            out += std::to_string(index);
            out += ']';
        }
        if (argument)
            out += " " + *argument;
        return out;
    }
};

// One run of the interpreter over one result; also the expressions' view of it.
class Runner final : public EvalContext {
public:
    // `configuration` is changed in place; `result` receives actions and transitions.
    Runner(const CompiledMachineImpl& machine, Configuration& configuration, StepResult& result,
           Scratch& scratch)
        : m_m(machine), m_r(result), m_c(configuration), m_s(scratch),
          m_n(machine.stateCount()) {}

    const Value* eventTag(std::string_view tag) const override {
        return m_event ? m_event->tag(tag) : nullptr;
    }
    const Value* variable(std::string_view name) const override {
        const int index = m_m.variableIndex(name);
        if (index < 0 || static_cast<std::size_t>(index) >= m_c.variables.size())
            return nullptr;
        return &m_c.variables[static_cast<std::size_t>(index)];
    }
    const Value* variableOf(const ExprNode& node) const override {
        if (m_expression) {
            for (const auto& [resolved, index] : m_expression->variables) {
                if (resolved == &node && static_cast<std::size_t>(index) < m_c.variables.size())
                    return &m_c.variables[static_cast<std::size_t>(index)];
            }
        }
        return variable(node.name);
    }
    bool inState(std::string_view stateId) const override {
        const int index = m_m.stateIndex(stateId);
        return index >= 0 && m_s.active[static_cast<std::size_t>(index)];
    }

    void begin() {
        prepareScratch();
        m_s.queue.clear();
        m_s.head = 0;
        if (!markActive()) {
            repairActive(m_m, m_c);
            markActive();
        }
    }

    // The live flags cleared and sized, the selection lists reserved.
    void prepareScratch() {
        const auto n = static_cast<std::size_t>(m_n);
        if (m_s.dirty) {
            std::fill(m_s.active.begin(), m_s.active.end(), 0);
            std::fill(m_s.entering.begin(), m_s.entering.end(), 0);
            std::fill(m_s.expanded.begin(), m_s.expanded.end(), 0);
        }
        if (m_s.active.size() < n) {
            m_s.active.resize(n, 0);
            m_s.entering.resize(n, 0);
            m_s.expanded.resize(n, 0);
        }
        const std::size_t transitions = std::max<std::size_t>(m_m.m_transitions.size(), 1);
        if (m_s.listCapacity < transitions) {
            m_s.enabled.reserve(transitions);
            m_s.domains.reserve(transitions);
            m_s.filtered.reserve(transitions);
            m_s.filteredDomains.reserve(transitions);
            m_s.listCapacity = transitions;
        }
        m_s.dirty = true;
        m_flagsLive = true;
    }

    // Sets the live flag of every state in m_c.active, checking on the way (the step
    // runs it every time, so the check costs no pass of its own) that they are what a
    // step leaves: each index above the one before (so at least 0, sorted, without
    // repeats), below the state count, not a history state. False, with no flag set,
    // when they are not.
    bool markActive() {
        const auto& active = m_c.active;
        int previous = -1;
        for (std::size_t i = 0; i < active.size(); ++i) {
            const int s = active[i];
            if (s <= previous || s >= m_n || st(s).history) {
                for (std::size_t k = 0; k < i; ++k)
                    m_s.active[static_cast<std::size_t>(active[k])] = 0;
                return false;
            }
            m_s.active[static_cast<std::size_t>(s)] = 1;
            previous = s;
        }
        return true;
    }

    void end() {
        if (m_flagsLive) {
            for (int s : m_c.active)
                m_s.active[static_cast<std::size_t>(s)] = 0;
            m_s.dirty = false;
        }
        m_s.queue.clear();
        m_s.head = 0;
        // Elements past the last action are left over from an earlier step.
        auto& actions = m_r.actions;
        while (actions.size() > m_actionCount) {
            auto& args = actions.back().args;
            if (args.capacity() > 0 && m_s.spareArgs.size() < kMaxSpareArgs)
                m_s.spareArgs.push_back(std::move(args));
            actions.pop_back();
        }
    }

    // The spec's interpret(): enter the initial configuration, then the first macrostep.
    void enterInitial() {
        m_s.enabled.clear();
        m_s.domains.clear();
        rebuildActive(enterStates(true));
        macrostep(1);
    }

    // The entry set of `t` taken alone, in document order (see detail::computeEntrySet).
    std::vector<int> entrySetOf(int t) {
        m_s.enabled.assignOne(t);
        m_s.domains.assignOne(transitionDomain(t));
        computeEntrySet(false);
        std::sort(m_s.enterSet.begin(), m_s.enterSet.end());
        return m_s.enterSet;
    }

    // One external event. False: a stale or unknown timer, nothing may change.
    bool external(const Event& event) {
        m_event = &event;
        if (isTimerEventName(event.name)) {
            if (!selectTimer(event))
                return false;
        } else {
            selectTransitions(&event);
        }
        m_r.eventMatched = !m_s.enabled.empty();
        if (!m_s.enabled.empty())
            microstep();
        // Without eventless transitions and raised events, and no final state reached,
        // the macrostep would end at once: most device machines, most events.
        if (m_running && !m_m.m_hasEventless && m_s.queue.empty())
            return true;
        macrostep(1);
        return true;
    }

    // What externalOnChain() did with an event.
    enum class ChainStep {
        General, // nothing: the configuration is not a chain; begin() and external() must run
        Taken,   // the event went through the macrostep, as external() returning true
        Stale,   // a timer no longer armed, refused with nothing changed (external()'s false)
    };

    // One external event on a chain machine (CompiledMachineImpl::m_chainOnly) whose
    // configuration is a chain: one atomic state and its ancestors, in document order.
    // There, at most one transition is enabled, it exits the chain below its static
    // domain and enters its static entry set, and no expression reads the live flags:
    // the general algorithm's flags, lists and searches are not needed. What it
    // computes is what external() computes. A configuration that is not a chain (a
    // damaged one, which the general algorithm repairs) is left to begin() and external().
    ChainStep externalOnChain(const Event& event) {
        if (!isChain(m_c.active))
            return ChainStep::General;
        m_event = &event;
        m_s.queue.clear();
        m_s.head = 0;
        int found = -1;
        if (isTimerEventName(event.name)) {
            if (!takeArmedTimer(event, found))
                return ChainStep::Stale;
        } else {
            const std::vector<int>* candidates = m_m.eventCandidates(event.name);
            if (!candidates || !candidates->empty()) {
                const auto& active = m_c.active;
                for (auto it = active.rbegin(); it != active.rend() && found < 0; ++it)
                    found =
                        candidates ? firstEnabledOf(*candidates, *it) : firstEnabled(*it, &event);
            }
        }
        m_r.eventMatched = found >= 0;
        if (found >= 0)
            takeOnChain(found);
        if (m_running && m_s.queue.empty())
            return ChainStep::Taken;
        // Raised events, an error or a final state: the rest of the macrostep is the
        // general algorithm's, over the chain this one left (which is valid).
        prepareScratch();
        markActive();
        macrostep(1);
        return ChainStep::Taken;
    }

private:
    // `active` is the chain of its last state, which is atomic.
    bool isChain(const std::vector<int>& active) const {
        if (active.empty())
            return false;
        const int s = active.back();
        if (s < 0 || s >= m_n)
            return false;
        const auto at = static_cast<std::size_t>(s);
        const std::size_t length = m_m.m_chainLength[at]; // 0 unless atomic
        if (length != active.size())
            return false;
        const int* chain = m_m.m_chains.data() + m_m.m_chainStart[at];
        for (std::size_t k = 0; k + 1 < length; ++k) {
            if (active[k] != chain[k])
                return false;
        }
        return true;
    }

    // selectTimer() on a chain: false when the timer is unknown or no longer armed
    // (nothing changed); otherwise it is disarmed, and `found` is its transition when
    // the source is still active and the guard holds. Out of line: timers are rare next
    // to device events, whose path stays small.
    [[gnu::noinline]] bool takeArmedTimer(const Event& event, int& found) {
        const int t = disarmTimer(event);
        if (t < 0)
            return false;
        const int source = tr(t).source;
        const auto depth = static_cast<std::size_t>(st(source).depth);
        if (depth < m_c.active.size() && m_c.active[depth] == source && conditionMatch(t))
            found = t;
        return true;
    }

    // The microstep of external() for transition `t` alone on a chain: exit the chain
    // below the domain innermost first, run the actions, enter the entry set.
    void takeOnChain(int t) {
        const CompiledTransition& transition = tr(t);
        if (transition.targets.empty()) {
            runBlock(transition.actions);
            m_r.transitions.push_back(t);
            return;
        }
        auto& active = m_c.active;
        // The domain and its ancestors stay: the first depth(domain) + 1 states.
        const int domain = transition.domain;
        const std::size_t kept =
            domain == kRoot ? 0 : static_cast<std::size_t>(st(domain).depth) + 1;
        for (std::size_t k = active.size(); k-- > kept;) {
            runBlock(st(active[k]).onExit);
            cancelTimers(active[k]);
        }
        runBlock(transition.actions);
        for (const int s : transition.entrySet) {
            const CompiledState& state = st(s);
            armTimers(s);
            runBlock(state.onEntry);
            if (state.final)
                enteredFinal(state);
        }
        // A few states: one resize and an element loop, where insert would call memmove.
        const auto& entered = transition.entrySet;
        active.resize(kept + entered.size());
        for (std::size_t k = 0; k < entered.size(); ++k)
            active[kept + k] = entered[k];
        m_r.transitions.push_back(t);
    }

    const CompiledState& st(int index) const { return m_m.state(index); }
    const CompiledTransition& tr(int index) const { return m_m.transition(index); }
    bool isActive(int index) const { return m_s.active[static_cast<std::size_t>(index)] != 0; }

    // mainEventLoop's inner loop: eventless transitions and internal events until
    // neither is left. `done` counts what the external event already took.
    void macrostep(int done) {
        int count = done;
        while (m_running) {
            selectTransitions(nullptr);
            if (m_s.enabled.empty()) {
                if (m_s.head >= m_s.queue.size())
                    break;
                m_s.current = std::move(m_s.queue[m_s.head++]);
                if (m_s.head >= m_s.queue.size()) {
                    m_s.queue.clear();
                    m_s.head = 0;
                }
                m_event = &m_s.current;
                if (isTimerEventName(m_s.current.name))
                    selectTimer(m_s.current);
                else
                    selectTransitions(&m_s.current);
            }
            if (++count > kMaxMicrostepsPerMacrostep) {
                EmittedAction& action = draftAction(EmittedAction::Kind::Error, 0);
                action.name = kErrorExecution;
                action.value = "more than " + std::to_string(kMaxMicrostepsPerMacrostep) +
                               " microsteps in one macrostep (an endless loop of raised or "
                               "eventless transitions?); the rest of the macrostep is dropped";
                commitAction();
                m_s.queue.clear();
                m_s.head = 0;
                break;
            }
            if (!m_s.enabled.empty())
                microstep();
        }
        if (!m_running)
            exitInterpreter();
    }

    // A top-level final state was entered: run every exit action (reverse document
    // order) and cancel every timer, but keep the configuration so that the final
    // state stays visible.
    void exitInterpreter() {
        for (auto it = m_c.active.rbegin(); it != m_c.active.rend(); ++it) {
            runBlock(st(*it).onExit);
            cancelTimers(*it);
        }
        for (const ArmedTimer& timer : m_c.timers)
            emitTimer(EmittedAction::Kind::TimerCancel, timer.transition, 0, timer.token);
        m_c.timers.clear();
        m_c.finished = true;
        m_s.queue.clear();
        m_s.head = 0;
    }

    // ----- selection -----

    // The spec's selectTransitions (event) and selectEventlessTransitions (null).
    void selectTransitions(const Event* event) {
        auto& enabled = m_s.enabled;
        enabled.clear();
        // Most device machines have no eventless transition: nothing to look for.
        if (!event && !m_m.m_hasEventless) {
            m_s.domains.clear();
            return;
        }
        // The transitions that match the name, when the compiled table knows it.
        const std::vector<int>* candidates = event ? m_m.eventCandidates(event->name) : nullptr;
        if (candidates && candidates->empty()) {
            m_s.domains.clear();
            return;
        }
        for (int atomic : m_c.active) {
            if (!st(atomic).atomic)
                continue;
            for (int s = atomic; s != kRoot; s = st(s).parent) {
                const int found =
                    candidates ? firstEnabledOf(*candidates, s) : firstEnabled(s, event);
                if (found >= 0) {
                    if (std::find(enabled.begin(), enabled.end(), found) == enabled.end())
                        enabled.push_back(found);
                    break;
                }
            }
        }
        if (enabled.size() == 1) { // nothing to conflict with
            m_s.domains.assignOne(transitionDomain(enabled.front()));
            return;
        }
        computeDomains();
        removeConflictingTransitions();
    }

    // The first transition of state `s` in `candidates` (sorted by source state, then
    // document order) whose condition holds; -1 if none.
    int firstEnabledOf(const std::vector<int>& candidates, int s) {
        auto it = std::lower_bound(candidates.begin(), candidates.end(), s,
                                   [&](int t, int source) { return tr(t).source < source; });
        for (; it != candidates.end() && tr(*it).source == s; ++it) {
            if (conditionMatch(*it))
                return *it;
        }
        return -1;
    }

    // The same over the state's own list, matching the event name descriptor by descriptor.
    int firstEnabled(int s, const Event* event) {
        const CompiledState& state = st(s);
        for (int t : event ? state.eventTransitions : state.eventlessTransitions) {
            if (event && !nameMatches(tr(t), event->name))
                continue;
            if (conditionMatch(t))
                return t;
        }
        return -1;
    }

    // A timer event enables only its own transition, and only while its token is armed.
    bool selectTimer(const Event& event) {
        m_s.enabled.clear();
        m_s.domains.clear();
        const int t = disarmTimer(event);
        if (t < 0)
            return false;
        if (isActive(tr(t).source) && conditionMatch(t)) {
            m_s.enabled.push_back(t);
            computeDomains();
        }
        return true;
    }

    // The transition of the timer event `event` once its arming is removed from the
    // configuration; -1, with nothing changed, when the timer is unknown or that
    // arming is gone (a stale timer).
    int disarmTimer(const Event& event) {
        const std::string_view id = std::string_view(event.name).substr(kTimerEventPrefix.size());
        const int t = m_m.transitionIndex(id);
        if (t < 0 || tr(t).trigger != Trigger::Timer)
            return -1;
        const Value* token = event.tag("token");
        if (!token || !std::holds_alternative<std::int64_t>(*token))
            return -1;
        const auto armed = static_cast<std::uint64_t>(std::get<std::int64_t>(*token));
        auto it = std::find_if(m_c.timers.begin(), m_c.timers.end(), [&](const ArmedTimer& timer) {
            return timer.transition == t && timer.token == armed;
        });
        if (it == m_c.timers.end())
            return -1;
        m_c.timers.erase(it);
        return t;
    }

    bool conditionMatch(int t) {
        const CompiledTransition& transition = tr(t);
        if (!transition.hasGuard)
            return true;
        // A guard that is a bool event tag or variable is read where it is, uncopied.
        using Shortcut = CompiledExpression::Shortcut;
        const CompiledExpression& guard = transition.guard;
        const Value* direct = nullptr;
        if (guard.shortcut == Shortcut::EventTag)
            direct = eventTag(guard.tag);
        else if (guard.shortcut == Shortcut::Variable)
            direct = &m_c.variables[static_cast<std::size_t>(guard.variable)];
        if (direct) {
            if (const bool* holds = std::get_if<bool>(direct))
                return *holds;
        } else if (!guard.flat.empty()) {
            FlatValue value;
            if (evaluateFlat(guard.flat, flatInputs(), value) && value.type == Type::Bool)
                return value.b;
            // An error, or not a bool: the interpreter words it below.
        }
        Value value;
        if (!evaluate(transition.guard, Where{transition.guardWhere}, value))
            return false;
        if (!std::holds_alternative<bool>(value)) {
            guardTypeError(transition, value);
            return false;
        }
        return std::get<bool>(value);
    }

    // The error paths build messages: kept out of line, off the stepping path.
    [[gnu::cold, gnu::noinline]] void guardTypeError(const CompiledTransition& transition,
                                                     const Value& value) {
        raiseError(transition.guardWhere + ": the guard is a " +
                   std::string(typeLabel(value.index())) + ", not a bool");
    }

    void computeDomains() {
        m_s.domains.clear();
        for (const int t : m_s.enabled)
            m_s.domains.push_back(transitionDomain(t));
    }

    // getEffectiveTargetStates: history states replaced by their recorded value or,
    // failing that, by their default targets.
    void effectiveTargets(int t, std::vector<int>& out) {
        out.clear();
        auto& work = m_s.work;
        work.assign(tr(t).targets.rbegin(), tr(t).targets.rend());
        std::size_t expandedMark = m_s.expandedList.size();
        while (!work.empty()) {
            const int s = work.back();
            work.pop_back();
            if (s < 0 || s >= m_n)
                continue;
            if (!st(s).history) {
                if (std::find(out.begin(), out.end(), s) == out.end())
                    out.push_back(s);
                continue;
            }
            const std::vector<int>* recorded = historyValue(s);
            if (recorded) {
                for (int r : *recorded) {
                    if (r >= 0 && r < m_n && std::find(out.begin(), out.end(), r) == out.end())
                        out.push_back(r);
                }
            } else if (markExpanded(s)) {
                const auto& defaults = st(s).historyDefaultTargets;
                work.insert(work.end(), defaults.rbegin(), defaults.rend());
            }
        }
        unmarkExpanded(expandedMark);
    }

    // getTransitionDomain.
    int transitionDomain(int t) {
        const CompiledTransition& transition = tr(t);
        if (transition.targets.empty())
            return kNoDomain;
        if (!transition.historyTarget)
            return transition.domain;
        auto& targets = m_s.effective;
        effectiveTargets(t, targets);
        if (targets.empty())
            return kNoDomain;
        if (transition.internal && st(transition.source).compound &&
            std::all_of(targets.begin(), targets.end(),
                        [&](int s) { return m_m.isDescendant(s, transition.source); }))
            return transition.source;
        return m_m.findLcca(transition.source, targets);
    }

    // computeExitSet(t1) ∩ computeExitSet(t2) ≠ ∅, from the two domains: an exit set
    // is the active states inside the domain's index range.
    bool exitSetsIntersect(int d1, int d2) const {
        if (d1 == kNoDomain || d2 == kNoDomain)
            return false;
        const int lo = std::max(d1 < 0 ? 0 : d1 + 1, d2 < 0 ? 0 : d2 + 1);
        const int hi = std::min(d1 < 0 ? m_n : st(d1).end, d2 < 0 ? m_n : st(d2).end);
        if (lo >= hi)
            return false;
        auto it = firstNotBelow(m_c.active.begin(), m_c.active.end(), lo);
        return it != m_c.active.end() && *it < hi;
    }

    // removeConflictingTransitions, W3C rule: of two conflicting transitions the one
    // selected first (document order of their atomic states) wins, unless the later
    // one's source is a descendant of the earlier one's.
    void removeConflictingTransitions() {
        auto& enabled = m_s.enabled;
        auto& domains = m_s.domains;
        if (enabled.size() <= 1)
            return;
        auto& filtered = m_s.filtered;
        auto& filteredDomains = m_s.filteredDomains;
        auto& remove = m_s.remove;
        filtered.clear();
        filteredDomains.clear();
        for (std::size_t i = 0; i < enabled.size(); ++i) {
            const int t1 = enabled[i];
            bool preempted = false;
            remove.assign(filtered.size(), 0);
            for (std::size_t j = 0; j < filtered.size(); ++j) {
                if (!exitSetsIntersect(domains[i], filteredDomains[j]))
                    continue;
                if (m_m.isDescendant(tr(t1).source, tr(filtered[j]).source)) {
                    remove[j] = 1;
                } else {
                    preempted = true;
                    break;
                }
            }
            if (preempted)
                continue;
            std::size_t kept = 0;
            for (std::size_t j = 0; j < filtered.size(); ++j) {
                if (!remove[j]) {
                    filtered[kept] = filtered[j];
                    filteredDomains[kept] = filteredDomains[j];
                    ++kept;
                }
            }
            filtered.shrink(kept);
            filteredDomains.shrink(kept);
            filtered.push_back(t1);
            filteredDomains.push_back(domains[i]);
        }
        enabled.swap(filtered);
        domains.swap(filteredDomains);
    }

    // ----- microstep -----

    void microstep() {
        exitStates();
        for (int t : m_s.enabled)
            runBlock(tr(t).actions);
        const std::vector<int>& entered = enterStates(false);
        if (!(m_s.enabled.size() == 1 && replaceExited(m_s.domains.front(), entered)))
            rebuildActive(entered);
        if (m_s.enabled.size() == 1)
            m_r.transitions.push_back(m_s.enabled.front());
        else
            m_r.transitions.insert(m_r.transitions.end(), m_s.enabled.begin(), m_s.enabled.end());
    }

    // One transition taken: it exited the active states inside its domain, a range of
    // m_c.active, and entered states inside the domain too, so the entered ones take
    // the range's place. False (nothing changed) when the entered states do not lie
    // within the range's bounds; rebuildActive then merges.
    bool replaceExited(int domain, const std::vector<int>& entered) {
        if (domain == kNoDomain)
            return entered.empty();
        const int lo = domain < 0 ? 0 : domain + 1;
        const int hi = domain < 0 ? m_n : st(domain).end;
        if (!entered.empty() && (entered.front() < lo || entered.back() >= hi))
            return false;
        auto& active = m_c.active;
        const auto first = firstNotBelow(active.begin(), active.end(), lo);
        const auto last = firstNotBelow(first, active.end(), hi);
        // A few states each way: element loops, where std::copy, erase and insert call
        // memmove.
        const auto at = static_cast<std::size_t>(first - active.begin());
        const auto tail = static_cast<std::size_t>(last - active.begin());
        const std::size_t oldSize = active.size();
        const std::size_t entering = entered.size();
        const std::size_t newSize = oldSize - (tail - at) + entering;
        if (newSize > oldSize) {
            active.resize(newSize);
            for (std::size_t k = oldSize; k-- > tail;) // the tail moves right
                active[k + newSize - oldSize] = active[k];
        } else if (newSize < oldSize) {
            for (std::size_t k = tail; k < oldSize; ++k) // the tail moves left
                active[k - (oldSize - newSize)] = active[k];
            active.resize(newSize);
        }
        for (std::size_t k = 0; k < entering; ++k)
            active[at + k] = entered[k];
        return true;
    }

    void exitStates() {
        if (m_s.enabled.size() == 1) {
            // One transition exits one range of m_c.active, which exiting leaves as it
            // is (only the live flags change): walked backwards, uncopied.
            const int domain = m_s.domains.front();
            if (domain == kNoDomain)
                return;
            const auto [first, last] = activeInside(domain);
            if (m_m.m_hasHistory) {
                for (auto it = first; it != last; ++it)
                    recordHistories(*it);
            }
            for (auto it = last; it != first;)
                exitState(*--it);
            return;
        }
        auto& exitSet = m_s.exitSet;
        exitSet.clear();
        for (std::size_t i = 0; i < m_s.enabled.size(); ++i) {
            const int domain = m_s.domains[i];
            if (domain == kNoDomain)
                continue;
            const auto [first, last] = activeInside(domain);
            exitSet.insert(exitSet.end(), first, last);
        }
        if (exitSet.empty())
            return;
        // Reverse document order.
        std::sort(exitSet.begin(), exitSet.end(), std::greater<>());
        exitSet.erase(std::unique(exitSet.begin(), exitSet.end()), exitSet.end());
        if (m_m.m_hasHistory) {
            for (int s : exitSet)
                recordHistories(s);
        }
        for (int s : exitSet)
            exitState(s);
    }

    // The active states inside `domain` (an exit set), a range of m_c.active.
    std::pair<std::vector<int>::const_iterator, std::vector<int>::const_iterator>
    activeInside(int domain) const {
        const int lo = domain < 0 ? 0 : domain + 1;
        const int hi = domain < 0 ? m_n : st(domain).end;
        const auto first = firstNotBelow(m_c.active.cbegin(), m_c.active.cend(), lo);
        return {first, firstNotBelow(first, m_c.active.cend(), hi)};
    }

    void recordHistories(int s) {
        for (int h : st(s).historyChildren)
            recordHistory(h, s);
    }

    void exitState(int s) {
        runBlock(st(s).onExit);
        cancelTimers(s);
        m_s.active[static_cast<std::size_t>(s)] = 0;
    }

    // Before anything is exited: m_c.active still holds the old configuration.
    void recordHistory(int h, int parent) {
        if (m_c.history.size() < static_cast<std::size_t>(m_n))
            m_c.history.resize(static_cast<std::size_t>(m_n));
        std::vector<int>& record = m_c.history[static_cast<std::size_t>(h)];
        record.clear();
        const bool deep = st(h).deepHistory;
        for (auto it = std::upper_bound(m_c.active.begin(), m_c.active.end(), parent);
             it != m_c.active.end() && *it < st(parent).end; ++it) {
            if (deep ? st(*it).atomic : st(*it).parent == parent)
                record.push_back(*it);
        }
    }

    const std::vector<int>* historyValue(int h) const {
        if (static_cast<std::size_t>(h) >= m_c.history.size())
            return nullptr;
        const std::vector<int>& record = m_c.history[static_cast<std::size_t>(h)];
        return record.empty() ? nullptr : &record;
    }

    bool markExpanded(int h) {
        if (m_s.expanded[static_cast<std::size_t>(h)])
            return false;
        m_s.expanded[static_cast<std::size_t>(h)] = 1;
        m_s.expandedList.push_back(h);
        return true;
    }
    void unmarkExpanded(std::size_t mark) {
        while (m_s.expandedList.size() > mark) {
            m_s.expanded[static_cast<std::size_t>(m_s.expandedList.back())] = 0;
            m_s.expandedList.pop_back();
        }
    }

    // Returns the states entered, in document order.
    const std::vector<int>& enterStates(bool initial) {
        const std::vector<int>& enterSet = entrySet(initial);
        for (int s : enterSet) {
            const CompiledState& state = st(s);
            m_s.active[static_cast<std::size_t>(s)] = 1;
            armTimers(s);
            runBlock(state.onEntry);
            for (const auto& [parent, transition] : m_s.defaultHistory) {
                if (parent == s)
                    runBlock(tr(transition).actions);
            }
            if (state.final)
                enteredFinal(state);
        }
        return enterSet;
    }

    // A final state was entered: the machine ends (top level) or its parent is done.
    void enteredFinal(const CompiledState& state) {
        if (state.parent == kRoot) {
            m_running = false;
            return;
        }
        enqueue(Event{st(state.parent).doneEvent, {}});
        const int grandparent = st(state.parent).parent;
        if (grandparent != kRoot && st(grandparent).parallel) {
            const auto& regions = st(grandparent).children;
            if (std::all_of(regions.begin(), regions.end(),
                            [&](int region) { return isInFinalState(region); }))
                enqueue(Event{st(grandparent).doneEvent, {}});
        }
    }

    // The states to enter, in document order: precomputed for a transition taken
    // alone when compile() could, computed otherwise.
    const std::vector<int>& entrySet(bool initial) {
        if (!initial && m_s.enabled.size() == 1) {
            const CompiledTransition& transition = tr(m_s.enabled.front());
            if (transition.staticEntry) {
                m_s.defaultHistory.clear();
                return transition.entrySet;
            }
        }
        computeEntrySet(initial);
        std::sort(m_s.enterSet.begin(), m_s.enterSet.end());
        return m_s.enterSet;
    }

    // The spec's computeEntrySet, into m_s.enterSet (in no particular order).
    void computeEntrySet(bool initial) {
        m_s.enterSet.clear();
        m_s.defaultHistory.clear();
        m_s.tasks.clear();
        // The loop guard on default history is per transition: two transitions may
        // both enter the same history state.
        if (initial) {
            m_s.tasks.push_back({Task::Descendants, m_m.m_initial, 0});
            drainTasks();
            unmarkExpanded(0);
        }
        for (std::size_t i = 0; i < m_s.enabled.size(); ++i) {
            const int t = m_s.enabled[i];
            const CompiledTransition& transition = tr(t);
            if (transition.targets.empty())
                continue;
            const int domain = m_s.domains[i];
            // for s in t.target: addDescendantStatesToEnter(s), then for s in the
            // effective targets: addAncestorStatesToEnter(s, domain). Pushed in
            // reverse so that they run in that order.
            auto& effective = m_s.effective;
            if (transition.historyTarget)
                effectiveTargets(t, effective);
            else
                effective = transition.targets;
            for (auto it = effective.rbegin(); it != effective.rend(); ++it)
                pushAncestors(*it, domain);
            for (auto it = transition.targets.rbegin(); it != transition.targets.rend(); ++it)
                m_s.tasks.push_back({Task::Descendants, *it, 0});
            drainTasks();
            unmarkExpanded(0);
        }
        for (int s : m_s.enterSet)
            m_s.entering[static_cast<std::size_t>(s)] = 0;
    }

    // addAncestorStatesToEnter(state, ancestor): getProperAncestors(state, ancestor)
    // is empty when ancestor is state or one of its descendants.
    void pushAncestors(int state, int ancestor) {
        if (state < 0 || state >= m_n)
            return;
        if (ancestor == state || (ancestor >= 0 && m_m.isDescendant(ancestor, state)))
            return;
        m_s.tasks.push_back({Task::Ancestors, st(state).parent, ancestor});
    }

    void addToEnter(int s) {
        if (m_s.entering[static_cast<std::size_t>(s)])
            return;
        m_s.entering[static_cast<std::size_t>(s)] = 1;
        m_s.enterSet.push_back(s);
    }

    bool enteringBelow(int state) const {
        for (int s : m_s.enterSet) {
            if (m_m.isDescendant(s, state))
                return true;
        }
        return false;
    }

    void drainTasks() {
        auto& tasks = m_s.tasks;
        while (!tasks.empty()) {
            const Task task = tasks.back();
            tasks.pop_back();
            switch (task.kind) {
            case Task::Descendants: {
                const int s = task.state;
                if (s < 0 || s >= m_n)
                    break;
                const CompiledState& state = st(s);
                if (state.history) {
                    const std::vector<int>* recorded = historyValue(s);
                    const std::vector<int>* targets = recorded;
                    if (!recorded) {
                        if (!markExpanded(s))
                            break; // a default history that leads back to itself
                        if (state.historyTransition >= 0 && state.parent != kRoot)
                            m_s.defaultHistory.emplace_back(state.parent, state.historyTransition);
                        targets = &state.historyDefaultTargets;
                    }
                    for (auto it = targets->rbegin(); it != targets->rend(); ++it)
                        pushAncestors(*it, state.parent);
                    for (auto it = targets->rbegin(); it != targets->rend(); ++it)
                        tasks.push_back({Task::Descendants, *it, 0});
                } else {
                    addToEnter(s);
                    if (state.compound)
                        tasks.push_back({Task::Descendants, state.initial, 0});
                    else if (state.parallel)
                        tasks.push_back({Task::ParallelChildren, s, 0});
                }
                break;
            }
            case Task::Ancestors: {
                const int a = task.state;
                if (a == kRoot || a == task.other)
                    break;
                addToEnter(a);
                tasks.push_back({Task::Ancestors, st(a).parent, task.other});
                if (st(a).parallel)
                    tasks.push_back({Task::ParallelChildren, a, 0});
                break;
            }
            case Task::ParallelChildren: {
                const auto& children = st(task.state).children;
                const auto k = static_cast<std::size_t>(task.other);
                if (k >= children.size())
                    break;
                tasks.push_back({Task::ParallelChildren, task.state, task.other + 1});
                if (!enteringBelow(children[k]))
                    tasks.push_back({Task::Descendants, children[k], 0});
                break;
            }
            }
        }
    }

    // isInFinalState, iteratively.
    bool isInFinalState(int s) {
        auto& work = m_s.work;
        work.assign(1, s);
        while (!work.empty()) {
            const int x = work.back();
            work.pop_back();
            const CompiledState& state = st(x);
            if (state.compound) {
                bool found = false;
                for (int child : state.children) {
                    if (st(child).final && isActive(child)) {
                        found = true;
                        break;
                    }
                }
                if (!found)
                    return false;
            } else if (state.parallel) {
                work.insert(work.end(), state.children.begin(), state.children.end());
            } else {
                return false;
            }
        }
        return true;
    }

    // Brings the sorted m_c.active in line with the live flags after a microstep;
    // `entered` is what enterStates returned (sorted, all flagged live now).
    void rebuildActive(const std::vector<int>& entered) {
        auto& active = m_c.active;
        // One pass: the states still live merged with the entered ones, without repeats,
        // written through a pointer into m_s.merged (push_back is not inlined). Its size
        // is only room, never shrunk, so that it is not zero-filled again every step.
        auto& merged = m_s.merged;
        const std::size_t room = active.size() + entered.size();
        if (merged.size() < room)
            merged.resize(room);
        int* out = merged.data();
        auto e = entered.begin();
        for (const int s : active) {
            if (!isActive(s))
                continue;
            for (; e != entered.end() && *e <= s; ++e) {
                if (*e != s)
                    *out++ = *e;
            }
            *out++ = s;
        }
        out = std::copy(e, entered.end(), out);
        active.assign(merged.data(), out);
    }

    // ----- timers -----

    void emitTimer(EmittedAction::Kind kind, int t, std::int64_t delayMs, std::uint64_t token) {
        EmittedAction& action = draftAction(kind, 0);
        if (t >= 0 && t < static_cast<int>(m_m.m_transitions.size()))
            action.name = tr(t).id;
        action.delayMs = delayMs;
        action.token = token;
        commitAction();
    }

    void armTimers(int s) {
        for (int t : st(s).timerTransitions) {
            const std::uint64_t token = m_c.nextTimerToken++;
            m_c.timers.push_back({t, token});
            emitTimer(EmittedAction::Kind::TimerStart, t, tr(t).afterMs, token);
        }
    }

    void cancelTimers(int s) {
        for (int t : st(s).timerTransitions) {
            for (std::size_t k = 0; k < m_c.timers.size();) {
                if (m_c.timers[k].transition == t) {
                    emitTimer(EmittedAction::Kind::TimerCancel, t, 0, m_c.timers[k].token);
                    m_c.timers.erase(m_c.timers.begin() + static_cast<std::ptrdiff_t>(k));
                } else {
                    ++k;
                }
            }
        }
    }

    // ----- executable content -----

    void enqueue(Event event) { m_s.queue.push_back(std::move(event)); }

    // The next action of the result, written in place: results are reused step after
    // step (stepInPlace), so the element a previous step left at this position is
    // overwritten rather than a fresh one built, moved and freed per action; its
    // strings and argument vector keep their capacity. Every field is reset here except
    // the `argCount` arguments, which the caller overwrites one by one. The draft
    // belongs to the result only once committed: an error raised before that (an
    // argument that fails to evaluate) drafts its Error action over it.
    EmittedAction& draftAction(EmittedAction::Kind kind, std::size_t argCount) {
        auto& actions = m_r.actions;
        if (m_actionCount == actions.size())
            appendAction(argCount);
        EmittedAction& action = actions[m_actionCount];
        action.kind = kind;
        action.name.clear();
        if (action.args.size() != argCount)
            sizeArgs(action.args, argCount);
        if (bool* flag = std::get_if<bool>(&action.value))
            *flag = false;
        else
            action.value.emplace<bool>(false);
        action.label.clear();
        action.target.clear();
        action.reply.clear();
        action.delayMs = 0;
        action.token = 0;
        return action;
    }
    // draftAction's less common paths, kept out of it so that its common path stays small.
    [[gnu::noinline]] void appendAction(std::size_t argCount) {
        auto& actions = m_r.actions;
        actions.emplace_back();
        if (argCount > 0 && !m_s.spareArgs.empty()) {
            actions.back().args = std::move(m_s.spareArgs.back());
            m_s.spareArgs.pop_back();
        }
    }
    [[gnu::noinline]] void sizeArgs(std::vector<EventTag>& args, std::size_t argCount) {
        // Actions of every kind take turns at each position, so an argument vector that
        // grew one argument at a time would be reallocated again and again. A position
        // first drafted without arguments takes a spare vector when it needs one.
        if (args.capacity() < argCount) {
            if (!m_s.spareArgs.empty() && m_s.spareArgs.back().capacity() >= argCount) {
                args.swap(m_s.spareArgs.back());
                if (m_s.spareArgs.back().capacity() == 0)
                    m_s.spareArgs.pop_back();
            } else {
                args.reserve(std::max(argCount, kTypicalArgCount));
            }
        }
        args.resize(argCount);
    }
    void commitAction() { ++m_actionCount; }

    // An assignment that cannot run: to an undeclared variable, without an expression,
    // or (`value` given) of a value the variable's type does not take.
    [[gnu::cold, gnu::noinline]] void assignmentError(const CompiledAction& action,
                                                      const Where& where, const Value* value) {
        if (action.variable < 0)
            raiseError(where.text() + ": assignment to undeclared variable '" + action.name + "'");
        else if (!value)
            raiseError(where.text() + ": assignment to '" + action.name + "' has no expression");
        else
            raiseError(where.text() + ": cannot assign " + std::string(typeLabel(value->index())) +
                       " to " +
                       std::string(typeLabel(static_cast<std::size_t>(action.variableType))) +
                       " variable '" + action.name + "'");
    }

    void raiseError(std::string message) {
        EmittedAction& action = draftAction(EmittedAction::Kind::Error, 0);
        action.name = kErrorExecution;
        action.value = std::move(message);
        commitAction();
        enqueue(Event{kErrorExecution, {}});
    }

    // Evaluates into `out`. An evaluation error becomes an Error action plus
    // error.execution (over any draft action), and false.
    bool evaluate(const CompiledExpression& compiled, const Where& where, Value& out) {
        using Shortcut = CompiledExpression::Shortcut;
        switch (compiled.shortcut) {
        case Shortcut::Literal:
            copyValue(out, compiled.literal);
            return true;
        case Shortcut::EventTag:
            // A missing tag is left to the interpreter, which words the error.
            if (const Value* value = eventTag(compiled.tag)) {
                copyValue(out, *value);
                return true;
            }
            break;
        case Shortcut::Variable:
            copyValue(out, m_c.variables[static_cast<std::size_t>(compiled.variable)]);
            return true;
        case Shortcut::None:
            if (!compiled.flat.empty()) {
                FlatValue value;
                if (evaluateFlat(compiled.flat, flatInputs(), value)) {
                    storeFlat(value, out);
                    return true;
                }
            }
            break;
        }
        return interpret(compiled, where, out);
    }

    FlatInputs flatInputs() {
        return FlatInputs{m_event, &m_c.variables, m_s.active.data(), &m_s.flatBuffers};
    }

    // evaluate() without a shortcut: the interpreter, and the wording of its errors. Out
    // of line, so that evaluate() stays small enough to inline where values are copied.
    [[gnu::noinline]] bool interpret(const CompiledExpression& compiled, const Where& where,
                                     Value& out) {
        const Expression& expression = compiled.expression;
        if (!expression.ok()) {
            const std::string message =
                expression.errors().empty() ? "syntax error" : expression.errors().front().message;
            raiseError(where.text() + ": syntax error: " + message);
            return false;
        }
        std::string error;
        m_expression = &compiled;
        const bool evaluated = evaluateInto(expression, *this, out, error);
        m_expression = nullptr;
        if (!evaluated) {
            raiseError(where.text() + ": " + error);
            return false;
        }
        return true;
    }

    // Into the draft's arguments, which have one element per argument already.
    bool evaluateArgs(const CompiledAction& action, const Where& where,
                      std::vector<EventTag>& out) {
        for (std::size_t k = 0; k < action.args.size(); ++k) {
            const CompiledArgument& argument = action.args[k];
            out[k].name = argument.name;
            if (!evaluate(argument.expr, Where{where.block, where.index, &argument.name},
                          out[k].value))
                return false;
        }
        return true;
    }

    // One block of executable content; an error ends the block (SCXML 3.12.2). Most
    // states have no entry or exit actions: an empty block costs no call.
    [[gnu::always_inline]] void runBlock(const ActionBlock& block) {
        if (!block.actions.empty())
            runActions(block);
    }
    void runActions(const ActionBlock& block) {
        for (std::size_t i = 0; i < block.actions.size(); ++i) {
            if (!runAction(block.actions[i], block.where, i))
                return;
        }
    }

    // False when the action failed (its Error action is then in the result instead).
    bool runAction(const CompiledAction& action, const std::string& blockWhere, std::size_t i) {
        const Where where{blockWhere, i};
        switch (action.kind) {
        case ActionKind::Send: {
            EmittedAction& out = draftAction(EmittedAction::Kind::Send, action.args.size());
            out.name = action.name;
            if (!action.target.empty()) // draftAction left it empty
                out.target = action.target;
            if (!evaluateArgs(action, where, out.args))
                return false;
            break;
        }
        case ActionKind::Assign: {
            if (action.variable < 0 || !action.hasExpr) {
                assignmentError(action, where, nullptr);
                return false;
            }
            EmittedAction& out = draftAction(EmittedAction::Kind::Assign, 0);
            out.name = action.name;
            Value& value = out.value;
            if (!evaluate(action.expr, where, value))
                return false;
            const auto wanted = static_cast<std::size_t>(action.variableType);
            if (value.index() != wanted) {
                if (action.variableType == Type::Double &&
                    std::holds_alternative<std::int64_t>(value)) {
                    value = static_cast<double>(std::get<std::int64_t>(value));
                } else {
                    assignmentError(action, where, &value);
                    return false;
                }
            }
            copyValue(m_c.variables[static_cast<std::size_t>(action.variable)], value);
            break;
        }
        case ActionKind::Raise: {
            EmittedAction& out = draftAction(EmittedAction::Kind::Raise, action.args.size());
            out.name = action.name;
            if (!evaluateArgs(action, where, out.args))
                return false;
            if (action.delayed)
                out.delayMs = action.delayMs;
            else
                enqueue(Event{action.name, out.args});
            break;
        }
        case ActionKind::Log: {
            EmittedAction& out = draftAction(EmittedAction::Kind::Log, 0);
            out.label = action.label;
            if (action.hasExpr) {
                if (!evaluate(action.expr, where, out.value))
                    return false;
            } else {
                out.value = std::string();
            }
            break;
        }
        case ActionKind::Call: {
            EmittedAction& out = draftAction(EmittedAction::Kind::Call, action.args.size());
            out.name = action.name;
            out.reply = action.reply;
            if (!evaluateArgs(action, where, out.args))
                return false;
            break;
        }
        }
        commitAction();
        return true;
    }

    const CompiledMachineImpl& m_m;
    StepResult& m_r;
    Configuration& m_c;
    Scratch& m_s;
    const int m_n;
    const Event* m_event = nullptr; // the spec's _event: the event being processed
    const CompiledExpression* m_expression = nullptr; // the one being interpreted
    bool m_running = true;
    bool m_flagsLive = false;       // prepareScratch() ran: end() clears the live flags
    std::size_t m_actionCount = 0;  // committed actions; m_r.actions may hold more elements
};

// compile() makes only CompiledMachineImpl; a typeid check is cheaper than dynamic_cast
// and still refuses a foreign subclass (a test double, say).
const CompiledMachineImpl* impl(const CompiledMachine& machine) {
    if (typeid(machine) != typeid(CompiledMachineImpl))
        return nullptr;
    return static_cast<const CompiledMachineImpl*>(&machine);
}

// Equal to Configuration{} (whose first timer token is 1).
bool isEmpty(const Configuration& c) {
    return c.active.empty() && c.variables.empty() && c.history.empty() && c.timers.empty() &&
           c.nextTimerToken == 1 && !c.finished;
}

// A configuration from a store may hold any number of variables: one per declared one.
void sanitizeVariables(const CompiledMachineImpl& m, Configuration& c) {
    if (c.variables.size() != m.m_initialValues.size()) {
        const std::size_t have = std::min(c.variables.size(), m.m_initialValues.size());
        c.variables.resize(have);
        c.variables.insert(c.variables.end(),
                           m.m_initialValues.begin() + static_cast<std::ptrdiff_t>(have),
                           m.m_initialValues.end());
    }
}

} // namespace

StepResult start(const CompiledMachine& machine) {
    StepResult result;
    const CompiledMachineImpl* m = impl(machine);
    if (!m || m->m_initial < 0)
        return result;
    Configuration& c = result.configuration;
    c.variables = m->m_initialValues;
    if (m->m_hasHistory)
        c.history.resize(static_cast<std::size_t>(m->stateCount()));
    Runner runner(*m, c, result, t_scratch);
    runner.begin();
    runner.enterInitial();
    runner.end();
    return result;
}

StepResult step(const CompiledMachine& machine, const Configuration& configuration,
                const Event& event) {
    StepResult result;
    result.configuration = configuration;
    const CompiledMachineImpl* m = impl(machine);
    if (!m || configuration.finished || configuration.active.empty())
        return result;
    sanitizeVariables(*m, result.configuration);
    Runner runner(*m, result.configuration, result, t_scratch);
    bool live = true;
    const auto chain = m->m_chainOnly ? runner.externalOnChain(event) : Runner::ChainStep::General;
    if (chain == Runner::ChainStep::General) {
        runner.begin();
        live = runner.external(event);
    } else {
        live = chain == Runner::ChainStep::Taken;
    }
    runner.end();
    if (!live)
        result.configuration = configuration;
    return result;
}

void stepInPlace(const CompiledMachine& machine, Configuration& configuration, const Event& event,
                 StepResult& result) {
    // Nearly always empty already; building an empty one to move in costs more than looking.
    if (!isEmpty(result.configuration))
        result.configuration = {};
    result.transitions.clear();
    result.eventMatched = false;
    const CompiledMachineImpl* m = impl(machine);
    if (!m || configuration.finished || configuration.active.empty()) {
        result.actions.clear();
        return;
    }
    // result.actions keeps its elements: the runner overwrites them in place.
    if (configuration.variables.size() != m->m_initialValues.size())
        sanitizeVariables(*m, configuration);
    Runner runner(*m, configuration, result, t_scratch);
    // A stale timer is refused before anything changes, so there is nothing to restore.
    if (!m->m_chainOnly || runner.externalOnChain(event) == Runner::ChainStep::General) {
        runner.begin();
        runner.external(event);
    }
    runner.end();
}

std::vector<int> detail::computeEntrySet(const CompiledMachineImpl& machine, int t) {
    Configuration configuration;
    StepResult result;
    // The thread's scratch, as step() uses: compile() asks this once per transition,
    // and a fresh Scratch would size its lists to the transition count every time.
    Runner runner(machine, configuration, result, t_scratch);
    runner.begin();
    std::vector<int> entry = runner.entrySetOf(t);
    runner.end();
    return entry;
}

std::vector<std::string> activeAtomicStates(const CompiledMachine& machine,
                                            const Configuration& configuration) {
    std::vector<std::string> ids;
    for (int s : configuration.active) {
        if (s >= 0 && s < machine.stateCount() && machine.isAtomic(s))
            ids.push_back(machine.stateId(s));
    }
    return ids;
}

} // namespace swivel::model
