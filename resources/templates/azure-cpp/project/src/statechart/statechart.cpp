// start() and step(): the W3C SCXML 1.0 algorithm (Appendix D) over the tables of
// machine.cpp. Names follow the spec (selectTransitions, removeConflictingTransitions,
// computeExitSet, addDescendantStatesToEnter, ...). Swivel's additions, which its
// emulator makes too: `after` timers (armed on entering the source, cancelled on
// leaving it, fired by the host as an "after:<id>" event carrying the arm token), a
// cap on microsteps per macrostep, and a reached top-level final state keeps the
// configuration visible while every exit action runs.

#include "statechart/statechart.h"

#include <algorithm>

namespace statechart {

namespace {

const std::string kErrorExecution = "error.execution";

bool isTimerEventName(std::string_view name) {
    return name.substr(0, kTimerEventPrefix.size()) == kTimerEventPrefix;
}

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// One token of an event attribute, normalised: "Photo.*" and "Photo." match as
// "Photo"; "*" matches every event.
bool descriptorMatches(std::string_view token, std::string_view name) {
    if (token == "*")
        return true;
    if (token.size() >= 2 && token.substr(token.size() - 2) == ".*")
        token.remove_suffix(2);
    while (!token.empty() && token.back() == '.')
        token.remove_suffix(1);
    if (token.empty())
        return false;
    return name.size() >= token.size() && name.substr(0, token.size()) == token &&
           (name.size() == token.size() || name[token.size()] == '.');
}

// One pending piece of the entry-set recursion, run from an explicit stack so that
// deep nesting cannot overflow the call stack.
struct Task {
    enum Kind { Descendants, Ancestors, ParallelChildren };
    Kind kind;
    int state;
    int other;  // Ancestors: the ancestor to stop at; ParallelChildren: the next child
};

// Where an error happened: "state Idle onEntry[2] Bearing".
struct Where {
    const char* block = "";
    std::size_t index = 0;
    bool hasIndex = false;
    const char* argument = nullptr;
    std::string text() const {
        std::string out = block;
        if (hasIndex)
            out += "[" + std::to_string(index) + "]";
        if (argument)
            out += std::string(" ") + argument;
        return out;
    }
};

class Runner final : public Run {
public:
    Runner(const MachineTables& machine, Configuration& configuration, StepResult& result)
        : m_m(machine), m_c(configuration), m_r(result),
          m_n(static_cast<int>(machine.states.size())),
          m_active(machine.states.size(), 0), m_expanded(machine.states.size(), 0) {
        for (int s : m_c.active)
            m_active[static_cast<std::size_t>(s)] = 1;
    }

    // ----- what generated code sees -----

    std::string_view eventName() const override {
        return m_event ? std::string_view(m_event->name) : std::string_view();
    }
    const Value& tag(const char* name) const override {
        const Value* value = m_event ? m_event->tag(name) : nullptr;
        if (!value)
            throw EvaluationError(std::string("event has no tag '") + name + "'");
        return *value;
    }
    const Value& variable(int index) const override {
        return m_c.variables[static_cast<std::size_t>(index)];
    }
    bool in(int state) const override { return isActive(state); }
    bool matches(const char* descriptors) const override {
        return descriptorsMatch(descriptors, eventName());
    }
    bool enabled(int t) override { return conditionMatch(t); }
    void at(std::size_t actionIndex, const char* argument) override {
        m_where.index = actionIndex;
        m_where.hasIndex = true;
        m_where.argument = argument;
    }
    void send(const char* command, const char* target, std::vector<Tag> args) override {
        Action& action = add(Action::Kind::Send, command);
        action.target = target;
        action.args = std::move(args);
    }
    void assign(int variable, Value value) override {
        const VariableTable& declared = m_m.variables[static_cast<std::size_t>(variable)];
        const auto wanted = static_cast<std::size_t>(declared.type);
        if (value.index() != wanted) {
            if (declared.type == Type::Double && std::holds_alternative<std::int64_t>(value))
                value = static_cast<double>(std::get<std::int64_t>(value));
            else
                throw AssignError(std::string("cannot assign ") + typeName(value) + " to " +
                                  typeName(m_m.variables[static_cast<std::size_t>(variable)]
                                               .initial) +
                                  " variable '" + declared.name + "'");
        }
        Action& action = add(Action::Kind::Assign, declared.name);
        action.value = value;
        m_c.variables[static_cast<std::size_t>(variable)] = std::move(value);
    }
    void raise(const char* event, std::vector<Tag> tags, std::int64_t delayMs) override {
        Action& action = add(Action::Kind::Raise, event);
        action.args = std::move(tags);
        if (delayMs > 0)
            action.delayMs = delayMs;
        else
            m_queue.push_back(Event{event, action.args});
    }
    void log(const char* label, Value message) override {
        Action& action = add(Action::Kind::Log, "");
        action.label = label;
        action.value = std::move(message);
    }
    void call(const char* service, const char* reply, std::vector<Tag> args) override {
        Action& action = add(Action::Kind::Call, service);
        action.reply = reply;
        action.args = std::move(args);
    }

