#include "json_text.h"

namespace swivel::model::json_text {

using Json = nlohmann::json;

std::string quote(std::string_view text, std::size_t maxBytes) {
    std::string shown(text);
    if (text.size() > maxBytes) {
        std::size_t cut = maxBytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
            --cut;  // not inside a character
        }
        shown = std::string(text.substr(0, cut)) + "...";
    }
    return Json(shown).dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string describe(const Json& json) {
    switch (json.type()) {
    case Json::value_t::null:
        return "null";
    case Json::value_t::boolean:
        return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
        return "the number " + json.dump();
    case Json::value_t::string:
        return "the string " + quote(json.get_ref<const std::string&>());
    case Json::value_t::array:
        return "an array";
    case Json::value_t::object:
        return "an object";
    default:
        return "a value of another kind";
    }
}

} // namespace swivel::model::json_text
