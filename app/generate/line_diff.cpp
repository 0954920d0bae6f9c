#include "generate/line_diff.h"

#include "emulation_ui/store_diff.h"

namespace swivel::generate {

std::vector<int> changedLines(const std::string& before, const std::string& after) {
    using emulation_ui::DiffLine;
    std::vector<int> changed;
    int line = 0;  // in `after`: its lines are the same and the added ones, in order
    for (const DiffLine& diff :
         emulation_ui::diffLines(emulation_ui::splitLines(before), emulation_ui::splitLines(after))) {
        if (diff.kind == DiffLine::Kind::Removed)
            continue;
        ++line;
        if (diff.kind == DiffLine::Kind::Added)
            changed.push_back(line);
    }
    return changed;
}

} // namespace swivel::generate
