#include "codegen/source_markers.h"

#include <optional>

namespace swivel::codegen {

namespace {

constexpr char kOpen = '\x1E';
constexpr char kClose = '\x1F';
constexpr char kEndFlag = '/';

struct Marker {
    bool end;
    int index;
};

// One line of rendered text (without its '\n'): its text without markers, and its
// markers in order.
struct ParsedLine {
    std::string content;
    std::vector<Marker> markers;
    bool malformed = false;
};

ParsedLine parseLine(std::string_view line) {
    ParsedLine parsed;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == kClose) {
            parsed.malformed = true;  // a close without an open: dropped
            continue;
        }
        if (line[i] != kOpen) {
            parsed.content += line[i];
            continue;
        }
        const std::size_t close = line.find(kClose, i + 1);
        if (close == std::string_view::npos) {
            parsed.malformed = true;
            continue;
        }
        std::string_view body = line.substr(i + 1, close - i - 1);
        Marker marker{!body.empty() && body.front() == kEndFlag, 0};
        if (marker.end)
            body.remove_prefix(1);
        bool digits = !body.empty() && body.size() < 10;
        for (char c : body)
            digits = digits && c >= '0' && c <= '9';
        if (digits) {
            marker.index = std::stoi(std::string(body));
            parsed.markers.push_back(marker);
        } else {
            parsed.malformed = true;
        }
        i = close;
    }
    return parsed;
}

} // namespace

int SourceMarkers::indexOf(const SourceElement& element) {
    const int next = static_cast<int>(m_elements.size());
    const auto [it, added] = m_indexes.emplace(std::make_pair(element.kind, element.id), next);
    if (added)
        m_elements.push_back(element);
    return it->second;
}

std::string SourceMarkers::begin(const SourceElement& element) {
    return kOpen + std::to_string(indexOf(element)) + kClose;
}

std::string SourceMarkers::end(const SourceElement& element) {
    return std::string{kOpen, kEndFlag} + std::to_string(indexOf(element)) + kClose;
}

bool SourceMarkers::hasMarkerCharacter(std::string_view text) {
    return text.find_first_of(std::string{kOpen, kClose}) != std::string_view::npos;
}

std::string SourceMarkers::strip(const std::string& text, const std::string& path, SourceMap& map,
                                 std::string& error) const {
    error.clear();
    const auto problem = [&error](const std::string& what) {
        if (error.empty())
            error = what;
    };
    std::string out;
    out.reserve(text.size());
    int keptLines = 0;
    struct Open {
        int index;
        int firstLine;
    };
    std::vector<Open> open;
    for (std::size_t start = 0; start < text.size();) {
        const std::size_t newline = text.find('\n', start);
        const bool hasNewline = newline != std::string::npos;
        const std::size_t stop = hasNewline ? newline : text.size();
        const ParsedLine line = parseLine(std::string_view(text).substr(start, stop - start));
        start = hasNewline ? newline + 1 : text.size();
        if (line.malformed)
            problem("a malformed region marker");
        const bool kept = line.markers.empty() || !line.content.empty();
        // A region begun here starts on this line if it stays, else on the next one
        // that does: either way the next line number. One ended here ends on this line
        // if it stays, else on the last line kept.
        const int thisLine = keptLines + 1;
        for (const Marker& marker : line.markers) {
            if (marker.index < 0 || marker.index >= static_cast<int>(m_elements.size())) {
                problem("a region marker of an unknown element");
                continue;
            }
            if (!marker.end) {
                open.push_back({marker.index, thisLine});
                continue;
            }
            if (open.empty() || open.back().index != marker.index) {
                problem("a region end without its begin");
                continue;
            }
            const int lastLine = kept ? thisLine : keptLines;
            if (lastLine >= open.back().firstLine)
                map.add(path, {m_elements[static_cast<std::size_t>(marker.index)],
                               open.back().firstLine, lastLine});
            open.pop_back();
        }
        if (!kept)
            continue;
        out += line.content;
        if (hasNewline)
            out += '\n';
        ++keptLines;
    }
    if (!open.empty())
        problem("a region begin without its end");
    return out;
}

} // namespace swivel::codegen