    // ----- the interpreter -----

    void enterInitial() {
        m_enabled.clear();
        m_domains.clear();
        enterStates(true);
        macrostep(1);
    }

    // One external event. False: a stale or unknown timer; nothing may change.
    bool external(const Event& event) {
        m_event = &event;
        if (isTimerEventName(event.name)) {
            if (!selectTimer(event))
                return false;
        } else {
            selectTransitions(true);
        }
        m_r.eventMatched = !m_enabled.empty();
        if (!m_enabled.empty())
            microstep();
        macrostep(1);
        return true;
    }

    void finish() {
        m_c.active.clear();
        for (int s = 0; s < m_n; ++s) {
            if (m_active[static_cast<std::size_t>(s)])
                m_c.active.push_back(s);
        }
    }

private:
    // An assignment of the wrong type: its message already says everything.
    class AssignError : public EvaluationError {
    public:
        using EvaluationError::EvaluationError;
    };

    const StateTable& st(int s) const { return m_m.states[static_cast<std::size_t>(s)]; }
    const TransitionTable& tr(int t) const { return m_m.transitions[static_cast<std::size_t>(t)]; }
    bool isActive(int s) const {
        return s >= 0 && s < m_n && m_active[static_cast<std::size_t>(s)] != 0;
    }
    bool isDescendant(int s, int ancestor) const {
        if (ancestor < 0)
            return s >= 0;
        return s > ancestor && s < st(ancestor).end;
    }
    bool compound(int s) const { return st(s).kind == StateKind::Compound; }
    bool parallel(int s) const { return st(s).kind == StateKind::Parallel; }
    bool final(int s) const { return st(s).kind == StateKind::Final; }
    bool history(int s) const {
        return st(s).kind == StateKind::ShallowHistory || st(s).kind == StateKind::DeepHistory;
    }
    bool atomic(int s) const { return st(s).atomic; }
    // The active states in document order (the flags are the truth during a step).
    std::vector<int> activeList() const {
        std::vector<int> list;
        for (int s = 0; s < m_n; ++s) {
            if (m_active[static_cast<std::size_t>(s)])
                list.push_back(s);
        }
        return list;
    }

    // mainEventLoop's inner loop: eventless transitions and internal events until
    // neither is left. `done` counts what the external event already took.
    void macrostep(int done) {
        int count = done;
        while (m_running) {
            selectTransitions(false);
            if (m_enabled.empty()) {
                if (m_queue.empty())
                    break;
                m_current = std::move(m_queue.front());
                m_queue.erase(m_queue.begin());
                m_event = &m_current;
                if (isTimerEventName(m_current.name))
                    selectTimer(m_current);
                else
                    selectTransitions(true);
            }
            if (++count > kMaxMicrostepsPerMacrostep) {
                Action& action = add(Action::Kind::Error, kErrorExecution.c_str());
                action.value = "more than " + std::to_string(kMaxMicrostepsPerMacrostep) +
                               " microsteps in one macrostep (an endless loop of raised or "
                               "eventless transitions?); the rest of the macrostep is dropped";
                m_queue.clear();
                break;
            }
            if (!m_enabled.empty())
                microstep();
        }
        if (!m_running)
            exitInterpreter();
    }

