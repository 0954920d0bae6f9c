#include "scxml_expression.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

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

// Each node's type, as the checker finds it from the variables' types alone.
std::map<const model::ExprNode*, model::Type> nodeTypes(
    const model::Expression& expression, const std::vector<model::Variable>& variables) {
    model::TypeScope scope;
    for (const model::Variable& variable : variables)
        scope.variables[variable.name] = variable.type;
    std::vector<model::ExprError> errors;
    std::map<const model::ExprNode*, model::Type> types;
    expression.check(scope, errors, &types);
    return types;
}

bool hasNodeSpanning(const model::ExprNode* node, std::size_t begin, std::size_t end) {
    if (!node)
        return false;
    if (node->offset == begin && node->offset + node->length == end)
        return true;
    for (const auto& operand : node->operands)
        if (hasNodeSpanning(operand.get(), begin, end))
            return true;
    return false;
}

// [begin, end) of `text` without the spaces at either end.
TextSpan trimmedSpan(std::string_view text, std::size_t begin, std::size_t end) {
    while (begin < end && std::isspace(static_cast<unsigned char>(text[begin])))
        ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1])))
        --end;
    return {begin, end};
}

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

Divisions divisionsOf(std::string_view swivel, const std::vector<model::Variable>& variables) {
    Divisions divisions;
    const model::Expression expression = model::Expression::parse(swivel);
    if (!expression.ok() || expression.empty())
        return divisions;
    const auto types = nodeTypes(expression, variables);
    // Depth first, left before right: the order of where the divisions begin, outer first.
    std::vector<const model::ExprNode*> nodes{expression.root()};
    while (!nodes.empty()) {
        const model::ExprNode* node = nodes.back();
        nodes.pop_back();
        if (node->op == model::ExprOp::Div) {
            const auto type = types.find(node);
            const TextSpan span{node->offset, node->offset + node->length};
            if (type == types.end())
                divisions.untyped.push_back(span);
            else if (type->second == model::Type::Int)
                divisions.integer.push_back(span);
        }
        for (auto operand = node->operands.rbegin(); operand != node->operands.rend(); ++operand)
            nodes.push_back(operand->get());
    }
    return divisions;
}

bool isIntegerDivision(std::string_view swivel, const std::vector<model::Variable>& variables) {
    const model::Expression expression = model::Expression::parse(swivel);
    const model::ExprNode* root = expression.ok() ? expression.root() : nullptr;
    if (!root || root->op != model::ExprOp::Div)
        return false;
    const auto types = nodeTypes(expression, variables);
    const auto type = types.find(root);
    return type != types.end() && type->second == model::Type::Int;
}

std::string swivelToEcmaScript(std::string_view swivel, const std::vector<TextSpan>& truncated) {
    const std::vector<ExprToken> tokens = model::tokenizeExpression(swivel);
    std::string out;
    std::size_t pos = 0;
    std::size_t nextSpan = 0;
    std::vector<std::size_t> openEnds;  // ends of the Math.trunc( written, innermost last
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const ExprToken& token = tokens[i];
        out += swivel.substr(pos, token.offset - pos);
        while (nextSpan < truncated.size() && truncated[nextSpan].begin <= token.offset) {
            if (truncated[nextSpan].begin == token.offset) {
                out += "Math.trunc(";
                openEnds.push_back(truncated[nextSpan].end);
            }
            ++nextSpan;
        }
        pos = token.offset + token.length;
        const std::string_view word = textOf(swivel, token);
        if (token.kind == ExprTokenKind::Word && word == "event" && i + 2 < tokens.size() &&
            tokens[i + 1].kind == ExprTokenKind::Dot && tokens[i + 2].kind == ExprTokenKind::Word) {
            out += "_event.data.";
            out += textOf(swivel, tokens[i + 2]);
            pos = tokens[i + 2].offset + tokens[i + 2].length;
            i += 2;
        } else if (token.kind == ExprTokenKind::Word && word == "in" && i + 3 < tokens.size() &&
                   textOf(swivel, tokens[i + 1]) == "(" &&
                   tokens[i + 2].kind == ExprTokenKind::StateId &&
                   textOf(swivel, tokens[i + 3]) == ")") {
            out += "In('";
            out += textOf(swivel, tokens[i + 2]);
            out += "')";
            pos = tokens[i + 3].offset + tokens[i + 3].length;
            i += 3;
        } else {
            out += word;
        }
        while (!openEnds.empty() && openEnds.back() <= pos) {
            out += ')';
            openEnds.pop_back();
        }
    }
    out.append(openEnds.size(), ')');
    out += swivel.substr(pos);
    return out;
}

