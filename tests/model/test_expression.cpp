// The expression language, as a specification: what parses and how it groups, which
// syntax and type errors are reported where, and what evaluation gives (wrapping int
// arithmetic, truncating division, division by zero, short circuits, strings, in()).
// Every successful evaluation row is also type-checked: the checker must predict the
// type the interpreter produces.

#include <QtTest>

#include <limits>
#include <random>

#include "model/expression.h"

using namespace swivel::model;

Q_DECLARE_METATYPE(swivel::model::Value)

namespace swivel::model {
char* toString(const Value& value) {
    std::string text = std::string(typeName(typeOf(value))) + " " + toDisplayString(value);
    return qstrdup(text.c_str());
}
} // namespace swivel::model

namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

Value i64(std::int64_t v) {
    return Value{v};
}
Value str(const char* s) {
    return Value{std::string(s)};
}

// Event tags, variables and active states held in maps; counts lookups so that tests
// can see what a short circuit skipped.
class MapContext : public EvalContext {
public:
    std::map<std::string, Value, std::less<>> tags;
    std::map<std::string, Value, std::less<>> variables;
    std::set<std::string, std::less<>> active;
    mutable int lookups = 0;

    const Value* eventTag(std::string_view tag) const override {
        ++lookups;
        auto it = tags.find(tag);
        return it == tags.end() ? nullptr : &it->second;
    }
    const Value* variable(std::string_view name) const override {
        ++lookups;
        auto it = variables.find(name);
        return it == variables.end() ? nullptr : &it->second;
    }
    bool inState(std::string_view stateId) const override {
        ++lookups;
        return active.contains(stateId);
    }
};

// The world every table row is checked and evaluated in.
MapContext context() {
    MapContext c;
    c.tags = {
        {"Bearing", i64(90)}, {"Mode", str("On")}, {"Temp", Value{21.5}}, {"Ready", Value{true}}};
    c.variables = {{"n", i64(7)},      {"x", Value{2.5}},    {"s", str("abc")}, {"on", Value{true}},
                   {"big", i64(kMax)}, {"small", i64(kMin)}, {"zero", i64(0)}};
    c.active = {"Idle", "Photo-1"};
    return c;
}

TypeScope scope() {
    MapContext c = context();
    TypeScope s;
    s.eventTags.emplace();
    for (const auto& [name, value] : c.tags) {
        s.eventTags->emplace(name, typeOf(value));
    }
    for (const auto& [name, value] : c.variables) {
        s.variables.emplace(name, typeOf(value));
    }
    s.states = {"Idle", "Busy", "Busy.Swivel", "Photo-1"};
    return s;
}

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QString describe(const std::vector<ExprError>& errors) {
    QStringList list;
    for (const auto& e : errors) {
        list << QStringLiteral("%1+%2: %3").arg(e.offset).arg(e.length).arg(qs(e.message));
    }
    return list.join("; ");
}

std::string repeat(std::string_view piece, int n) {
    std::string out;
    out.reserve(piece.size() * static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        out += piece;
    }
    return out;
}

// Rows of nesting exactly `depth` levels deep, in the three ways an expression nests.
std::string nestedParens(int depth) {
    return repeat("(", depth) + "1" + repeat(")", depth);
}
std::string nestedNots(int depth) {
    return repeat("!", depth) + "true";
}
std::string chain(int operators) {
    return "1" + repeat("+1", operators);
}

// A random syntactically valid expression over the names of context(), with types
// mixed freely so that some are ill-typed and some divide by zero.
std::string randomExpression(std::mt19937& random, int depth) {
    static const std::vector<std::string> leaves = {"0",
                                                    "1",
                                                    "-1",
                                                    "7",
                                                    "2.5",
                                                    "0.0",
                                                    "9223372036854775807",
                                                    "-9223372036854775808",
                                                    "true",
                                                    "false",
                                                    "\"a\"",
                                                    "\"\"",
                                                    "n",
                                                    "x",
                                                    "s",
                                                    "on",
                                                    "zero",
                                                    "big",
                                                    "small",
                                                    "event.Bearing",
                                                    "event.Temp",
                                                    "event.Mode",
                                                    "event.Ready",
                                                    "in(Idle)",
                                                    "in(Busy)"};
    static const std::vector<std::string> operators = {
        "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||"};
    const int choice = static_cast<int>(random() % 10);
    if (depth >= 5 || choice < 3) {
        return leaves[random() % leaves.size()];
    }
    if (choice == 3) {
        return (random() % 2 ? "!" : "-") + randomExpression(random, depth + 1);
    }
    // Sequenced, so that every compiler builds the same expressions from the seed.
    std::string left = randomExpression(random, depth + 1);
    const std::string& op = operators[random() % operators.size()];
    std::string right = randomExpression(random, depth + 1);
    std::string text = left + " " + op + " " + right;
    return choice < 7 ? "(" + text + ")" : text;
}

} // namespace

class TestExpression : public QObject {
    Q_OBJECT

private slots:
    // ---- evaluation ------------------------------------------------------------

    void evaluates_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<Value>("expected");

