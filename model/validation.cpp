// The validator: one pass over a machine in a fixed order (header, variables, the
// state tree, transitions and actions, then whole-machine analyses), collecting
// diagnostics that are sorted by element and field at the end.
//
// Broken structure is reported once and then kept out of the way: a state whose
// parent chain is dangling, cyclic or too deep is not "sound", and only sound states
// take part in initial, reachability, dead-end and nondeterminism checks, so one
// mistake does not cascade into a page of consequences. Every step is iterative and
// linear or n log n, so hostile files (10,000-deep chains, 100,000 states) stay fast.

#include "validation.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "diagnostic_codes.h"
#include "expression.h"
#include "expression_scope.h"

namespace swivel::model {
namespace {

// ---------------------------------------------------------------------------
// Small helpers: identifiers, event descriptors, suggestions, wording.

bool isAsciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool isAsciiDigit(char c) { return c >= '0' && c <= '9'; }

bool isVariableIdentifier(std::string_view name) {
    if (name.empty() || !(isAsciiLetter(name[0]) || name[0] == '_'))
        return false;
    return std::all_of(name.begin() + 1, name.end(),
                       [](char c) { return isAsciiLetter(c) || isAsciiDigit(c) || c == '_'; });
}

bool isReservedWord(std::string_view name) {
    return name == "event" || name == "in" || name == "true" || name == "false";
}

// Names straight from a file may be huge or hold control bytes; a message quotes a
// bounded, printable excerpt so that one bad name cannot flood a diagnostics view.
std::string q(std::string_view text) {
    constexpr std::size_t kMax = 80;
    std::string out = "'";
    for (std::size_t i = 0; i < text.size() && i < kMax; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
    }
    if (text.size() > kMax)
        out += "...";
    out += "'";
    return out;
}

std::string joinQuoted(const std::vector<std::string>& names, std::size_t max = 6) {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < max; ++i) {
        if (i > 0)
            out += ", ";
        out += q(names[i]);
    }
    if (names.size() > max)
        out += ", ...";
    return out;
}

std::string article(Type type) { return type == Type::Int ? "an " : "a "; }
std::string describeType(Type type) { return article(type) + std::string(typeName(type)); }

bool fits(Type expected, Type actual) {
    return expected == actual || (expected == Type::Double && actual == Type::Int);
}

std::string describeField(const Field& field) {
    std::string out = std::string(typeName(field.type));
    if (!field.values.empty()) {
        out += ": ";
        for (std::size_t i = 0; i < field.values.size(); ++i)
            out += (i ? "|" : "") + field.values[i];
    }
    return out;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Case-insensitive Levenshtein distance; callers bound the input sizes.
std::size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// The closest candidate close enough to be a typo; the caps keep a hostile file
// (100,000 states, megabyte names) from making suggestions quadratic.
template <typename Range>
std::optional<std::string> closest(std::string_view name, const Range& candidates) {
    constexpr std::size_t kMaxCandidates = 2000;
    constexpr std::size_t kMaxLength = 64;
    if (name.empty() || name.size() > kMaxLength)
        return std::nullopt;
    const std::size_t limit = std::min<std::size_t>(3, std::max<std::size_t>(1, name.size() / 3));
    std::optional<std::string> best;
    std::size_t bestDistance = limit + 1;
    std::size_t seen = 0;
    for (const auto& candidate : candidates) {
        if (++seen > kMaxCandidates)
            break;
        const std::string_view c(candidate);
        if (c.empty() || c.size() > kMaxLength || c == name)
            continue;
        const std::size_t d = editDistance(name, c);
        if (d < bestDistance) {
            bestDistance = d;
            best = std::string(c);
        }
    }
    return best;
}

// "; did you mean 'X'?" or "", to end a message with.
template <typename Range>
std::string didYouMean(std::string_view name, const Range& candidates) {
    if (auto best = closest(name, candidates))
        return "; did you mean " + q(*best) + "?";
    return "";
}

// Field paths compare segment by segment, numbers numerically, so that
// "actions/2" sorts before "actions/10".
bool fieldLess(std::string_view a, std::string_view b) {
    auto numeric = [](std::string_view x) {
        return !x.empty() && std::all_of(x.begin(), x.end(), isAsciiDigit);
    };
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const std::size_t ea = std::min(a.find('/', i), a.size());
        const std::size_t eb = std::min(b.find('/', j), b.size());
        const std::string_view sa = a.substr(i, ea - i), sb = b.substr(j, eb - j);
        if (sa != sb) {
            if (numeric(sa) && numeric(sb) && sa.size() != sb.size())
                return sa.size() < sb.size();
            return sa < sb;
        }
        i = ea + 1;
        j = eb + 1;
    }
    return a.size() < b.size();
}

const std::string kMachineElement;  // the element id of the machine itself

// ---------------------------------------------------------------------------

// Where an expression sits, for messages and the diagnostic's place.
struct Site {
    int rank = 0;
    const std::string* elementId = nullptr;
    std::string field;
    std::string what;  // "the guard of transition 't1'"
};

class Validator {
public:
    Validator(const Machine& machine, const DeviceCatalog& catalog)
        : m_machine(machine), m_catalog(catalog) {}

    std::vector<Diagnostic> run();

private:
    struct Pending {
        int rank;
        int sequence;
        Diagnostic diagnostic;
    };

    // Ranks put diagnostics in element order: the machine, variables, states,
    // transitions, each in document order.
    int machineRank() const { return 0; }
    int variableRank(std::size_t i) const { return 1 + static_cast<int>(i); }
    int stateRank(std::size_t i) const {
        return 1 + static_cast<int>(m_machine.variables.size() + i);
    }
    int transitionRank(std::size_t i) const {
        return 1 + static_cast<int>(m_machine.variables.size() + m_machine.states.size() + i);
    }

    void report(int rank, Severity severity, const char* code, const std::string& elementId,
                std::string field, std::string message, int offset = -1);
    void error(int rank, const char* code, const std::string& elementId, std::string field,
               std::string message, int offset = -1) {
        report(rank, Severity::Error, code, elementId, std::move(field), std::move(message),
               offset);
    }
    void warning(int rank, const char* code, const std::string& elementId, std::string field,
                 std::string message) {
        report(rank, Severity::Warning, code, elementId, std::move(field), std::move(message));
    }

