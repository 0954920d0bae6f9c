// Durations become microseconds of virtual time exactly as std::llround rounds them
// (half away from zero), so that sessions stay byte for byte what they were.
#include <QtTest>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "emulators/virtual_time.h"

using swivel::emu::fromMilliseconds;
using swivel::emu::roundToMicroseconds;

class TestVirtualTime : public QObject {
    Q_OBJECT
private slots:
    void halvesRoundAwayFromZero() {
        QCOMPARE(roundToMicroseconds(0.5), 1);
        QCOMPARE(roundToMicroseconds(1.5), 2);
        QCOMPARE(roundToMicroseconds(2.5), 3);
        QCOMPARE(roundToMicroseconds(-0.5), -1);
        QCOMPARE(roundToMicroseconds(-2.5), -3);
        QCOMPARE(roundToMicroseconds(0.49999999999999994), 0);  // x + 0.5 would give 1
        QCOMPARE(roundToMicroseconds(-0.49999999999999994), 0);
        QCOMPARE(fromMilliseconds(1.0005), 1001);
        QCOMPARE(fromMilliseconds(600), 600000);
    }

    void matchesLlroundEverywhere() {
        std::vector<double> values{0.0, -0.0, 1e-300, 4503599627370495.5, 4503599627370497.0,
                                   9007199254740993.0, 3.9e18, -3.9e18, 5e18, -5e18};
        std::mt19937_64 random(7);
        std::uniform_real_distribution<double> wide(-1e7, 1e7);
        for (int i = 0; i < 200000; ++i) {
            const double x = wide(random);
            values.push_back(x);
            // Halves and their neighbours, where rounding is decided.
            const double half = std::floor(x) + 0.5;
            values.push_back(half);
            values.push_back(std::nextafter(half, 0.0));
            values.push_back(std::nextafter(half, 1e300));
        }
        for (const double x : values)
            QCOMPARE(roundToMicroseconds(x), static_cast<std::int64_t>(std::llround(x)));
    }
};

QTEST_APPLESS_MAIN(TestVirtualTime)
#include "test_virtual_time.moc"
