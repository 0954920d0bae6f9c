#pragma once
// The statechart runtime of a generated handler: W3C SCXML 1.0 semantics (the
// algorithm of its Appendix D) over the tables that machine.cpp defines. Swivel's
// emulator runs the very same algorithm, so a generated handler moves exactly as the
// emulator showed. This file is the same in every generated project; machine.cpp is
// what is particular to one machine (its enums, its tables and the switch on event
// and state that picks a transition).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "statechart/value.h"

namespace statechart {

class Run;

// One armed `after` timer: the transition it fires and the token of this arming.
struct ArmedTimer {
    int transition = -1;
    std::uint64_t token = 0;
    bool operator==(const ArmedTimer&) const = default;
};

// Everything a stateless handler keeps between invocations.
struct Configuration {
    std::vector<int> active;                // all active states, document order
    std::vector<Value> variables;           // by variable index
    std::vector<std::vector<int>> history;  // by state index: recorded history
    std::vector<ArmedTimer> timers;
    std::uint64_t nextTimerToken = 1;
    bool finished = false;                  // a top-level final state was reached
    bool operator==(const Configuration&) const = default;
};

// What the handler must carry out, in order, with every expression evaluated.
struct Action {
    enum class Kind { Send, Assign, Raise, Log, Call, TimerStart, TimerCancel, Error };
    Kind kind = Kind::Log;
    std::string name;       // command, variable, event, service; timers: transition id
    std::vector<Tag> args;  // send/call arguments, raise tags
    Value value;            // assign: new value; log: message; error: message
    std::string label;      // log label
    std::string target;     // send: another device's id, if any
    std::string reply;      // call: the event the answer arrives as
    std::int64_t delayMs = 0;
    std::uint64_t token = 0;
    bool operator==(const Action&) const = default;
};

struct StepResult {
    Configuration configuration;
    std::vector<Action> actions;
    std::vector<int> transitions;  // taken, in order
    bool eventMatched = false;     // a transition was enabled by the event itself
    bool live = true;  // false: a stale or unknown timer event; nothing changed
};

// ----- the tables machine.cpp defines -----

inline constexpr int kRoot = -1;      // parent of top-level states
inline constexpr int kNoDomain = -2;  // a targetless transition exits nothing
inline constexpr int kNone = -1;      // no transition

using BlockFunction = void (*)(Run&);
using GuardFunction = Value (*)(Run&);

enum class StateKind : std::uint8_t { Atomic, Compound, Parallel, Final, ShallowHistory, DeepHistory };

struct StateTable {
    const char* id;
    int parent;
    StateKind kind;
    bool atomic;  // no child states (history states aside), or final
    int end;      // one past the last descendant: states are in document order
    int initial;  // compound: the initial child
    std::vector<int> children;         // not history states
    std::vector<int> historyChildren;
    std::vector<int> eventlessTransitions;
    std::vector<int> timerTransitions;
    int historyTransition;              // history: its default transition, or kNone
    std::vector<int> historyDefaultTargets;
    BlockFunction onEntry;              // null: none
    BlockFunction onExit;
    const char* onEntryWhere;           // "state Idle onEntry", for error messages
    const char* onExitWhere;
};

enum class Trigger : std::uint8_t { Event, Eventless, Timer };

struct TransitionTable {
    const char* id;
    int source;
    std::vector<int> targets;
    Trigger trigger;
    const char* events;      // the event descriptors, "Photo.* Motion"
    std::int64_t afterMs;    // Timer
    bool internal;
    bool historyTarget;      // a target is a history state: the domain is found at run time
    int domain;              // otherwise, the domain
    GuardFunction guard;     // null: none
    BlockFunction actions;   // null: none
    const char* guardWhere;  // "transition t1 guard"
    const char* actionsWhere;
};

enum class Type : std::uint8_t { Bool, Int, Double, String };

struct VariableTable {
    const char* name;
    Type type;
    Value initial;
};

struct MachineTables {
    const char* name;
    std::vector<StateTable> states;           // document order
    std::vector<TransitionTable> transitions;
    std::vector<VariableTable> variables;
    int initial;                              // the top-level initial state
    // The generated switch: the first transition of `state` enabled by the event being
    // processed (Run::eventName()), or kNone.
    int (*selectTransition)(Run&, int state);
};

// ----- the semantics -----

StepResult start(const MachineTables& machine);
StepResult step(const MachineTables& machine, const Configuration& configuration,
                const Event& event);

// Raised or eventless loops end with an Error action after this many microsteps.
inline constexpr int kMaxMicrostepsPerMacrostep = 10000;

// A timer event is named "after:<transition id>" and carries its arm token in tag "token".
inline constexpr std::string_view kTimerEventPrefix = "after:";

// SCXML event descriptors: "Photo" matches "Photo" and "Photo.Thumbnail", "*" anything.
bool descriptorsMatch(std::string_view descriptors, std::string_view eventName);

// What generated guards and actions see while step() runs. Expression operators
// (statechart/operators.h) throw EvaluationError; the runtime turns it into an
// Error action and an error.execution event, ending the block, as SCXML says.
class Run {
public:
    virtual ~Run() = default;
    virtual std::string_view eventName() const = 0;
    virtual const Value& tag(const char* name) const = 0;  // throws if the event has none
    virtual const Value& variable(int index) const = 0;
    virtual bool in(int state) const = 0;
    virtual bool matches(const char* descriptors) const = 0;  // the current event's name
    // The guard of transition `t` holds (errors become error.execution, and false).
    virtual bool enabled(int transition) = 0;
    // Where the next error happened: the action's index in its block, its argument.
    virtual void at(std::size_t actionIndex, const char* argument = nullptr) = 0;
    virtual void send(const char* command, const char* target, std::vector<Tag> args) = 0;
    virtual void assign(int variable, Value value) = 0;
    virtual void raise(const char* event, std::vector<Tag> tags, std::int64_t delayMs) = 0;
    virtual void log(const char* label, Value message) = 0;
    virtual void call(const char* service, const char* reply, std::vector<Tag> args) = 0;
};

} // namespace statechart