    // A top-level final state was entered: every exit action runs (reverse document
    // order) and every timer is cancelled, but the configuration stays visible.
    void exitInterpreter() {
        const std::vector<int> active = activeList();
        for (auto it = active.rbegin(); it != active.rend(); ++it) {
            runBlock(st(*it).onExit, st(*it).onExitWhere);
            cancelTimers(*it);
        }
        for (const ArmedTimer& timer : m_c.timers)
            emitTimer(Action::Kind::TimerCancel, timer.transition, 0, timer.token);
        m_c.timers.clear();
        m_c.finished = true;
        m_queue.clear();
    }

    // ----- selection -----

    // The spec's selectTransitions (withEvent) and selectEventlessTransitions.
    void selectTransitions(bool withEvent) {
        m_enabled.clear();
        for (int atomicState : activeList()) {
            if (!atomic(atomicState))
                continue;
            for (int s = atomicState; s != kRoot; s = st(s).parent) {
                const int found = withEvent ? m_m.selectTransition(*this, s) : firstEventless(s);
                if (found != kNone) {
                    if (std::find(m_enabled.begin(), m_enabled.end(), found) == m_enabled.end())
                        m_enabled.push_back(found);
                    break;
                }
            }
        }
        computeDomains();
        removeConflictingTransitions();
    }

    int firstEventless(int s) {
        for (int t : st(s).eventlessTransitions) {
            if (conditionMatch(t))
                return t;
        }
        return kNone;
    }

    // A timer event enables only its own transition, and only while its token is armed.
    bool selectTimer(const Event& event) {
        m_enabled.clear();
        m_domains.clear();
        const std::string_view id = std::string_view(event.name).substr(kTimerEventPrefix.size());
        int t = kNone;
        for (std::size_t i = 0; i < m_m.transitions.size(); ++i) {
            if (id == m_m.transitions[i].id) {
                t = static_cast<int>(i);
                break;
            }
        }
        if (t == kNone || tr(t).trigger != Trigger::Timer)
            return false;
        const Value* token = event.tag("token");
        if (!token || !std::holds_alternative<std::int64_t>(*token))
            return false;
        const auto armed = static_cast<std::uint64_t>(std::get<std::int64_t>(*token));
        auto it = std::find_if(m_c.timers.begin(), m_c.timers.end(), [&](const ArmedTimer& timer) {
            return timer.transition == t && timer.token == armed;
        });
        if (it == m_c.timers.end())
            return false;
        m_c.timers.erase(it);
        if (isActive(tr(t).source) && conditionMatch(t)) {
            m_enabled.push_back(t);
            computeDomains();
        }
        return true;
    }

    bool conditionMatch(int t) {
        const TransitionTable& transition = tr(t);
        if (!transition.guard)
            return true;
        Value value;
        try {
            value = transition.guard(*this);
        } catch (const EvaluationError& error) {
            raiseError(std::string(transition.guardWhere) + ": " + error.what());
            return false;
        }
        if (!std::holds_alternative<bool>(value)) {
            raiseError(std::string(transition.guardWhere) + ": the guard is a " +
                       typeName(value) + ", not a bool");
            return false;
        }
        return std::get<bool>(value);
    }

    void computeDomains() {
        m_domains.clear();
        for (int t : m_enabled)
            m_domains.push_back(transitionDomain(t));
    }

    const std::vector<int>* historyValue(int h) const {
        if (static_cast<std::size_t>(h) >= m_c.history.size())
            return nullptr;
        const std::vector<int>& record = m_c.history[static_cast<std::size_t>(h)];
        return record.empty() ? nullptr : &record;
    }

    bool markExpanded(int h) {
        if (m_expanded[static_cast<std::size_t>(h)])
            return false;
        m_expanded[static_cast<std::size_t>(h)] = 1;
        m_expandedList.push_back(h);
        return true;
    }
    void unmarkExpanded(std::size_t mark) {
        while (m_expandedList.size() > mark) {
            m_expanded[static_cast<std::size_t>(m_expandedList.back())] = 0;
            m_expandedList.pop_back();
        }
    }