    void checkDeviceType();
    void checkVariables();
    void indexStates();
    void resolveParents();
    void findParentCycles();
    void computeDepths();
    void checkStates();
    void checkMachineInitial();
    void indexTransitions();
    void collectKnownEvents();
    void checkTransitions();
    void checkStateActions();
    void checkReachability();
    void checkDeadEnds();
    void checkNondeterminism();
    void checkUnhandledEvents();
    std::string unknownEventMessage(const std::string& owner, std::string_view token,
                                    const std::vector<std::string>& eventNames) const;

    int resolveState(std::string_view id) const;
    bool isCompound(int s) const {
        return m_machine.states[s].kind == StateKind::State && m_hasChildren[s];
    }
    bool isHistory(int s) const {
        const StateKind k = m_machine.states[s].kind;
        return k == StateKind::ShallowHistory || k == StateKind::DeepHistory;
    }
    std::vector<std::string> childIds(int s) const;

    // Expressions and actions.
    std::optional<Type> checkExpression(const Site& site, const std::string& text,
                                        const std::vector<Field>* eventFields,
                                        const Expression** parsed = nullptr);
    void checkActions(int rank, const std::string& elementId, const std::string& listField,
                      const std::vector<Action>& actions, const std::string& owner,
                      const std::vector<Field>* eventFields);
    void checkArguments(const Site& actionSite, const std::string& what,
                        const std::vector<Field>* declared, const std::vector<Argument>& args,
                        const std::vector<Field>* eventFields);

    const Machine& m_machine;
    const DeviceCatalog& m_catalog;
    const DeviceType* m_device = nullptr;  // null: no vocabulary checks
    std::vector<Pending> m_pending;

    // States.
    std::unordered_map<std::string_view, int> m_stateById;  // first occurrence
    std::vector<char> m_duplicate;
    std::vector<int> m_parent;   // -1 top level, -2 dangling
    std::vector<char> m_inCycle;
    std::vector<int> m_depth;    // 1 = top level; 0 = chain broken (dangling or cycle)
    std::vector<char> m_sound;   // part of a well-formed tree within the depth limit
    std::vector<std::vector<int>> m_children;  // sound children, document order
    std::vector<char> m_hasChildren;           // any child at all, even one too deep
    std::vector<int> m_topLevel;
    std::vector<int> m_initialChild;  // resolved `initial` when it is a direct child, else -1
    int m_machineInitial = -1;

    // Transitions.
    std::unordered_map<std::string_view, int> m_transitionById;
    std::vector<int> m_source;                 // resolved source or -1
    std::vector<std::vector<int>> m_targets;   // resolved targets (unknown ones dropped)
    std::vector<std::vector<int>> m_outgoing;  // by state: transitions in document order

    // Events and scope.
    KnownEvents m_events;
    TypeScope m_scope;
    Expression m_parsed;  // the expression checked last, for callers to look at its tree
};

void Validator::report(int rank, Severity severity, const char* code,
                       const std::string& elementId, std::string field, std::string message,
                       int offset) {
    Diagnostic d;
    d.severity = severity;
    d.code = code;
    d.elementId = elementId;
    d.field = std::move(field);
    d.message = std::move(message);
    d.offset = offset;
    m_pending.push_back({rank, static_cast<int>(m_pending.size()), std::move(d)});
}

int Validator::resolveState(std::string_view id) const {
    const auto it = m_stateById.find(id);
    return it == m_stateById.end() ? -1 : it->second;
}

std::vector<std::string> Validator::childIds(int s) const {
    std::vector<std::string> ids;
    for (int c : m_children[s])
        ids.push_back(m_machine.states[c].id);
    return ids;
}

std::vector<Diagnostic> Validator::run() {
    m_scope = machineScope(m_machine);
    checkDeviceType();
    checkVariables();
    indexStates();
    resolveParents();
    findParentCycles();
    computeDepths();
    checkStates();
    checkMachineInitial();
    indexTransitions();
    collectKnownEvents();
    checkTransitions();
    checkStateActions();
    checkReachability();
    checkDeadEnds();
    checkNondeterminism();
    checkUnhandledEvents();

    std::stable_sort(m_pending.begin(), m_pending.end(), [](const Pending& a, const Pending& b) {
        if (a.rank != b.rank)
            return a.rank < b.rank;
        if (a.diagnostic.field != b.diagnostic.field)
            return fieldLess(a.diagnostic.field, b.diagnostic.field);
        if (a.diagnostic.offset != b.diagnostic.offset)
            return a.diagnostic.offset < b.diagnostic.offset;
        return a.sequence < b.sequence;
    });
    std::vector<Diagnostic> out;
    out.reserve(m_pending.size());
    for (auto& p : m_pending)
        out.push_back(std::move(p.diagnostic));
    return out;
}

// ---------------------------------------------------------------------------
// The machine header and variables.

void Validator::checkDeviceType() {
    if (m_machine.deviceType.empty())
        return;
    m_device = m_catalog.findDevice(m_machine.deviceType);
    if (m_device)
        return;
    std::vector<std::string> ids;
    for (const auto& device : m_catalog.devices())
        ids.push_back(device.id);
    error(machineRank(), codes::UnknownDeviceType, kMachineElement, "deviceType",
          "the machine is written for device type " + q(m_machine.deviceType) +
              ", which is not in the device catalog" +
              [&] {
                  const std::string hint = didYouMean(m_machine.deviceType, ids);
                  if (!hint.empty() || ids.empty())
                      return hint;
                  return "; known types are " + joinQuoted(ids);
              }());
}

void Validator::checkVariables() {
    std::unordered_map<std::string_view, std::size_t> seen;
    for (std::size_t i = 0; i < m_machine.variables.size(); ++i) {
        const Variable& v = m_machine.variables[i];
        const auto [it, fresh] = seen.emplace(v.name, i);
        if (!fresh) {
            error(variableRank(i), codes::DuplicateId, v.name, "name",
                  "variable " + q(v.name) + " is declared twice; rename or remove one of them");
        }
        if (!isVariableIdentifier(v.name)) {
            error(variableRank(i), codes::BadIdentifier, v.name, "name",
                  "variable name " + q(v.name) +
                      " is not a valid identifier: use letters, digits and '_', not starting "
                      "with a digit");
        } else if (isReservedWord(v.name)) {
            error(variableRank(i), codes::BadIdentifier, v.name, "name",
                  "variable name " + q(v.name) +
                      " is reserved by the expression language; choose another name");
        }
    }
}

// ---------------------------------------------------------------------------
// The state tree: ids, parents, cycles, depth.

void Validator::indexStates() {
    const std::size_t n = m_machine.states.size();
    m_duplicate.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const State& s = m_machine.states[i];
        const auto [it, fresh] = m_stateById.emplace(s.id, static_cast<int>(i));
        if (!fresh) {
            m_duplicate[i] = 1;
            error(stateRank(i), codes::DuplicateId, s.id, "id",
                  "state id " + q(s.id) +
                      " is used by more than one state; every state needs its own id");
        }
        if (!isElementId(s.id)) {
            error(stateRank(i), codes::BadIdentifier, s.id, "id",
                  "state id " + q(s.id) +
                      " is not a valid identifier: use letters, digits, '_', '.' and '-', not "
                      "starting with a digit");
        }
    }
}

