// How a generated handler finds and signs in to its state table: the connection
// string (the function app's AzureWebJobsStorage setting) and SharedKeyLite signing.
#include <QtTest>

#include <chrono>
#include <clocale>

#include "store/shared_key_lite.h"
#include "store/storage_connection.h"

using store::parseStorageConnection;
using store::StorageConnection;

namespace {

constexpr const char* devKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
constexpr const char* someKey =
    "c2VjcmV0LWtleS1ieXRlcy0wMTIzNDU2Nzg5"; // "secret-key-bytes-0123456789"

} // namespace

class TestStorageConnection : public QObject {
    Q_OBJECT
private slots:
    void developmentStorageIsAzuriteOnItsDefaultPort() {
        const StorageConnection connection = parseStorageConnection("UseDevelopmentStorage=true");
        QCOMPARE(connection.tableEndpoint, std::string("http://127.0.0.1:10002/devstoreaccount1"));
        QCOMPARE(connection.accountName, std::string("devstoreaccount1"));
        QCOMPARE(connection.accountKey, std::string(devKey));
        QCOMPARE(connection.origin(), std::string("http://127.0.0.1:10002"));
        QCOMPARE(connection.basePath(), std::string("/devstoreaccount1"));
        QVERIFY(!connection.isHttps());
    }

    void anAccountInAzureGetsItsTableEndpoint() {
        const StorageConnection connection = parseStorageConnection(
            std::string("DefaultEndpointsProtocol=https;AccountName=swivelstate;AccountKey=") +
            someKey + ";EndpointSuffix=core.windows.net");
        QCOMPARE(connection.tableEndpoint,
                 std::string("https://swivelstate.table.core.windows.net"));
        QCOMPARE(connection.accountName, std::string("swivelstate"));
        QCOMPARE(connection.accountKey, std::string(someKey));
        QCOMPARE(connection.origin(), connection.tableEndpoint);
        QCOMPARE(connection.basePath(), std::string());
        QVERIFY(connection.isHttps());
    }

    void protocolAndSuffixHaveDefaults() {
        const StorageConnection connection =
            parseStorageConnection(std::string("AccountName=x1;AccountKey=") + someKey);
        QCOMPARE(connection.tableEndpoint, std::string("https://x1.table.core.windows.net"));
        const StorageConnection china = parseStorageConnection(
            std::string("DefaultEndpointsProtocol=http;AccountName=x1;AccountKey=") + someKey +
            ";EndpointSuffix=core.chinacloudapi.cn");
        QCOMPARE(china.tableEndpoint, std::string("http://x1.table.core.chinacloudapi.cn"));
    }

    void anExplicitTableEndpointWins() {
        const StorageConnection connection = parseStorageConnection(
            std::string("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=") +
            devKey +
            ";BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;TableEndpoint=http://"
            "127.0.0.1:41234/devstoreaccount1/;");
        QCOMPARE(connection.tableEndpoint, std::string("http://127.0.0.1:41234/devstoreaccount1"));
        QCOMPARE(connection.origin(), std::string("http://127.0.0.1:41234"));
        QCOMPARE(connection.basePath(), std::string("/devstoreaccount1"));
    }

    void namesAreCaseInsensitiveAndSpacesAroundPartsDoNotMatter() {
        const StorageConnection connection =
            parseStorageConnection(std::string(" accountname = x1 ; ACCOUNTKEY=") + someKey +
                                   " ;; endpointsuffix=example.org ;");
        QCOMPARE(connection.tableEndpoint, std::string("https://x1.table.example.org"));
        QCOMPARE(connection.accountKey, std::string(someKey));
    }

    void describeNamesEndpointAndAccountButNotTheKey() {
        const StorageConnection connection = parseStorageConnection("UseDevelopmentStorage=true");
        const std::string text = connection.describe();
        QVERIFY(text.find("devstoreaccount1") != std::string::npos);
        QVERIFY(text.find("127.0.0.1:10002") != std::string::npos);
        QVERIFY(text.find(devKey) == std::string::npos);
    }

