#include "scxml_expression.h"

#include <array>
#include <cctype>

#include "model/expression.h"
#include "model/expression_tokens.h"

namespace swivel::codegen {

namespace {

using model::ExprToken;
using model::ExprTokenKind;

bool isIdentifierStart(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}
bool isIdentifierChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

std::string_view textOf(std::string_view text, const ExprToken& token) {
    return text.substr(token.offset, token.length);
}

// One ECMAScript token as the importer reads it.
struct EcmaToken {
    enum Kind { Name, Number, String, Operator, End, Bad } kind = End;
    std::size_t offset = 0;
    std::size_t length = 0;
    std::string value;  // the string's contents (escapes kept), the operator, the name
};

class EcmaLexer {
public:
    explicit EcmaLexer(std::string_view text) : m_text(text) {}

    std::size_t skipSpace() {
        while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos])))
            ++m_pos;
        return m_pos;
    }

    EcmaToken next() {
        skipSpace();
        EcmaToken token;
        token.offset = m_pos;
        if (m_pos >= m_text.size())
            return token;
        const char c = m_text[m_pos];
        if (isIdentifierStart(c)) {
            std::size_t end = m_pos;
            while (end < m_text.size() && isIdentifierChar(m_text[end]))
                ++end;
            token.kind = EcmaToken::Name;
            token.value = std::string(m_text.substr(m_pos, end - m_pos));
        } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                   (c == '.' && m_pos + 1 < m_text.size() &&
                    std::isdigit(static_cast<unsigned char>(m_text[m_pos + 1])))) {
            std::size_t end = m_pos;
            while (end < m_text.size() &&
                   (std::isalnum(static_cast<unsigned char>(m_text[end])) || m_text[end] == '.' ||
                    ((m_text[end] == '+' || m_text[end] == '-') &&
                     (m_text[end - 1] == 'e' || m_text[end - 1] == 'E'))))
                ++end;
            token.kind = EcmaToken::Number;
            token.value = std::string(m_text.substr(m_pos, end - m_pos));
        } else if (c == '"' || c == '\'') {
            std::size_t end = m_pos + 1;
            std::string value;
            bool closed = false;
            while (end < m_text.size()) {
                const char d = m_text[end];
                if (d == '\\' && end + 1 < m_text.size()) {
                    const char e = m_text[end + 1];
                    if (e == '\'')
                        value += '\'';  // Swivel strings need no escape for '
                    else
                        value += std::string{d, e};
                    end += 2;
                    continue;
                }
                ++end;
                if (d == c) {
                    closed = true;
                    break;
                }
                if (d == '"')
                    value += "\\\"";  // a " inside '...' needs one in "..."
                else
                    value += d;
            }
            token.kind = closed ? EcmaToken::String : EcmaToken::Bad;
            token.value = std::move(value);
            token.length = end - m_pos;
            m_pos = end;
            return token;
        } else {
            static constexpr std::array<std::string_view, 22> operators{
                "===", "!==", "==", "!=", "<=", ">=", "&&", "||", "<", ">", "!",
                "+",   "-",   "*",  "/",  "%",  "(",  ")",  ".", "[", "]", ","};
            token.kind = EcmaToken::Bad;
            token.value = std::string(1, c);
            for (std::string_view op : operators) {
                if (m_text.substr(m_pos, op.size()) == op) {
                    token.kind = EcmaToken::Operator;
                    token.value = std::string(op);
                    break;
                }
            }
            // '=' alone (assignment) and the rest stay Bad with one character.
            if (token.kind == EcmaToken::Operator && (token.value == "<" || token.value == ">") &&
                m_text.substr(m_pos, 2) == std::string(token.value) + token.value)
                token.kind = EcmaToken::Bad;  // shifts
        }
        token.length = token.value.size();
        m_pos += token.length;
        return token;
    }

    std::size_t position() const { return m_pos; }
    void reset(std::size_t pos) { m_pos = pos; }

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
};

} // namespace

bool isReservedEcmaScriptName(std::string_view name) {
    static constexpr std::array<std::string_view, 52> reserved{
        "break",      "case",     "catch",     "class",   "const",     "continue",  "debugger",
        "default",    "delete",   "do",        "else",    "enum",      "export",    "extends",
        "false",      "finally",  "for",       "function", "if",       "import",    "in",
        "instanceof", "new",      "null",      "return",  "super",     "switch",    "this",
        "throw",      "true",     "try",       "typeof",  "var",       "void",      "while",
        "with",       "yield",    "let",       "static",  "implements", "interface", "package",
        "private",    "protected", "public",   "await",   "undefined", "_event",    "_sessionid",
        "_name",      "_ioprocessors", "In"};
    for (std::string_view word : reserved)
        if (word == name)
            return true;
    return name == "_x" || name == "NaN" || name == "Infinity";
}

