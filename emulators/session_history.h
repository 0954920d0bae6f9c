#pragma once
// The histories of history.h read from a recorded session: what the studio's
// sequence chart, store panel and instance timeline show at a scrubbed step. It has a
// connection of its own to the file (open the file with Session first: that checks
// it). Opening reads which device each message and invocation belongs to, once (ids
// and steps only: a 1,000-camera session's take a fraction of a second); each history
// then reads only the rows it shows, by id.

#include <memory>
#include <string>

#include "history.h"

namespace swivel::emu {

class SessionHistory {
public:
    // Throws std::runtime_error naming the file when it cannot be read.
    explicit SessionHistory(const std::string& path);
    ~SessionHistory();
    SessionHistory(const SessionHistory&) = delete;
    SessionHistory& operator=(const SessionHistory&) = delete;

    // Device `device`'s history at `step`, whose virtual time is `time`.
    DeviceHistory deviceHistory(int device, std::uint64_t step, VirtualTime time,
                                const HistoryLimits& limits) const;
    // The invocations that ran during [time - window, time] at `step`.
    InstanceHistory instances(std::uint64_t step, VirtualTime time, VirtualTime window,
                              std::size_t limit) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace swivel::emu
