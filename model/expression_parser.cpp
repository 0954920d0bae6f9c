// Lexer and parser of the expression language: text -> ExprNode tree.
//
// Precedence climbing for the binary operators, recursive descent for the rest. The
// parser stops at the first error: one precise message is more useful than a cascade.
// Depth is bounded twice: top-down while descending (so 100,000 '(' cannot overflow the
// stack) and bottom-up on the tree height (so a 100,000-term chain of '+' cannot make
// the checker, the evaluator or the tree's destructor recurse that deep).

#include "expression.h"
#include "expression_tokens.h"

#include <charconv>
#include <cstdint>
#include <limits>

namespace swivel::model {

namespace {

enum class Tok {
    End,
    Ident,
    Int,
    Double,
    String,
    LParen,
    RParen,
    Dot,
    Not,
    Ne,
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    AndAnd,
    OrOr,
    Error,
};

struct Token {
    Tok kind = Tok::End;
    std::size_t offset = 0;
    std::size_t length = 0;
    std::string string;          // String: the decoded value
    std::uint64_t magnitude = 0; // Int: the value without sign
    bool tooLarge = false;       // Int: more than 2^63, fits no int64 whatever the sign
    double number = 0;           // Double
};

constexpr std::uint64_t kInt64MaxMagnitude =
    static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isIdentChar(char c) {
    return isIdentStart(c) || isDigit(c);
}
bool isStateIdChar(char c) {
    return isIdentChar(c) || c == '.' || c == '-';
}
int hexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

void appendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Bytes of the character starting at `pos`, so that a message quotes a whole UTF-8
// character rather than half of one.
std::size_t characterLength(std::string_view text, std::size_t pos) {
    auto lead = static_cast<unsigned char>(text[pos]);
    std::size_t want = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    std::size_t n = 1;
    while (n < want && pos + n < text.size() &&
           (static_cast<unsigned char>(text[pos + n]) & 0xC0) == 0x80) {
        ++n;
    }
    return n;
}

// A piece of the source for a message, kept short and free of control characters.
std::string quoted(std::string_view piece) {
    constexpr std::size_t kMaxQuoted = 24;
    std::string out = "'";
    std::size_t n = std::min(piece.size(), kMaxQuoted);
    for (std::size_t i = 0; i < n; ++i) {
        auto c = static_cast<unsigned char>(piece[i]);
        if (c < 0x20 || c == 0x7F) {
            static constexpr char hex[] = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xF];
        } else {
            out += static_cast<char>(c);
        }
    }
    if (n < piece.size()) {
        out += "...";
    }
    out += "'";
    return out;
}

std::string nestingMessage() {
    return "expression nests deeper than " + std::to_string(kMaxExpressionDepth) + " levels";
}

struct BinaryOp {
    ExprOp op;
    int precedence; // 0: not a binary operator
};

BinaryOp binaryOp(Tok kind) {
    switch (kind) {
    case Tok::OrOr:
        return {ExprOp::Or, 1};
    case Tok::AndAnd:
        return {ExprOp::And, 2};
    case Tok::Eq:
        return {ExprOp::Eq, 3};
    case Tok::Ne:
        return {ExprOp::Ne, 3};
    case Tok::Lt:
        return {ExprOp::Lt, 4};
    case Tok::Le:
        return {ExprOp::Le, 4};
    case Tok::Gt:
        return {ExprOp::Gt, 4};
    case Tok::Ge:
        return {ExprOp::Ge, 4};
    case Tok::Plus:
        return {ExprOp::Add, 5};
    case Tok::Minus:
        return {ExprOp::Sub, 5};
    case Tok::Star:
        return {ExprOp::Mul, 6};
    case Tok::Slash:
        return {ExprOp::Div, 6};
    case Tok::Percent:
        return {ExprOp::Mod, 6};
    default:
        return {ExprOp::Literal, 0};
    }
}

class Parser {
public:
    Parser(std::string_view text, std::vector<ExprError>& errors)
        : m_text(text), m_errors(errors) {}

    std::shared_ptr<const ExprNode> run() {
        next();
        if (m_tok.kind == Tok::End) {
            return nullptr;
        }
        Parsed result;
        if (!parseBinary(1, result)) {
            return nullptr;
        }
        if (m_tok.kind == Tok::RParen) {
            fail(m_tok, "unmatched ')': there is no '(' for it to close");
            return nullptr;
        }
        if (m_tok.kind != Tok::End) {
            expected("an operator or end of expression");
            return nullptr;
        }
        return result.node;
    }