        // precedence, lowest to highest: || && (== !=) (< <= > >=) (+ -) (* / %) (! -)
        QTest::newRow("* before +") << "1 + 2 * 3" << i64(7);
        QTest::newRow("parentheses first") << "(1 + 2) * 3" << i64(9);
        QTest::newRow("- is left-associative") << "10 - 4 - 3" << i64(3);
        QTest::newRow("/ is left-associative") << "100 / 10 / 5" << i64(2);
        QTest::newRow("* and % share a level") << "2 * 3 % 4" << i64(2);
        QTest::newRow("% and * share a level") << "7 % 4 * 2" << i64(6);
        QTest::newRow("unary - before *") << "-2 * 3" << i64(-6);
        QTest::newRow("binary then unary -") << "7 - -2" << i64(9);
        QTest::newRow("negated group") << "- (2 + 3)" << i64(-5);
        QTest::newRow("double negation") << "--5" << i64(5);
        QTest::newRow("+ before <") << "1 + 2 < 4" << Value{true};
        QTest::newRow("< before ==") << "1 < 2 == true" << Value{true};
        QTest::newRow("== before &&") << "1 == 1 && 2 != 3" << Value{true};
        QTest::newRow("&& before ||") << "true || false && false" << Value{true};
        QTest::newRow("grouped ||") << "(true || false) && false" << Value{false};
        QTest::newRow("! before &&") << "!false && false" << Value{false};
        QTest::newRow("! of a group") << "!(false && false)" << Value{true};
        QTest::newRow("!!") << "!!true" << Value{true};
        QTest::newRow("whitespace anywhere") << " \t(1\n+\r2 ) " << i64(3);
        QTest::newRow("no whitespace needed") << "n*2>=14&&!(s!=\"abc\")" << Value{true};

        // literals
        QTest::newRow("int") << "42" << i64(42);
        QTest::newRow("largest int") << "9223372036854775807" << i64(kMax);
        QTest::newRow("smallest int") << "-9223372036854775808" << i64(kMin);
        QTest::newRow("leading zeros are decimal") << "010" << i64(10);
        QTest::newRow("double") << "1.5" << Value{1.5};
        QTest::newRow("exponent") << "1e3" << Value{1000.0};
        QTest::newRow("negative exponent") << "2.5e-1" << Value{0.25};
        QTest::newRow("signed exponent") << "1E+2" << Value{100.0};
        QTest::newRow("negative double") << "-0.5" << Value{-0.5};
        QTest::newRow("true") << "true" << Value{true};
        QTest::newRow("false") << "false" << Value{false};
        QTest::newRow("string") << "\"On\"" << str("On");
        QTest::newRow("empty string") << "\"\"" << str("");
        QTest::newRow("escaped quote and backslash") << "\"a\\\"b\\\\c\"" << str("a\"b\\c");
        QTest::newRow("escaped controls") << "\"\\n\\t\\r\"" << str("\n\t\r");
        QTest::newRow("\\u escape") << "\"caf\\u00e9\"" << str("caf\xc3\xa9");
        QTest::newRow("\\u escape, 3 bytes") << "\"\\u20AC\"" << str("\xe2\x82\xac");
        QTest::newRow("surrogate pair") << "\"\\ud83d\\ude00\"" << str("\xf0\x9f\x98\x80");
        QTest::newRow("raw utf-8 in a string") << "\"\xc3\xa9\"" << str("\xc3\xa9");

        // int arithmetic is 64-bit two's complement and wraps
        QTest::newRow("overflow wraps") << "9223372036854775807 + 1" << i64(kMin);
        QTest::newRow("underflow wraps") << "-9223372036854775808 - 1" << i64(kMax);
        QTest::newRow("multiplication wraps") << "big * 2" << i64(-2);
        QTest::newRow("negating the smallest int") << "-small" << i64(kMin);
        QTest::newRow("smallest / -1 wraps") << "small / -1" << i64(kMin);
        QTest::newRow("smallest % -1 is 0") << "small % -1" << i64(0);
        QTest::newRow("big + big") << "big + big" << i64(-2);

        // int division truncates toward zero; % takes the sign of the dividend
        QTest::newRow("7 / 2") << "7 / 2" << i64(3);
        QTest::newRow("-7 / 2") << "-7 / 2" << i64(-3);
        QTest::newRow("7 / -2") << "7 / -2" << i64(-3);
        QTest::newRow("7 % 3") << "7 % 3" << i64(1);
        QTest::newRow("-7 % 3") << "-7 % 3" << i64(-1);
        QTest::newRow("7 % -3") << "7 % -3" << i64(1);

        // int op double gives double; comparisons promote to double
        QTest::newRow("int / double") << "7 / 2.0" << Value{3.5};
        QTest::newRow("int + double") << "1 + 0.5" << Value{1.5};
        QTest::newRow("variable double") << "x * 2" << Value{5.0};
        QTest::newRow("double wraps to infinity, no error")
            << "1e308 * 10" << Value{std::numeric_limits<double>::infinity()};
        QTest::newRow("IEEE sums") << "0.1 + 0.2 == 0.3" << Value{false};
        QTest::newRow("int == double") << "1 == 1.0" << Value{true};
        QTest::newRow("int < double") << "2 < 2.5" << Value{true};
        QTest::newRow("int >= double") << "3 >= 3.0" << Value{true};

