#pragma once
// Makes element ids that no state or transition of a machine uses yet: ids are unique
// across both kinds, so the generator knows them all. A short-lived value that a
// command or tool creates from the machine it is about to change; it remembers the
// ids it has handed out, so one paste can ask for many.

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "model/machine.h"

namespace swivel::commands {

class IdGenerator {
public:
    explicit IdGenerator(const model::Machine& machine);

    bool isUsed(std::string_view id) const;
    // `base` numbered from 1 with the first number not in use: State1, State2, ...; t1, ...
    std::string next(std::string_view base);
    // `wanted` when it is free; else `wanted` without its trailing digits, numbered
    // from 2 ("Idle" -> "Idle2", "State3" -> "State2" when that is free).
    std::string fresh(std::string_view wanted);
    // Marks an id as taken without generating it.
    void reserve(std::string id) { m_used.insert(std::move(id)); }

    // The base of generated state ids: "State", "Parallel", "Final", "History", ...
    static std::string_view baseFor(model::StateKind kind);
    static constexpr std::string_view kTransitionBase = "t";
    static constexpr std::string_view kRegionBase = "Region";

private:
    std::string numbered(std::string_view base, int from);

    std::unordered_set<std::string> m_used;
    std::unordered_map<std::string, int> m_next; // per base: no number below is free
};

} // namespace swivel::commands
