#include "store/azure_table_store.h"

#include <cctype>
#include <chrono>
#include <optional>
#include <utility>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "store/table_key.h"

#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#error                                                                                             \
    "Compile with the flags of `pkg-config --cflags cpp-httplib`: Debian's libcpp-httplib is built with OpenSSL support, and its classes have other members without it."
#endif

namespace store {

// What the Table service answered, with its own error code when it refused.
struct AzureTableStore::Answer {
    int status = 0;
    std::string body;
    std::string etag;
    std::string errorCode;    // e.g. "UpdateConditionNotSatisfied"
    std::string errorMessage; // first line of the service's message
};

namespace {

constexpr const char* stateRowKey = "state";
constexpr const char* recordProperty = "Record";
constexpr const char* apiVersion = "2019-02-02";
constexpr time_t connectTimeoutSeconds = 5;
constexpr time_t readTimeoutSeconds = 10;
constexpr time_t writeTimeoutSeconds = 10;
// How long a server without a Keep-Alive header is assumed to keep an idle connection.
constexpr std::chrono::seconds assumedServerIdleTimeout{30};

bool isValidTableName(const std::string& name) {
    if (name.size() < 3 || name.size() > 63 || !std::isalpha(static_cast<unsigned char>(name[0])))
        return false;
    for (const char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80 || !std::isalnum(byte))
            return false;
    }
    return true;
}

// The text of the first <name>...</name> in an XML error body ("" when there is none).
std::string xmlElement(const std::string& body, const std::string& name) {
    const std::string open = "<" + name + ">";
    const std::size_t start = body.find(open);
    if (start == std::string::npos)
        return {};
    const std::size_t end = body.find("</" + name + ">", start);
    if (end == std::string::npos)
        return {};
    return body.substr(start + open.size(), end - start - open.size());
}

// Azure appends "\nRequestId:...\nTime:..." to its messages: keep the first line.
std::string firstLine(std::string text) {
    text = text.substr(0, text.find_first_of("\r\n"));
    constexpr std::size_t maxLength = 300;
    if (text.size() > maxLength)
        text = text.substr(0, maxLength) + "...";
    return text;
}

// The service's error code and message: the x-ms-error-code header, and the body in
// JSON ({"odata.error": {"code": ..., "message": {"value": ...}}}) or in XML
// (<Code>...</Code><Message>...</Message>), whichever the service chose.
void readError(const httplib::Response& response, std::string& code, std::string& message) {
    code = response.get_header_value("x-ms-error-code");
    const auto json = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    if (!json.is_discarded() && json.is_object()) {
        const auto error = json.find("odata.error");
        if (error != json.end() && error->is_object()) {
            if (code.empty() && error->contains("code") && (*error)["code"].is_string())
                code = (*error)["code"].get<std::string>();
            const auto text = error->find("message");
            if (text != error->end() && text->is_object() && text->contains("value") &&
                (*text)["value"].is_string())
                message = (*text)["value"].get<std::string>();
            else if (text != error->end() && text->is_string())
                message = text->get<std::string>();
        }
    } else {
        if (code.empty())
            code = xmlElement(response.body, "Code");
        message = xmlElement(response.body, "Message");
    }
    message = firstLine(message);
}

// N from "Keep-Alive: timeout=N, max=M"; nullopt when the header does not say.
std::optional<std::chrono::seconds> keepAliveTimeout(const std::string& header) {
    const std::size_t at = header.find("timeout=");
    if (at == std::string::npos)
        return std::nullopt;
    std::size_t digits = at + 8;
    long seconds = 0;
    while (digits < header.size() && std::isdigit(static_cast<unsigned char>(header[digits])) &&
           seconds < 100000)
        seconds = seconds * 10 + (header[digits++] - '0');
    if (digits == at + 8)
        return std::nullopt;
    return std::chrono::seconds(seconds);
}

std::string describeStatus(int status, const std::string& code, const std::string& message) {
    std::string text = "HTTP " + std::to_string(status);
    if (!code.empty())
        text += " " + code;
    if (!message.empty())
        text += ": " + message;
    return text;
}

} // namespace

