#pragma once
// Where the handler keeps each device's state record between invocations: a
// versioned key-value store with a conditional put. The handler is stateless; it
// reads a record with its etag, computes, and writes back only if the etag still
// matches, rereading and retrying on a conflict (optimistic concurrency).
//
// Keys are device ids: arbitrary UTF-8 (slashes, quotes, control characters,
// non-ASCII); each implementation maps them to what its backend allows.

#include <optional>
#include <stdexcept>
#include <string>

namespace store {

struct StoredRecord {
    std::string json;
    std::string etag; // opaque: only ever handed back to put()
};

// Any failure other than a conflict: network, 403, 5xx, malformed answer. what() names
// the operation, the HTTP status and the store's own error code/message.
class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class StateStore {
public:
    virtual ~StateStore() = default;
    // The record under `key`, or nullopt when there is none yet.
    virtual std::optional<StoredRecord> read(const std::string& key) = 0;
    // Writes `json` under `key` only if the stored record still has `expectedEtag`
    // (empty: only if there is no record yet). Returns the new etag, or nullopt when
    // the condition failed (someone wrote first: a conflict). Throws StoreError otherwise.
    virtual std::optional<std::string> put(const std::string& key, const std::string& json,
                                           const std::string& expectedEtag) = 0;
};

} // namespace store
