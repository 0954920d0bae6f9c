#pragma once
// The model's UTF-8 text as Qt text, for the inspector's widgets.

#include <string_view>

#include <QString>

namespace swivel::inspector {

inline QString qs(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace swivel::inspector
