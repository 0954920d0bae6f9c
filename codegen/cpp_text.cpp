#include "codegen/cpp_text.h"

#include <iterator>
#include <algorithm>

namespace swivel::codegen {

namespace {

// Length of the valid UTF-8 sequence at text[i], or 0.
std::size_t utf8Length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    std::size_t length = 0;
    if (c >= 0xc2 && c <= 0xdf)
        length = 2;
    else if (c >= 0xe0 && c <= 0xef)
        length = 3;
    else if (c >= 0xf0 && c <= 0xf4)
        length = 4;
    else
        return 0;
    if (i + length > text.size())
        return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xc0) != 0x80)
            return 0;
    }
    // Overlong forms, surrogates and code points above U+10FFFF.
    if ((c == 0xe0 && byte(i + 1) < 0xa0) || (c == 0xed && byte(i + 1) > 0x9f) ||
        (c == 0xf0 && byte(i + 1) < 0x90) || (c == 0xf4 && byte(i + 1) > 0x8f))
        return 0;
    return length;
}

constexpr std::string_view kKeywords[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
    "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept",
    "const", "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
    "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast",
    "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto",
    "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
    "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register",
    "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static",
    "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local",
    "throw", "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using",
    "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
    // Macros and names a generated file sees through its includes.
    "NULL", "assert", "errno", "EOF", "final", "override", "import", "module"};

} // namespace

std::string escapeCppString(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\' || c == '?') {
            out += '\\';
            out += ch;
        } else if (c >= 0x20 && c < 0x7f) {
            out += ch;
        } else {
            out += '\\';
            out += static_cast<char>('0' + ((c >> 6) & 7));
            out += static_cast<char>('0' + ((c >> 3) & 7));
            out += static_cast<char>('0' + (c & 7));
        }
    }
    return out;
}

std::string cppStringLiteral(std::string_view text) {
    return "\"" + escapeCppString(std::string(text)) + "\"";
}

std::string cppCommentText(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            const std::size_t length = utf8Length(text, i);
            if (length == 0) {
                out += '?';
                ++i;
            } else {
                out.append(text.substr(i, length));
                i += length;
            }
            continue;
        }
        if (c == '\n' || c == '\r' || c == '\t')
            out += ' ';
        else if (c < 0x20 || c == 0x7f)
            out += '?';
        else if (c == '\\')
            out += '/';  // a backslash before the line's end would splice the next line in
        else if (c == '/' && !out.empty() && out.back() == '*')
            out += " /";
        else if (c == '?' && !out.empty() && out.back() == '?')
            out += " ?";
        else
            out += static_cast<char>(c);
        ++i;
    }
    return out;
}

bool isCppKeyword(std::string_view word) {
    return std::find(std::begin(kKeywords), std::end(kKeywords), word) != std::end(kKeywords);
}

IdentifierPool::IdentifierPool(std::set<std::string> reserved) : m_taken(std::move(reserved)) {}

std::string IdentifierPool::make(std::string_view text, std::string_view prefix) {
    std::string base;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (word)
            base += ch;
        else if (!base.empty() && base.back() != '_')
            base += '_';  // one underscore per run: "__" is reserved
    }
    while (!base.empty() && base.back() == '_')
        base.pop_back();
    if (base.empty() || (base[0] >= '0' && base[0] <= '9'))
        base = std::string(prefix) + (base.empty() ? "" : "_" + base);
    if (isCppKeyword(base))
        base += "_";
    std::string name = base;
    for (int n = 2; m_taken.count(name); ++n)
        name = base + (base.back() == '_' ? "" : "_") + std::to_string(n);
    m_taken.insert(name);
    return name;
}

} // namespace swivel::codegen
