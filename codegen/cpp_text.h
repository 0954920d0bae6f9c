#pragma once
// Text from a model placed into generated C++: string literals, comments and
// identifiers. A model's names are whatever the user typed — quotes, backslashes,
// "*/", newlines, "#include", "??/", non-ASCII, keywords — and none of it may break
// or inject into the generated code.

#include <set>
#include <string>
#include <string_view>

namespace swivel::codegen {

// The inside of a C++ string literal (no quotes): printable ASCII as is, except
// quotes, backslashes and '?' (no trigraph can form); every other byte as a
// three-digit octal escape, which, unlike \x, never swallows the next character.
std::string escapeCppString(const std::string& text);
// `text` as a quoted C++ string literal.
std::string cppStringLiteral(std::string_view text);

// `text` made safe inside a // comment: one line (line breaks shown as spaces), no
// backslash that could splice the next line in, no "*/" or "??", invalid UTF-8 and
// control characters replaced.
std::string cppCommentText(std::string_view text);

// Hands out C++ identifiers made from free text: ASCII letters, digits and single
// underscores, never a keyword or a reserved name, and unique within the pool
// ("Idle" and "idle" stay apart as C++ is case-sensitive; "Focus!" and "Focus?" get
// "Focus" and "Focus_2").
class IdentifierPool {
public:
    explicit IdentifierPool(std::set<std::string> reserved = {});
    // `prefix` leads a name that would start with a digit or has no usable character.
    std::string make(std::string_view text, std::string_view prefix);

private:
    std::set<std::string> m_taken;
};

bool isCppKeyword(std::string_view word);

} // namespace swivel::codegen