std::string swivelToEcmaScript(std::string_view swivel) {
    const std::vector<ExprToken> tokens = model::tokenizeExpression(swivel);
    std::string out;
    std::size_t pos = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const ExprToken& token = tokens[i];
        out += swivel.substr(pos, token.offset - pos);
        pos = token.offset + token.length;
        const std::string_view word = textOf(swivel, token);
        if (token.kind == ExprTokenKind::Word && word == "event" && i + 2 < tokens.size() &&
            tokens[i + 1].kind == ExprTokenKind::Dot && tokens[i + 2].kind == ExprTokenKind::Word) {
            out += "_event.data.";
            out += textOf(swivel, tokens[i + 2]);
            pos = tokens[i + 2].offset + tokens[i + 2].length;
            i += 2;
            continue;
        }
        if (token.kind == ExprTokenKind::Word && word == "in" && i + 3 < tokens.size() &&
            textOf(swivel, tokens[i + 1]) == "(" && tokens[i + 2].kind == ExprTokenKind::StateId &&
            textOf(swivel, tokens[i + 3]) == ")") {
            out += "In('";
            out += textOf(swivel, tokens[i + 2]);
            out += "')";
            pos = tokens[i + 3].offset + tokens[i + 3].length;
            i += 3;
            continue;
        }
        out += word;
    }
    out += swivel.substr(pos);
    return out;
}

EcmaScriptImport ecmaScriptToSwivel(std::string_view ecma,
                                    const std::function<bool(std::string_view)>& isVariable) {
    EcmaScriptImport result;
    EcmaLexer lexer(ecma);
    std::string out;
    std::vector<std::size_t> origin;  // for each byte of `out`, the offset in `ecma` it came from
    auto emit = [&](std::string_view text, std::size_t from) {
        out += text;
        origin.insert(origin.end(), text.size(), from);
    };
    auto fail = [&](std::size_t offset, std::string message) {
        result.ok = false;
        result.offset = offset;
        result.message = std::move(message);
        return result;
    };
    std::size_t copied = 0;  // `ecma` is copied up to here (spaces between tokens)
    while (true) {
        const std::size_t spaceStart = copied;
        const std::size_t tokenStart = lexer.skipSpace();
        for (std::size_t k = spaceStart; k < tokenStart; ++k)
            emit(ecma.substr(k, 1), k);
        EcmaToken token = lexer.next();
        if (token.kind == EcmaToken::End)
            break;
        switch (token.kind) {
        case EcmaToken::Name: {
            const std::size_t after = lexer.position();
            if (token.value == "_event") {
                // _event.data.<tag>
                EcmaToken dot1 = lexer.next();
                EcmaToken data = lexer.next();
                EcmaToken dot2 = lexer.next();
                EcmaToken tag = lexer.next();
                if (dot1.value != "." || data.kind != EcmaToken::Name || data.value != "data" ||
                    dot2.value != "." || tag.kind != EcmaToken::Name)
                    return fail(token.offset,
                                "only _event.data.<name> can be translated (an event tag)");
                emit("event.", token.offset);
                emit(tag.value, tag.offset);
            } else if (token.value == "In") {
                EcmaToken open = lexer.next();
                EcmaToken state = lexer.next();
                EcmaToken close = lexer.next();
                if (open.value != "(" || state.kind != EcmaToken::String || close.value != ")")
                    return fail(token.offset, "In() takes one quoted state id");
                emit("in(", token.offset);
                emit(state.value, state.offset + 1);
                emit(")", close.offset);
            } else if (token.value == "true" || token.value == "false") {
                emit(token.value, token.offset);
            } else if (isReservedEcmaScriptName(token.value) || !isVariable(token.value)) {
                return fail(token.offset, "'" + token.value +
                                              "' is not a variable of the data model; Swivel "
                                              "cannot translate it");
            } else {
                EcmaToken following = lexer.next();
                lexer.reset(after);
                if (following.value == "(" || following.value == "." || following.value == "[")
                    return fail(following.offset,
                                "calls and member access cannot be translated to Swivel");
                emit(token.value, token.offset);
            }
            break;
        }
        case EcmaToken::Number:
            if (token.value.size() > 1 && token.value[0] == '0' &&
                std::isalpha(static_cast<unsigned char>(token.value[1])))
                return fail(token.offset, "only decimal numbers can be translated");
            emit(token.value, token.offset);
            break;
        case EcmaToken::String:
            emit("\"", token.offset);
            emit(token.value, token.offset + 1);
            emit("\"", token.offset + token.length - 1);
            break;
        case EcmaToken::Operator:
            if (token.value == "." || token.value == "[" || token.value == "]" ||
                token.value == ",")
                return fail(token.offset, "'" + token.value + "' cannot be translated to Swivel");
            emit(token.value == "===" ? "==" : token.value == "!==" ? "!=" : token.value,
                 token.offset);
            break;
        case EcmaToken::Bad:
        case EcmaToken::End:
            return fail(token.offset, "'" + token.value + "' cannot be translated to Swivel");
        }
        copied = lexer.position();
    }
    const model::Expression parsed = model::Expression::parse(out);
    if (!parsed.ok()) {
        const model::ExprError& error = parsed.errors().front();
        const std::size_t at = error.offset < origin.size() ? origin[error.offset] : ecma.size();
        return fail(at, error.message);
    }
    result.ok = true;
    result.text = std::move(out);
    return result;
}

} // namespace swivel::codegen
