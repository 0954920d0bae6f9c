#pragma once
// Which lines of the generated files came from which state or transition of the
// machine: the studio highlights a diagram element's code and selects the element
// whose code the user clicks. A generator fills it while writing its files.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace swivel::codegen {

enum class SourceElementKind { State, Transition };

struct SourceElement {
    SourceElementKind kind;
    std::string id;  // the model's state or transition id
    bool operator==(const SourceElement&) const = default;
};

// Lines are 1-based and inclusive.
struct SourceRegion {
    SourceElement element;
    int firstLine;
    int lastLine;
};

class SourceMap {
public:
    // `path` is the file's path in the generator's FileSet.
    void add(const std::string& path, SourceRegion region);

    // By first line; of regions starting on the same line, the longer (outer) first.
    // Empty for a path with no regions.
    const std::vector<SourceRegion>& regions(const std::string& path) const;
    // Every region generated for `element`, in every file (paths in sorted order).
    std::vector<std::pair<std::string, SourceRegion>> regionsOf(const SourceElement& element) const;
    // The innermost (shortest) region of `path` containing `line`, if any.
    std::optional<SourceElement> elementAt(const std::string& path, int line) const;
    // The files that have regions, sorted.
    std::vector<std::string> paths() const;
    bool empty() const { return m_regions.empty(); }

private:
    std::map<std::string, std::vector<SourceRegion>> m_regions;
};

// The 1-based line of a character offset in a text; for generators that write their
// output themselves and note where an element's lines start and end.
class LineIndex {
public:
    explicit LineIndex(const std::string& text);
    // The line holding the character at `offset` (a '\n' belongs to the line it ends).
    int lineAt(std::size_t offset) const;

private:
    std::vector<std::size_t> m_newlines;
};

// Regions a generator notes by character offsets while it writes one file, turned
// into lines once the text is complete.
class OffsetRegions {
public:
    // The region covers the characters [begin, end): `end` is one past its last
    // character, usually just after its last '\n'. Empty ranges are ignored.
    void add(SourceElement element, std::size_t begin, std::size_t end);
    void addTo(SourceMap& map, const std::string& path, const std::string& text) const;

private:
    struct Range {
        SourceElement element;
        std::size_t begin;
        std::size_t end;
    };
    std::vector<Range> m_ranges;
};

} // namespace swivel::codegen
