#include "codegen/source_map.h"

#include <algorithm>

namespace swivel::codegen {

void SourceMap::add(const std::string& path, SourceRegion region) {
    std::vector<SourceRegion>& list = m_regions[path];
    const auto before = [](const SourceRegion& a, const SourceRegion& b) {
        return a.firstLine != b.firstLine ? a.firstLine < b.firstLine : a.lastLine > b.lastLine;
    };
    list.insert(std::upper_bound(list.begin(), list.end(), region, before), std::move(region));
}

const std::vector<SourceRegion>& SourceMap::regions(const std::string& path) const {
    static const std::vector<SourceRegion> none;
    const auto it = m_regions.find(path);
    return it == m_regions.end() ? none : it->second;
}

std::vector<std::pair<std::string, SourceRegion>>
SourceMap::regionsOf(const SourceElement& element) const {
    std::vector<std::pair<std::string, SourceRegion>> found;
    for (const auto& [path, list] : m_regions)
        for (const SourceRegion& region : list)
            if (region.element == element)
                found.emplace_back(path, region);
    return found;
}

std::optional<SourceElement> SourceMap::elementAt(const std::string& path, int line) const {
    const SourceRegion* best = nullptr;
    for (const SourceRegion& region : regions(path)) {
        if (region.firstLine > line)
            break;  // in line order: no later region starts early enough
        if (region.lastLine < line)
            continue;
        // Of equally short regions the later one starts later or equally: it is inside.
        if (!best || region.lastLine - region.firstLine <= best->lastLine - best->firstLine)
            best = &region;
    }
    if (!best)
        return std::nullopt;
    return best->element;
}

std::vector<std::string> SourceMap::paths() const {
    std::vector<std::string> result;
    for (const auto& entry : m_regions)
        result.push_back(entry.first);
    return result;
}

LineIndex::LineIndex(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n')
            m_newlines.push_back(i);
}

int LineIndex::lineAt(std::size_t offset) const {
    // The line is one more than the count of line breaks before `offset`.
    const auto before = std::lower_bound(m_newlines.begin(), m_newlines.end(), offset);
    return static_cast<int>(before - m_newlines.begin()) + 1;
}

void OffsetRegions::add(SourceElement element, std::size_t begin, std::size_t end) {
    if (end > begin)
        m_ranges.push_back({std::move(element), begin, end});
}

void OffsetRegions::addTo(SourceMap& map, const std::string& path, const std::string& text) const {
    const LineIndex lines(text);
    for (const Range& range : m_ranges)
        map.add(path, {range.element, lines.lineAt(range.begin), lines.lineAt(range.end - 1)});
}

} // namespace swivel::codegen
