#include "emulation/background_priority.h"

#ifdef __linux__
#include <cerrno>

#include <sys/resource.h>
#include <unistd.h>
#endif

namespace swivel::emulation {

bool lowerThisThreadsPriority() {
#ifdef __linux__
    // setpriority(2): with a thread id, PRIO_PROCESS sets that thread's nice value.
    // Never higher than it was: a studio started with `nice 19` stays there.
    const auto self = static_cast<id_t>(gettid());
    errno = 0;
    const int current = getpriority(PRIO_PROCESS, self);
    if (errno != 0)
        return false;
    return current >= kBackgroundNice || setpriority(PRIO_PROCESS, self, kBackgroundNice) == 0;
#else
    return false;
#endif
}

} // namespace swivel::emulation
