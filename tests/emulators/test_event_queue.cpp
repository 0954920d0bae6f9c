// The simulator's event queue: earliest first, ties in insertion order, and a clock
// that only moves forward.
#include <QtTest>

#include <algorithm>
#include <tuple>
#include <vector>

#include "emulators/event_queue.h"

using swivel::emu::EventQueue;

class TestEventQueue : public QObject {
    Q_OBJECT
private slots:
    void popsInTimeOrder() {
        EventQueue<int> queue;
        queue.schedule(30, 3);
        queue.schedule(10, 1);
        queue.schedule(20, 2);
        QCOMPARE(queue.pop()->payload, 1);
        QCOMPARE(queue.now(), 10);
        QCOMPARE(queue.pop()->payload, 2);
        QCOMPARE(queue.pop()->payload, 3);
        QCOMPARE(queue.now(), 30);
        QVERIFY(!queue.pop().has_value());
    }

    void simultaneousEntriesKeepInsertionOrder() {
        EventQueue<int> queue;
        for (int i = 0; i < 1000; ++i)
            queue.schedule(5, i);
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(queue.pop()->payload, i);
    }

    void thePastIsClampedToNow() {
        EventQueue<int> queue;
        queue.schedule(100, 1);
        queue.pop();
        queue.schedule(50, 2);
        QCOMPARE(*queue.nextTime(), 100);
        queue.pop();
        QCOMPARE(queue.now(), 100);
    }

    void advanceNeverGoesBack() {
        EventQueue<int> queue;
        queue.advanceTo(500);
        queue.advanceTo(200);
        QCOMPARE(queue.now(), 500);
    }

    void matchesASortedReferenceOnRandomInput() {
        EventQueue<int> queue;
        std::vector<std::pair<long long, int>> reference;
        unsigned x = 12345;
        for (int i = 0; i < 5000; ++i) {
            x = x * 1103515245u + 12345u;
            const long long t = (x >> 8) % 700;
            queue.schedule(t, i);
            reference.emplace_back(t, i);
        }
        std::stable_sort(reference.begin(), reference.end(),
                         [](auto& a, auto& b) { return a.first < b.first; });
        for (const auto& [time, payload] : reference) {
            auto entry = queue.pop();
            QCOMPARE(entry->time, time);
            QCOMPARE(entry->payload, payload);
        }
        QVERIFY(queue.empty());
    }

    // As the simulator uses it: pops interleaved with new entries, some due within the
    // wheel's span, some far beyond it, many at the same time as earlier ones.
    void interleavedNearAndFarEntriesMatchAReference() {
        using Queue = EventQueue<int>;
        Queue queue;
        std::vector<std::tuple<swivel::emu::VirtualTime, std::uint64_t, int>> pending;  // time, order, payload
        std::uint64_t order = 0;
        unsigned x = 777;
        auto next = [&x] { return x = x * 1103515245u + 12345u, x >> 8; };
        auto add = [&](swivel::emu::VirtualTime time) {
            const int payload = static_cast<int>(order);
            queue.schedule(time, payload);
            pending.emplace_back(std::max(time, queue.now()), order++, payload);
        };
        for (int round = 0; round < 6000; ++round) {
            const unsigned pick = next() % 10;
            const swivel::emu::VirtualTime ahead = pick < 5 ? static_cast<swivel::emu::VirtualTime>(next() % 2000)
                                    : pick < 8 ? static_cast<swivel::emu::VirtualTime>(next() % (3 * Queue::kWheelSpan))
                                    : pick < 9 ? 0
                                               : Queue::kWheelSpan - 1 + static_cast<swivel::emu::VirtualTime>(next() % 3);
            add(queue.now() + ahead);
            if (next() % 3 != 0 && !pending.empty()) {
                const auto earliest = std::min_element(pending.begin(), pending.end());
                QCOMPARE(*queue.nextTime(), std::get<0>(*earliest));
                auto entry = queue.pop();
                QCOMPARE(entry->time, std::get<0>(*earliest));
                QCOMPARE(entry->payload, std::get<2>(*earliest));
                pending.erase(earliest);
            }
        }
        std::sort(pending.begin(), pending.end());
        for (const auto& [time, unused, payload] : pending) {
            auto entry = queue.pop();
            QCOMPARE(entry->time, time);
            QCOMPARE(entry->payload, payload);
        }
        QVERIFY(queue.empty());
    }

    void theClockJumpsOverLongQuietStretches() {
        EventQueue<int> queue;
        queue.schedule(5'000'000, 2);
        queue.schedule(3, 1);
        queue.schedule(5'000'000, 3);
        QCOMPARE(queue.pop()->payload, 1);
        queue.advanceTo(4'000'000);
        QCOMPARE(queue.now(), 4'000'000);
        queue.schedule(5'000'000, 4);  // within the span now: after the two scheduled earlier
        QCOMPARE(queue.pop()->payload, 2);
        QCOMPARE(queue.pop()->payload, 3);
        QCOMPARE(queue.pop()->payload, 4);
        QCOMPARE(queue.now(), 5'000'000);
    }

    void advancingStopsAtThePendingEntry() {
        EventQueue<int> queue;
        queue.schedule(100, 1);
        queue.advanceTo(250);
        QCOMPARE(queue.now(), 100);
        QCOMPARE(queue.pop()->time, 100);
    }
};

QTEST_APPLESS_MAIN(TestEventQueue)
#include "test_event_queue.moc"