    // Every token of the text, for tokenizeExpression(): the lexer alone, no grammar,
    // except that the word after "in(" is read as a state id, as the parser does.
    std::vector<ExprToken> tokens() {
        std::vector<ExprToken> out;
        bool afterIn = false;
        for (next(); m_tok.kind != Tok::End; next()) {
            std::size_t length = std::max<std::size_t>(m_tok.length, 1);
            if (m_tok.kind == Tok::Error && m_text[m_tok.offset] == '"') {
                length = stringExtent(m_tok.offset); // a bad escape spoils the whole string
            }
            out.push_back({tokenKind(m_tok.kind), m_tok.offset, length});
            if (m_tok.kind == Tok::Error) {
                m_pos = m_tok.offset + length; // the lexer leaves m_pos on an error
            }
            if (afterIn && m_tok.kind == Tok::LParen && lexStateId()) {
                out.push_back({ExprTokenKind::StateId, m_tok.offset, m_tok.length});
            }
            afterIn = m_tok.kind == Tok::Ident && tokenText(m_tok) == "in";
        }
        return out;
    }

private:
    // Bytes from the '"' at `start` to its closing quote, or to the end of the text.
    std::size_t stringExtent(std::size_t start) const {
        std::size_t pos = start + 1;
        while (pos < m_text.size() && m_text[pos] != '"') {
            pos += m_text[pos] == '\\' ? 2 : 1;
        }
        return std::min(pos + 1, m_text.size()) - start;
    }

    static ExprTokenKind tokenKind(Tok kind) {
        switch (kind) {
        case Tok::Ident:
            return ExprTokenKind::Word;
        case Tok::Int:
        case Tok::Double:
            return ExprTokenKind::Number;
        case Tok::String:
            return ExprTokenKind::String;
        case Tok::LParen:
        case Tok::RParen:
            return ExprTokenKind::Parenthesis;
        case Tok::Dot:
            return ExprTokenKind::Dot;
        case Tok::Error:
        case Tok::End:
            return ExprTokenKind::Error;
        default:
            return ExprTokenKind::Operator;
        }
    }

    // A parsed subexpression with its extent in the text (parentheses included) and
    // its nesting height (a leaf is 0; parentheses count as a level).
    struct Parsed {
        std::shared_ptr<ExprNode> node;
        std::size_t begin = 0;
        std::size_t end = 0;
        int height = 0;
    };

    // --- lexer -----------------------------------------------------------------

