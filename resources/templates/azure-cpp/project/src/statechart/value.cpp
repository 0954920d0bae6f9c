#include "statechart/value.h"

namespace statechart {

const Value* Event::tag(std::string_view tagName) const {
    for (const Tag& tag : tags) {
        if (tag.name == tagName)
            return &tag.value;
    }
    return nullptr;
}

const char* typeName(const Value& value) {
    switch (value.index()) {
    case 0:
        return "bool";
    case 1:
        return "int";
    case 2:
        return "double";
    default:
        return "string";
    }
}

} // namespace statechart
