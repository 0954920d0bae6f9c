#include "identifier.h"

namespace swivel::codegen {

namespace {

bool isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
}
char upper(char c) {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

} // namespace

bool isAzureFunctionName(std::string_view name) {
    if (name.empty() || name.size() > kMaxAzureFunctionNameLength || !isAsciiLetter(name.front()))
        return false;
    for (char c : name)
        if (!isAsciiLetter(c) && !isAsciiDigit(c) && c != '_')
            return false;
    return true;
}

std::string azureFunctionName(std::string_view machineName) {
    std::string name;
    bool wordStart = true;
    for (char c : machineName) {
        if (!isAsciiLetter(c) && !isAsciiDigit(c)) {
            wordStart = true;
            continue;
        }
        name += wordStart ? upper(c) : c;
        wordStart = false;
    }
    if (name.empty() || isAsciiDigit(name.front()))
        name.insert(0, "Machine");
    if (name.size() > kMaxAzureFunctionNameLength)
        name.resize(kMaxAzureFunctionNameLength);
    return name;
}

} // namespace swivel::codegen
