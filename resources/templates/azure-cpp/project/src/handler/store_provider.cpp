#include "handler/store_provider.h"

namespace handler {

store::StateStore& StorePerThread::forThisThread() {
    const std::thread::id me = std::this_thread::get_id();
    {
        std::lock_guard lock(m_mutex);
        const auto found = m_stores.find(me);
        if (found != m_stores.end())
            return *found->second;
    }
    // Made outside the lock: making a store may take a while, and only this thread
    // ever adds an entry under its own id.
    std::unique_ptr<store::StateStore> made = m_factory();
    std::lock_guard lock(m_mutex);
    return *m_stores.emplace(me, std::move(made)).first->second;
}

} // namespace handler
