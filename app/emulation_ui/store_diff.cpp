#include "emulation_ui/store_diff.h"

#include <algorithm>
#include <cstdint>

namespace swivel::emulation_ui {

namespace {

// Beyond this many table cells the diff is not worth the memory and time.
constexpr std::size_t kMaxTableCells = 4'000'000;

} // namespace

std::vector<DiffLine> diffLines(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    using Kind = DiffLine::Kind;
    std::vector<DiffLine> out;

    // The common head and tail need no table; usually only a few lines in between differ.
    std::size_t head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head])
        ++head;
    std::size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head &&
           a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
        ++tail;
    for (std::size_t i = 0; i < head; ++i)
        out.push_back({Kind::Same, a[i]});

    const std::size_t n = a.size() - head - tail;
    const std::size_t m = b.size() - head - tail;
    if (n > 0 && m > 0 && (n + 1) * (m + 1) <= kMaxTableCells) {
        // lcs[i][j]: the longest common subsequence of a's middle from i and b's from j.
        std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
        auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
        for (std::size_t i = n; i-- > 0;) {
            for (std::size_t j = m; j-- > 0;) {
                at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1
                                                      : std::max(at(i + 1, j), at(i, j + 1));
            }
        }
        std::size_t i = 0, j = 0;
        std::vector<DiffLine> added;  // held back so that a stretch reads removed, then added
        auto flushAdded = [&] {
            out.insert(out.end(), added.begin(), added.end());
            added.clear();
        };
        while (i < n || j < m) {
            if (i < n && j < m && a[head + i] == b[head + j]) {
                flushAdded();
                out.push_back({Kind::Same, a[head + i]});
                ++i;
                ++j;
            } else if (j >= m || (i < n && at(i + 1, j) >= at(i, j + 1))) {
                out.push_back({Kind::Removed, a[head + i]});
                ++i;
            } else {
                added.push_back({Kind::Added, b[head + j]});
                ++j;
            }
        }
        flushAdded();
    } else {
        for (std::size_t i = 0; i < n; ++i)
            out.push_back({Kind::Removed, a[head + i]});
        for (std::size_t j = 0; j < m; ++j)
            out.push_back({Kind::Added, b[head + j]});
    }

    for (std::size_t k = b.size() - tail; k < b.size(); ++k)
        out.push_back({Kind::Same, b[k]});
    return out;
}

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

} // namespace swivel::emulation_ui
