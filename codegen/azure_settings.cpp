#include "azure_settings.h"

#include <algorithm>
#include <cstdio>

namespace swivel::codegen {

std::string stateTableName(const AzureSettings& settings, const std::string& functionName) {
    if (!settings.stateTable.empty())
        return settings.stateTable;
    std::string name;
    for (char c : functionName)
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            name += c;
    // A function name starts with a letter, so the table name does too.
    constexpr std::size_t kMaxTableName = 63;
    const std::string suffix = "State";
    name.resize(std::min(name.size(), kMaxTableName - suffix.size()));
    return name + suffix;
}

std::string retryInterval(int seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60,
                  seconds % 60);
    return text;
}

} // namespace swivel::codegen