    void skipSpace() {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' ||
                                         m_text[m_pos] == '\n' || m_text[m_pos] == '\r')) {
            ++m_pos;
        }
    }

    // Reads the token at m_pos into m_tok. A lexical error becomes Tok::Error with the
    // error already recorded.
    void next() {
        m_prevOffset = m_tok.offset;
        m_prevLength = m_tok.length;
        m_hasPrev = m_started;
        m_started = true;
        skipSpace();
        m_tok = Token();
        m_tok.offset = m_pos;
        if (m_pos >= m_text.size()) {
            m_tok.kind = Tok::End;
            return;
        }
        char c = m_text[m_pos];
        char d = m_pos + 1 < m_text.size() ? m_text[m_pos + 1] : '\0';
        if (isIdentStart(c)) {
            std::size_t end = m_pos;
            while (end < m_text.size() && isIdentChar(m_text[end])) {
                ++end;
            }
            token(Tok::Ident, end - m_pos);
            return;
        }
        if (isDigit(c)) {
            lexNumber();
            return;
        }
        switch (c) {
        case '"':
            lexString();
            return;
        case '(':
            return token(Tok::LParen, 1);
        case ')':
            return token(Tok::RParen, 1);
        case '+':
            return token(Tok::Plus, 1);
        case '-':
            return token(Tok::Minus, 1);
        case '*':
            return token(Tok::Star, 1);
        case '/':
            return token(Tok::Slash, 1);
        case '%':
            return token(Tok::Percent, 1);
        case '.':
            return token(Tok::Dot, 1);
        case '!':
            return d == '=' ? token(Tok::Ne, 2) : token(Tok::Not, 1);
        case '=':
            if (d == '=') {
                return token(Tok::Eq, 2);
            }
            return lexError(m_pos, 1, "unexpected '=': write '==' to compare");
        case '<':
            return d == '=' ? token(Tok::Le, 2) : token(Tok::Lt, 1);
        case '>':
            return d == '=' ? token(Tok::Ge, 2) : token(Tok::Gt, 1);
        case '&':
            if (d == '&') {
                return token(Tok::AndAnd, 2);
            }
            return lexError(m_pos, 1, "expected '&&' but found '&'");
        case '|':
            if (d == '|') {
                return token(Tok::OrOr, 2);
            }
            return lexError(m_pos, 1, "expected '||' but found '|'");
        default: {
            std::size_t n = characterLength(m_text, m_pos);
            lexError(m_pos, n, "unexpected character " + quoted(m_text.substr(m_pos, n)));
            return;
        }
        }
    }

    void token(Tok kind, std::size_t length) {
        m_tok.kind = kind;
        m_tok.length = length;
        m_pos += length;
    }

    void lexError(std::size_t offset, std::size_t length, std::string message) {
        m_tok.kind = Tok::Error;
        m_tok.length = length;
        m_errors.push_back({offset, std::max<std::size_t>(length, 1), std::move(message)});
    }

    void lexNumber() {
        const std::size_t start = m_pos;
        std::size_t pos = m_pos;
        std::uint64_t magnitude = 0;
        bool tooLarge = false;
        while (pos < m_text.size() && isDigit(m_text[pos])) {
            auto digit = static_cast<std::uint64_t>(m_text[pos] - '0');
            if (magnitude > (kInt64MaxMagnitude + 1 - digit) / 10) {
                tooLarge = true;
            } else {
                magnitude = magnitude * 10 + digit;
            }
            ++pos;
        }
        bool isDouble = false;
        if (pos < m_text.size() && m_text[pos] == '.') {
            if (pos + 1 < m_text.size() && isDigit(m_text[pos + 1])) {
                isDouble = true;
                pos += 1;
                while (pos < m_text.size() && isDigit(m_text[pos])) {
                    ++pos;
                }
            } else {
                return lexError(start, pos + 1 - start,
                                "expected a digit after '.' in number " +
                                    quoted(m_text.substr(start, pos + 1 - start)));
            }
        }
        if (pos < m_text.size() && (m_text[pos] == 'e' || m_text[pos] == 'E')) {
            std::size_t p = pos + 1;
            if (p < m_text.size() && (m_text[p] == '+' || m_text[p] == '-')) {
                ++p;
            }
            if (p < m_text.size() && isDigit(m_text[p])) {
                isDouble = true;
                pos = p;
                while (pos < m_text.size() && isDigit(m_text[pos])) {
                    ++pos;
                }
            } else {
                return lexError(start, p - start,
                                "expected a digit in the exponent of number " +
                                    quoted(m_text.substr(start, p - start)));
            }
        }
        if (pos < m_text.size() && (isIdentChar(m_text[pos]) || m_text[pos] == '.')) {
            std::size_t end = pos;
            while (end < m_text.size() && (isIdentChar(m_text[end]) || m_text[end] == '.')) {
                ++end;
            }
            return lexError(start, end - start,
                            "invalid number " + quoted(m_text.substr(start, end - start)));
        }
        if (isDouble) {
            double value = 0;
            auto [ptr, ec] = std::from_chars(m_text.data() + start, m_text.data() + pos, value);
            if (ec != std::errc() || ptr != m_text.data() + pos) {
                return lexError(start, pos - start,
                                "number " + quoted(m_text.substr(start, pos - start)) +
                                    " is out of range for a double");
            }
            m_tok.number = value;
            return token(Tok::Double, pos - start);
        }
        m_tok.magnitude = magnitude;
        m_tok.tooLarge = tooLarge;
        token(Tok::Int, pos - start);
    }

    void lexString() {
        const std::size_t start = m_pos;
        std::size_t pos = m_pos + 1;
        std::string value;
        while (pos < m_text.size()) {
            char c = m_text[pos];
            if (c == '"') {
                m_tok.string = std::move(value);
                return token(Tok::String, pos + 1 - start);
            }
            if (c != '\\') {
                value += c;
                ++pos;
                continue;
            }
            if (pos + 1 >= m_text.size()) {
                break;
            }
            char e = m_text[pos + 1];
            switch (e) {
            case '"':
            case '\\':
                value += e;
                pos += 2;
                continue;
            case 'n':
                value += '\n';
                pos += 2;
                continue;
            case 't':
                value += '\t';
                pos += 2;
                continue;
            case 'r':
                value += '\r';
                pos += 2;
                continue;
            case 'u': {
                std::uint32_t cp = 0;
                if (!readHex4(pos, cp)) {
                    return;
                }
                pos += 6;
                if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return lexError(pos - 6, 6,
                                    "invalid escape " + quoted(m_text.substr(pos - 6, 6)) +
                                        ": a low surrogate must follow a high surrogate");
                }
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    std::uint32_t low = 0;
                    if (pos + 1 >= m_text.size() || m_text[pos] != '\\' || m_text[pos + 1] != 'u') {
                        return lexError(pos - 6, 6,
                                        "expected a low surrogate '\\uDC00'..'\\uDFFF' after " +
                                            quoted(m_text.substr(pos - 6, 6)));
                    }
                    if (!readHex4(pos, low)) {
                        return;
                    }
                    if (low < 0xDC00 || low > 0xDFFF) {
                        return lexError(pos, 6,
                                        "expected a low surrogate '\\uDC00'..'\\uDFFF' but "
                                        "found " +
                                            quoted(m_text.substr(pos, 6)));
                    }
                    pos += 6;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                appendUtf8(value, cp);
                continue;
            }
            default: {
                std::size_t n = 1 + characterLength(m_text, pos + 1);
                return lexError(pos, n,
                                "invalid escape " + quoted(m_text.substr(pos, n)) +
                                    " in string: expected one of \\\" \\\\ \\n \\t \\r "
                                    "\\uXXXX");
            }
            }
        }
        lexError(start, m_text.size() - start,
                 "expected '\"' to close the string at " + std::to_string(start) +
                     " but found end of expression");
    }

    // `pos` is at the backslash of "\uXXXX".
    bool readHex4(std::size_t pos, std::uint32_t& cp) {
        cp = 0;
        std::size_t n = 0;
        while (n < 4 && pos + 2 + n < m_text.size() && hexValue(m_text[pos + 2 + n]) >= 0) {
            cp = cp * 16 + static_cast<std::uint32_t>(hexValue(m_text[pos + 2 + n]));
            ++n;
        }
        if (n < 4) {
            std::size_t shown = std::min(m_text.size() - pos, n + 3);
            lexError(pos, 2 + n,
                     "invalid escape " + quoted(m_text.substr(pos, shown)) +
                         ": expected 4 hex digits after '\\u'");
            return false;
        }
        return true;
    }

    // The state id of in(...): its alphabet ('.', '-') differs from other names, so it
    // is read straight from the text. m_tok is the '(' on entry.
    bool lexStateId() {
        skipSpace();
        std::size_t end = m_pos;
        if (end < m_text.size() && isIdentStart(m_text[end])) {
            while (end < m_text.size() && isStateIdChar(m_text[end])) {
                ++end;
            }
        }
        if (end == m_pos) {
            return false;
        }
        m_prevOffset = m_tok.offset;
        m_prevLength = m_tok.length;
        m_tok = Token();
        m_tok.kind = Tok::Ident;
        m_tok.offset = m_pos;
        m_tok.length = end - m_pos;
        m_pos = end;
        return true;
    }

    std::string_view tokenText(const Token& token) const {
        return m_text.substr(token.offset, token.length);
    }

    std::string describe(const Token& token) const {
        if (token.kind == Tok::End) {
            return "end of expression";
        }
        return quoted(tokenText(token));
    }

    // --- errors ----------------------------------------------------------------

    bool fail(std::size_t offset, std::size_t length, std::string message) {
        if (offset >= m_text.size()) {
            offset = m_text.size();
            length = 1;
        }
        m_errors.push_back({offset, std::max<std::size_t>(length, 1), std::move(message)});
        return false;
    }

    bool fail(const Token& token, std::string message) {
        return fail(token.offset, token.length, std::move(message));
    }

    // "expected <what> but found <m_tok>", unless m_tok is a lexical error (reported).
    bool expected(const std::string& what) {
        if (m_tok.kind == Tok::Error) {
            return false;
        }
        return fail(m_tok, "expected " + what + " but found " + describe(m_tok));
    }

    std::string previousText() const { return quoted(m_text.substr(m_prevOffset, m_prevLength)); }

    // --- grammar ---------------------------------------------------------------

    static std::shared_ptr<ExprNode> makeNode(ExprOp op, std::size_t begin, std::size_t end) {
        auto node = std::make_shared<ExprNode>();
        node->op = op;
        node->offset = begin;
        node->length = end - begin;
        return node;
    }

    std::size_t tokenEnd() const { return m_tok.offset + m_tok.length; }

    bool parseBinary(int minPrecedence, Parsed& out) {
        Parsed lhs;
        if (!parseUnary(lhs)) {
            return false;
        }
        for (;;) {
            BinaryOp op = binaryOp(m_tok.kind);
            if (op.precedence == 0 || op.precedence < minPrecedence) {
                break;
            }
            Token opToken = m_tok;
            next();
            Parsed rhs;
            if (!parseBinary(op.precedence + 1, rhs)) {
                return false;
            }
            int height = std::max(lhs.height, rhs.height) + 1;
            if (height > kMaxExpressionDepth) {
                return fail(opToken, nestingMessage());
            }
            auto node = makeNode(op.op, lhs.begin, rhs.end);
            node->operands = {std::move(lhs.node), std::move(rhs.node)};
            lhs = Parsed{std::move(node), lhs.begin, rhs.end, height};
        }
        out = std::move(lhs);
        return true;
    }

    bool parseUnary(Parsed& out) {
        if (m_tok.kind != Tok::Not && m_tok.kind != Tok::Minus) {
            return parsePrimary(out, nullptr);
        }
        Token opToken = m_tok;
        if (++m_depth > kMaxExpressionDepth) {
            return fail(opToken, nestingMessage());
        }
        next();
        // A minus sign before a number is part of the literal, so that the smallest
        // int, -9223372036854775808, can be written.
        if (opToken.kind == Tok::Minus && (m_tok.kind == Tok::Int || m_tok.kind == Tok::Double)) {
            --m_depth;
            return parsePrimary(out, &opToken);
        }
        Parsed operand;
        bool ok = parseUnary(operand);
        --m_depth;
        if (!ok) {
            return false;
        }
        int height = operand.height + 1;
        if (height > kMaxExpressionDepth) {
            return fail(opToken, nestingMessage());
        }
        auto node = makeNode(opToken.kind == Tok::Not ? ExprOp::Not : ExprOp::Negate,
                             opToken.offset, operand.end);
        node->operands = {std::move(operand.node)};
        out = Parsed{std::move(node), opToken.offset, operand.end, height};
        return true;
    }

    Parsed leaf(std::shared_ptr<ExprNode> node) {
        Parsed parsed{std::move(node), 0, 0, 0};
        parsed.begin = parsed.node->offset;
        parsed.end = parsed.node->offset + parsed.node->length;
        return parsed;
    }

    // `sign`: a '-' folded into the number literal that m_tok is.
    bool parsePrimary(Parsed& out, const Token* sign) {
        const Token tok = m_tok;
        const std::size_t begin = sign ? sign->offset : tok.offset;
        switch (tok.kind) {
        case Tok::Int: {
            const std::uint64_t limit = kInt64MaxMagnitude + (sign ? 1 : 0);
            if (tok.tooLarge || tok.magnitude > limit) {
                return fail(begin, tokenEnd() - begin,
                            "integer " + quoted(m_text.substr(begin, tokenEnd() - begin)) +
                                " is out of range for a 64-bit int");
            }
            auto node = makeNode(ExprOp::Literal, begin, tokenEnd());
            // Two's complement negation in unsigned arithmetic: defined for 2^63 too.
            node->value = static_cast<std::int64_t>(sign ? 0 - tok.magnitude : tok.magnitude);
            next();
            out = leaf(std::move(node));
            return true;
        }
        case Tok::Double: {
            auto node = makeNode(ExprOp::Literal, begin, tokenEnd());
            node->value = sign ? -tok.number : tok.number;
            next();
            out = leaf(std::move(node));
            return true;
        }
        case Tok::String: {
            auto node = makeNode(ExprOp::Literal, begin, tokenEnd());
            node->value = std::move(m_tok.string);
            next();
            out = leaf(std::move(node));
            return true;
        }
        case Tok::LParen:
            return parseParenthesised(out);
        case Tok::Ident:
            break;
        case Tok::Dot:
            // ".5" is told apart here, not in the lexer, because "event.1" is also a dot
            // before a digit and deserves its own message.
            if (tokenEnd() < m_text.size() && isDigit(m_text[tokenEnd()])) {
                return fail(tok, "a number needs a digit before '.', as in 0.5");
            }
            [[fallthrough]];
        default:
            return expected(m_hasPrev ? "an expression after " + previousText()
                                      : std::string("an expression"));
        }

        const std::string_view word = tokenText(tok);
        if (word == "true" || word == "false") {
            auto node = makeNode(ExprOp::Literal, begin, tokenEnd());
            node->value = word == "true";
            next();
            out = leaf(std::move(node));
            return true;
        }
        if (word == "event") {
            return parseEventTag(out);
        }
        if (word == "in") {
            return parseInState(out);
        }
        auto node = makeNode(ExprOp::Variable, begin, tokenEnd());
        node->name = std::string(word);
        next();
        if (m_tok.kind == Tok::LParen) {
            return fail(tok, "unknown function " + quoted(word) + ": the only call is in(StateId)");
        }
        out = leaf(std::move(node));
        return true;
    }

    bool parseParenthesised(Parsed& out) {
        const Token open = m_tok;
        if (++m_depth > kMaxExpressionDepth) {
            return fail(open, nestingMessage());
        }
        next();
        Parsed inner;
        if (!parseBinary(1, inner)) {
            return false;
        }
        if (m_tok.kind != Tok::RParen) {
            return expected("')' to close '(' at " + std::to_string(open.offset));
        }
        --m_depth;
        const std::size_t end = tokenEnd();
        next();
        inner.height += 1;
        if (inner.height > kMaxExpressionDepth) {
            return fail(open, nestingMessage());
        }
        inner.begin = open.offset;
        inner.end = end;
        out = std::move(inner);
        return true;
    }

    bool parseEventTag(Parsed& out) {
        const std::size_t begin = m_tok.offset;
        next();
        if (m_tok.kind != Tok::Dot) {
            return expected("'.' after 'event' ('event' is reserved for event.<tag>)");
        }
        next();
        if (m_tok.kind != Tok::Ident) {
            return expected("a tag name after 'event.'");
        }
        auto node = makeNode(ExprOp::EventTag, begin, tokenEnd());
        node->name = std::string(tokenText(m_tok));
        next();
        out = leaf(std::move(node));
        return true;
    }

    bool parseInState(Parsed& out) {
        const std::size_t begin = m_tok.offset;
        next();
        if (m_tok.kind != Tok::LParen) {
            return expected("'(' after 'in' ('in' is reserved for in(StateId))");
        }
        const std::size_t open = m_tok.offset;
        if (!lexStateId()) {
            next();
            return expected("a state id after 'in('");
        }
        std::string name(tokenText(m_tok));
        next();
        if (m_tok.kind != Tok::RParen) {
            return expected("')' to close 'in(' at " + std::to_string(open));
        }
        auto node = makeNode(ExprOp::InState, begin, tokenEnd());
        node->name = std::move(name);
        next();
        out = leaf(std::move(node));
        return true;
    }

    std::string_view m_text;
    std::vector<ExprError>& m_errors;
    std::size_t m_pos = 0;
    Token m_tok;
    std::size_t m_prevOffset = 0;
    std::size_t m_prevLength = 0;
    bool m_hasPrev = false;
    bool m_started = false;
    int m_depth = 0;
};

} // namespace

std::vector<ExprToken> tokenizeExpression(std::string_view text) {
    std::vector<ExprError> ignored; // an Error token is all an editor needs
    return Parser(text, ignored).tokens();
}

Expression Expression::parse(std::string_view text) {
    Expression expression;
    expression.m_text = std::string(text);
    Parser parser(expression.m_text, expression.m_errors);
    auto root = parser.run();
    if (expression.m_errors.empty()) {
        expression.m_root = std::move(root);
    }
    return expression;
}

} // namespace swivel::model
