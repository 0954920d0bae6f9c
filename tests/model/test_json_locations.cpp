// The JSON locator: where every value starts, syntax errors with their place, and
// linear behaviour on deep and large inputs.
#include <QtTest>

#include <chrono>

#include "model/json_locations.h"

using namespace swivel::model;

namespace {

TextPosition at(int line, int column) {
    return {line, column};
}

std::optional<TextPosition> locate(const JsonLocations& locations, std::string_view pointer) {
    const auto node = locations.find(pointer);
    if (node == JsonLocations::npos) {
        return std::nullopt;
    }
    return locations.position(node);
}

std::string position(const std::optional<TextPosition>& p) {
    return p ? std::to_string(p->line) + ":" + std::to_string(p->column) : "none";
}

#define QCOMPARE_AT(locations, pointer, line, column) \
    QCOMPARE(position(locate(locations, pointer)), position(at(line, column)))

bool validUtf8(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())).toUtf8() ==
           QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

double secondsFor(const std::function<void()>& work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

class TestJsonLocations : public QObject {
    Q_OBJECT
private slots:
    void everyValueOfASmallDocument() {
        const std::string text = "{\n"
                                 "  \"a\": 1,\n"
                                 "  \"b\": [true, null, \"x\\\"y\"],\n"
                                 "  \"c\": {\"d\": -2.5e3, \"e\": {}}\n"
                                 "}\n";
        const auto parsed = parseJsonWithLocations(text);
        QVERIFY(!parsed.error);
        const JsonLocations& l = parsed.locations;
        QCOMPARE_AT(l, "", 1, 1);
        QCOMPARE_AT(l, "/a", 2, 8);
        QCOMPARE_AT(l, "/b", 3, 8);
        QCOMPARE_AT(l, "/b/0", 3, 9);
        QCOMPARE_AT(l, "/b/1", 3, 15);
        QCOMPARE_AT(l, "/b/2", 3, 21);
        QCOMPARE_AT(l, "/c", 4, 8);
        QCOMPARE_AT(l, "/c/d", 4, 14);
        QCOMPARE_AT(l, "/c/e", 4, 27);
        QCOMPARE(l.size(), std::size_t(9));
        QCOMPARE(l.depth(), 3);  // the root, "c" and "e"
        QCOMPARE(parsed.value["c"]["d"].get<double>(), -2500.0);
        QVERIFY(l.kind(l.find("/b/2")) == JsonLocations::Kind::String);
        QVERIFY(l.kind(l.find("/c")) == JsonLocations::Kind::Object);
        QVERIFY(l.find("/b/3") == JsonLocations::npos);
        QVERIFY(l.find("/b/01") == JsonLocations::npos);
        QVERIFY(l.find("/x") == JsonLocations::npos);
        QVERIFY(l.find("a") == JsonLocations::npos);
        QVERIFY(l.find("/a/0") == JsonLocations::npos);
        QCOMPARE(l.findNearest("/c/d/deeper/still"), l.find("/c/d"));
        QCOMPARE(l.findNearest("/nothing"), l.root());
    }

    // nlohmann reads one byte past a number; the next value must not be misplaced.
    void numbersNextToBrackets() {
        const std::string text = R"([1,[2],{"k":3},-4 , 5e1,[[]],6])";
        const auto parsed = parseJsonWithLocations(text);
        QVERIFY(!parsed.error);
        QCOMPARE_AT(parsed.locations, "/0", 1, 2);
        QCOMPARE_AT(parsed.locations, "/1", 1, 4);
        QCOMPARE_AT(parsed.locations, "/1/0", 1, 5);
        QCOMPARE_AT(parsed.locations, "/2", 1, 8);
        QCOMPARE_AT(parsed.locations, "/2/k", 1, 13);
        QCOMPARE_AT(parsed.locations, "/3", 1, 16);
        QCOMPARE_AT(parsed.locations, "/4", 1, 21);
        QCOMPARE_AT(parsed.locations, "/5", 1, 25);
        QCOMPARE_AT(parsed.locations, "/5/0", 1, 26);
        QCOMPARE_AT(parsed.locations, "/6", 1, 30);
    }

    void scalarRootAndWhitespace() {
        const auto parsed = parseJsonWithLocations("\n\n   42  \n");
        QVERIFY(!parsed.error);
        QCOMPARE_AT(parsed.locations, "", 3, 4);
        QCOMPARE(parsed.locations.depth(), 0);
    }

    void byteOrderMarkIsSkipped() {
        const auto parsed = parseJsonWithLocations("\xEF\xBB\xBF{\"a\": true}");
        QVERIFY(!parsed.error);
        QCOMPARE_AT(parsed.locations, "", 1, 4);
        QCOMPARE_AT(parsed.locations, "/a", 1, 10);
    }

    void crlfLineEnds() {
        const auto parsed = parseJsonWithLocations("{\r\n  \"a\":\r\n    [1]\r\n}");
        QVERIFY(!parsed.error);
        QCOMPARE_AT(parsed.locations, "/a", 3, 5);
        QCOMPARE_AT(parsed.locations, "/a/0", 3, 6);
    }

    void pointerEscapes() {
        const auto parsed = parseJsonWithLocations(R"({"a/b": 1, "m~n": 2, "": 3})");
        QVERIFY(!parsed.error);
        QCOMPARE(jsonPointerEscape("a/b"), std::string("a~1b"));
        QCOMPARE(jsonPointerEscape("m~n"), std::string("m~0n"));
        QCOMPARE_AT(parsed.locations, "/a~1b", 1, 9);
        QCOMPARE_AT(parsed.locations, "/m~0n", 1, 19);
        QCOMPARE_AT(parsed.locations, "/", 1, 26);
        QVERIFY(parsed.locations.find("/m~2n") == JsonLocations::npos);
    }

    // As in nlohmann's DOM, the last of repeated keys counts; both stay visible as children.
    void duplicateKeys() {
        const std::string text = R"({"a": 1, "b": 2, "a": [3]})";
        const auto plain = parseJsonWithLocations(text);
        const auto ordered = parseOrderedJsonWithLocations(text);
        QVERIFY(!plain.error && !ordered.error);
        QCOMPARE(plain.value["a"], nlohmann::json::array({3}));
        QCOMPARE(ordered.value.size(), std::size_t(2));
        QCOMPARE(ordered.value.begin().key(), std::string("a"));
        QCOMPARE(ordered.value["a"], nlohmann::ordered_json::array({3}));
        QCOMPARE_AT(ordered.locations, "/a", 1, 23);
        QCOMPARE_AT(ordered.locations, "/a/0", 1, 24);
        QCOMPARE(ordered.locations.childCount(ordered.locations.root()), std::size_t(3));
        QCOMPARE(ordered.locations.key(ordered.locations.child(0, 0)), std::string_view("a"));
    }

    void orderedKeepsDocumentOrder() {
        const auto parsed = parseOrderedJsonWithLocations(R"({"z": 1, "a": 2, "m": {"y": 1, "b": 2}})");
        QVERIFY(!parsed.error);
        QCOMPARE(parsed.value.dump(), std::string(R"({"z":1,"a":2,"m":{"y":1,"b":2}})"));
    }

    void syntaxErrorAtKnownPlace() {
        const auto parsed = parseJsonWithLocations("{\n  \"a\": 1,\n  \"b\": }\n");
        QVERIFY(parsed.error);
        QCOMPARE(position(parsed.error->position), position(at(3, 8)));
        QCOMPARE(parsed.error->offset, std::size_t(19));
        QVERIFY2(parsed.error->message.find("unexpected '}'") != std::string::npos,
                 parsed.error->message.c_str());
        QVERIFY(parsed.error->message.find("[json.exception") == std::string::npos);
        QVERIFY(parsed.error->message.find("parse error at line") == std::string::npos);
        QVERIFY(parsed.value.is_null());
        QCOMPARE(parsed.locations.size(), std::size_t(0));
    }

    void syntaxErrors_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("says");
        QTest::newRow("empty") << "" << 1 << 1 << "unexpected end of input";
        QTest::newRow("trailing comma") << "[1,\n 2,\n]" << 3 << 1 << "unexpected ']'";
        QTest::newRow("unterminated") << "{\"a\": [1, 2" << 1 << 12 << "unexpected end of input";
        QTest::newRow("second value") << "{} {}" << 1 << 4 << "expected end of input";
        QTest::newRow("bare word") << "[nul]" << 1 << 5 << "invalid literal";
        QTest::newRow("control in string") << "[\"a\nb\"]" << 1 << 4 << "control character";
        QTest::newRow("comment") << "// no\n{}" << 1 << 1 << "invalid literal";
        QTest::newRow("overflow") << "[1e999]" << 1 << 2 << "number overflow";
        QTest::newRow("missing comma") << "{\"a\": 1\n \"b\": 2}" << 2 << 2 << "unexpected string literal";
        QTest::newRow("unexpected comma") << "{,}" << 1 << 2 << "unexpected ','";
        QTest::newRow("missing colon") << "{\"a\" 1}" << 1 << 6 << "unexpected number literal";
    }

    void syntaxErrors() {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, says);
        const std::string input = text.toStdString();
        const auto parsed = parseJsonWithLocations(input);
        QVERIFY(parsed.error);
        QCOMPARE(position(parsed.error->position), position(at(line, column)));
        QVERIFY2(parsed.error->message.find(says.toStdString()) != std::string::npos,
                 parsed.error->message.c_str());
    }

    // Reported by nlohmann as a syntax error; the message itself stays valid UTF-8.
    void invalidUtf8() {
        const std::string text = "{\n  \"name\": \"caf\xC3\xA9 \xFF\xFE\"\n}";
        const auto parsed = parseJsonWithLocations(text);
        QVERIFY(parsed.error);
        QCOMPARE(position(parsed.error->position), position(at(2, 18)));
        QVERIFY2(parsed.error->message.find("UTF-8") != std::string::npos, parsed.error->message.c_str());
        QVERIFY(validUtf8(parsed.error->message));
        QVERIFY(parsed.error->message.find("\\xFF") != std::string::npos);
    }

    // An unterminated megabyte string must not end up whole in the message.
    void longFaultsGiveShortMessages() {
        std::string text = "[\"" + std::string(1 << 20, 'x') + "\x01\"]";
        const auto parsed = parseJsonWithLocations(text);
        QVERIFY(parsed.error);
        QVERIFY(parsed.error->message.size() < 300);
        QCOMPARE(parsed.error->position.column, (1 << 20) + 3);
    }

    void truncatedInputsNeverCrash() {
        const std::string text = R"({"a": [1, 2.5, "x\u00e9y", {"b": null, "c": [true, false]}], "d": "e"})";
        for (std::size_t cut = 0; cut < text.size(); ++cut) {
            const auto parsed = parseOrderedJsonWithLocations(text.substr(0, cut));
            QVERIFY(parsed.error);
            QVERIFY(parsed.error->offset <= cut);
            QVERIFY(parsed.error->position.line == 1);
        }
        QVERIFY(!parseOrderedJsonWithLocations(text).error);
    }

    void stringEscapes() {
        // (No raw string here: moc does not understand one with escapes inside.)
        const std::string text = "[\"a\\\"b\\u00e9c\\ud83d\\ude00d\"]";
        const auto parsed = parseJsonWithLocations(text);
        QVERIFY(!parsed.error);
        const std::size_t quote = parsed.locations.offset(parsed.locations.find("/0"));
        QCOMPARE(quote, std::size_t(1));
        const auto escapes = jsonStringEscapes(text, quote);
        QCOMPARE(escapes.size(), std::size_t(3));
        QCOMPARE(escapes[0], std::make_pair(std::size_t(1), std::size_t(1)));  // \" : 2 raw, 1 decoded
        QCOMPARE(escapes[1], std::make_pair(std::size_t(3), std::size_t(4)));  // é: 6 raw, 2 decoded
        QCOMPARE(escapes[2], std::make_pair(std::size_t(6), std::size_t(8)));  // 😀: 12 raw, 4 decoded
        const std::string decoded = parsed.value[0].get<std::string>();
        QCOMPARE(decoded, std::string("a\"b\xC3\xA9" "c\xF0\x9F\x98\x80" "d"));
        QCOMPARE(jsonStringRawOffset(text, quote, 0), std::size_t(3 - 1));   // a
        QCOMPARE(jsonStringRawOffset(text, quote, 2), std::size_t(5));       // b
        QCOMPARE(jsonStringRawOffset(text, quote, 5), std::size_t(12));      // c
        QCOMPARE(jsonStringRawOffset(text, quote, 10), std::size_t(25));     // d
        QCOMPARE(text[25], 'd');
    }

    void deepNesting() {
        constexpr int depth = 10000;
        std::string text;
        for (int i = 0; i < depth; ++i) {
            text += i % 2 == 0 ? "[" : "{\"k\":";
        }
        text += "0";
        for (int i = depth - 1; i >= 0; --i) {
            text += i % 2 == 0 ? "]" : "}";
        }
        for (bool ordered : {false, true}) {
            const JsonLocations locations = ordered ? parseOrderedJsonWithLocations(text).locations
                                                    : parseJsonWithLocations(text).locations;
            QCOMPARE(locations.depth(), depth);
            QCOMPARE(locations.size(), std::size_t(depth + 1));
            std::string pointer;
            for (int i = 0; i < depth; ++i) {
                pointer += i % 2 == 0 ? "/0" : "/k";
            }
            const auto node = locations.find(pointer);
            QVERIFY(node != JsonLocations::npos);
            QCOMPARE(locations.position(node).column, static_cast<int>(text.find('0')) + 1);
        }
        // Siblings of deep values: growing an object must not copy (recursively) what
        // it already holds.
        const std::string siblings = "{\"a\": " + text + ", \"b\": " + text + ", \"c\": " + text +
                                     ", \"d\": " + text + ", \"e\": " + text + "}";
        const auto ordered = parseOrderedJsonWithLocations(siblings);
        QVERIFY(!ordered.error);
        QCOMPARE(ordered.value.size(), std::size_t(5));
        QCOMPARE(ordered.locations.depth(), depth + 1);
        // Unclosed: the error is at the end, and nothing overflows on the way.
        const auto broken = parseJsonWithLocations(std::string(depth * 5, '['));
        QVERIFY(broken.error);
        QCOMPARE(broken.error->offset, std::size_t(depth * 5));
    }

    // 50 MB in well under a minute (Debug), and a wide object does not go quadratic.
    void largeInputsAreLinear() {
        std::string text = "[";
        const std::string filler(1000, 'x');
        int count = 0;
        while (text.size() < 50u * 1000 * 1000) {
            text += (count == 0 ? "" : ",\n") + std::string("{\"id\": ") + std::to_string(count) +
                    ", \"text\": \"" + filler + "\"}";
            ++count;
        }
        text += "]";
        LocatedJson<nlohmann::json> parsed;
        const double seconds = secondsFor([&] { parsed = parseJsonWithLocations(text); });
        QVERIFY(!parsed.error);
        QVERIFY2(seconds < 60, qPrintable(QString::number(seconds)));
        const std::string last = "/" + std::to_string(count - 1) + "/text";
        const int digits = static_cast<int>(std::to_string(count - 1).size());
        QCOMPARE(position(locate(parsed.locations, last)), position(at(count, 18 + digits)));

        std::string wide = "{";
        for (int i = 0; i < 200000; ++i) {
            wide += (i == 0 ? "\"k" : ",\"k") + std::to_string(i) + "\":" + std::to_string(i);
        }
        wide += "}";
        LocatedJson<nlohmann::ordered_json> ordered;
        const double wideSeconds = secondsFor([&] { ordered = parseOrderedJsonWithLocations(wide); });
        QVERIFY(!ordered.error);
        QVERIFY2(wideSeconds < 20, qPrintable(QString::number(wideSeconds)));
        QCOMPARE(ordered.value.size(), std::size_t(200000));
        QVERIFY(ordered.locations.find("/k199999") != JsonLocations::npos);
    }
};

QTEST_GUILESS_MAIN(TestJsonLocations)
#include "test_json_locations.moc"