EcmaScriptImport ecmaScriptToSwivel(std::string_view ecma,
                                    const std::function<bool(std::string_view)>& isVariable,
                                    const std::function<bool(std::string_view)>& isIntegerDivision) {
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
    // A Math.trunc( read: where its argument begins in `out`, the parentheses open
    // around it, and where it is in `ecma`.
    struct Truncation {
        std::size_t start;
        int depth;
        std::size_t offset;
    };
    std::vector<Truncation> truncations;
    std::vector<TextSpan> unwrapped;  // the arguments of those closed, in `out`
    int depth = 0;                    // parentheses open, Math.trunc's included
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
            } else if (token.value == "Math") {
                EcmaToken dot = lexer.next();
                EcmaToken trunc = lexer.next();
                EcmaToken open = lexer.next();
                if (!isIntegerDivision || dot.value != "." || trunc.kind != EcmaToken::Name ||
                    trunc.value != "trunc" || open.value != "(")
                    return fail(token.offset, "of Math, only Math.trunc() around a division of "
                                              "integers can be translated");
                truncations.push_back({out.size(), depth, token.offset});
                ++depth;
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
            if (token.value == "(") {
                ++depth;
            } else if (token.value == ")") {
                --depth;
                if (!truncations.empty() && truncations.back().depth == depth) {
                    // Math.trunc(x) is x, if Swivel's `/` truncates x.
                    const Truncation truncation = truncations.back();
                    truncations.pop_back();
                    const TextSpan argument = trimmedSpan(out, truncation.start, out.size());
                    if (!isIntegerDivision(std::string_view(out).substr(
                            argument.begin, argument.end - argument.begin)))
                        return fail(truncation.offset,
                                    "Math.trunc() can be translated only around a division of "
                                    "integers, which Swivel's '/' truncates");
                    unwrapped.push_back(argument);
                    break;
                }
            }
            emit(token.value == "===" ? "==" : token.value == "!==" ? "!=" : token.value,
                 token.offset);
            break;
        case EcmaToken::Bad:
        case EcmaToken::End:
            return fail(token.offset, "'" + token.value + "' cannot be translated to Swivel");
        }
        copied = lexer.position();
    }
    if (!truncations.empty())
        return fail(truncations.back().offset, "Math.trunc( is not closed");
    // Without its Math.trunc, an argument may group otherwise (2 * Math.trunc(a / b) is
    // not 2 * a / b): then it keeps parentheses.
    if (!unwrapped.empty()) {
        const model::Expression plain = model::Expression::parse(out);
        struct Mark {
            std::size_t at;
            bool open;
            std::size_t other;  // the span's other end
        };
        std::vector<Mark> marks;
        for (const TextSpan& span : unwrapped) {
            if (plain.ok() && hasNodeSpanning(plain.root(), span.begin, span.end))
                continue;
            marks.push_back({span.begin, true, span.end});
            marks.push_back({span.end, false, span.begin});
        }
        // At one place: closing before opening, the inner span closed first and the
        // outer one opened first.
        std::sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) {
            if (a.at != b.at)
                return a.at < b.at;
            if (a.open != b.open)
                return !a.open;
            return a.other > b.other;
        });
        std::string grouped;
        std::vector<std::size_t> groupedOrigin;
        std::size_t next = 0;
        for (std::size_t k = 0; k <= out.size(); ++k) {
            for (; next < marks.size() && marks[next].at == k; ++next) {
                grouped += marks[next].open ? '(' : ')';
                groupedOrigin.push_back(k < origin.size() ? origin[k] : ecma.size());
            }
            if (k < out.size()) {
                grouped += out[k];
                groupedOrigin.push_back(origin[k]);
            }
        }
        out = std::move(grouped);
        origin = std::move(groupedOrigin);
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