        // comparisons
        QTest::newRow("<=") << "3 <= 3" << Value{true};
        QTest::newRow("<") << "3 < 3" << Value{false};
        QTest::newRow(">") << "4 > 3" << Value{true};
        QTest::newRow(">=") << "3 >= 4" << Value{false};
        QTest::newRow("bool ==") << "true == true" << Value{true};
        QTest::newRow("bool !=") << "true != false" << Value{true};
        QTest::newRow("string ==") << "\"a\" == \"a\"" << Value{true};
        QTest::newRow("string !=") << "\"a\" != \"b\"" << Value{true};
        QTest::newRow("string == is exact") << "\"On\" == \"on\"" << Value{false};

        // strings
        QTest::newRow("concatenation") << "\"ab\" + \"cd\"" << str("abcd");
        QTest::newRow("variable + literal") << "s + \"!\"" << str("abc!");
        QTest::newRow("tag + variable") << "event.Mode + s" << str("Onabc");
        QTest::newRow("concatenation chain") << "s + \"-\" + s == \"abc-abc\"" << Value{true};

        // names
        QTest::newRow("event tag") << "event.Bearing" << i64(90);
        QTest::newRow("guard") << "event.Bearing >= 0 && event.Mode == \"On\"" << Value{true};
        QTest::newRow("double tag") << "event.Temp > 20" << Value{true};
        QTest::newRow("bool tag") << "!event.Ready" << Value{false};
        QTest::newRow("bool tags") << "event.Ready || !event.Ready" << Value{true};
        QTest::newRow("variable") << "n % 4" << i64(3);
        QTest::newRow("in active state") << "in(Idle)" << Value{true};
        QTest::newRow("in inactive state") << "in(Busy)" << Value{false};
        QTest::newRow("in with dots") << "in(Busy.Swivel)" << Value{false};
        QTest::newRow("in with dashes") << "in(Photo-1)" << Value{true};
        QTest::newRow("in with spaces") << "in( Idle )" << Value{true};
        QTest::newRow("not in") << "!in(Busy) && in(Idle)" << Value{true};

