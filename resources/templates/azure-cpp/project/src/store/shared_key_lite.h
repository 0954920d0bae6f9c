#pragma once
// Signs Table service requests with an account key (the SharedKeyLite scheme):
//   Authorization: SharedKeyLite <account>:<base64 HMAC-SHA256(key, date "\n" resource)>
// where resource is "/<account><encoded request path>". Azure Storage checks it
// against its copy of the key; a wrong key or clock skew answers 403.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace store {

std::string base64Encode(std::string_view bytes);
// nullopt unless `text` is canonical padded base64 (what Azure gives as account keys).
std::optional<std::string> base64Decode(std::string_view text);

// RFC 1123 in GMT ("Sun, 29 Nov 2026 00:04:40 GMT"), independent of the C locale.
std::string httpDate(std::chrono::system_clock::time_point time);

class SharedKeyLiteSigner {
public:
    // Throws std::invalid_argument when the key is not base64 (without echoing it).
    SharedKeyLiteSigner(std::string accountName, std::string_view base64AccountKey);

    // The Authorization header value for a request sent with `x-ms-date: date` whose
    // canonicalized resource is `canonicalizedResource`.
    std::string authorization(std::string_view date, std::string_view canonicalizedResource) const;

private:
    std::string m_accountName;
    std::string m_key; // raw bytes
};

} // namespace store
