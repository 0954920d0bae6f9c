#pragma once
// Which lines of a regenerated file are new since the text the user last saw: the
// lines of `after` outside a longest common subsequence of lines with `before`.
// Regeneration changes a few places in a long file, so the common head and tail are
// cut first and the quadratic part only sees the middle; a middle too large for that
// falls back to "every line whose text did not occur before".

#include <string_view>
#include <vector>

namespace swivel::generate {

// 1-based line numbers of `after`, ascending.
std::vector<int> changedLines(std::string_view before, std::string_view after);

} // namespace swivel::generate
