#pragma once
// What a machine does: W3C SCXML 1.0 semantics (Appendix D) as one pure,
// deterministic function. start() enters the initial configuration; step() takes
// one external event through a whole macrostep (eventless transitions and raised
// internal events included) and returns the new configuration and the actions the
// host must carry out, in order. Nothing random, nothing clock-dependent: timers
// are requests to the host (TimerStart/TimerCancel) and come back as timer events.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "diagnostic.h"
#include "machine.h"
#include "value.h"

namespace swivel::model {

struct EventTag {
    std::string name;
    Value value;
    bool operator==(const EventTag&) const = default;
};

struct Event {
    std::string name;              // "Motion", "Photo.Thumbnail", "done.state.Shoot", ...
    std::vector<EventTag> tags;    // small: a vector beats a map here
    const Value* tag(std::string_view tagName) const;
    bool operator==(const Event&) const = default;
};

// A timer event is named kTimerEventPrefix + <transition id> and carries the arm
// token in tag "token"; a token that is no longer armed is ignored (stale timer).
inline constexpr std::string_view kTimerEventPrefix = "after:";

// One armed timer: the `after` transition it fires, and the token of this arming.
struct ArmedTimer {
    int transition = -1;  // index into the compiled machine's transitions
    std::uint64_t token = 0;
    bool operator==(const ArmedTimer&) const = default;
};

// The run-time state of one machine instance: everything a stateless handler stores.
struct Configuration {
    std::vector<int> active;                 // all active states (indices), document order
    std::vector<Value> variables;            // by variable index
    std::vector<std::vector<int>> history;   // by state index; recorded history values
    std::vector<ArmedTimer> timers;
    std::uint64_t nextTimerToken = 1;
    bool finished = false;                   // a top-level final state was reached
    bool operator==(const Configuration&) const = default;
};

// An action the host must carry out, with expressions already evaluated.
struct EmittedAction {
    enum class Kind { Send, Assign, Raise, Log, Call, TimerStart, TimerCancel, Error };
    // User-provided, so that a new element of a step's result is built from the
    // initialisers below alone: a defaulted constructor is value-initialised there,
    // which zero-fills the whole action first.
    EmittedAction() noexcept {}
    Kind kind = Kind::Log;
    std::string name;                // command, variable, event, service; timer: transition id
    std::vector<EventTag> args;      // send/call arguments, raise tags
    Value value;                     // assign: new value; log: message
    std::string label;               // log label
    std::string target;              // send: other device id, if any
    std::string reply;               // call: the event the answer arrives as
    std::int64_t delayMs = 0;        // timer start, delayed raise
    std::uint64_t token = 0;         // timer start/cancel
    bool operator==(const EmittedAction&) const = default;
};

struct StepResult {
    Configuration configuration;
    std::vector<EmittedAction> actions;
    std::vector<int> transitions;    // transitions taken, in order (indices)
    bool eventMatched = false;       // some transition was enabled by the external event
};

// A machine prepared for fast stepping: ids resolved to indices, expressions parsed,
// ancestor chains and document order precomputed. Immutable; share it freely.
class CompiledMachine {
public:
    // Fails (nullptr) only when the machine has structural errors (dangling ids,
    // cycles, bad initial states); `diagnostics` then says why.
    static std::shared_ptr<const CompiledMachine> compile(const Machine& machine,
                                                         std::vector<Diagnostic>* diagnostics
                                                         = nullptr);
    virtual ~CompiledMachine() = default;

    virtual const Machine& machine() const = 0;
    virtual int stateCount() const = 0;
    virtual int stateIndex(std::string_view id) const = 0;      // -1 if unknown
    virtual const std::string& stateId(int index) const = 0;
    virtual bool isAtomic(int index) const = 0;
    virtual int transitionIndex(std::string_view id) const = 0;  // -1 if unknown
    virtual const std::string& transitionId(int index) const = 0;
    virtual int variableIndex(std::string_view name) const = 0;
};

// Whether a transition's event attribute (SCXML descriptors separated by spaces:
// "Photo" also matches "Photo.Thumbnail", "Photo.*" is the same as "Photo", "*" matches
// every event) matches the event `eventName`; the very rule step() selects by.
bool eventDescriptorsMatch(std::string_view descriptors, std::string_view eventName);

StepResult start(const CompiledMachine& machine);
StepResult step(const CompiledMachine& machine, const Configuration& configuration,
                const Event& event);
// The same step for hosts that keep many machines and step them in a loop: the
// configuration changes in place (no copy), and `result` is cleared and refilled, its
// vectors' capacity reused; result.configuration is left empty. Equal to
// `configuration = step(machine, configuration, event).configuration` otherwise (a
// damaged configuration from a store is repaired in place).
void stepInPlace(const CompiledMachine& machine, Configuration& configuration, const Event& event,
                 StepResult& result);

// The active atomic states' ids, in document order.
std::vector<std::string> activeAtomicStates(const CompiledMachine& machine,
                                            const Configuration& configuration);

// Events raised, or taken in one macrostep, are capped so that a machine raising
// events in a loop ends with an Error action instead of hanging.
inline constexpr int kMaxMicrostepsPerMacrostep = 10000;

} // namespace swivel::model