void Validator::resolveParents() {
    const std::size_t n = m_machine.states.size();
    m_parent.assign(n, -1);
    m_children.assign(n, {});
    for (std::size_t i = 0; i < n; ++i) {
        const State& s = m_machine.states[i];
        if (s.parent.empty())
            continue;
        const int p = resolveState(s.parent);
        if (p < 0) {
            m_parent[i] = -2;
            error(stateRank(i), codes::DanglingReference, s.id, "parent",
                  "state " + q(s.id) + " names " + q(s.parent) +
                      " as its parent, but there is no such state" +
                      didYouMean(s.parent, m_scope.states));
        } else {
            m_parent[i] = p;
        }
    }
}

// Parent links form a functional graph; one walk per unvisited state finds every
// cycle in linear time without recursion.
void Validator::findParentCycles() {
    const std::size_t n = m_machine.states.size();
    m_inCycle.assign(n, 0);
    std::vector<int> walk(n, -1);  // which walk visited the state
    std::vector<int> path;
    for (std::size_t start = 0; start < n; ++start) {
        if (walk[start] >= 0 || m_duplicate[start])
            continue;
        path.clear();
        int s = static_cast<int>(start);
        while (s >= 0 && walk[s] < 0 && !m_duplicate[s]) {
            walk[s] = static_cast<int>(start);
            path.push_back(s);
            s = m_parent[s];
        }
        if (s < 0 || walk[s] != static_cast<int>(start) || m_duplicate[s])
            continue;
        const auto first = std::find(path.begin(), path.end(), s);
        std::vector<int> members(first, path.end());
        for (int m : members)
            m_inCycle[m] = 1;
        const int lowest = *std::min_element(members.begin(), members.end());
        // Name the cycle starting at its first state in document order, following parents.
        std::string chain;
        int c = lowest;
        std::size_t shown = 0;
        do {
            if (shown < 8)
                chain += q(m_machine.states[c].id) + " -> ";
            else if (shown == 8)
                chain += "... -> ";
            ++shown;
            c = m_parent[c];
        } while (c != lowest);
        chain += q(m_machine.states[lowest].id);
        error(stateRank(lowest), codes::ParentCycle, m_machine.states[lowest].id, "parent",
              "the parents of states " + chain +
                  " form a cycle, so none of them is inside the machine; make one of them a "
                  "top-level state");
    }
}

void Validator::computeDepths() {
    const std::size_t n = m_machine.states.size();
    m_depth.assign(n, -1);  // -1: not computed yet
    std::vector<int> path;
    for (std::size_t start = 0; start < n; ++start) {
        if (m_depth[start] >= 0)
            continue;
        path.clear();
        int s = static_cast<int>(start);
        int base = 0;  // depth of the state above the path; 0 also marks a broken chain
        bool broken = false;
        while (true) {
            if (m_duplicate[s] || m_inCycle[s] || m_parent[s] == -2) {
                broken = true;
                break;
            }
            if (m_depth[s] >= 0) {
                base = m_depth[s];
                broken = base == 0;
                break;
            }
            path.push_back(s);
            if (m_parent[s] == -1)
                break;
            s = m_parent[s];
        }
        if (broken) {
            if (m_depth[s] < 0)
                m_depth[s] = 0;
            for (int p : path)
                m_depth[p] = 0;
            continue;
        }
        for (auto it = path.rbegin(); it != path.rend(); ++it)
            m_depth[*it] = ++base;
    }

    m_sound.assign(n, 0);
    m_hasChildren.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (!m_duplicate[i] && m_parent[i] >= 0)
            m_hasChildren[m_parent[i]] = 1;
        m_sound[i] = m_depth[i] >= 1 && m_depth[i] <= kMaxNestingDepth;
        if (m_depth[i] == kMaxNestingDepth + 1) {
            const State& s = m_machine.states[i];
            error(stateRank(i), codes::NestingTooDeep, s.id, "parent",
                  "state " + q(s.id) + " is nested " + std::to_string(m_depth[i]) +
                      " levels deep, more than the " + std::to_string(kMaxNestingDepth) +
                      " Swivel accepts; it and the states below it are not checked further");
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!m_sound[i])
            continue;
        if (m_parent[i] >= 0)
            m_children[m_parent[i]].push_back(static_cast<int>(i));
        else
            m_topLevel.push_back(static_cast<int>(i));
    }
}

