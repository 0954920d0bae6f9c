// The simulator's latency histogram (emulators/latency_histogram.h): percentiles in
// fixed memory that are exact for small and for constant samples, and otherwise within
// 1/128 of the answer the sorted vector of every sample gives.

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "emulators/latency_histogram.h"
#include "emulators/random.h"

using swivel::emu::LatencyHistogram;
using swivel::emu::Random;
using swivel::emu::VirtualTime;

namespace {

// The simulator's definition of the p-quantile: the sample at rank ceil(p*n).
double exactPercentile(std::vector<VirtualTime> samples, double p) {
    if (samples.empty())
        return 0;
    std::sort(samples.begin(), samples.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(samples.size())));
    return static_cast<double>(samples[std::clamp<std::size_t>(rank, 1, samples.size()) - 1]);
}

constexpr double kPercentiles[] = {0.5, 0.95, 0.99, 1.0};

} // namespace

class TestLatencyHistogram : public QObject {
    Q_OBJECT
private slots:
    void emptyReportsZero() {
        LatencyHistogram histogram;
        QCOMPARE(histogram.count(), std::uint64_t{0});
        for (double p : kPercentiles)
            QCOMPARE(histogram.percentile(p), 0.0);
        QCOMPARE(histogram.min(), VirtualTime{0});
        QCOMPARE(histogram.max(), VirtualTime{0});
    }

    void smallValuesAreExact() {
        // Below 2^8 every value has a bucket of its own (2^7 exact, then 2^7 buckets of
        // width one for [2^7, 2^8)), so any mix of them is reported exactly.
        Random random(5);
        std::vector<VirtualTime> samples;
        LatencyHistogram histogram;
        for (int i = 0; i < 5000; ++i) {
            const VirtualTime value = random.uniformInt(0, 255);
            samples.push_back(value);
            histogram.add(value);
        }
        for (double p : {0.01, 0.1, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999, 1.0})
            QCOMPARE(histogram.percentile(p), exactPercentile(samples, p));
        QCOMPARE(histogram.min(), *std::min_element(samples.begin(), samples.end()));
        QCOMPARE(histogram.max(), *std::max_element(samples.begin(), samples.end()));
    }

