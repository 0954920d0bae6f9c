#pragma once
// Values of the expression language, variables and event tags (bool, int, double,
// string), and events.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace statechart {

using Value = std::variant<bool, std::int64_t, double, std::string>;

struct Tag {
    std::string name;
    Value value;
    bool operator==(const Tag&) const = default;
};

struct Event {
    std::string name;       // "Motion", "done.state.Shoot", "after:t2", ...
    std::vector<Tag> tags;
    const Value* tag(std::string_view tagName) const;
    bool operator==(const Event&) const = default;
};

// An expression that cannot be evaluated: a missing tag, a type mismatch, a division
// by zero. The message is the one Swivel's emulator gives.
class EvaluationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

const char* typeName(const Value& value);  // "bool", "int", "double", "string"

} // namespace statechart
