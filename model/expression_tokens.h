#pragma once
// The tokens of an expression as the parser's own lexer reads them, for editors that
// colour an expression while it is typed: the same words, numbers, strings and
// operators the parser sees, with their extents. Never fails: what the lexer rejects
// (a stray '=', an unclosed string) is an Error token and reading goes on after it.

#include <cstddef>
#include <string_view>
#include <vector>

namespace swivel::model {

enum class ExprTokenKind {
    Word,        // a name: a variable, true, false, event, in, a tag after "event."
    StateId,     // the argument of in(...), read with the state id alphabet ('.', '-')
    Number,      // 42, 1.5, 2e3 (a minus sign is an Operator)
    String,      // "text", quotes included
    Operator,    // ! != == < <= > >= + - * / % && ||
    Parenthesis, // ( )
    Dot,         // the '.' of event.<tag>
    Error,       // what the lexer rejects
};

struct ExprToken {
    ExprTokenKind kind = ExprTokenKind::Error;
    std::size_t offset = 0; // byte offset in the text
    std::size_t length = 0; // bytes, at least 1
    bool operator==(const ExprToken&) const = default;
};

std::vector<ExprToken> tokenizeExpression(std::string_view text);

} // namespace swivel::model