void Validator::checkStates() {
    const std::size_t n = m_machine.states.size();
    m_initialChild.assign(n, -1);
    for (std::size_t i = 0; i < n; ++i) {
        if (!m_sound[i])
            continue;
        const State& s = m_machine.states[i];
        const int rank = stateRank(i);
        const bool hasChildren = m_hasChildren[i];

        if (s.kind == StateKind::Final && hasChildren)
            error(rank, codes::BadStructure, s.id, "kind",
                  "final state " + q(s.id) + " has child states (" + joinQuoted(childIds(i)) +
                      "); a final state must be atomic");
        if (isHistory(static_cast<int>(i))) {
            if (hasChildren)
                error(rank, codes::BadStructure, s.id, "kind",
                      "history state " + q(s.id) + " has child states (" +
                          joinQuoted(childIds(i)) + "); a history state cannot contain states");
            if (m_parent[i] < 0)
                error(rank, codes::BadStructure, s.id, "parent",
                      "history state " + q(s.id) +
                          " is at the top level; a history state belongs inside a compound or "
                          "parallel state, whose past configuration it remembers");
            else if (!isCompound(m_parent[i]) &&
                     m_machine.states[m_parent[i]].kind != StateKind::Parallel)
                error(rank, codes::BadStructure, s.id, "parent",
                      "history state " + q(s.id) + " is inside " +
                          q(m_machine.states[m_parent[i]].id) +
                          ", which is not a compound or parallel state");
        }

        if (!s.initial.empty()) {
            const int init = resolveState(s.initial);
            if (init < 0)
                error(rank, codes::DanglingReference, s.id, "initial",
                      "the initial state of " + q(s.id) + " is " + q(s.initial) +
                          ", but there is no such state" +
                          didYouMean(s.initial, childIds(static_cast<int>(i))));
            else if (m_parent[init] != static_cast<int>(i))
                error(rank, codes::BadInitial, s.id, "initial",
                      "the initial state of " + q(s.id) + " is " + q(s.initial) +
                          ", which is not one of its direct children" +
                          (hasChildren ? " (" + joinQuoted(childIds(i)) + ")" : ""));
            else if (m_sound[init])
                m_initialChild[i] = init;
        } else if (isCompound(static_cast<int>(i))) {
            error(rank, codes::MissingInitial, s.id, "initial",
                  "compound state " + q(s.id) +
                      " has no initial state; set 'initial' to one of its children (" +
                      joinQuoted(childIds(i)) + ")");
        }
    }
}

void Validator::checkMachineInitial() {
    if (m_machine.initial.empty()) {
        if (!m_machine.states.empty()) {
            std::string hint;
            if (!m_topLevel.empty())
                hint = " (for example " + q(m_machine.states[m_topLevel.front()].id) + ")";
            error(machineRank(), codes::MissingInitial, kMachineElement, "initial",
                  "the machine has states but no initial state; set 'initial' to one of its "
                  "top-level states" +
                      hint);
        }
        return;
    }
    const int init = resolveState(m_machine.initial);
    if (init < 0) {
        error(machineRank(), codes::DanglingReference, kMachineElement, "initial",
              "the machine's initial state is " + q(m_machine.initial) +
                  ", but there is no such state" + didYouMean(m_machine.initial, m_scope.states));
    } else if (m_parent[init] != -1 || !m_sound[init]) {
        std::string where;
        if (m_parent[init] >= 0)
            where = " (it is inside " + q(m_machine.states[m_parent[init]].id) + ")";
        error(machineRank(), codes::BadInitial, kMachineElement, "initial",
              "the machine's initial state " + q(m_machine.initial) +
                  " is not a top-level state" + where +
                  "; start at a top-level state and let its initial child lead inside");
    } else {
        m_machineInitial = init;
    }
}

// ---------------------------------------------------------------------------
// Transitions: ids, references, events, guards and actions.

void Validator::indexTransitions() {
    const std::size_t n = m_machine.transitions.size();
    m_source.assign(n, -1);
    m_targets.assign(n, {});
    m_outgoing.assign(m_machine.states.size(), {});
    for (std::size_t i = 0; i < n; ++i) {
        const Transition& t = m_machine.transitions[i];
        const int rank = transitionRank(i);
        const auto [it, fresh] = m_transitionById.emplace(t.id, static_cast<int>(i));
        if (!fresh)
            error(rank, codes::DuplicateId, t.id, "id",
                  "transition id " + q(t.id) +
                      " is used by more than one transition; every transition needs its own id");
        else if (m_stateById.count(t.id))
            error(rank, codes::DuplicateId, t.id, "id",
                  "transition id " + q(t.id) +
                      " is also the id of a state; ids must be unique in the machine");
        if (!isElementId(t.id))
            error(rank, codes::BadIdentifier, t.id, "id",
                  "transition id " + q(t.id) +
                      " is not a valid identifier: use letters, digits, '_', '.' and '-', not "
                      "starting with a digit");

        if (t.source.empty()) {
            error(rank, codes::DanglingReference, t.id, "source",
                  "transition " + q(t.id) + " has no source state");
        } else {
            const int s = resolveState(t.source);
            if (s < 0)
                error(rank, codes::DanglingReference, t.id, "source",
                      "transition " + q(t.id) + " leaves " + q(t.source) +
                          ", which is not a state" + didYouMean(t.source, m_scope.states));
            else if (m_sound[s]) {
                m_source[i] = s;
                m_outgoing[s].push_back(static_cast<int>(i));
            }
        }
        for (std::size_t k = 0; k < t.targets.size(); ++k) {
            const int target = resolveState(t.targets[k]);
            if (target < 0)
                error(rank, codes::DanglingReference, t.id, "targets/" + std::to_string(k),
                      "transition " + q(t.id) + " targets " + q(t.targets[k]) +
                          ", which is not a state" + didYouMean(t.targets[k], m_scope.states));
            else if (m_sound[target])
                m_targets[i].push_back(target);
        }
    }
}

void Validator::collectKnownEvents() {
    m_events = knownEvents(m_machine, m_catalog, m_device, [this](std::size_t i) {
        return m_sound[i] && (isCompound(static_cast<int>(i)) ||
                              m_machine.states[i].kind == StateKind::Parallel);
    });
}

