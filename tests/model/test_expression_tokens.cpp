// The tokens editors colour an expression by: the parser's own lexer, read to the end
// whatever it meets, so that a stray character or a broken string is one Error token
// and the words after it are still words.

#include <QtTest>

#include "model/expression_tokens.h"

using namespace swivel::model;

namespace {

using K = ExprTokenKind;

// "kind@offset+length ..." for readable comparisons.
QString describe(const std::vector<ExprToken>& tokens) {
    static const char* names[] = {"Word",     "StateId", "Number", "String",
                                  "Operator", "Paren",   "Dot",    "Error"};
    QStringList parts;
    for (const ExprToken& token : tokens)
        parts << QStringLiteral("%1@%2+%3")
                     .arg(QLatin1String(names[static_cast<int>(token.kind)]))
                     .arg(token.offset)
                     .arg(token.length);
    return parts.join(QLatin1Char(' '));
}

} // namespace

class TestExpressionTokens : public QObject {
    Q_OBJECT

private slots:
    void tokens_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("tokens");
        QTest::newRow("empty") << ""
                               << "";
        QTest::newRow("comparison") << "event.Bering > 10"
                                    << "Word@0+5 Dot@5+1 Word@6+6 Operator@13+1 Number@15+2";
        QTest::newRow("two-character operators")
            << "a<=1&&!b||c!=2"
            << "Word@0+1 Operator@1+2 Number@3+1 Operator@4+2 Operator@6+1 "
               "Word@7+1 Operator@8+2 Word@10+1 Operator@11+2 Number@13+1";
        QTest::newRow("state id with dots and dashes")
            << "in( Main.sub-1 )"
            << "Word@0+2 Paren@2+1 StateId@4+10 Paren@15+1";
        QTest::newRow("numbers and strings") << "1.5e3 + \"a\\\"b\""
                                             << "Number@0+5 Operator@6+1 String@8+6";
        QTest::newRow("a stray '=' and what follows") << "x = 1"
                                                      << "Word@0+1 Error@2+1 Number@4+1";
        QTest::newRow("an unclosed string runs to the end") << "\"abc"
                                                            << "Error@0+4";
        QTest::newRow("a bad escape spoils its string only") << "\"a\\qb\" + y"
                                                             << "Error@0+6 Operator@7+1 Word@9+1";
        QTest::newRow("utf-8 outside strings") << "a \xc3\xa9 b"
                                               << "Word@0+1 Error@2+2 Word@5+1";
    }

    void tokens() {
        QFETCH(QString, text);
        QFETCH(QString, tokens);
        const QByteArray utf8 = text.toUtf8();
        QCOMPARE(describe(tokenizeExpression(
                     std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())))),
                 tokens);
    }
};

QTEST_APPLESS_MAIN(TestExpressionTokens)
#include "test_expression_tokens.moc"
