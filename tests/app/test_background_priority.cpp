// Background work of the studio (reading a session file) runs at a lower priority
// that still gets a share of a busy machine: a nice value on the thread itself, not
// SCHED_IDLE, which only runs when a core would otherwise idle.
#include <QtTest>

#include <algorithm>
#include <thread>

#ifdef __linux__
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

#include "emulation/background_priority.h"

using namespace swivel;

class TestBackgroundPriority : public QObject {
    Q_OBJECT
private slots:
    void aBackgroundThreadTakesANiceValueAndKeepsTheNormalPolicy() {
#ifndef __linux__
        QSKIP("the priority is lowered on Linux only");
#else
        int nice = -1, policy = -1, othersNice = -1;
        bool lowered = false;
        std::thread background([&] {
            lowered = emulation::lowerThisThreadsPriority();
            nice = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
            policy = sched_getscheduler(0);
        });
        background.join();
        std::thread other([&] { othersNice = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())); });
        other.join();
        QVERIFY(lowered);
        // Never raised: a studio started with `nice 19` keeps its threads there.
        QCOMPARE(nice, std::max(othersNice, emulation::kBackgroundNice));
        QCOMPARE(policy, SCHED_OTHER);  // not SCHED_IDLE: it still gets a share of busy cores
        // The thread alone: the window's thread and new threads keep their priority.
        QCOMPARE(getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())), othersNice);
#endif
    }
};

QTEST_GUILESS_MAIN(TestBackgroundPriority)
#include "test_background_priority.moc"
