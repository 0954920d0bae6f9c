// The state store of a generated handler. Both implementations are held to
// StateStore's contract by the same cases: the in-memory store, and the Azure Table
// store against a real Azurite (started once for the whole program). Then what only
// the Azure store can get wrong: signing, URLs, errors, idle connections.
//
// Without Azurite installed the Azure rows are skipped (scripts/install-azurite.sh
// installs it), or fail when CI=true.
#include <QtTest>

#include <latch>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>

#include "azurite_process.h"
#include "store/azure_table_store.h"
#include "store/memory_state_store.h"
#include "store/storage_connection.h"

using store::AzureTableStore;
using store::MemoryStateStore;
using store::StateStore;
using store::StorageConnection;
using store::StoredRecord;
using store::StoreError;

namespace {

// One empty store seen through two store objects, as two handler instances see it:
// in memory the same (thread-safe) object twice, in Azure two clients of one table.
class StorePair {
public:
    virtual ~StorePair() = default;
    virtual StateStore& first() = 0;
    virtual StateStore& second() = 0;
    virtual std::uint64_t conflicts() const = 0; // counted by both objects together
};

class MemoryPair : public StorePair {
public:
    StateStore& first() override { return m_store; }
    StateStore& second() override { return m_store; }
    std::uint64_t conflicts() const override { return m_store.conflicts(); }

private:
    MemoryStateStore m_store;
};

class AzurePair : public StorePair {
public:
    AzurePair(const StorageConnection& connection, const std::string& table)
        : m_first(connection, table), m_second(connection, table) {
        m_first.ensureTable();
    }
    StateStore& first() override { return m_first; }
    StateStore& second() override { return m_second; }
    std::uint64_t conflicts() const override { return m_first.conflicts() + m_second.conflicts(); }

private:
    AzureTableStore m_first;
    AzureTableStore m_second;
};

std::string recordJson(int value) {
    return nlohmann::json{{"configuration", {"Idle"}}, {"variables", {{"count", value}}}}.dump();
}

// Azurite's development key; a test must never find it in a message.
constexpr const char* devKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

} // namespace

// Sets `stores` to a fresh pair for the current data row; leaves it null after a skip
// or a failure, and the caller returns.
#define FRESH_STORES(stores)                                                                       \
    std::unique_ptr<StorePair> stores;                                                             \
    freshStores(stores);                                                                           \
    if (!stores)                                                                                   \
        return;

class TestAzureTableStore : public QObject {
    Q_OBJECT

    std::unique_ptr<swivel::test::AzuriteProcess> m_azurite;
    QString m_azuriteProblem; // why there is no Azurite
    int m_tablesMade = 0;

    void backends() {
        QTest::addColumn<QString>("backend");
        QTest::newRow("memory") << "memory";
        QTest::newRow("azure") << "azure";
    }

    // Skips (or, in CI, fails) the current test when there is no Azurite.
    bool requireAzurite() {
        if (m_azurite)
            return true;
        if (qEnvironmentVariable("CI") == QLatin1String("true"))
            QTest::qFail(qPrintable(m_azuriteProblem), __FILE__, __LINE__);
        else
            QTest::qSkip(qPrintable(m_azuriteProblem), __FILE__, __LINE__);
        return false;
    }

    StorageConnection azuriteConnection() const {
        return store::parseStorageConnection(m_azurite->connectionString());
    }

    // A table no other test uses, so every test starts empty.
    std::string freshTableName() { return "states" + std::to_string(++m_tablesMade); }

    void freshStores(std::unique_ptr<StorePair>& stores) {
        const QString backend = QTest::currentDataTag();
        if (backend == QLatin1String("memory")) {
            stores = std::make_unique<MemoryPair>();
        } else if (requireAzurite()) {
            try {
                stores = std::make_unique<AzurePair>(azuriteConnection(), freshTableName());
            } catch (const std::exception& error) {
                QTest::qFail(error.what(), __FILE__, __LINE__);
            }
        }
    }

private slots:
    void initTestCase() {
        if (swivel::test::AzuriteProcess::executable().isEmpty()) {
            m_azuriteProblem = swivel::test::AzuriteProcess::notInstalledMessage();
            return;
        }
        auto azurite = std::make_unique<swivel::test::AzuriteProcess>();
        // Installed but not starting is a real failure, not a skip.
        QVERIFY2(azurite->start(), qPrintable(azurite->errorString()));
        m_azurite = std::move(azurite);
    }