    // getEffectiveTargetStates: history states replaced by their recorded value or,
    // failing that, by their default targets.
    std::vector<int> effectiveTargets(int t) {
        std::vector<int> out;
        std::vector<int> work(tr(t).targets.rbegin(), tr(t).targets.rend());
        const std::size_t mark = m_expandedList.size();
        while (!work.empty()) {
            const int s = work.back();
            work.pop_back();
            if (s < 0 || s >= m_n)
                continue;
            if (!history(s)) {
                if (std::find(out.begin(), out.end(), s) == out.end())
                    out.push_back(s);
                continue;
            }
            if (const std::vector<int>* recorded = historyValue(s)) {
                for (int r : *recorded) {
                    if (r >= 0 && r < m_n && std::find(out.begin(), out.end(), r) == out.end())
                        out.push_back(r);
                }
            } else if (markExpanded(s)) {
                const auto& defaults = st(s).historyDefaultTargets;
                work.insert(work.end(), defaults.rbegin(), defaults.rend());
            }
        }
        unmarkExpanded(mark);
        return out;
    }

    // Least common compound ancestor of `source` and every target.
    int findLcca(int source, const std::vector<int>& targets) const {
        for (int a = source >= 0 ? st(source).parent : kRoot; a != kRoot; a = st(a).parent) {
            if (compound(a) && std::all_of(targets.begin(), targets.end(),
                                           [&](int s) { return isDescendant(s, a); }))
                return a;
        }
        return kRoot;
    }

    // getTransitionDomain.
    int transitionDomain(int t) {
        const TransitionTable& transition = tr(t);
        if (transition.targets.empty())
            return kNoDomain;
        if (!transition.historyTarget)
            return transition.domain;
        const std::vector<int> targets = effectiveTargets(t);
        if (targets.empty())
            return kNoDomain;
        if (transition.internal && compound(transition.source) &&
            std::all_of(targets.begin(), targets.end(),
                        [&](int s) { return isDescendant(s, transition.source); }))
            return transition.source;
        return findLcca(transition.source, targets);
    }

    // The exit set of a transition is the active states inside its domain.
    std::vector<int> exitSetOf(int domain) const {
        std::vector<int> out;
        if (domain == kNoDomain)
            return out;
        for (int s = 0; s < m_n; ++s) {
            if (isActive(s) && isDescendant(s, domain))
                out.push_back(s);
        }
        return out;
    }

    bool exitSetsIntersect(int d1, int d2) const {
        const std::vector<int> a = exitSetOf(d1);
        const std::vector<int> b = exitSetOf(d2);
        return std::any_of(a.begin(), a.end(),
                           [&](int s) { return std::find(b.begin(), b.end(), s) != b.end(); });
    }

    // removeConflictingTransitions, W3C rule: of two conflicting transitions the one
    // selected first (document order of their atomic states) wins, unless the later
    // one's source is a descendant of the earlier one's.
    void removeConflictingTransitions() {
        if (m_enabled.size() <= 1)
            return;
        std::vector<int> filtered;
        std::vector<int> filteredDomains;
        for (std::size_t i = 0; i < m_enabled.size(); ++i) {
            const int t1 = m_enabled[i];
            bool preempted = false;
            std::vector<char> remove(filtered.size(), 0);
            for (std::size_t j = 0; j < filtered.size(); ++j) {
                if (!exitSetsIntersect(m_domains[i], filteredDomains[j]))
                    continue;
                if (isDescendant(tr(t1).source, tr(filtered[j]).source)) {
                    remove[j] = 1;
                } else {
                    preempted = true;
                    break;
                }
            }
            if (preempted)
                continue;
            std::vector<int> keptTransitions;
            std::vector<int> keptDomains;
            for (std::size_t j = 0; j < filtered.size(); ++j) {
                if (!remove[j]) {
                    keptTransitions.push_back(filtered[j]);
                    keptDomains.push_back(filteredDomains[j]);
                }
            }
            filtered = std::move(keptTransitions);
            filteredDomains = std::move(keptDomains);
            filtered.push_back(t1);
            filteredDomains.push_back(m_domains[i]);
        }
        m_enabled = std::move(filtered);
        m_domains = std::move(filteredDomains);
    }