    void badStringsAreRefusedNamingTheBadPart_data() {
        QTest::addColumn<QString>("connectionString");
        QTest::addColumn<QString>("named"); // what the message must mention
        const QString key = QString::fromLatin1(someKey);
        QTest::newRow("empty") << ""
                               << "empty";
        QTest::newRow("blank") << "  ; "
                               << "AccountName";
        QTest::newRow("no account name") << "AccountKey=" + key << "AccountName is missing";
        QTest::newRow("no account key") << "AccountName=x1"
                                        << "AccountKey is missing";
        QTest::newRow("empty account key") << "AccountName=x1;AccountKey="
                                           << "AccountKey is missing";
        QTest::newRow("key not base64") << "AccountName=x1;AccountKey=not*base64!"
                                        << "AccountKey is not valid base64";
        QTest::newRow("key cut short")
            << "AccountName=x1;AccountKey=" + key.left(7) << "AccountKey is not valid base64";
        QTest::newRow("part without =") << "AccountName=x1;" + key << "Name=value";
        QTest::newRow("twice") << "AccountName=x1;accountname=x2;AccountKey=" + key
                               << "appears twice";
        QTest::newRow("bad protocol")
            << "DefaultEndpointsProtocol=ftp;AccountName=x1;AccountKey=" + key
            << "DefaultEndpointsProtocol";
        QTest::newRow("endpoint without scheme")
            << "AccountName=x1;AccountKey=" + key + ";TableEndpoint=127.0.0.1:10002"
            << "TableEndpoint";
        QTest::newRow("endpoint without host")
            << "AccountName=x1;AccountKey=" + key + ";TableEndpoint=http://"
            << "TableEndpoint has no host";
        QTest::newRow("endpoint with query")
            << "AccountName=x1;AccountKey=" + key + ";TableEndpoint=http://h/a?b"
            << "TableEndpoint";
        QTest::newRow("development false") << "UseDevelopmentStorage=false"
                                           << "UseDevelopmentStorage";
        QTest::newRow("development proxy")
            << "UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://p"
            << "DevelopmentStorageProxyUri";
        QTest::newRow("shared access signature")
            << "TableEndpoint=https://x1.table.core.windows.net;SharedAccessSignature=sv=2019"
            << "SharedAccessSignature";
    }
    void badStringsAreRefusedNamingTheBadPart() {
        QFETCH(QString, connectionString);
        QFETCH(QString, named);
        try {
            parseStorageConnection(connectionString.toStdString());
            QFAIL("accepted");
        } catch (const std::invalid_argument& error) {
            const QString message = QString::fromUtf8(error.what());
            QVERIFY2(message.contains(named), qPrintable(message));
            QVERIFY2(!message.contains(QString::fromLatin1(someKey).left(7)), qPrintable(message));
        }
    }

    void base64FollowsRfc4648() {
        QCOMPARE(store::base64Encode(""), std::string(""));
        QCOMPARE(store::base64Encode("f"), std::string("Zg=="));
        QCOMPARE(store::base64Encode("fo"), std::string("Zm8="));
        QCOMPARE(store::base64Encode("foo"), std::string("Zm9v"));
        QCOMPARE(store::base64Encode("foobar"), std::string("Zm9vYmFy"));
        QCOMPARE(store::base64Encode(std::string("\xff\xfe\x00", 3)), std::string("//4A"));
        QCOMPARE(*store::base64Decode("Zm9vYmE="), std::string("fooba"));
        QCOMPARE(*store::base64Decode("//4A"), std::string("\xff\xfe\x00", 3));
        QCOMPARE(store::base64Decode(devKey)->size(), std::size_t{64});
        QVERIFY(!store::base64Decode(""));
        QVERIFY(!store::base64Decode("Zg="));
        QVERIFY(!store::base64Decode("Zh==")); // bits after the last byte must be zero
        QVERIFY(!store::base64Decode("Z==="));
        QVERIFY(!store::base64Decode("Zg==Zg=="));
        QVERIFY(!store::base64Decode("Zm9v YmFy"));
    }

    void httpDatesAreRfc1123InGmtWhateverTheLocale() {
        using namespace std::chrono;
        const char* previous = std::setlocale(LC_TIME, nullptr);
        const std::string saved = previous ? previous : "C";
        std::setlocale(LC_TIME, "de_DE.UTF-8"); // may not exist; then nothing changes
        QCOMPARE(store::httpDate(system_clock::time_point(seconds(1795910680))),
                 std::string("Sun, 29 Nov 2026 00:04:40 GMT"));
        QCOMPARE(store::httpDate(system_clock::time_point(seconds(951782400))),
                 std::string("Tue, 29 Feb 2000 00:00:00 GMT"));
        std::setlocale(LC_TIME, saved.c_str());
    }

    // The expected value was computed independently (Python's hmac module).
    void sharedKeyLiteSignsDateAndResource() {
        const store::SharedKeyLiteSigner signer("devstoreaccount1", devKey);
        QCOMPARE(
            signer.authorization("Sun, 29 Nov 2026 00:04:40 GMT",
                                 "/devstoreaccount1/devstoreaccount1/"
                                 "states(PartitionKey=%27Kamera%27,RowKey=%27state%27)"),
            std::string(
                "SharedKeyLite devstoreaccount1:ciM9C6VfKGpPNl/F5yrVmUm7AtZu+c393aUw7Nt0zuw="));
    }

    void aSignerRefusesAKeyThatIsNotBase64WithoutEchoingIt() {
        try {
            store::SharedKeyLiteSigner signer("a", "secret!");
            QFAIL("accepted");
        } catch (const std::invalid_argument& error) {
            QVERIFY(!QByteArray(error.what()).contains("secret"));
        }
    }
};

QTEST_GUILESS_MAIN(TestStorageConnection)
#include "test_storage_connection.moc"