    // --- StateStore's contract, for both implementations -------------------------

    void aMissingRecordReadsAsNothing_data() { backends(); }
    void aMissingRecordReadsAsNothing() {
        FRESH_STORES(stores);
        QVERIFY(!stores->first().read("camera-1"));
    }

    void insertThenReadReturnsTheRecordAndAnEtag_data() { backends(); }
    void insertThenReadReturnsTheRecordAndAnEtag() {
        FRESH_STORES(stores);
        const auto etag = stores->first().put("camera-1", recordJson(1), "");
        QVERIFY(etag);
        QVERIFY(!etag->empty());
        const auto record = stores->second().read("camera-1");
        QVERIFY(record);
        QCOMPARE(record->json, recordJson(1));
        QCOMPARE(record->etag, *etag);
        QCOMPARE(stores->conflicts(), std::uint64_t{0});
    }

    void insertingWhenARecordExistsIsAConflict_data() { backends(); }
    void insertingWhenARecordExistsIsAConflict() {
        FRESH_STORES(stores);
        const auto etag = stores->first().put("camera-1", recordJson(1), "");
        QVERIFY(etag);
        QVERIFY(!stores->second().put("camera-1", recordJson(2), ""));
        QCOMPARE(stores->conflicts(), std::uint64_t{1});
        const auto record = stores->first().read("camera-1");
        QCOMPARE(record->json, recordJson(1));
        QCOMPARE(record->etag, *etag);
    }

    void updateWithTheCurrentEtagSucceedsAndChangesTheEtag_data() { backends(); }
    void updateWithTheCurrentEtagSucceedsAndChangesTheEtag() {
        FRESH_STORES(stores);
        const auto first = stores->first().put("camera-1", recordJson(1), "");
        QVERIFY(first);
        const auto second = stores->second().put("camera-1", recordJson(2), *first);
        QVERIFY(second);
        QVERIFY(*second != *first);
        const auto record = stores->first().read("camera-1");
        QCOMPARE(record->json, recordJson(2));
        QCOMPARE(record->etag, *second);
        QCOMPARE(stores->conflicts(), std::uint64_t{0});
    }

    void updateWithAStaleEtagIsAConflict_data() { backends(); }
    void updateWithAStaleEtagIsAConflict() {
        FRESH_STORES(stores);
        const auto stale = stores->first().put("camera-1", recordJson(1), "");
        const auto current = stores->second().put("camera-1", recordJson(2), *stale);
        QVERIFY(current);
        QVERIFY(!stores->first().put("camera-1", recordJson(3), *stale));
        QCOMPARE(stores->conflicts(), std::uint64_t{1});
        const auto record = stores->first().read("camera-1");
        QCOMPARE(record->json, recordJson(2));
        QCOMPARE(record->etag, *current);
    }

    void updatingARecordThatDoesNotExistIsAConflict_data() { backends(); }
    void updatingARecordThatDoesNotExistIsAConflict() {
        FRESH_STORES(stores);
        const auto etag = stores->first().put("camera-1", recordJson(1), "");
        QVERIFY(!stores->first().put("camera-2", recordJson(1), *etag));
        QCOMPARE(stores->conflicts(), std::uint64_t{1});
        QVERIFY(!stores->first().read("camera-2"));
    }

    void recordsKeepEveryCharacter_data() { backends(); }
    void recordsKeepEveryCharacter() {
        FRESH_STORES(stores);
        nlohmann::json record{{"text", "quotes \" ' \\ newline \n tab \t NUL " +
                                           std::string(1, '\0') + " Ü 📷 \u0085"},
                              {"padding", std::string(20000, 'x')}};
        const std::string json = record.dump();
        const auto etag = stores->first().put("camera-1", json, "");
        QVERIFY(etag);
        QCOMPARE(stores->second().read("camera-1")->json, json);
    }