    // ----- microstep -----

    void microstep() {
        exitStates();
        for (int t : m_enabled)
            runBlock(tr(t).actions, tr(t).actionsWhere);
        enterStates(false);
        m_r.transitions.insert(m_r.transitions.end(), m_enabled.begin(), m_enabled.end());
    }

    void exitStates() {
        std::vector<int> exitSet;
        for (std::size_t i = 0; i < m_enabled.size(); ++i) {
            for (int s : exitSetOf(m_domains[i])) {
                if (std::find(exitSet.begin(), exitSet.end(), s) == exitSet.end())
                    exitSet.push_back(s);
            }
        }
        std::sort(exitSet.begin(), exitSet.end(), std::greater<>());  // reverse document order
        for (int s : exitSet) {
            for (int h : st(s).historyChildren)
                recordHistory(h, s);
        }
        for (int s : exitSet) {
            runBlock(st(s).onExit, st(s).onExitWhere);
            cancelTimers(s);
            m_active[static_cast<std::size_t>(s)] = 0;
        }
    }

    // Before anything is exited: the flags still hold the old configuration.
    void recordHistory(int h, int parent) {
        if (m_c.history.size() < static_cast<std::size_t>(m_n))
            m_c.history.resize(static_cast<std::size_t>(m_n));
        std::vector<int>& record = m_c.history[static_cast<std::size_t>(h)];
        record.clear();
        const bool deep = st(h).kind == StateKind::DeepHistory;
        for (int s = parent + 1; s < st(parent).end; ++s) {
            if (isActive(s) && (deep ? atomic(s) : st(s).parent == parent))
                record.push_back(s);
        }
    }

    void enterStates(bool initial) {
        const std::vector<int> enterSet = computeEntrySet(initial);
        for (int s : enterSet) {
            const StateTable& state = st(s);
            m_active[static_cast<std::size_t>(s)] = 1;
            armTimers(s);
            runBlock(state.onEntry, state.onEntryWhere);
            for (const auto& [parent, transition] : m_defaultHistory) {
                if (parent == s)
                    runBlock(tr(transition).actions, tr(transition).actionsWhere);
            }
            if (!final(s))
                continue;
            if (state.parent == kRoot) {
                m_running = false;
                continue;
            }
            m_queue.push_back(Event{std::string("done.state.") + st(state.parent).id, {}});
            const int grandparent = st(state.parent).parent;
            if (grandparent != kRoot && parallel(grandparent)) {
                const auto& regions = st(grandparent).children;
                if (std::all_of(regions.begin(), regions.end(),
                                [&](int region) { return isInFinalState(region); }))
                    m_queue.push_back(Event{std::string("done.state.") + st(grandparent).id, {}});
            }
        }
    }

    // The spec's computeEntrySet; the states to enter in document order.
    std::vector<int> computeEntrySet(bool initial) {
        m_enterSet.clear();
        m_defaultHistory.clear();
        m_tasks.clear();
        if (initial) {
            m_tasks.push_back({Task::Descendants, m_m.initial, 0});
            drainTasks();
            unmarkExpanded(0);
        }
        for (std::size_t i = 0; i < m_enabled.size(); ++i) {
            const int t = m_enabled[i];
            const TransitionTable& transition = tr(t);
            if (transition.targets.empty())
                continue;
            const int domain = m_domains[i];
            // for s in t.target: addDescendantStatesToEnter(s), then for s in the
            // effective targets: addAncestorStatesToEnter(s, domain). Pushed in reverse
            // so that they run in that order.
            const std::vector<int> effective =
                transition.historyTarget ? effectiveTargets(t) : transition.targets;
            for (auto it = effective.rbegin(); it != effective.rend(); ++it)
                pushAncestors(*it, domain);
            for (auto it = transition.targets.rbegin(); it != transition.targets.rend(); ++it)
                m_tasks.push_back({Task::Descendants, *it, 0});
            drainTasks();
            unmarkExpanded(0);
        }
        std::vector<int> sorted = m_enterSet;
        std::sort(sorted.begin(), sorted.end());
        return sorted;
    }

