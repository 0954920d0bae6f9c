// The simulator's event queue: earliest first, ties in insertion order, and a clock
// that only moves forward.
#include <QtTest>

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
};

QTEST_APPLESS_MAIN(TestEventQueue)
#include "test_event_queue.moc"