    void hostileKeysRoundTripAndStayDistinct_data() { backends(); }
    void hostileKeysRoundTripAndStayDistinct() {
        FRESH_STORES(stores);
        std::string twoHundred;
        while (twoHundred.size() < 200)
            twoHundred += "a/%'";
        const std::vector<std::string> keys{"a/b\\c#d?e%f",
                                            "a/b",
                                            "a%2Fb",
                                            "a%252Fb",
                                            "it's",
                                            "''",
                                            "\"quoted\"",
                                            "line\nbreak",
                                            "tab\t",
                                            "del\x7f",
                                            std::string("nul\0x", 5),
                                            "c1\xc2\x85",
                                            "Kamera-Ü",
                                            "Kamera-U",
                                            "📷",
                                            twoHundred,
                                            " spaces ",
                                            "a+b",
                                            "a b",
                                            "amp&eq=semi;",
                                            "(PartitionKey='x')",
                                            "bad utf-8 \xff\xfe"};
        for (std::size_t i = 0; i < keys.size(); ++i)
            QVERIFY2(stores->first().put(keys[i], recordJson(int(i)), ""), keys[i].c_str());
        for (std::size_t i = 0; i < keys.size(); ++i) {
            const auto record = stores->second().read(keys[i]);
            QVERIFY2(record, keys[i].c_str());
            QCOMPARE(record->json, recordJson(int(i)));
            QVERIFY(stores->second().put(keys[i], recordJson(int(i) + 1000), record->etag));
        }
        QCOMPARE(stores->conflicts(), std::uint64_t{0});
    }

    void ofTwoStoresRacingWithTheSameEtagExactlyOneWins_data() { backends(); }
    void ofTwoStoresRacingWithTheSameEtagExactlyOneWins() {
        FRESH_STORES(stores);
        const auto etag = stores->first().put("camera-1", recordJson(0), "");
        race(*stores, *etag);
    }

    void ofTwoStoresRacingToInsertExactlyOneWins_data() { backends(); }
    void ofTwoStoresRacingToInsertExactlyOneWins() {
        FRESH_STORES(stores);
        race(*stores, "");
    }

    // The handler's loop (read, compute, conditional put, retry on conflict), run by
    // two threads on one record: no increment is lost.
    void concurrentReadModifyWriteLosesNoUpdate_data() { backends(); }
    void concurrentReadModifyWriteLosesNoUpdate() {
        FRESH_STORES(stores);
        constexpr int increments = 25;
        std::string errors[2];
        const auto worker = [&](StateStore& store, std::string& error) {
            try {
                for (int done = 0, attempts = 0; done < increments && attempts < 1000; ++attempts) {
                    const auto record = store.read("counter");
                    const int count =
                        record
                            ? nlohmann::json::parse(record->json)["variables"]["count"].get<int>()
                            : 0;
                    if (store.put("counter", recordJson(count + 1), record ? record->etag : ""))
                        ++done;
                }
            } catch (const std::exception& e) {
                error = e.what();
            }
        };
        std::thread a(worker, std::ref(stores->first()), std::ref(errors[0]));
        std::thread b(worker, std::ref(stores->second()), std::ref(errors[1]));
        a.join();
        b.join();
        QVERIFY2(errors[0].empty(), errors[0].c_str());
        QVERIFY2(errors[1].empty(), errors[1].c_str());
        QCOMPARE(stores->first().read("counter")->json, recordJson(2 * increments));
        qInfo("%llu conflicts on the way", static_cast<unsigned long long>(stores->conflicts()));
    }

    // --- What only the Azure Table store can get wrong -----------------------------

    void aBadAccountKeyIsA403WithoutTheKeyInTheMessage() {
        if (!requireAzurite())
            return;
        StorageConnection connection = azuriteConnection();
        connection.accountKey = store::base64Encode(std::string(64, 'k'));
        AzureTableStore store(connection, freshTableName());
        try {
            store.read("camera-1");
            QFAIL("read with a wrong key succeeded");
        } catch (const StoreError& error) {
            const std::string message = error.what();
            QVERIFY2(message.find("403") != std::string::npos, message.c_str());
            QVERIFY2(message.find("read") != std::string::npos, message.c_str());
            QVERIFY2(message.find(connection.accountKey) == std::string::npos, message.c_str());
            QVERIFY2(message.find(devKey) == std::string::npos, message.c_str());
        }
        QVERIFY_THROWS_EXCEPTION(StoreError, store.ensureTable());
        QVERIFY_THROWS_EXCEPTION(StoreError, store.put("camera-1", recordJson(1), ""));
    }

