#pragma once
// Where the state table lives and how to sign requests to it, from an Azure Storage
// connection string (the AzureWebJobsStorage setting of a function app, or
// "UseDevelopmentStorage=true" for Azurite on its default port).

#include <string>
#include <string_view>

namespace store {

struct StorageConnection {
    std::string tableEndpoint; // scheme://host[:port][/path], no trailing slash
    std::string accountName;
    std::string accountKey; // base64 as given; a secret: never log it

    // "scheme://host[:port]": what an HTTP client connects to.
    std::string origin() const;
    // "" or "/path" (Azurite's path-style "/devstoreaccount1"): the prefix of every
    // request path.
    std::string basePath() const;
    bool isHttps() const;
    // Endpoint and account for logs and error messages; never the key.
    std::string describe() const;
};

// Accepts `UseDevelopmentStorage=true` and account-key connection strings
// (DefaultEndpointsProtocol, AccountName, AccountKey, EndpointSuffix, TableEndpoint;
// names case-insensitive, other settings ignored). Throws std::invalid_argument naming
// the missing or malformed part; the message never contains the key.
StorageConnection parseStorageConnection(std::string_view connectionString);

} // namespace store