std::optional<Type> Validator::checkExpression(const Site& site, const std::string& text,
                                               const std::vector<Field>* eventFields,
                                               const Expression** parsedOut) {
    m_parsed = Expression::parse(text);
    const Expression& parsed = m_parsed;
    if (parsedOut)
        *parsedOut = &parsed;
    if (!parsed.ok() || !parsed.root()) {
        if (parsed.errors().empty()) {
            error(site.rank, codes::ExpressionSyntax, *site.elementId, site.field,
                  site.what + " is empty; write an expression", 0);
        } else {
            const ExprError& e = parsed.errors().front();
            error(site.rank, codes::ExpressionSyntax, *site.elementId, site.field,
                  "syntax error in " + site.what + " at offset " + std::to_string(e.offset) +
                      ": " + e.message,
                  static_cast<int>(e.offset));
        }
        return std::nullopt;
    }

    // in(State) naming no state is a dangling reference, not a type error: report it
    // here and let the checker accept the name.
    std::vector<std::string> unknownStates;
    std::vector<const ExprNode*> stack{parsed.root()};
    bool enumProblem = false;
    while (!stack.empty()) {
        const ExprNode* node = stack.back();
        stack.pop_back();
        if (!node)
            continue;
        if (node->op == ExprOp::InState && !m_scope.states.count(node->name)) {
            unknownStates.push_back(node->name);
            error(site.rank, codes::DanglingReference, *site.elementId, site.field,
                  site.what + " tests in(" + node->name + "), but there is no state " +
                      q(node->name) + didYouMean(node->name, m_scope.states),
                  static_cast<int>(node->offset));
        }
        // A comparison of an enumerated tag with a string it never takes is always
        // false (or always true): almost surely a typo such as "of" for "Off".
        if ((node->op == ExprOp::Eq || node->op == ExprOp::Ne) && eventFields &&
            node->operands.size() == 2) {
            for (int side = 0; side < 2; ++side) {
                const ExprNode* tag = node->operands[side].get();
                const ExprNode* literal = node->operands[1 - side].get();
                if (!tag || !literal || tag->op != ExprOp::EventTag ||
                    literal->op != ExprOp::Literal ||
                    !std::holds_alternative<std::string>(literal->value))
                    continue;
                const auto f = std::find_if(eventFields->begin(), eventFields->end(),
                                            [&](const Field& f) { return f.name == tag->name; });
                if (f == eventFields->end() || f->values.empty())
                    continue;
                const std::string& value = std::get<std::string>(literal->value);
                if (std::find(f->values.begin(), f->values.end(), value) == f->values.end()) {
                    enumProblem = true;
                    std::vector<std::string> values = f->values;
                    error(site.rank, codes::ExpressionType, *site.elementId, site.field,
                          site.what + " compares event." + tag->name + " with \"" + value +
                              "\", a value it never takes (" + tag->name + " is one of " +
                              joinQuoted(values, 20) + ")" + didYouMean(value, values),
                          static_cast<int>(literal->offset));
                }
            }
        }
        for (auto it = node->operands.rbegin(); it != node->operands.rend(); ++it)
            stack.push_back(it->get());  // left operand first: messages in text order
    }

    std::vector<ExprError> errors;
    std::optional<Type> type;
    if (unknownStates.empty()) {
        type = parsed.check(m_scope, errors);
    } else {
        TypeScope scope = m_scope;
        scope.states.insert(unknownStates.begin(), unknownStates.end());
        type = parsed.check(scope, errors);
    }
    for (const ExprError& e : errors)
        error(site.rank, codes::ExpressionType, *site.elementId, site.field,
              "type error in " + site.what + ": " + e.message, static_cast<int>(e.offset));
    if (!errors.empty() || enumProblem || !unknownStates.empty())
        return std::nullopt;
    return type;
}

void Validator::checkArguments(const Site& actionSite, const std::string& what,
                               const std::vector<Field>* declared,
                               const std::vector<Argument>& args,
                               const std::vector<Field>* eventFields) {
    std::set<std::string_view> given;
    for (const Argument& arg : args) {
        Site site = actionSite;
        site.field = actionSite.field + "/args/" + arg.name;
        site.what = "argument " + q(arg.name) + " of " + what;
        if (!given.insert(arg.name).second) {
            error(site.rank, codes::UnknownArgument, *site.elementId, site.field,
                  what + " gives argument " + q(arg.name) + " twice");
            continue;
        }
        const Field* field = nullptr;
        if (declared) {
            for (const Field& f : *declared)
                if (f.name == arg.name)
                    field = &f;
            if (!field) {
                std::vector<std::string> names;
                for (const Field& f : *declared)
                    names.push_back(f.name);
                error(site.rank, codes::UnknownArgument, *site.elementId, site.field,
                      what + " has no argument " + q(arg.name) +
                          (names.empty() ? "; it takes no arguments"
                                         : " (it takes " + joinQuoted(names, 20) + ")" +
                                               didYouMean(arg.name, names)));
            }
        }
        if (arg.value.text.empty()) {
            error(site.rank, codes::ExpressionSyntax, *site.elementId, site.field,
                  site.what + " is empty; write an expression", 0);
            continue;
        }
        const Expression* parsed = nullptr;
        const std::optional<Type> type = checkExpression(site, arg.value.text, eventFields,
                                                         &parsed);
        if (!field || !type)
            continue;
        if (!fits(field->type, *type)) {
            error(site.rank, codes::ArgumentType, *site.elementId, site.field,
                  site.what + " is " + describeType(*type) + ", but it must be " +
                      describeType(field->type));
            continue;
        }
        const ExprNode* root = parsed ? parsed->root() : nullptr;
        if (!field->values.empty() && root && root->op == ExprOp::Literal &&
            std::holds_alternative<std::string>(root->value)) {
            const std::string& value = std::get<std::string>(root->value);
            if (std::find(field->values.begin(), field->values.end(), value) ==
                field->values.end())
                error(site.rank, codes::ArgumentType, *site.elementId, site.field,
                      site.what + " is \"" + value + "\", which is not one of " +
                          joinQuoted(field->values, 20) + didYouMean(value, field->values),
                      static_cast<int>(root->offset));
        }
    }
    if (!declared)
        return;
    for (const Field& f : *declared) {
        if (given.count(f.name))
            continue;
        error(actionSite.rank, codes::UnknownArgument, *actionSite.elementId,
              actionSite.field + "/args",
              what + " lacks argument " + q(f.name) + " (" + describeField(f) + ")");
    }
}

