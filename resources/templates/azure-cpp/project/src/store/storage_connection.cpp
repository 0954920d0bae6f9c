#include "store/storage_connection.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>

#include "store/shared_key_lite.h"

namespace store {
namespace {

// Azurite's well-known development account (published in Microsoft's documentation).
constexpr const char* developmentAccount = "devstoreaccount1";
constexpr const char* developmentKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
constexpr const char* developmentTableEndpoint = "http://127.0.0.1:10002/devstoreaccount1";

std::string_view trimmed(std::string_view text) {
    const auto isSpace = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!text.empty() && isSpace(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isSpace(text.back()))
        text.remove_suffix(1);
    return text;
}

std::string lowerCase(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower;
}

// "Name=value;Name=value;" -> {lower-case name: value}. The value is everything after
// the first '=' (account keys end in '=').
std::map<std::string, std::string> settingsOf(std::string_view connectionString) {
    std::map<std::string, std::string> settings;
    while (!connectionString.empty()) {
        const std::size_t end = connectionString.find(';');
        const std::string_view part = trimmed(connectionString.substr(0, end));
        connectionString.remove_prefix(end == std::string_view::npos ? connectionString.size()
                                                                     : end + 1);
        if (part.empty())
            continue;
        const std::size_t equals = part.find('=');
        if (equals == std::string_view::npos || trimmed(part.substr(0, equals)).empty())
            throw std::invalid_argument("storage connection string: a setting is not Name=value");
        const std::string name = lowerCase(trimmed(part.substr(0, equals)));
        if (settings.contains(name))
            throw std::invalid_argument("storage connection string: " + name + " appears twice");
        settings.emplace(name, std::string(trimmed(part.substr(equals + 1))));
    }
    return settings;
}

std::string required(const std::map<std::string, std::string>& settings, const std::string& name,
                     const char* displayName) {
    const auto found = settings.find(name);
    if (found == settings.end() || found->second.empty())
        throw std::invalid_argument(std::string("storage connection string: ") + displayName +
                                    " is missing");
    return found->second;
}

std::string optional(const std::map<std::string, std::string>& settings, const std::string& name,
                     std::string fallback) {
    const auto found = settings.find(name);
    return found == settings.end() ? fallback : found->second;
}

// Checks "http(s)://host[:port][/path]" and drops a trailing slash.
std::string checkedEndpoint(std::string endpoint) {
    const std::string lower = lowerCase(endpoint);
    const std::size_t schemeLength = lower.starts_with("https://")  ? 8
                                     : lower.starts_with("http://") ? 7
                                                                    : 0;
    if (schemeLength == 0)
        throw std::invalid_argument("storage connection string: TableEndpoint must start with "
                                    "http:// or https://");
    while (endpoint.size() > schemeLength && endpoint.back() == '/')
        endpoint.pop_back();
    const std::string authority =
        endpoint.substr(schemeLength, endpoint.find('/', schemeLength) - schemeLength);
    if (authority.empty() || authority.front() == ':')
        throw std::invalid_argument("storage connection string: TableEndpoint has no host");
    if (endpoint.find_first_of("?# ") != std::string::npos)
        throw std::invalid_argument("storage connection string: TableEndpoint must not contain "
                                    "a query, a fragment or spaces");
    return endpoint;
}

std::size_t pathStart(const std::string& endpoint) {
    const std::size_t schemeEnd = endpoint.find("://");
    return endpoint.find('/', schemeEnd == std::string::npos ? 0 : schemeEnd + 3);
}

} // namespace

std::string StorageConnection::origin() const {
    return tableEndpoint.substr(0, pathStart(tableEndpoint));
}

std::string StorageConnection::basePath() const {
    const std::size_t start = pathStart(tableEndpoint);
    return start == std::string::npos ? std::string() : tableEndpoint.substr(start);
}

bool StorageConnection::isHttps() const {
    return lowerCase(tableEndpoint.substr(0, 8)) == "https://";
}

std::string StorageConnection::describe() const {
    return "account " + accountName + " at " + tableEndpoint;
}

StorageConnection parseStorageConnection(std::string_view connectionString) {
    if (trimmed(connectionString).empty())
        throw std::invalid_argument("storage connection string is empty");
    const auto settings = settingsOf(connectionString);

    if (settings.contains("sharedaccesssignature"))
        throw std::invalid_argument("storage connection string: SharedAccessSignature is not "
                                    "supported; give AccountName and AccountKey");
    if (const auto development = settings.find("usedevelopmentstorage");
        development != settings.end()) {
        if (lowerCase(development->second) != "true")
            throw std::invalid_argument(
                "storage connection string: UseDevelopmentStorage must be true");
        if (settings.contains("developmentstorageproxyuri"))
            throw std::invalid_argument("storage connection string: DevelopmentStorageProxyUri is "
                                        "not supported; give TableEndpoint instead");
        return {developmentTableEndpoint, developmentAccount, developmentKey};
    }

    StorageConnection connection;
    connection.accountName = required(settings, "accountname", "AccountName");
    connection.accountKey = required(settings, "accountkey", "AccountKey");
    if (!base64Decode(connection.accountKey))
        throw std::invalid_argument("storage connection string: AccountKey is not valid base64");
    if (const auto endpoint = settings.find("tableendpoint"); endpoint != settings.end()) {
        connection.tableEndpoint = checkedEndpoint(endpoint->second);
    } else {
        const std::string protocol =
            lowerCase(optional(settings, "defaultendpointsprotocol", "https"));
        if (protocol != "https" && protocol != "http")
            throw std::invalid_argument("storage connection string: DefaultEndpointsProtocol must "
                                        "be http or https");
        const std::string suffix = optional(settings, "endpointsuffix", "core.windows.net");
        if (suffix.empty())
            throw std::invalid_argument("storage connection string: EndpointSuffix is empty");
        connection.tableEndpoint =
            checkedEndpoint(protocol + "://" + connection.accountName + ".table." + suffix);
    }
    return connection;
}

} // namespace store