    // addAncestorStatesToEnter(state, ancestor).
    void pushAncestors(int state, int ancestor) {
        if (state < 0 || state >= m_n)
            return;
        if (ancestor == state || (ancestor >= 0 && isDescendant(ancestor, state)))
            return;
        m_tasks.push_back({Task::Ancestors, st(state).parent, ancestor});
    }

    void addToEnter(int s) {
        if (std::find(m_enterSet.begin(), m_enterSet.end(), s) == m_enterSet.end())
            m_enterSet.push_back(s);
    }

    bool enteringBelow(int state) const {
        return std::any_of(m_enterSet.begin(), m_enterSet.end(),
                           [&](int s) { return isDescendant(s, state); });
    }

    void drainTasks() {
        while (!m_tasks.empty()) {
            const Task task = m_tasks.back();
            m_tasks.pop_back();
            switch (task.kind) {
            case Task::Descendants: {
                const int s = task.state;
                if (s < 0 || s >= m_n)
                    break;
                const StateTable& state = st(s);
                if (history(s)) {
                    const std::vector<int>* targets = historyValue(s);
                    if (!targets) {
                        if (!markExpanded(s))
                            break;  // a default history that leads back to itself
                        if (state.historyTransition != kNone && state.parent != kRoot)
                            m_defaultHistory.emplace_back(state.parent, state.historyTransition);
                        targets = &state.historyDefaultTargets;
                    }
                    for (auto it = targets->rbegin(); it != targets->rend(); ++it)
                        pushAncestors(*it, state.parent);
                    for (auto it = targets->rbegin(); it != targets->rend(); ++it)
                        m_tasks.push_back({Task::Descendants, *it, 0});
                } else {
                    addToEnter(s);
                    if (compound(s))
                        m_tasks.push_back({Task::Descendants, state.initial, 0});
                    else if (parallel(s))
                        m_tasks.push_back({Task::ParallelChildren, s, 0});
                }
                break;
            }
            case Task::Ancestors: {
                const int a = task.state;
                if (a == kRoot || a == task.other)
                    break;
                addToEnter(a);
                m_tasks.push_back({Task::Ancestors, st(a).parent, task.other});
                if (parallel(a))
                    m_tasks.push_back({Task::ParallelChildren, a, 0});
                break;
            }
            case Task::ParallelChildren: {
                const auto& children = st(task.state).children;
                const auto k = static_cast<std::size_t>(task.other);
                if (k >= children.size())
                    break;
                m_tasks.push_back({Task::ParallelChildren, task.state, task.other + 1});
                if (!enteringBelow(children[k]))
                    m_tasks.push_back({Task::Descendants, children[k], 0});
                break;
            }
            }
        }
    }

    bool isInFinalState(int s) const {
        if (compound(s)) {
            return std::any_of(st(s).children.begin(), st(s).children.end(),
                               [&](int child) { return final(child) && isActive(child); });
        }
        if (parallel(s)) {
            return std::all_of(st(s).children.begin(), st(s).children.end(),
                               [&](int child) { return isInFinalState(child); });
        }
        return false;
    }

    // ----- timers -----

    void emitTimer(Action::Kind kind, int t, std::int64_t delayMs, std::uint64_t token) {
        Action& action = add(kind, "");
        if (t >= 0 && t < static_cast<int>(m_m.transitions.size()))
            action.name = tr(t).id;
        action.delayMs = delayMs;
        action.token = token;
    }

    void armTimers(int s) {
        for (int t : st(s).timerTransitions) {
            const std::uint64_t token = m_c.nextTimerToken++;
            m_c.timers.push_back({t, token});
            emitTimer(Action::Kind::TimerStart, t, tr(t).afterMs, token);
        }
    }

    void cancelTimers(int s) {
        for (int t : st(s).timerTransitions) {
            for (std::size_t k = 0; k < m_c.timers.size();) {
                if (m_c.timers[k].transition == t) {
                    emitTimer(Action::Kind::TimerCancel, t, 0, m_c.timers[k].token);
                    m_c.timers.erase(m_c.timers.begin() + static_cast<std::ptrdiff_t>(k));
                } else {
                    ++k;
                }
            }
        }
    }