void Validator::checkActions(int rank, const std::string& elementId,
                             const std::string& listField, const std::vector<Action>& actions,
                             const std::string& owner, const std::vector<Field>* eventFields) {
    for (std::size_t i = 0; i < actions.size(); ++i) {
        const Action& a = actions[i];
        Site site;
        site.rank = rank;
        site.elementId = &elementId;
        site.field = listField + "/" + std::to_string(i);
        switch (a.kind) {
        case ActionKind::Send: {
            const std::string what = "send " + q(a.name) + " in " + owner;
            const std::vector<Field>* declared = nullptr;
            if (a.name.empty()) {
                error(rank, codes::UnknownCommand, elementId, site.field + "/send",
                      "a send in " + owner + " names no command");
            } else if (m_device && a.target.empty()) {
                const CommandType* command = m_device->findCommand(a.name);
                if (command) {
                    declared = &command->args;
                } else {
                    std::vector<std::string> names;
                    for (const CommandType& c : m_device->commands)
                        names.push_back(c.name);
                    error(rank, codes::UnknownCommand, elementId, site.field + "/send",
                          owner + " sends command " + q(a.name) + ", which device " +
                              q(m_device->name) + " does not accept" + didYouMean(a.name, names));
                }
            }
            checkArguments(site, what, declared, a.args, eventFields);
            break;
        }
        case ActionKind::Call: {
            const std::string what = "call " + q(a.name) + " in " + owner;
            const ServiceType* service = m_catalog.findService(a.name);
            if (!service) {
                std::vector<std::string> names;
                for (const ServiceType& s : m_catalog.services())
                    names.push_back(s.name);
                error(rank, codes::UnknownService, elementId, site.field + "/call",
                      owner + " calls µ-service " + q(a.name) +
                          ", which is not in the service catalog" + didYouMean(a.name, names));
            }
            checkArguments(site, what, service ? &service->request : nullptr, a.args,
                           eventFields);
            break;
        }
        case ActionKind::Assign: {
            const auto variable = m_scope.variables.find(a.name);
            const bool declared = variable != m_scope.variables.end();
            if (!declared) {
                std::vector<std::string> names;
                for (const Variable& v : m_machine.variables)
                    names.push_back(v.name);
                error(rank, codes::UnknownVariable, elementId, site.field + "/assign",
                      owner + " assigns to " + q(a.name) + ", which is not a declared variable" +
                          didYouMean(a.name, names));
            }
            site.field += "/expr";
            site.what = "the value assigned to " + q(a.name) + " in " + owner;
            if (a.expr.text.empty()) {
                error(rank, codes::ExpressionSyntax, elementId, site.field,
                      site.what + " is empty; write an expression", 0);
                break;
            }
            const std::optional<Type> type = checkExpression(site, a.expr.text, eventFields);
            if (declared && type && !fits(variable->second, *type))
                error(rank, codes::ExpressionType, elementId, site.field,
                      owner + " assigns " + describeType(*type) + " to " + q(a.name) +
                          ", which is " + describeType(variable->second));
            break;
        }
        case ActionKind::Raise: {
            if (a.name.empty())
                error(rank, codes::BadStructure, elementId, site.field + "/raise",
                      "a raise in " + owner + " names no event");
            if (a.delayMs && *a.delayMs < 0)
                error(rank, codes::BadTimer, elementId, site.field + "/delayMs",
                      "raise " + q(a.name) + " in " + owner + " has a negative delay (" +
                          std::to_string(*a.delayMs) + " ms)");
            std::set<std::string_view> given;
            for (const Argument& tag : a.args) {
                Site tagSite = site;
                tagSite.field = site.field + "/tags/" + tag.name;
                tagSite.what = "tag " + q(tag.name) + " of raise " + q(a.name) + " in " + owner;
                if (!given.insert(tag.name).second)
                    error(rank, codes::UnknownArgument, elementId, tagSite.field,
                          "raise " + q(a.name) + " in " + owner + " gives tag " + q(tag.name) +
                              " twice");
                else if (tag.value.text.empty())
                    error(rank, codes::ExpressionSyntax, elementId, tagSite.field,
                          tagSite.what + " is empty; write an expression", 0);
                else
                    checkExpression(tagSite, tag.value.text, eventFields);
            }
            break;
        }
        case ActionKind::Log: {
            if (a.expr.text.empty())
                break;
            site.field += "/expr";
            site.what = "the message of log " + q(a.label) + " in " + owner;
            checkExpression(site, a.expr.text, eventFields);
            break;
        }
        }
    }
}

std::string Validator::unknownEventMessage(const std::string& owner, std::string_view token,
                                           const std::vector<std::string>& eventNames) const {
    const std::string head = owner + " waits for event " + q(token);
    constexpr std::string_view kDone = "done.state.";
    if (token.starts_with(kDone)) {
        const std::string_view id = token.substr(kDone.size());
        return head + ", which never happens: " + q(id) +
               (m_stateById.count(id) ? " is not a compound or parallel state, so it never "
                                        "finishes"
                                      : " is not a state") +
               didYouMean(token, eventNames);
    }
    for (const ServiceType& service : m_catalog.services())
        if (service.reply.name == token)
            return head + ", the answer of µ-service " + q(service.name) +
                   ", but the machine never calls " + q(service.name);
    return head + ", which device " + q(m_device->name) + " never sends" +
           didYouMean(token, eventNames);
}