    void constantSamplesAreReportedExactly() {
        // A link without jitter gives every event the same latency; the report must say
        // that latency, not the bottom of its bucket.
        for (VirtualTime value : {VirtualTime{0}, VirtualTime{1}, VirtualTime{20'001},
                                  VirtualTime{123'456'789}, std::numeric_limits<VirtualTime>::max()}) {
            LatencyHistogram histogram;
            for (int i = 0; i < 1000; ++i)
                histogram.add(value);
            for (double p : kPercentiles)
                QCOMPARE(histogram.percentile(p), static_cast<double>(value));
        }
    }

    void onePercentileIsTheMaximum() {
        LatencyHistogram histogram;
        for (VirtualTime value : {1000, 2000, 1'000'003})
            histogram.add(value);
        QCOMPARE(histogram.percentile(1.0), 1'000'003.0);
        QCOMPARE(histogram.max(), VirtualTime{1'000'003});
        QCOMPARE(histogram.min(), VirtualTime{1000});
    }

    void randomSamplesOverManyMagnitudesAreWithinOneIn128() {
        // Log-uniform samples from 1 us to 2^40 us (twelve days): every power of two gets
        // samples, so every bucket width is exercised.
        for (std::uint64_t seed : {1u, 2u, 3u}) {
            Random random(seed);
            std::vector<VirtualTime> samples;
            LatencyHistogram histogram;
            const int n = 20000 + static_cast<int>(seed);
            for (int i = 0; i < n; ++i) {
                const auto value = static_cast<VirtualTime>(std::exp2(random.uniform(0, 40)));
                samples.push_back(value);
                histogram.add(value);
            }
            QCOMPARE(histogram.count(), static_cast<std::uint64_t>(n));
            for (double p : kPercentiles) {
                const double exact = exactPercentile(samples, p);
                const double reported = histogram.percentile(p);
                QVERIFY2(std::abs(reported - exact) <= exact / 128,
                         qPrintable(QStringLiteral("p%1: %2 reported, %3 exact")
                                        .arg(p)
                                        .arg(reported, 0, 'f', 0)
                                        .arg(exact, 0, 'f', 0)));
            }
        }
    }

    void everyBucketIsNarrowerThanOneIn128OfItsValues() {
        // The precision promise itself, bucket by bucket: the lowest value of the bucket
        // a value falls in is never more than 1/128 below it, and bucket order is value
        // order (what the percentile walk relies on).
        Random random(17);
        for (int i = 0; i < 200000; ++i) {
            const int bits = static_cast<int>(random.uniformInt(0, 63));
            const auto value = static_cast<VirtualTime>(random.next() >> (64 - std::max(bits, 1)));
            const std::size_t bucket = LatencyHistogram::bucketOf(value);
            QVERIFY(bucket < LatencyHistogram::kBucketCount);
            const VirtualTime low = LatencyHistogram::lowestValueOf(bucket);
            QVERIFY(low <= value);
            QVERIFY(static_cast<double>(value - low) < static_cast<double>(value) / 128 + 1);
            QCOMPARE(LatencyHistogram::bucketOf(low), bucket);
        }
        for (std::size_t bucket = 1; bucket < LatencyHistogram::kBucketCount; ++bucket)
            QVERIFY(LatencyHistogram::lowestValueOf(bucket) >
                    LatencyHistogram::lowestValueOf(bucket - 1));
    }

    void negativeValuesCountAsZero() {
        LatencyHistogram histogram;
        histogram.add(-5);
        histogram.add(std::numeric_limits<VirtualTime>::min());
        histogram.add(10);
        QCOMPARE(histogram.count(), std::uint64_t{3});
        QCOMPARE(histogram.min(), VirtualTime{0});
        QCOMPARE(histogram.percentile(0.5), 0.0);
        QCOMPARE(histogram.percentile(1.0), 10.0);
    }

    void hugeValuesDoNotOverflow() {
        // The largest VirtualTime lands in the last bucket, and percentiles between
        // huge values stay ordered and within 1/128.
        const VirtualTime top = std::numeric_limits<VirtualTime>::max();
        QCOMPARE(LatencyHistogram::bucketOf(top), LatencyHistogram::kBucketCount - 1);
        LatencyHistogram histogram;
        std::vector<VirtualTime> samples = {top, top - 1, top / 3, VirtualTime{1} << 40,
                                            (VirtualTime{1} << 40) + 12345, 7};
        for (VirtualTime value : samples)
            histogram.add(value);
        QCOMPARE(histogram.max(), top);
        QCOMPARE(histogram.percentile(1.0), static_cast<double>(top));
        double previous = 0;
        for (double p : {0.1, 0.3, 0.5, 0.7, 0.9, 1.0}) {
            const double exact = exactPercentile(samples, p);
            const double reported = histogram.percentile(p);
            QVERIFY(reported >= previous);
            QVERIFY(std::abs(reported - exact) <= exact / 128);
            previous = reported;
        }
    }

    void clearForgetsEverySample() {
        LatencyHistogram histogram;
        for (VirtualTime value = 0; value < 100000; value += 7)
            histogram.add(value);
        histogram.clear();
        QCOMPARE(histogram.count(), std::uint64_t{0});
        QCOMPARE(histogram.percentile(0.5), 0.0);
        QCOMPARE(histogram.max(), VirtualTime{0});
        histogram.add(42);
        QCOMPARE(histogram.percentile(0.5), 42.0);
        QCOMPARE(histogram.min(), VirtualTime{42});
    }

    void aMillionSamplesTakeNoMoreMemory() {
        // The point of the histogram: a benchmark's million samples in the same fixed
        // buckets, where a vector would take 8 MB; the count stays exact.
        LatencyHistogram histogram;
        Random random(23);
        for (int i = 0; i < 1'000'000; ++i)
            histogram.add(random.uniformInt(10'000, 60'000));
        QCOMPARE(histogram.count(), std::uint64_t{1'000'000});
        QVERIFY(sizeof(LatencyHistogram) + LatencyHistogram::kBucketCount * sizeof(std::uint64_t) <
                64 * 1024);
        const double median = histogram.percentile(0.5);
        QVERIFY(std::abs(median - 35'000) < 35'000.0 / 128 + 100);
    }
};

QTEST_APPLESS_MAIN(TestLatencyHistogram)
#include "test_latency_histogram.moc"
