// Device ids are arbitrary UTF-8; Azure Table keys are not. Each device id must get
// a key of its own that Azure accepts, and the key must survive a request URL.
#include <QtTest>

#include <set>
#include <string>
#include <vector>

#include "store/table_key.h"

using store::deviceIdFromPartitionKey;
using store::partitionKeyForDeviceId;

class TestTableKey : public QObject {
    Q_OBJECT
private slots:
    void ordinaryIdsStayReadable() {
        QCOMPARE(partitionKeyForDeviceId("camera-7"), std::string("camera-7"));
        QCOMPARE(partitionKeyForDeviceId("Kamera-Ü"), std::string("Kamera-Ü"));
        QCOMPARE(partitionKeyForDeviceId("it's \"x\" (1), a+b=c; 📷"),
                 std::string("it's \"x\" (1), a+b=c; 📷"));
        QCOMPARE(partitionKeyForDeviceId(""), std::string(""));
    }

    void charactersAzureForbidsArePercentEncoded_data() {
        QTest::addColumn<QByteArray>("deviceId");
        QTest::addColumn<QByteArray>("key");
        QTest::newRow("slash") << QByteArray("a/b") << QByteArray("a%2Fb");
        QTest::newRow("backslash") << QByteArray("a\\b") << QByteArray("a%5Cb");
        QTest::newRow("hash") << QByteArray("a#b") << QByteArray("a%23b");
        QTest::newRow("question mark") << QByteArray("a?b") << QByteArray("a%3Fb");
        QTest::newRow("percent itself") << QByteArray("100%") << QByteArray("100%25");
        QTest::newRow("an escape lookalike") << QByteArray("a%2Fb") << QByteArray("a%252Fb");
        QTest::newRow("newline and tab") << QByteArray("a\nb\t") << QByteArray("a%0Ab%09");
        QTest::newRow("NUL") << QByteArray("a\0b", 3) << QByteArray("a%00b");
        QTest::newRow("DEL") << QByteArray("a\x7f") << QByteArray("a%7F");
        QTest::newRow("C1 control U+0085") << QByteArray("a\xc2\x85") << QByteArray("a%C2%85");
        QTest::newRow("U+00A0 is allowed") << QByteArray("a\xc2\xa0") << QByteArray("a\xc2\xa0");
        QTest::newRow("invalid UTF-8") << QByteArray("a\xff\xc3") << QByteArray("a%FF%C3");
        QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << QByteArray("%C0%AF");
        QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << QByteArray("%ED%A0%80");
    }
    void charactersAzureForbidsArePercentEncoded() {
        QFETCH(QByteArray, deviceId);
        QFETCH(QByteArray, key);
        QCOMPARE(QByteArray::fromStdString(partitionKeyForDeviceId(deviceId.toStdString())), key);
        QCOMPARE(QByteArray::fromStdString(deviceIdFromPartitionKey(key.toStdString())), deviceId);
    }

    void everyByteStringRoundTrips() {
        std::string everyByte;
        for (int byte = 0; byte < 256; ++byte)
            everyByte += static_cast<char>(byte);
        const std::vector<std::string> ids{everyByte, "a/b", "a%2Fb",    "a%252Fb",
                                           "%",       "%%",  "Kamera-Ü", std::string(200, '/')};
        std::set<std::string> keys;
        for (const auto& id : ids) {
            const std::string key = partitionKeyForDeviceId(id);
            QCOMPARE(deviceIdFromPartitionKey(key), id);
            for (const char c : key)
                QVERIFY2(c != '/' && c != '\\' && c != '#' && c != '?' &&
                             static_cast<unsigned char>(c) >= 0x20 && c != 0x7f,
                         key.c_str());
            keys.insert(key);
        }
        QCOMPARE(keys.size(), ids.size());
    }

    void malformedEscapesAreRefused() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, deviceIdFromPartitionKey("a%2"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, deviceIdFromPartitionKey("a%G0"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, deviceIdFromPartitionKey("%"));
    }

    void urlsGetOnlyUnreservedCharactersVerbatim() {
        QCOMPARE(store::percentEncode("aZ09-._~"), std::string("aZ09-._~"));
        QCOMPARE(store::percentEncode("a b+c/'Ü%"), std::string("a%20b%2Bc%2F%27%C3%9C%25"));
    }

    void odataLiteralsDoubleSingleQuotes() {
        QCOMPARE(store::odataStringLiteral("it's"), std::string("'it''s'"));
        QCOMPARE(store::odataStringLiteral(""), std::string("''"));
        QCOMPARE(store::odataStringLiteral("''"), std::string("''''''"));
    }
};

QTEST_GUILESS_MAIN(TestTableKey)
#include "test_table_key.moc"
