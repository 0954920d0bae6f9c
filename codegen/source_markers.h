#pragma once
// How a template says which of its lines belong to which state or transition: the
// generator puts a begin and an end marker into the values (regionBegin, regionEnd),
// the template places them around the element's lines, and strip() takes them out of
// the rendered text again, noting the lines between them in a SourceMap.
//
// A marker is "\x1E" [ "/" ] <index> "\x1F": record and unit separator around the
// index of the element in this object's table ("/" for an end). Generated C++ never
// holds these control characters — every text from the model reaches it escaped
// (cpp_text.h) — so no text of the user can be read as a marker. A line holding only
// markers vanishes with its line break, so a template may give a marker its own line
// without changing the file.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codegen/source_map.h"

namespace swivel::codegen {

class SourceMarkers {
public:
    std::string begin(const SourceElement& element);
    std::string end(const SourceElement& element);

    // `text` without its markers; each region between a begin and its end added to
    // `map` under `path`. Unbalanced or malformed markers (a template's bug) are
    // dropped and described in `error`, left empty otherwise.
    std::string strip(const std::string& text, const std::string& path, SourceMap& map,
                      std::string& error) const;

    // Whether `text` holds a character markers are made of.
    static bool hasMarkerCharacter(std::string_view text);

private:
    int indexOf(const SourceElement& element);

    std::vector<SourceElement> m_elements;
    std::map<std::pair<SourceElementKind, std::string>, int> m_indexes;
};

} // namespace swivel::codegen