AzureTableStore::AzureTableStore(StorageConnection connection, std::string tableName)
    : m_connection(std::move(connection)), m_tableName(std::move(tableName)),
      m_basePath(m_connection.basePath()),
      m_signer(m_connection.accountName, m_connection.accountKey),
      m_serverIdleTimeout(assumedServerIdleTimeout) {
    if (!isValidTableName(m_tableName))
        throw std::invalid_argument("table name '" + m_tableName +
                                    "' is not 3-63 letters and digits starting with a letter");
    m_client = std::make_unique<httplib::Client>(m_connection.origin());
    if (!m_client->is_valid())
        throw std::invalid_argument("cannot connect to table endpoint " +
                                    m_connection.tableEndpoint);
    // Paths are percent-encoded here, exactly as signed; httplib must send them as is.
    m_client->set_url_encode(false);
    m_client->set_connection_timeout(connectTimeoutSeconds);
    m_client->set_read_timeout(readTimeoutSeconds);
    m_client->set_write_timeout(writeTimeoutSeconds);
    m_client->set_keep_alive(true);
    // Headers and body leave as separate writes: without this each request waits for
    // a delayed ACK (40 ms).
    m_client->set_tcp_nodelay(true);
}

AzureTableStore::~AzureTableStore() = default;

void AzureTableStore::ensureTable() {
    const Answer answer = send("create table", "POST", m_basePath + "/Tables",
                               nlohmann::json{{"TableName", m_tableName}}.dump(), {},
                               Retry::onStaleConnection); // a second create answers 409
    const bool created = answer.status == 201 || answer.status == 204;
    const bool existed = answer.status == 409 && answer.errorCode == "TableAlreadyExists";
    if (!created && !existed)
        throw StoreError("create table " + m_tableName + " (" + m_connection.describe() + "): " +
                         describeStatus(answer.status, answer.errorCode, answer.errorMessage));
}

std::optional<StoredRecord> AzureTableStore::read(const std::string& key) {
    const Answer answer = send("read", "GET", entityPath(key), {}, {}, Retry::onStaleConnection);
    const auto fail = [&](const std::string& problem) {
        return StoreError("read " + partitionKeyForDeviceId(key) + " from table " + m_tableName +
                          " (" + m_connection.describe() + "): " + problem);
    };
    // The entity is missing (ResourceNotFound); a missing table is a real error.
    if (answer.status == 404 && answer.errorCode != "TableNotFound")
        return std::nullopt;
    if (answer.status != 200)
        throw fail(describeStatus(answer.status, answer.errorCode, answer.errorMessage));
    const auto entity = nlohmann::json::parse(answer.body, nullptr, /*allow_exceptions=*/false);
    if (entity.is_discarded() || !entity.is_object())
        throw fail("HTTP 200 but the answer is not a JSON object");
    const auto record = entity.find(recordProperty);
    if (record == entity.end() || !record->is_string())
        throw fail("HTTP 200 but the entity has no string property Record");
    if (answer.etag.empty())
        throw fail("HTTP 200 but the answer has no ETag");
    return StoredRecord{record->get<std::string>(), answer.etag};
}

std::optional<std::string> AzureTableStore::put(const std::string& key, const std::string& json,
                                                const std::string& expectedEtag) {
    const bool insert = expectedEtag.empty();
    const char* operation = insert ? "insert" : "update";
    const auto fail = [&](const std::string& problem) {
        return StoreError(std::string(operation) + " " + partitionKeyForDeviceId(key) +
                          " in table " + m_tableName + " (" + m_connection.describe() +
                          "): " + problem);
    };
    std::string body;
    try {
        nlohmann::json entity{{recordProperty, json}};
        if (insert) {
            entity["PartitionKey"] = partitionKeyForDeviceId(key);
            entity["RowKey"] = stateRowKey;
        }
        body = entity.dump();
    } catch (const nlohmann::json::exception&) {
        throw fail("the record is not valid UTF-8");
    }

    // Never resent: had the first attempt been applied, a resend would be refused as a
    // conflict and the caller would apply its event twice.
    const Answer answer = insert ? send(operation, "POST", m_basePath + "/" + m_tableName,
                                        std::move(body), {}, Retry::never)
                                 : send(operation, "PUT", entityPath(key), std::move(body),
                                        expectedEtag, Retry::never);
    const bool written = answer.status == 204 || answer.status == 201 || answer.status == 200;
    // Someone wrote first: the record exists (insert), changed or vanished (update).
    const bool conflict = insert ? answer.status == 409 && answer.errorCode == "EntityAlreadyExists"
                                 : answer.status == 412 || (answer.status == 404 &&
                                                            answer.errorCode != "TableNotFound");
    if (conflict) {
        ++m_conflicts;
        return std::nullopt;
    }
    if (!written)
        throw fail(describeStatus(answer.status, answer.errorCode, answer.errorMessage));
    if (answer.etag.empty())
        throw fail("HTTP " + std::to_string(answer.status) + " but the answer has no ETag");
    return answer.etag;
}