    // ----- executable content -----

    Action& add(Action::Kind kind, const char* name) {
        Action& action = m_r.actions.emplace_back();
        action.kind = kind;
        action.name = name;
        return action;
    }

    void raiseError(std::string message) {
        Action& action = add(Action::Kind::Error, kErrorExecution.c_str());
        action.value = std::move(message);
        m_queue.push_back(Event{kErrorExecution, {}});
    }

    // One block of executable content; an error ends the block (SCXML 3.12.2).
    void runBlock(BlockFunction block, const char* where) {
        if (!block)
            return;
        const Where saved = m_where;
        m_where = Where{where};
        try {
            block(*this);
        } catch (const AssignError& error) {
            raiseError(m_where.text() + ": " + error.what());
        } catch (const EvaluationError& error) {
            raiseError(m_where.text() + ": " + error.what());
        }
        m_where = saved;
    }

    const MachineTables& m_m;
    Configuration& m_c;
    StepResult& m_r;
    const int m_n;
    std::vector<char> m_active;    // the live configuration, by state index
    std::vector<char> m_expanded;  // history states expanded to their defaults
    std::vector<int> m_expandedList;
    std::vector<int> m_enabled;
    std::vector<int> m_domains;
    std::vector<int> m_enterSet;
    std::vector<Task> m_tasks;
    std::vector<std::pair<int, int>> m_defaultHistory;  // (parent state, history transition)
    std::vector<Event> m_queue;                         // the internal event queue
    Event m_current;
    const Event* m_event = nullptr;  // the spec's _event
    bool m_running = true;
    Where m_where;
};

// A configuration from a store may be damaged: keep it usable.
void sanitize(const MachineTables& m, Configuration& c) {
    const int n = static_cast<int>(m.states.size());
    std::erase_if(c.active, [&](int s) {
        return s < 0 || s >= n || m.states[static_cast<std::size_t>(s)].kind == StateKind::ShallowHistory ||
               m.states[static_cast<std::size_t>(s)].kind == StateKind::DeepHistory;
    });
    std::sort(c.active.begin(), c.active.end());
    c.active.erase(std::unique(c.active.begin(), c.active.end()), c.active.end());
    const std::size_t have = std::min(c.variables.size(), m.variables.size());
    c.variables.resize(have);
    for (std::size_t i = have; i < m.variables.size(); ++i)
        c.variables.push_back(m.variables[i].initial);
}

bool hasHistory(const MachineTables& m) {
    return std::any_of(m.states.begin(), m.states.end(), [](const StateTable& s) {
        return s.kind == StateKind::ShallowHistory || s.kind == StateKind::DeepHistory;
    });
}

} // namespace

bool descriptorsMatch(std::string_view descriptors, std::string_view eventName) {
    std::size_t i = 0;
    while (i < descriptors.size()) {
        while (i < descriptors.size() && isSpace(descriptors[i]))
            ++i;
        const std::size_t start = i;
        while (i < descriptors.size() && !isSpace(descriptors[i]))
            ++i;
        if (i > start && descriptorMatches(descriptors.substr(start, i - start), eventName))
            return true;
    }
    return false;
}

StepResult start(const MachineTables& machine) {
    StepResult result;
    if (machine.initial < 0)
        return result;
    Configuration& c = result.configuration;
    for (const VariableTable& variable : machine.variables)
        c.variables.push_back(variable.initial);
    if (hasHistory(machine))
        c.history.resize(machine.states.size());
    Runner runner(machine, c, result);
    runner.enterInitial();
    runner.finish();
    return result;
}

StepResult step(const MachineTables& machine, const Configuration& configuration,
                const Event& event) {
    StepResult result;
    result.configuration = configuration;
    if (configuration.finished || configuration.active.empty())
        return result;
    sanitize(machine, result.configuration);
    Runner runner(machine, result.configuration, result);
    const bool live = runner.external(event);
    runner.finish();
    if (!live) {
        result.configuration = configuration;
        result.live = false;
    }
    return result;
}

} // namespace statechart
