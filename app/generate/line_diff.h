#pragma once
// Which lines of a regenerated file are new since the text the user last saw: the
// lines the store panel's line diff (emulation_ui/store_diff.h) marks as added.

#include <string>
#include <vector>

namespace swivel::generate {

// 1-based line numbers of `after`, ascending.
std::vector<int> changedLines(const std::string& before, const std::string& after);

} // namespace swivel::generate
