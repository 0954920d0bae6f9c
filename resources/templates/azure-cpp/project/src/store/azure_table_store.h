#pragma once
// The StateStore of a deployed handler: one entity per device in an Azure Storage
// table (or Azurite), PartitionKey = the device id (see table_key.h), RowKey =
// "state", the record JSON in the string property Record. Azure's entity ETag is
// the store's etag, so put() is a conditional insert (POST; 409 EntityAlreadyExists
// is a conflict) or a conditional replace (PUT with If-Match; 412 is a conflict).
//
// Azure limits a string property, and so a record, to 64 KiB as UTF-16: about 32,000
// characters of JSON.
// StoreError messages name the operation, the key as stored (percent-encoded, see
// table_key.h), the table, the account and endpoint (never the key), the HTTP status
// and the service's error code and message.
//
// Not thread-safe: it keeps one HTTP connection (keep-alive) and is meant to be used
// by one thread at a time; give each worker thread its own store.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "store/shared_key_lite.h"
#include "store/state_store.h"
#include "store/storage_connection.h"

namespace httplib {
class Client;
}

namespace store {

class AzureTableStore : public StateStore {
public:
    // Throws std::invalid_argument for a table name Azure would refuse (3-63 letters
    // and digits, starting with a letter) or a malformed account key.
    AzureTableStore(StorageConnection connection, std::string tableName);
    ~AzureTableStore() override;
    AzureTableStore(const AzureTableStore&) = delete;
    AzureTableStore& operator=(const AzureTableStore&) = delete;

    // Creates the table unless it exists. Throws StoreError.
    void ensureTable();

    std::optional<StoredRecord> read(const std::string& key) override;
    std::optional<std::string> put(const std::string& key, const std::string& json,
                                   const std::string& expectedEtag) override;

    // How many puts were refused because someone else wrote first.
    std::uint64_t conflicts() const { return m_conflicts; }
    // How many HTTP requests this store sent (answered or not).
    std::uint64_t requests() const { return m_requests; }

    const StorageConnection& connection() const { return m_connection; }
    const std::string& tableName() const { return m_tableName; }

private:
    struct Answer;
    enum class Retry { never, onStaleConnection };
    Answer send(const char* operation, const std::string& method, const std::string& path,
                std::string body, const std::string& ifMatch, Retry retry);
    void closeConnectionTheServerMayBeClosing();
    std::string entityPath(const std::string& key) const;

    StorageConnection m_connection;
    std::string m_tableName;
    std::string m_basePath;
    SharedKeyLiteSigner m_signer;
    std::unique_ptr<httplib::Client> m_client;
    std::uint64_t m_conflicts = 0;
    std::uint64_t m_requests = 0;
    // When the last answer came, and how long the server keeps an idle connection
    // open (its Keep-Alive: timeout=N, or a guess).
    std::chrono::steady_clock::time_point m_lastAnswerAt;
    std::chrono::seconds m_serverIdleTimeout;
};

} // namespace store
