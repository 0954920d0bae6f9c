#pragma once
// One device's link to the cloud, as the emulator plays it: each direction sends one
// message at a time (a 3 MB photo holds back the events behind it), a message takes
// its bytes' time over the bandwidth, then the latency and a uniform jitter; it may be
// lost, held back so that later ones overtake it (reordering), or arrive twice. During
// an outage messages wait on their side and go when the link returns, or expire after
// their time to live. Parameters come from the catalog's link, overridden by the
// scenario's.

#include <optional>
#include <string>
#include <vector>

#include "model/device_catalog.h"
#include "random.h"
#include "scenario.h"
#include "virtual_time.h"

namespace swivel::emu {

struct LinkParams {
    VirtualTime latency = 0;
    VirtualTime jitter = 0;
    double microsecondsPerByte = 0;  // 0: unlimited bandwidth
    double loss = 0;
    double duplication = 0;
    double reordering = 0;
    VirtualTime reorderDelay = 0;
    VirtualTime ttl = 0;             // 0: wait out any outage
    std::vector<TimeWindow> outages;

    static LinkParams resolve(const model::LinkProfile& catalog, const LinkSettings& scenario);
};

// When the outage device `deviceId`'s link is in at `t` ends (windows may name devices
// by prefix); nullopt: the link is up then.
std::optional<VirtualTime> outageEnd(const std::vector<TimeWindow>& outages, const std::string& deviceId,
                                     VirtualTime t);

// What became of one message put on the link.
struct Transmission {
    bool expired = false;     // waited longer than the ttl for the link: gone at `arrival`
    bool lost = false;        // the link drops it: gone at `arrival`
    VirtualTime arrival = 0;  // when the receiver has it (or it is gone)
    std::optional<VirtualTime> copyArrival;  // a duplicate arrives then, too
};

// The state of one direction of one device's link.
class LinkDirection {
public:
    // Sends `bytes` at `now` from device `deviceId` (outage windows may name devices
    // by prefix), drawing from `random`.
    Transmission send(const LinkParams& link, const std::string& deviceId, VirtualTime now,
                      std::int64_t bytes, Random& random);
    // Occupies the link with an upload that is not a message (a photo the cloud asked
    // for): the messages behind it wait.
    void occupy(const LinkParams& link, VirtualTime now, std::int64_t bytes);

private:
    VirtualTime m_busyUntil = 0;
};

} // namespace swivel::emu
