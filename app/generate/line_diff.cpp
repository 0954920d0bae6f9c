#include "generate/line_diff.h"

#include <algorithm>
#include <cstdint>
#include <unordered_set>

namespace swivel::generate {

namespace {

// Beyond this many cells (middle lines before × after) the table would cost more
// memory and time than a view refresh may take.
constexpr std::size_t kMaxTableCells = 4'000'000;

std::vector<std::string_view> splitLines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

} // namespace

std::vector<int> changedLines(std::string_view before, std::string_view after) {
    const std::vector<std::string_view> a = splitLines(before);
    const std::vector<std::string_view> b = splitLines(after);
    std::size_t head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head])
        ++head;
    std::size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head &&
           a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
        ++tail;
    const std::size_t n = a.size() - head - tail;
    const std::size_t m = b.size() - head - tail;

    std::vector<int> changed;
    if (n == 0) {
        for (std::size_t j = 0; j < m; ++j)
            changed.push_back(static_cast<int>(head + j + 1));
        return changed;
    }
    if (n * m > kMaxTableCells) {
        const std::unordered_set<std::string_view> old(a.begin() + static_cast<long>(head),
                                                       a.end() - static_cast<long>(tail));
        for (std::size_t j = 0; j < m; ++j) {
            if (!old.count(b[head + j]))
                changed.push_back(static_cast<int>(head + j + 1));
        }
        return changed;
    }
    // lcs[i][j]: the longest common subsequence of a's middle from i and b's from j.
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [m](std::size_t i, std::size_t j) { return i * (m + 1) + j; };
    for (std::size_t i = n; i-- > 0;) {
        for (std::size_t j = m; j-- > 0;) {
            lcs[at(i, j)] = a[head + i] == b[head + j]
                                ? lcs[at(i + 1, j + 1)] + 1
                                : std::max(lcs[at(i + 1, j)], lcs[at(i, j + 1)]);
        }
    }
    std::size_t i = 0;
    std::size_t j = 0;
    while (j < m) {
        if (i < n && a[head + i] == b[head + j]) {
            ++i;
            ++j;
        } else if (i < n && lcs[at(i + 1, j)] >= lcs[at(i, j + 1)]) {
            ++i;  // a line of `before` that is gone
        } else {
            changed.push_back(static_cast<int>(head + j + 1));
            ++j;
        }
    }
    return changed;
}

} // namespace swivel::generate
