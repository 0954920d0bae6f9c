#pragma once
// The state store a request thread may use. The HTTP server serves requests on a
// pool of threads; an Azure Table store keeps one connection and serves one thread
// at a time, so each thread gets its own, while the in-memory store is shared.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "store/state_store.h"

namespace handler {

class StoreProvider {
public:
    virtual ~StoreProvider() = default;
    virtual store::StateStore& forThisThread() = 0;
};

// One thread-safe store for every thread.
class SharedStore : public StoreProvider {
public:
    explicit SharedStore(std::unique_ptr<store::StateStore> store) : m_store(std::move(store)) {}
    store::StateStore& forThisThread() override { return *m_store; }

private:
    std::unique_ptr<store::StateStore> m_store;
};

// A store per thread, made by `factory` on the thread's first request and kept for
// the provider's lifetime (the server's pool threads live as long).
class StorePerThread : public StoreProvider {
public:
    using Factory = std::function<std::unique_ptr<store::StateStore>()>;
    explicit StorePerThread(Factory factory) : m_factory(std::move(factory)) {}
    store::StateStore& forThisThread() override;

private:
    Factory m_factory;
    std::mutex m_mutex;
    std::map<std::thread::id, std::unique_ptr<store::StateStore>> m_stores;
};

} // namespace handler