    void aMissingTableIsAnErrorNotAnEmptyStore() {
        if (!requireAzurite())
            return;
        AzureTableStore store(azuriteConnection(), freshTableName());
        try {
            store.read("camera-1");
            QFAIL("read from a missing table succeeded");
        } catch (const StoreError& error) {
            QVERIFY2(QByteArray(error.what()).contains("404"), error.what());
        }
        QVERIFY_THROWS_EXCEPTION(StoreError, store.put("camera-1", recordJson(1), ""));
        QVERIFY_THROWS_EXCEPTION(StoreError, store.put("camera-1", recordJson(1), "W/\"x\""));
        QCOMPARE(store.conflicts(), std::uint64_t{0});
    }

    void ensureTableIsIdempotent() {
        if (!requireAzurite())
            return;
        AzureTableStore store(azuriteConnection(), freshTableName());
        store.ensureTable();
        store.ensureTable();
        AzureTableStore(azuriteConnection(), store.tableName()).ensureTable();
        QVERIFY(store.put("camera-1", recordJson(1), ""));
        QCOMPARE(store.requests(), std::uint64_t{3});
    }

    void anUnreachableStoreIsAStoreErrorNamingTheOperation() {
        StorageConnection connection = store::parseStorageConnection("UseDevelopmentStorage=true");
        connection.tableEndpoint =
            "http://127.0.0.1:1/devstoreaccount1"; // nobody listens on port 1
        AzureTableStore store(connection, "states");
        try {
            store.read("camera-1");
            QFAIL("read succeeded");
        } catch (const StoreError& error) {
            QVERIFY2(QByteArray(error.what()).startsWith("read"), error.what());
            QVERIFY2(QByteArray(error.what()).contains("127.0.0.1:1"), error.what());
        }
    }

    void invalidTableNamesAreRefused() {
        const StorageConnection connection =
            store::parseStorageConnection("UseDevelopmentStorage=true");
        for (const char* name : {"ab", "1abc", "has-dash", "has space", "Tables/x"})
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument, AzureTableStore(connection, name));
        AzureTableStore(connection, "Abc123");
    }

    // Azurite, like Azure, closes a kept-alive connection after some idle seconds
    // (it announces 5 s and closes at 6 s). A put sent just then would fail and must
    // not be resent: the store has to open a new connection before sending it.
    void aStoreIdleAsLongAsTheServersKeepAliveStillWrites() {
        if (!requireAzurite())
            return;
        AzureTableStore store(azuriteConnection(), freshTableName());
        store.ensureTable();
        const auto etag = store.put("camera-1", recordJson(1), "");
        QTest::qSleep(6000);
        const auto next = store.put("camera-1", recordJson(2), *etag);
        QVERIFY(next);
        QCOMPARE(store.read("camera-1")->etag, *next);
    }

private:
    // Two threads put under one key, each through its own store object, with the same
    // expected etag, at the same moment: exactly one wins, the other is a conflict.
    void race(StorePair& stores, const std::string& etag) {
        std::optional<std::string> results[2];
        std::string errors[2];
        std::latch start(2);
        const auto attempt = [&](StateStore& store, int who) {
            start.arrive_and_wait();
            try {
                results[who] = store.put("camera-1", recordJson(100 + who), etag);
            } catch (const std::exception& error) {
                errors[who] = error.what();
            }
        };
        std::thread a(attempt, std::ref(stores.first()), 0);
        std::thread b(attempt, std::ref(stores.second()), 1);
        a.join();
        b.join();
        QVERIFY2(errors[0].empty(), errors[0].c_str());
        QVERIFY2(errors[1].empty(), errors[1].c_str());
        QCOMPARE(int(results[0].has_value()) + int(results[1].has_value()), 1);
        QCOMPARE(stores.conflicts(), std::uint64_t{1});
        const int winner = results[0] ? 0 : 1;
        const auto record = stores.first().read("camera-1");
        QCOMPARE(record->json, recordJson(100 + winner));
        QCOMPARE(record->etag, *results[winner]);
    }
};

QTEST_GUILESS_MAIN(TestAzureTableStore)
#include "test_azure_table_store.moc"