void Validator::checkTransitions() {
    std::vector<int> historyDefault(m_machine.states.size(), -1);
    std::vector<std::string> eventNames;
    for (const auto& [name, event] : m_events)
        eventNames.push_back(name);
    for (std::size_t i = 0; i < m_machine.transitions.size(); ++i) {
        const Transition& t = m_machine.transitions[i];
        const int rank = transitionRank(i);
        const std::string owner = "transition " + q(t.id);
        const int source = m_source[i];
        const bool fromHistory = source >= 0 && isHistory(source);

        if (source >= 0 && m_machine.states[source].kind == StateKind::Final)
            error(rank, codes::BadStructure, t.id, "source",
                  owner + " leaves final state " + q(t.source) +
                      "; a final state has no outgoing transitions");
        if (fromHistory) {
            const std::string& h = m_machine.states[source].id;
            if (historyDefault[source] >= 0)
                error(rank, codes::BadStructure, t.id, "source",
                      "history state " + q(h) + " already has default transition " +
                          q(m_machine.transitions[historyDefault[source]].id) +
                          "; a history state has at most one");
            else
                historyDefault[source] = static_cast<int>(i);
            if (!t.event.empty())
                error(rank, codes::BadStructure, t.id, "event",
                      owner + " is the default transition of history state " + q(h) +
                          ", so it cannot wait for an event");
            if (t.afterMs)
                error(rank, codes::BadStructure, t.id, "after",
                      owner + " is the default transition of history state " + q(h) +
                          ", so it cannot wait for a timer");
            if (!t.guard.empty())
                error(rank, codes::BadStructure, t.id, "guard",
                      owner + " is the default transition of history state " + q(h) +
                          ", so it cannot have a guard");
            if (t.targets.empty())
                error(rank, codes::BadStructure, t.id, "targets",
                      owner + " is the default transition of history state " + q(h) +
                          " and must name the state to enter when there is no history yet");
        }

        if (t.afterMs) {
            if (*t.afterMs <= 0)
                error(rank, codes::BadTimer, t.id, "after",
                      owner + " fires " + std::to_string(*t.afterMs) +
                          " ms after entry; a timer needs a delay of at least 1 ms");
            if (!t.event.empty())
                error(rank, codes::BadTimer, t.id, "after",
                      owner + " has both a timer (after " + std::to_string(*t.afterMs) +
                          " ms) and an event (" + q(t.event) +
                          "); use one or the other, or two transitions");
        }

        if (m_device && !fromHistory) {
            for (std::string_view token : descriptorTokens(t.event)) {
                if (token == "*")
                    continue;
                bool any = false;
                forEachMatch(m_events, token,
                             [&](const std::string&, const std::vector<Field>*) { any = true; });
                if (!any)
                    error(rank, codes::UnknownEvent, t.id, "event",
                          unknownEventMessage(owner, token, eventNames));
            }
        }

        EventTags eventTags = transitionEventTags(m_events, t);
        const std::vector<Field>* eventFields = eventTags.fields;
        m_scope.eventTags = std::move(eventTags.types);
        if (!t.guard.empty()) {
            Site site{rank, &t.id, "guard", "the guard of " + owner};
            const std::optional<Type> type = checkExpression(site, t.guard.text, eventFields);
            if (type && *type != Type::Bool)
                error(rank, codes::ExpressionType, t.id, "guard",
                      "the guard of " + owner + " is " + describeType(*type) +
                          ", but a guard must be a bool (true or false)");
        }
        checkActions(rank, t.id, "actions", t.actions, owner, eventFields);
    }
    m_scope.eventTags.reset();
}

void Validator::checkStateActions() {
    m_scope.eventTags.reset();  // entered or left on any event: no tag checks
    for (std::size_t i = 0; i < m_machine.states.size(); ++i) {
        const State& s = m_machine.states[i];
        if (m_depth[i] > kMaxNestingDepth)
            continue;
        checkActions(stateRank(i), s.id, "onEntry", s.onEntry,
                     "state " + q(s.id) + " on entry", nullptr);
        checkActions(stateRank(i), s.id, "onExit", s.onExit,
                     "state " + q(s.id) + " on exit", nullptr);
    }
}

// ---------------------------------------------------------------------------
// Whole-machine checks over the sound part of the tree.

// Over-approximates the states some run can enter: every transition of an active
// state may fire. Entering a state activates its ancestors and, inside a parallel
// state, the other regions; default entry follows initial children, all regions of
// a parallel state and history defaults.
void Validator::checkReachability() {
    if (m_machineInitial < 0)
        return;  // already an error; every state would look unreachable
    const std::size_t n = m_machine.states.size();
    std::vector<char> active(n, 0), entered(n, 0), regionsEntered(n, 0);
    std::vector<std::pair<int, bool>> work{{m_machineInitial, true}};
    while (!work.empty()) {
        const auto [s, byDefault] = work.back();
        work.pop_back();
        if (!m_sound[s])
            continue;
        if (!active[s]) {
            active[s] = 1;
            const int p = m_parent[s];
            if (p >= 0) {
                work.push_back({p, false});
                if (m_machine.states[p].kind == StateKind::Parallel && !regionsEntered[p]) {
                    regionsEntered[p] = 1;
                    for (int c : m_children[p])
                        if (c != s)
                            work.push_back({c, true});
                }
            }
            for (int t : m_outgoing[s])
                for (int target : m_targets[t])
                    work.push_back({target, true});
        }
        if (!byDefault || entered[s])
            continue;
        entered[s] = 1;
        const State& state = m_machine.states[s];
        if (state.kind == StateKind::Parallel) {
            regionsEntered[s] = 1;
            for (int c : m_children[s])
                work.push_back({c, true});
        } else if (isCompound(s)) {
            if (m_initialChild[s] >= 0)
                work.push_back({m_initialChild[s], true});
            else if (!m_children[s].empty())
                work.push_back({m_children[s].front(), true});
        } else if (isHistory(s)) {
            bool hasDefault = false;
            for (int t : m_outgoing[s])
                for (int target : m_targets[t]) {
                    hasDefault = true;
                    work.push_back({target, true});
                }
            if (!hasDefault && m_parent[s] >= 0)
                work.push_back({m_parent[s], true});
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!m_sound[i] || active[i])
            continue;
        const int p = m_parent[i];
        if (p >= 0 && !active[p])
            continue;  // the outermost unreachable state speaks for its subtree
        const State& s = m_machine.states[i];
        warning(stateRank(i), codes::Unreachable, s.id, "",
                "state " + q(s.id) +
                    (m_hasChildren[i] ? " (and every state inside it)" : "") +
                    " can never be entered: no transition from the initial configuration "
                    "leads to it");
    }
}