std::string AzureTableStore::entityPath(const std::string& key) const {
    return m_basePath + "/" + m_tableName +
           "(PartitionKey=" + percentEncode(odataStringLiteral(partitionKeyForDeviceId(key))) +
           ",RowKey='" + stateRowKey + "')";
}

// A kept-alive connection the server closes just as a request goes out fails that
// request, and a put must not be resent. So a connection idle for about as long as
// the server promised to keep it (Azurite: 5 s, closing at 6 s) is closed first and
// the request goes out on a new one.
void AzureTableStore::closeConnectionTheServerMayBeClosing() {
    constexpr std::chrono::seconds margin{1};
    if (m_client->is_socket_open() &&
        std::chrono::steady_clock::now() - m_lastAnswerAt >= m_serverIdleTimeout - margin)
        m_client->stop();
}

AzureTableStore::Answer AzureTableStore::send(const char* operation, const std::string& method,
                                              const std::string& path, std::string body,
                                              const std::string& ifMatch, Retry retry) {
    const bool hasBody = method == "POST" || method == "PUT";
    for (int attempt = 1;; ++attempt) {
        const std::string date = httpDate(std::chrono::system_clock::now());
        httplib::Request request;
        request.method = method;
        request.path = path;
        request.headers = {
            {"x-ms-date", date},
            {"x-ms-version", apiVersion},
            {"DataServiceVersion", "3.0;NetFx"},
            {"MaxDataServiceVersion", "3.0;NetFx"},
            {"Accept", "application/json;odata=nometadata"},
            // The path is already encoded, as the service sees it; with Azurite's
            // path-style URLs it starts with the account again:
            // /devstoreaccount1/devstoreaccount1/...
            {"Authorization", m_signer.authorization(date, "/" + m_connection.accountName + path)},
        };
        if (hasBody) {
            request.headers.emplace("Content-Type", "application/json");
            request.body = body;
        }
        if (method == "POST")
            request.headers.emplace("Prefer", "return-no-content");
        if (!ifMatch.empty())
            request.headers.emplace("If-Match", ifMatch);

        closeConnectionTheServerMayBeClosing();
        const bool reusedConnection = m_client->is_socket_open() != 0;
        ++m_requests;
        const httplib::Result result = m_client->send(request);
        if (!result) {
            const bool staleConnection =
                reusedConnection &&
                (result.error() == httplib::Error::Read || result.error() == httplib::Error::Write);
            if (retry == Retry::onStaleConnection && staleConnection && attempt == 1)
                continue; // httplib has closed it; the next attempt connects anew
            throw StoreError(std::string(operation) + " in table " + m_tableName + " (" +
                             m_connection.describe() + "): no answer (httplib error " +
                             httplib::to_string(result.error()) + ")");
        }
        m_lastAnswerAt = std::chrono::steady_clock::now();
        m_serverIdleTimeout = keepAliveTimeout(result->get_header_value("Keep-Alive"))
                                  .value_or(assumedServerIdleTimeout);

        Answer answer;
        answer.status = result->status;
        answer.body = result->body;
        answer.etag = result->get_header_value("ETag");
        if (answer.status >= 300)
            readError(result.value(), answer.errorCode, answer.errorMessage);
        return answer;
    }
}

} // namespace store
