#pragma once
// A line diff of two texts (two versions of a state record, pretty-printed), as the
// store panel shows it: the lines of a longest common subsequence unchanged, the rest
// removed from the first or added in the second. Records are small (tens to a few
// hundred lines), so the quadratic table is fine; very large inputs that would need
// a huge table fall back to "all removed, all added" rather than stall the window.

#include <string>
#include <vector>

namespace swivel::emulation_ui {

struct DiffLine {
    enum class Kind { Same, Removed, Added };
    Kind kind = Kind::Same;
    std::string text;
    bool operator==(const DiffLine&) const = default;
};

// The lines of a and b in order; within a changed stretch the removed lines come
// before the added ones.
std::vector<DiffLine> diffLines(const std::vector<std::string>& a, const std::vector<std::string>& b);

// A text cut at '\n' (a final newline gives no empty last line).
std::vector<std::string> splitLines(const std::string& text);

} // namespace swivel::emulation_ui