void Validator::checkDeadEnds() {
    const std::size_t n = m_machine.states.size();
    std::vector<std::vector<int>> byDepth(kMaxNestingDepth + 1);
    for (std::size_t i = 0; i < n; ++i)
        if (m_sound[i])
            byDepth[m_depth[i]].push_back(static_cast<int>(i));

    // A region of a parallel state is also left when a sibling region's transition
    // leaves the parallel state; count the children whose subtree has a transition.
    std::vector<char> subtreeHas(n, 0);
    std::vector<int> childrenWithTransitions(n, 0);
    for (int depth = kMaxNestingDepth; depth >= 1; --depth)
        for (int s : byDepth[depth]) {
            subtreeHas[s] = subtreeHas[s] || !m_outgoing[s].empty();
            const int p = m_parent[s];
            if (p >= 0 && subtreeHas[s]) {
                subtreeHas[p] = 1;
                ++childrenWithTransitions[p];
            }
        }
    std::vector<char> exitable(n, 0);
    for (int depth = 1; depth <= kMaxNestingDepth; ++depth)
        for (int s : byDepth[depth]) {
            const int p = m_parent[s];
            bool canLeave = !m_outgoing[s].empty();
            if (p >= 0) {
                canLeave = canLeave || exitable[p];
                if (m_machine.states[p].kind == StateKind::Parallel)
                    canLeave = canLeave ||
                               childrenWithTransitions[p] - (subtreeHas[s] ? 1 : 0) > 0;
            }
            exitable[s] = canLeave;
            const State& state = m_machine.states[s];
            if (state.kind == StateKind::State && !m_hasChildren[s] && !canLeave)
                warning(stateRank(s), codes::DeadEnd, state.id, "",
                        "state " + q(state.id) +
                            " is a dead end: it is not final, and no transition leaves it or "
                            "any state around it");
        }
}

void Validator::checkNondeterminism() {
    struct Group {
        std::map<std::string_view, int> tokens;  // descriptor -> first transition using it
        int star = -1;
        int firstEvent = -1;
        int eventless = -1;
        std::map<std::int64_t, int> timers;
    };
    for (std::size_t s = 0; s < m_outgoing.size(); ++s) {
        if (m_outgoing[s].size() < 2 || isHistory(static_cast<int>(s)))
            continue;
        std::map<std::string_view, Group> groups;  // by guard text
        for (int ti : m_outgoing[s]) {
            const Transition& t = m_machine.transitions[ti];
            Group& g = groups[t.guard.text];
            int conflict = -1;
            std::string how;
            if (t.afterMs) {
                const auto [it, fresh] = g.timers.emplace(*t.afterMs, ti);
                if (!fresh) {
                    conflict = it->second;
                    how = "both fire " + std::to_string(*t.afterMs) + " ms after entering";
                }
            } else {
                const auto tokens = descriptorTokens(t.event);
                if (tokens.empty()) {
                    if (g.eventless >= 0) {
                        conflict = g.eventless;
                        how = "are both eventless and leave";
                    } else {
                        g.eventless = ti;
                    }
                }
                for (std::string_view token : tokens) {
                    if (conflict >= 0)
                        break;
                    int other = -1;
                    if (token == "*") {
                        other = g.firstEvent;
                    } else if (g.star >= 0) {
                        other = g.star;
                    } else {
                        // An earlier descriptor equal to this one or a prefix of it...
                        for (std::size_t dot = 0; other < 0;) {
                            dot = token.find('.', dot);
                            const std::string_view prefix = token.substr(0, dot);
                            if (const auto it = g.tokens.find(prefix); it != g.tokens.end())
                                other = it->second;
                            if (dot == std::string_view::npos)
                                break;
                            ++dot;
                        }
                        // ...or one this descriptor is a prefix of.
                        if (other < 0) {
                            const std::string below = std::string(token) + ".";
                            const auto it = g.tokens.lower_bound(below);
                            if (it != g.tokens.end() && it->first.starts_with(below))
                                other = it->second;
                        }
                    }
                    if (other >= 0) {
                        conflict = other;
                        how = "overlap on event " + q(token) + " when leaving";
                    }
                }
                for (std::string_view token : tokens) {
                    g.tokens.emplace(token, ti);
                    if (token == "*" && g.star < 0)
                        g.star = ti;
                }
                if (!tokens.empty() && g.firstEvent < 0)
                    g.firstEvent = ti;
            }
            if (conflict < 0)
                continue;
            const std::string& first = m_machine.transitions[conflict].id;
            const std::string guard = t.guard.empty()
                                          ? "neither has a guard"
                                          : "both have the guard " + q(t.guard.text);
            const bool overlap = !t.afterMs && !descriptorTokens(t.event).empty();
            warning(transitionRank(ti), codes::Nondeterminism, t.id, t.afterMs ? "after" : "event",
                    "transitions " + q(first) + " and " + q(t.id) + " " + how + " state " +
                        q(m_machine.states[s].id) + ", and " + guard + "; " +
                        (overlap ? "for the events they share, " : "") + q(first) +
                        " always wins and " + q(t.id) + " never fires");
        }
    }
}

void Validator::checkUnhandledEvents() {
    if (!m_device)
        return;
    std::set<std::string_view> tokens;
    for (const Transition& t : m_machine.transitions)
        for (std::string_view token : descriptorTokens(t.event))
            tokens.insert(token);
    if (tokens.count("*"))
        return;
    for (const EventType& e : m_device->events) {
        bool handled = false;
        const std::string_view name = e.name;
        for (std::size_t dot = 0;;) {
            dot = name.find('.', dot);
            if (tokens.count(name.substr(0, dot))) {
                handled = true;
                break;
            }
            if (dot == std::string_view::npos)
                break;
            ++dot;
        }
        if (!handled)
            warning(machineRank(), codes::UnhandledEvent, kMachineElement, "deviceType",
                    "device " + q(m_device->name) + " sends event " + q(e.name) +
                        ", but no transition handles it; it will be ignored in every state");
    }
}

} // namespace

std::vector<Diagnostic> validate(const Machine& machine, const DeviceCatalog& catalog) {
    return Validator(machine, catalog).run();
}

bool isElementId(std::string_view id) {
    if (id.empty() || !(isAsciiLetter(id[0]) || id[0] == '_'))
        return false;
    return std::all_of(id.begin() + 1, id.end(), [](char c) {
        return isAsciiLetter(c) || isAsciiDigit(c) || c == '_' || c == '.' || c == '-';
    });
}

} // namespace swivel::model
