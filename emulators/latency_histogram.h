#pragma once
// The simulator's event->command latencies, one sample per applied device event (a
// million in a benchmark run), kept in fixed memory instead of a vector of samples
// (8 bytes each): a log-bucketed histogram in the manner of HdrHistogram. Values below
// 2^7 have a bucket each; above that each power of two is split into 2^7 buckets (so
// values below 2^8 are still exact), a bucket is never wider than 1/128 of the values
// in it, and every reported value is within 1/128 of a sample value. The buckets cover every VirtualTime (0 to 2^63 - 1
// microseconds), so no sample is ever clamped or overflows.
//
// Memory: kBucketCount (7,296) 64-bit counters = 58,368 bytes, allocated once by the
// constructor, whatever the number of samples.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "virtual_time.h"

namespace swivel::emu {

class LatencyHistogram {
public:
    static constexpr int kSubBucketBits = 7;
    static constexpr std::size_t kSubBuckets = std::size_t{1} << kSubBucketBits;  // 128
    // Values below 2 * kSubBuckets have one bucket each; each further power of two up
    // to 2^63 adds kSubBuckets buckets.
    static constexpr std::size_t kBucketCount = (64 - kSubBucketBits) * kSubBuckets;

    LatencyHistogram();

    // Counts one sample; a negative one (a clock that ran backwards) counts as 0.
    void add(VirtualTime value);
    std::uint64_t count() const { return m_count; }

    // The p-quantile (0 < p <= 1) as the simulator defines it: the sample at rank
    // ceil(p*n) in ascending order (0 when empty; p <= 0 gives the smallest sample),
    // reported as the lowest value of its bucket clamped to [min, max] of the samples,
    // so a run whose samples are all equal reports them exactly. Ranks 1 and n are the
    // smallest and the largest sample, which are kept exactly: p = 1 reports max().
    double percentile(double p) const;

    VirtualTime min() const { return m_count == 0 ? 0 : m_min; }  // 0 when empty
    VirtualTime max() const { return m_count == 0 ? 0 : m_max; }  // 0 when empty

    void clear();

    // The bucket a value falls in, and the lowest value of a bucket: exposed so that
    // the tests can state the precision promise directly.
    static std::size_t bucketOf(VirtualTime value);
    static VirtualTime lowestValueOf(std::size_t bucket);

private:
    std::vector<std::uint64_t> m_buckets;
    std::uint64_t m_count = 0;
    VirtualTime m_min = 0;
    VirtualTime m_max = 0;
};

} // namespace swivel::emu
