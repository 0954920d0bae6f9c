#pragma once
// How a device id becomes an Azure Table PartitionKey, and a key part of a request
// URL. Device ids are arbitrary UTF-8, but Azure forbids / \ # ? and the control
// characters U+0000-U+001F and U+007F-U+009F in keys; those bytes, '%' itself and any
// byte that is not valid UTF-8 are percent-encoded (%2F), so every device id has a
// key of its own and the key decodes back to the device id. Ordinary ids, including
// non-ASCII ones, stay readable in Azure Storage Explorer.

#include <string>
#include <string_view>

namespace store {

std::string partitionKeyForDeviceId(std::string_view deviceId);
// The inverse; throws std::invalid_argument for a malformed %-escape.
std::string deviceIdFromPartitionKey(std::string_view partitionKey);

// Percent-encodes every byte but RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~):
// safe anywhere in a URL path.
std::string percentEncode(std::string_view text);

// `text` as an OData string literal: in single quotes, a single quote doubled.
std::string odataStringLiteral(std::string_view text);

} // namespace store