        // && and || short-circuit: the right side is not evaluated
        QTest::newRow("false && division by zero") << "false && (1 / 0 == 0)" << Value{false};
        QTest::newRow("true || division by zero") << "true || 1 % 0 == 0" << Value{true};
        QTest::newRow("short circuit on a variable")
            << "zero != 0 && 10 / zero > 1" << Value{false};
    }
    void evaluates() {
        QFETCH(QString, text);
        QFETCH(Value, expected);
        Expression e = Expression::parse(text.toStdString());
        QVERIFY2(e.ok(), qPrintable(describe(e.errors())));
        QVERIFY(!e.empty());

        EvalResult result = e.evaluate(context());
        QVERIFY2(result.value.has_value(), result.error.c_str());
        QVERIFY(result.error.empty());
        QCOMPARE(*result.value, expected);

        std::vector<ExprError> errors;
        std::optional<Type> type = e.check(scope(), errors);
        QVERIFY2(errors.empty(), qPrintable(describe(errors)));
        QVERIFY(type.has_value());
        QCOMPARE(typeName(*type), typeName(typeOf(expected)));
    }

    // Errors at run time. Rows marked checked pass the type checker, so the error can
    // only be found by running; the others show that unchecked input fails cleanly too.
    void evaluationErrors_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("checked");
        QTest::addColumn<QString>("error");
        QTest::newRow("int / 0") << "1 / 0" << true << "division by zero";
        QTest::newRow("int % 0") << "1 % 0" << true << "division by zero";
        QTest::newRow("double / 0") << "1.0 / 0" << true << "division by zero";
        QTest::newRow("int / 0.0") << "1 / 0.0" << true << "division by zero";
        QTest::newRow("double / -0.0") << "1.5 / -0.0" << true << "division by zero";
        QTest::newRow("variable divisor") << "n / (n - 7)" << true << "division by zero";
        QTest::newRow("true && evaluates the right side")
            << "true && 1 / 0 == 0" << true << "division by zero";
        QTest::newRow("false || evaluates the right side")
            << "false || 1 % 0 == 0" << true << "division by zero";
        QTest::newRow("missing tag") << "event.Nope > 1" << false << "event has no tag 'Nope'";
        QTest::newRow("missing variable") << "nope + 1" << false << "unknown variable 'nope'";
        QTest::newRow("int + bool") << "1 + true" << false << "'+' cannot take int and bool";
        QTest::newRow("string < string")
            << "\"a\" < \"b\"" << false << "'<' cannot take string and string";
        QTest::newRow("int == string") << "1 == \"1\"" << false << "cannot compare int with string";
        QTest::newRow("! int") << "!1" << false << "'!' cannot take int";
        QTest::newRow("- string") << "-s" << false << "'-' cannot take string";
        QTest::newRow("int && bool") << "1 && true" << false << "'&&' cannot take int";
        QTest::newRow("bool || int") << "false || 1" << false << "'||' cannot take int";
        QTest::newRow("double % int") << "2.5 % 2" << false << "'%' cannot take double and int";
        QTest::newRow("empty") << "" << false << "empty expression";
        QTest::newRow("blank") << "  " << false << "empty expression";
        QTest::newRow("syntax error") << "1 +" << false << "expected an expression after '+'";
    }
    void evaluationErrors() {
        QFETCH(QString, text);
        QFETCH(bool, checked);
        QFETCH(QString, error);
        Expression e = Expression::parse(text.toStdString());
        std::vector<ExprError> errors;
        QCOMPARE(e.check(scope(), errors).has_value(), checked);
        EvalResult result = e.evaluate(context());
        QVERIFY(!result.value.has_value());
        QVERIFY2(qs(result.error).contains(error), result.error.c_str());
    }

    void shortCircuitSkipsLookups() {
        MapContext c = context();
        Expression e = Expression::parse("false && event.Bearing > n && in(Idle)");
        QCOMPARE(*e.evaluate(c).value, Value{false});
        QCOMPARE(c.lookups, 0);
        Expression o = Expression::parse("on || event.Nope > 0");
        QCOMPARE(*o.evaluate(c).value, Value{true});
        QCOMPARE(c.lookups, 1);
    }

    // ---- syntax errors ---------------------------------------------------------

    void syntaxErrors_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("offset");
        QTest::addColumn<int>("length");
        QTest::addColumn<QString>("message");

        // missing and unexpected tokens; at the end of the text the length is 1
        QTest::newRow("operand missing") << "1 +" << 3 << 1
                                         << "expected an expression after '+' but found end "
                                            "of expression";
        QTest::newRow("unclosed (") << "(1 + 2" << 6 << 1
                                    << "expected ')' to close '(' at 0 but found end of "
                                       "expression";
        QTest::newRow("unclosed inner (") << "1 + (2 * (3)" << 12 << 1
                                          << "expected ')' to close '(' at 4 but found end of "
                                             "expression";
        QTest::newRow("( closed by something else") << "(1 2" << 3 << 1
                                                    << "expected ')' to close '(' at 0 but "
                                                       "found '2'";
        QTest::newRow("trailing operand") << "1 2" << 2 << 1
                                          << "expected an operator or end of expression but "
                                             "found '2'";
        QTest::newRow("trailing word") << "true false" << 5 << 5
                                       << "expected an operator or end of expression but "
                                          "found 'false'";
        QTest::newRow("unmatched )") << "1)" << 1 << 1 << "unmatched ')'";
        QTest::newRow("lone )") << ")" << 0 << 1 << "expected an expression but found ')'";
        QTest::newRow("leading binary operator")
            << "* 2" << 0 << 1 << "expected an expression but found '*'";
        QTest::newRow("empty parentheses")
            << "()" << 1 << 1 << "expected an expression after '(' but found ')'";
        QTest::newRow("doubled operator")
            << "1 < < 2" << 4 << 1 << "expected an expression after '<' but found '<'";
        QTest::newRow("lone !") << "!" << 1 << 1
                                << "expected an expression after '!' but found end of "
                                   "expression";
        QTest::newRow("single =") << "n = 1" << 2 << 1 << "write '==' to compare";
        QTest::newRow("single &") << "on & on" << 3 << 1 << "expected '&&' but found '&'";
        QTest::newRow("single |") << "on | on" << 3 << 1 << "expected '||' but found '|'";
        QTest::newRow("unknown character") << "1 # 2" << 2 << 1 << "unexpected character '#'";
        QTest::newRow("non-ASCII character")
            << "1 + \xc3\xa9" << 4 << 2 << "unexpected character '\xc3\xa9'";
        QTest::newRow("control character") << "1 \x01" << 2 << 1 << "unexpected character '\\x01'";
        QTest::newRow("function call") << "max(1, 2)" << 0 << 3 << "unknown function 'max'";

        // numbers
        QTest::newRow("no digit before .")
            << ".5" << 0 << 1 << "a number needs a digit before '.', as in 0.5";
        QTest::newRow("no digit before . after an operator")
            << "1 + .5" << 4 << 1 << "a number needs a digit";
        QTest::newRow("no digit after .") << "1." << 0 << 2 << "expected a digit after '.'";
        QTest::newRow("no exponent digits") << "1e" << 0 << 2
                                            << "expected a digit in the exponent of number "
                                               "'1e'";
        QTest::newRow("no exponent digits after sign")
            << "2e+ 1" << 0 << 3 << "expected a digit in the exponent";
        QTest::newRow("letters in a number") << "12abc" << 0 << 5 << "invalid number '12abc'";
        QTest::newRow("two points") << "1.5.3" << 0 << 5 << "invalid number '1.5.3'";
        QTest::newRow("int above range") << "9223372036854775808" << 0 << 19
                                         << "integer '9223372036854775808' is out of range "
                                            "for a 64-bit int";
        QTest::newRow("int below range")
            << "1 + -9223372036854775809" << 4 << 20 << "out of range for a 64-bit int";
        QTest::newRow("int far out of range")
            << "99999999999999999999999" << 0 << 23 << "out of range for a 64-bit int";
        QTest::newRow("double out of range")
            << "1e999" << 0 << 5 << "number '1e999' is out of range for a double";

        // strings
        QTest::newRow("unterminated string") << "s == \"abc" << 5 << 4
                                             << "expected '\"' to close the string at 5 but "
                                                "found end of expression";
        QTest::newRow("backslash at the end")
            << "\"abc\\" << 0 << 5 << "expected '\"' to close the string at 0";
        QTest::newRow("invalid escape") << "\"a\\qb\"" << 2 << 2 << "invalid escape '\\q'";
        QTest::newRow("invalid escape of a quote") << "\"\\'\"" << 1 << 2 << "invalid escape '\\''";
        QTest::newRow("\\u with a non-hex digit")
            << "\"\\u12G4\"" << 1 << 4 << "expected 4 hex digits after '\\u'";
        QTest::newRow("\\u too short")
            << "\"\\u12\"" << 1 << 4 << "expected 4 hex digits after '\\u'";
        QTest::newRow("lone high surrogate")
            << "\"\\ud83d\"" << 1 << 6 << "expected a low surrogate";
        QTest::newRow("high surrogate, then no low")
            << "\"\\ud83d\\u0041\"" << 7 << 6 << "expected a low surrogate";
        QTest::newRow("lone low surrogate")
            << "\"\\ude00\"" << 1 << 6 << "a low surrogate must follow a high surrogate";

        // event.<tag> and in(StateId); event and in are reserved
        QTest::newRow("event alone") << "event" << 5 << 1 << "expected '.' after 'event'";
        QTest::newRow("event as a variable")
            << "event + 1" << 6 << 1 << "expected '.' after 'event'";
        QTest::newRow("event. without tag") << "event." << 6 << 1
                                            << "expected a tag name after 'event.' but found "
                                               "end of expression";
        QTest::newRow("event.<number>")
            << "event.1" << 6 << 1 << "expected a tag name after 'event.' but found '1'";
        QTest::newRow("in alone") << "in" << 2 << 1 << "expected '(' after 'in'";
        QTest::newRow("in without (") << "in Idle" << 3 << 4
                                      << "expected '(' after 'in' ('in' is reserved for "
                                         "in(StateId)) but found 'Idle'";
        QTest::newRow("in()") << "in()" << 3 << 1
                              << "expected a state id after 'in(' but found ')'";
        QTest::newRow("in(-x)") << "in(-x)" << 3 << 1
                                << "expected a state id after 'in(' but found '-'";
        QTest::newRow("in( unclosed") << "in(Idle" << 7 << 1
                                      << "expected ')' to close 'in(' at 2 but found end of "
                                         "expression";
        QTest::newRow("in(two ids)")
            << "in(Idle Busy)" << 8 << 4 << "expected ')' to close 'in(' at 2 but found 'Busy'";

        // nesting: one level more than kMaxExpressionDepth, in each way of nesting
        const int over = kMaxExpressionDepth + 1;
        QTest::newRow("parentheses too deep")
            << qs(nestedParens(over)) << kMaxExpressionDepth << 1 << "nests deeper than 200";
        QTest::newRow("! too deep")
            << qs(nestedNots(over)) << kMaxExpressionDepth << 1 << "nests deeper than 200";
        QTest::newRow("operator chain too long")
            << qs(chain(over)) << 2 * over - 1 << 1 << "nests deeper than 200";
    }
    void syntaxErrors() {
        QFETCH(QString, text);
        QFETCH(int, offset);
        QFETCH(int, length);
        QFETCH(QString, message);
        Expression e = Expression::parse(text.toStdString());
        QVERIFY(!e.ok());
        QVERIFY(!e.empty());
        QCOMPARE(e.root(), nullptr);
        QCOMPARE(e.errors().size(), std::size_t{1});
        const ExprError& error = e.errors().front();
        QVERIFY2(qs(error.message).contains(message), error.message.c_str());
        QCOMPARE(int(error.offset), offset);
        QCOMPARE(int(error.length), length);
    }

    void nestingUpToTheLimitIsFine() {
        for (const std::string& text :
             {nestedParens(kMaxExpressionDepth), nestedNots(kMaxExpressionDepth),
              "-" + nestedParens(kMaxExpressionDepth - 1), chain(kMaxExpressionDepth)}) {
            Expression e = Expression::parse(text);
            QVERIFY2(e.ok(), qPrintable(describe(e.errors())));
            std::vector<ExprError> errors;
            QVERIFY(e.check(scope(), errors).has_value());
            QVERIFY(e.evaluate(context()).value.has_value());
        }
    }

    // 100,000 levels must neither overflow the stack nor take long.
    void hugeNestingFailsFast_data() {
        QTest::addColumn<QString>("text");
        const int n = 100000;
        QTest::newRow("parentheses") << qs(nestedParens(n));
        QTest::newRow("open parentheses only") << qs(repeat("(", n));
        QTest::newRow("!") << qs(nestedNots(n));
        QTest::newRow("unary -") << qs(repeat("-", n) + "1");
        QTest::newRow("- (") << qs(repeat("-(", n) + "1" + repeat(")", n));
        QTest::newRow("chain of +") << qs(chain(n));
        QTest::newRow("right-nested +") << qs(repeat("1+(", n) + "1" + repeat(")", n));
        QTest::newRow("in(") << qs(repeat("in(", n));
    }
    void hugeNestingFailsFast() {
        QFETCH(QString, text);
        const std::string source = text.toStdString();
        QElapsedTimer timer;
        timer.start();
        Expression e = Expression::parse(source);
        QVERIFY(!e.ok());
        QVERIFY(e.evaluate(context()).error.size() > 0);
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    }

    // ---- type errors -----------------------------------------------------------

    void typeErrors_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("offset");
        QTest::addColumn<int>("length");
        QTest::addColumn<QString>("message");

        // an operand of a type the operator never takes is marked itself
        QTest::newRow("int + bool")
            << "1 + true" << 4 << 4 << "'+' needs numbers or strings but this is bool";
        QTest::newRow("string - int")
            << "s - 1" << 0 << 1 << "'-' needs numbers but this is string";
        QTest::newRow("bool * int") << "on * 2" << 0 << 2 << "'*' needs numbers but this is bool";
        QTest::newRow("int / string")
            << "(1 + 2) / \"x\"" << 10 << 3 << "'/' needs numbers but this is string";
        QTest::newRow("double % int") << "2.5 % 2" << 0 << 3 << "'%' needs ints but this is double";
        QTest::newRow("int % double") << "n % x" << 4 << 1 << "'%' needs ints but this is double";
        QTest::newRow("int < string")
            << "1 < \"a\"" << 4 << 3 << "'<' needs numbers but this is string";
        QTest::newRow("comparisons do not chain")
            << "1 < 2 < 3" << 0 << 5 << "'<' needs numbers but this is bool";
        QTest::newRow("int && bool") << "1 && true" << 0 << 1 << "'&&' needs bools but this is int";
        QTest::newRow("bool || double")
            << "true || x" << 8 << 1 << "'||' needs bools but this is double";
        QTest::newRow("! int") << "!1" << 1 << 1 << "'!' needs a bool but this is int";
        QTest::newRow("- string") << "-s" << 1 << 1 << "'-' needs a number but this is string";
        QTest::newRow("- bool") << "1 + -(on)" << 6 << 2 << "'-' needs a number but this is bool";

        // operands that are fine alone but not together: the whole operation is marked
        QTest::newRow("string + int") << "\"a\" + 1" << 0 << 7
                                      << "cannot add string and int: '+' adds two numbers or "
                                         "joins two strings";
        QTest::newRow("string == int")
            << "\"a\" == 1" << 0 << 8 << "cannot compare string with int";
        QTest::newRow("tag == int")
            << "on && event.Mode != 1" << 6 << 15 << "cannot compare string with int";
        QTest::newRow("bool == int") << "true == 1" << 0 << 9 << "cannot compare bool with int";
        QTest::newRow("double == bool") << "x == on" << 0 << 7 << "cannot compare double with bool";

        // names
        QTest::newRow("unknown variable, with a suggestion") << "nn + 1" << 0 << 2
                                                             << "unknown variable 'nn'; did you "
                                                                "mean 'n'?";
        QTest::newRow("unknown variable") << "1 + qqqqqq" << 4 << 6 << "unknown variable 'qqqqqq'";
        QTest::newRow("unknown tag") << "event.Bering > 0" << 0 << 12
                                     << "event has no tag 'Bering'; did you mean 'Bearing'? "
                                        "(its tags: Bearing, Mode, Ready, Temp)";
        QTest::newRow("unknown state")
            << "in(Idel)" << 0 << 8 << "unknown state 'Idel'; did you mean 'Idle'?";
    }
    void typeErrors() {
        QFETCH(QString, text);
        QFETCH(int, offset);
        QFETCH(int, length);
        QFETCH(QString, message);
        Expression e = Expression::parse(text.toStdString());
        QVERIFY2(e.ok(), qPrintable(describe(e.errors())));
        std::vector<ExprError> errors;
        QCOMPARE(e.check(scope(), errors), std::nullopt);
        QCOMPARE(errors.size(), std::size_t{1});
        QVERIFY2(qs(errors[0].message).contains(message), errors[0].message.c_str());
        QCOMPARE(int(errors[0].offset), offset);
        QCOMPARE(int(errors[0].length), length);
    }

    void noSuggestionWhenNothingIsClose() {
        Expression e = Expression::parse("qqqqqq");
        std::vector<ExprError> errors;
        e.check(scope(), errors);
        QCOMPARE(errors.size(), std::size_t{1});
        QCOMPARE(qs(errors[0].message), QStringLiteral("unknown variable 'qqqqqq'"));
    }

    void everyIndependentErrorIsReported() {
        Expression e = Expression::parse("!1 || -s == 2 || nope");
        std::vector<ExprError> errors{{99, 1, "already there"}};
        QCOMPARE(e.check(scope(), errors), std::nullopt);
        QCOMPARE(errors.size(), std::size_t{4}); // appended, not replaced
        QCOMPARE(int(errors[1].offset), 1);      // !1
        QCOMPARE(int(errors[2].offset), 7);      // -s
        QCOMPARE(int(errors[3].offset), 17);     // nope
    }

    void noCascadeFromOneMistake() {
        Expression e = Expression::parse("(nope + 1) * 2 > 3 && nope % 2 == 1");
        std::vector<ExprError> errors;
        QCOMPARE(e.check(scope(), errors), std::nullopt);
        QCOMPARE(errors.size(), std::size_t{2}); // each use of 'nope', nothing more
    }

    // With the triggering event unknown (eventTags nullopt), a tag may be anything: it
    // is never an error by itself, and the type is unknown where it depends on one.
    void unknownEvent_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("type");  // "" = unknown
        QTest::addColumn<QString>("error"); // "" = none
        QTest::newRow("any tag") << "event.Anything"
                                 << ""
                                 << "";
        QTest::newRow("compared") << "event.Anything > 2"
                                  << "bool"
                                  << "";
        QTest::newRow("equal to anything") << "event.A == \"x\" && event.B == 1"
                                           << "bool"
                                           << "";
        QTest::newRow("arithmetic stays unknown") << "event.A - 1"
                                                  << ""
                                                  << "";
        QTest::newRow("double arithmetic is double") << "event.A * 1.5"
                                                     << "double"
                                                     << "";
        QTest::newRow("beside a string, a string") << "event.A + \"!\""
                                                   << "string"
                                                   << "";
        QTest::newRow("% is int") << "event.A % 2"
                                  << "int"
                                  << "";
        QTest::newRow("! is bool") << "!event.A"
                                   << "bool"
                                   << "";
        QTest::newRow("the other side is still checked") << "event.A && 1"
                                                         << ""
                                                         << "'&&' needs bools but this is int";
        QTest::newRow("variables are still checked") << "event.A == nope"
                                                     << ""
                                                     << "unknown variable 'nope'";
    }
    void unknownEvent() {
        QFETCH(QString, text);
        QFETCH(QString, type);
        QFETCH(QString, error);
        TypeScope s = scope();
        s.eventTags.reset();
        Expression e = Expression::parse(text.toStdString());
        std::vector<ExprError> errors;
        std::optional<Type> result = e.check(s, errors);
        QCOMPARE(result ? qs(std::string(typeName(*result))) : QString(), type);
        if (error.isEmpty()) {
            QVERIFY2(errors.empty(), qPrintable(describe(errors)));
        } else {
            QCOMPARE(errors.size(), std::size_t{1});
            QVERIFY2(qs(errors[0].message).contains(error), errors[0].message.c_str());
        }
    }

    void eventWithoutTags() {
        TypeScope s = scope();
        s.eventTags->clear();
        Expression e = Expression::parse("event.Bearing > 0");
        std::vector<ExprError> errors;
        QCOMPARE(e.check(s, errors), std::nullopt);
        QCOMPARE(errors.size(), std::size_t{1});
        QCOMPARE(qs(errors[0].message),
                 QStringLiteral("event has no tag 'Bearing' (it has no tags)"));
    }

    // The generator reads the type of every node.
    void nodeTypesAreRecorded() {
        Expression e = Expression::parse("n + x > 1 && s == \"a\"");
        std::map<const ExprNode*, Type> types;
        std::vector<ExprError> errors;
        QCOMPARE(e.check(scope(), errors, &types), std::optional<Type>(Type::Bool));
        const ExprNode* andNode = e.root();
        const ExprNode* greater = andNode->operands[0].get();
        const ExprNode* plus = greater->operands[0].get();
        QCOMPARE(types.size(), std::size_t{9});
        QCOMPARE(types.at(andNode), Type::Bool);
        QCOMPARE(types.at(greater), Type::Bool);
        QCOMPARE(types.at(plus), Type::Double);
        QCOMPARE(types.at(plus->operands[0].get()), Type::Int);
        QCOMPARE(types.at(plus->operands[1].get()), Type::Double);
        QCOMPARE(types.at(greater->operands[1].get()), Type::Int);
        QCOMPARE(types.at(andNode->operands[1]->operands[0].get()), Type::String);
    }

    // ---- the tree --------------------------------------------------------------

    void treeShape() {
        Expression e = Expression::parse("(a + b) * -3 - event.T");
        const ExprNode* sub = e.root();
        QCOMPARE(sub->op, ExprOp::Sub);
        QCOMPARE(sub->offset, std::size_t{0});
        QCOMPARE(sub->length, e.text().size());
        const ExprNode* mul = sub->operands[0].get();
        QCOMPARE(mul->op, ExprOp::Mul);
        QCOMPARE(mul->offset, std::size_t{0}); // the parentheses belong to it
        QCOMPARE(mul->operands[0]->op, ExprOp::Add);
        QCOMPARE(mul->operands[0]->offset, std::size_t{1});
        // a minus sign before a number is part of the literal
        const ExprNode* three = mul->operands[1].get();
        QCOMPARE(three->op, ExprOp::Literal);
        QCOMPARE(three->value, i64(-3));
        QCOMPARE(three->offset, std::size_t{10});
        QCOMPARE(three->length, std::size_t{2});
        const ExprNode* tag = sub->operands[1].get();
        QCOMPARE(tag->op, ExprOp::EventTag);
        QCOMPARE(tag->name, std::string("T"));
        QCOMPARE(tag->offset, std::size_t{15});
        QCOMPARE(tag->length, std::size_t{7});

        Expression in = Expression::parse("!in(Busy.Swivel-2)");
        QCOMPARE(in.root()->op, ExprOp::Not);
        QCOMPARE(in.root()->operands[0]->op, ExprOp::InState);
        QCOMPARE(in.root()->operands[0]->name, std::string("Busy.Swivel-2"));
    }

    void emptyText_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << "";
        QTest::newRow("blank") << " \t\n ";
    }
    void emptyText() {
        QFETCH(QString, text);
        Expression e = Expression::parse(text.toStdString());
        QVERIFY(e.ok());
        QVERIFY(e.empty());
        QCOMPARE(e.root(), nullptr);
        std::vector<ExprError> errors;
        QCOMPARE(e.check(scope(), errors), std::nullopt);
        QVERIFY(errors.empty());
        QCOMPARE(qs(e.evaluate(context()).error), QStringLiteral("empty expression"));

        Expression defaulted;
        QVERIFY(defaulted.ok());
        QVERIFY(defaulted.empty());
    }

    void brokenExpressionIsNotCheckedAgain() {
        Expression e = Expression::parse("1 + + nope");
        QVERIFY(!e.ok());
        QVERIFY(!e.empty());
        std::vector<ExprError> errors;
        QCOMPARE(e.check(scope(), errors), std::nullopt);
        QVERIFY(errors.empty()); // the syntax error is in e.errors(), reported once
    }

    void copiesShareTheTree() {
        Expression a = Expression::parse("n + 1");
        Expression b = a;
        QCOMPARE(b.root(), a.root());
        QCOMPARE(b.text(), std::string("n + 1"));
        a = Expression::parse("2");
        QCOMPARE(*b.evaluate(context()).value, i64(8));
    }

    // ---- robustness ------------------------------------------------------------

    // Random well-formed expressions: whatever type-checks evaluates to the checked
    // type, and can fail only by dividing by zero.
    void randomExpressionsAgreeWithTheChecker() {
        std::mt19937 random(12345);
        const MapContext c = context();
        const TypeScope s = scope();
        int typed = 0;
        int divisionByZero = 0;
        for (int round = 0; round < 5000; ++round) {
            const std::string text = randomExpression(random, 0);
            Expression e = Expression::parse(text);
            QVERIFY2(e.ok(), (text + ": " + describe(e.errors()).toStdString()).c_str());
            std::vector<ExprError> errors;
            std::map<const ExprNode*, Type> types;
            std::optional<Type> type = e.check(s, errors, &types);
            EvalResult result = e.evaluate(c);
            QVERIFY2(result.value.has_value() != !result.error.empty(), text.c_str());
            if (!type) {
                QVERIFY2(!errors.empty(), text.c_str());
                continue;
            }
            ++typed;
            QCOMPARE(types.at(e.root()), *type);
            if (result.value) {
                QVERIFY2(typeOf(*result.value) == *type, text.c_str());
            } else {
                QVERIFY2(result.error == "division by zero",
                         (text + " -> " + result.error).c_str());
                ++divisionByZero;
            }
        }
        QVERIFY2(typed > 1000, qPrintable(QString::number(typed)));
        QVERIFY(divisionByZero > 0);
    }

    // Random token soup never crashes, and errors stay inside the text.
    void randomTokenSoup() {
        const std::vector<std::string> alphabet = {"1",
                                                   "0",
                                                   "2.5",
                                                   "9223372036854775807",
                                                   "-",
                                                   "+",
                                                   "*",
                                                   "/",
                                                   "%",
                                                   "==",
                                                   "!=",
                                                   "<",
                                                   "<=",
                                                   ">",
                                                   ">=",
                                                   "&&",
                                                   "||",
                                                   "!",
                                                   "(",
                                                   ")",
                                                   "(",
                                                   ")",
                                                   "true",
                                                   "false",
                                                   "n",
                                                   "x",
                                                   "s",
                                                   "on",
                                                   "zero",
                                                   "small",
                                                   "event.Bearing",
                                                   "event.Temp",
                                                   "event.Mode",
                                                   "event",
                                                   ".",
                                                   "in(Idle)",
                                                   "in(Busy)",
                                                   "in(",
                                                   "\"a\"",
                                                   "\"",
                                                   "\\",
                                                   "\\u",
                                                   "e",
                                                   "1e",
                                                   " ",
                                                   "=",
                                                   "&",
                                                   "nope",
                                                   "\xc3",
                                                   "\"\\n\""};
        std::mt19937 random(20240601);
        std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
        std::uniform_int_distribution<int> length(0, 24);
        const MapContext c = context();
        const TypeScope s = scope();
        for (int round = 0; round < 5000; ++round) {
            std::string text;
            for (int i = length(random); i > 0; --i) {
                text += alphabet[pick(random)];
                if (random() % 3 == 0) {
                    text += ' ';
                }
            }
            Expression e = Expression::parse(text);
            for (const ExprError& error : e.errors()) {
                QVERIFY2(error.offset + error.length <= text.size() + 1, text.c_str());
                QVERIFY(error.length >= 1);
                QVERIFY(!error.message.empty());
            }
            std::vector<ExprError> errors;
            std::map<const ExprNode*, Type> types;
            std::optional<Type> type = e.check(s, errors, &types);
            for (const ExprError& error : errors) {
                QVERIFY2(error.offset + error.length <= text.size(), text.c_str());
            }
            EvalResult result = e.evaluate(c);
            QVERIFY2(result.value.has_value() != !result.error.empty(), text.c_str());
            if (type && result.value) {
                QVERIFY2(typeOf(*result.value) == *type, text.c_str());
            } else if (type) {
                QVERIFY2(result.error == "division by zero", text.c_str());
            }
        }
    }

    // Random bytes exercise the lexer on what no token alphabet contains.
    void randomBytes() {
        std::mt19937 random(7);
        const MapContext c = context();
        for (int round = 0; round < 3000; ++round) {
            std::string text(random() % 16, '\0');
            for (char& ch : text) {
                ch = static_cast<char>(random() % 256);
            }
            Expression e = Expression::parse(text);
            std::vector<ExprError> errors;
            e.check(scope(), errors);
            e.evaluate(c);
            for (const ExprError& error : e.errors()) {
                QVERIFY(error.offset + error.length <= text.size() + 1);
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestExpression)
#include "test_expression.moc"
