#pragma once
// The structure of a device state machine: states, transitions, actions, variables,
// and the layout kept apart from structure. Plain data owned by whoever loads it
// (the designer's document, the emulator, the generator); no behaviour here beyond
// lookups. Semantics live in semantics.h, checks in validation.h.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "value.h"

namespace swivel::model {

// An expression in Swivel's expression language, kept as source text. Parsing and
// checking happen in expression.h; the model only stores what the user wrote.
struct ExpressionText {
    std::string text;
    bool empty() const { return text.empty(); }
    bool operator==(const ExpressionText&) const = default;
};

// A named argument of a send or call: name = expression.
struct Argument {
    std::string name;
    ExpressionText value;
    bool operator==(const Argument&) const = default;
};

enum class ActionKind { Send, Assign, Raise, Log, Call };

// Executable content, run on entry, on exit, or when a transition is taken.
//   Send:   command `name` to the machine's device (or `target`, a device id) with args.
//   Assign: variable `name` = `expr`.
//   Raise:  internal event `name` (args become its tags); with delayMs, a delayed
//           event to the machine itself (the host schedules it).
//   Log:    `label` and the value of `expr`.
//   Call:   µ-service `name` with args; its answer arrives later as event `reply`.
struct Action {
    ActionKind kind = ActionKind::Log;
    std::string name;
    std::vector<Argument> args;
    ExpressionText expr;
    std::string label;
    std::string target;
    std::string reply;
    std::optional<std::int64_t> delayMs;
    bool operator==(const Action&) const = default;
};

enum class StateKind {
    State,           // atomic, or compound when it has children
    Parallel,        // all children active together (regions)
    Final,
    ShallowHistory,
    DeepHistory,
};

struct State {
    std::string id;      // unique in the machine; also the name shown
    std::string parent;  // empty: top level
    StateKind kind = StateKind::State;
    std::string initial; // compound only: id of the initial child
    std::string description;
    std::vector<Action> onEntry;
    std::vector<Action> onExit;
    bool operator==(const State&) const = default;
};

enum class TransitionType { External, Internal };

struct Transition {
    std::string id;                    // unique in the machine
    std::string source;
    std::vector<std::string> targets;  // empty: targetless
    // Event descriptors separated by spaces, as in SCXML: "Motion", "Photo" (also matches
    // "Photo.Thumbnail"), "Photo.*", "*". Empty with no afterMs: an eventless transition.
    std::string event;
    std::optional<std::int64_t> afterMs;  // a timer transition: fires afterMs after entry
    ExpressionText guard;
    std::vector<Action> actions;
    TransitionType type = TransitionType::External;
    bool operator==(const Transition&) const = default;
};

struct Variable {
    std::string name;
    Type type = Type::Int;
    Value initial = std::int64_t{0};
    bool operator==(const Variable&) const = default;
};

// Layout, kept apart from structure so that structural edits give small diffs.
struct Point {
    double x = 0, y = 0;
    bool operator==(const Point&) const = default;
};
struct Rect {
    double x = 0, y = 0, width = 0, height = 0;
    bool operator==(const Rect&) const = default;
};
struct EdgeLayout {
    std::vector<Point> route;          // control points between source and target
    std::optional<Point> label;        // label centre
    bool operator==(const EdgeLayout&) const = default;
};
struct Layout {
    std::map<std::string, Rect> states;            // by state id; scene coordinates
    std::map<std::string, EdgeLayout> transitions; // by transition id
    bool operator==(const Layout&) const = default;
};

inline constexpr int kFormatVersion = 1;

// A whole machine. `states` are in document order (a parent before its children,
// siblings in order); `transitions` keep document order among those of one source.
struct Machine {
    std::string name;
    std::string deviceType;   // id of a DeviceType in the catalog
    std::string description;
    std::string initial;      // id of the top-level initial state
    std::vector<Variable> variables;
    std::vector<State> states;
    std::vector<Transition> transitions;
    Layout layout;
    bool operator==(const Machine&) const = default;

    const State* findState(std::string_view id) const;
    State* findState(std::string_view id);
    const Transition* findTransition(std::string_view id) const;
    const Variable* findVariable(std::string_view name) const;
    std::vector<const State*> children(std::string_view parentId) const;  // "" = top level
    std::vector<const Transition*> transitionsFrom(std::string_view stateId) const;
    bool isCompound(const State& state) const;  // kind State with children
    bool isAtomic(const State& state) const;    // State without children, or Final
};

std::string_view actionKindName(ActionKind kind);       // "send", "assign", ...
std::optional<ActionKind> actionKindFromName(std::string_view name);
std::string_view stateKindName(StateKind kind);         // "state", "parallel", "final",
                                                        // "history", "deepHistory"
std::optional<StateKind> stateKindFromName(std::string_view name);

} // namespace swivel::model
