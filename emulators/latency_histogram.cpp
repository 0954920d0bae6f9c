#include "latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace swivel::emu {

namespace {

// Values of one bucket share every bit above the top kSubBucketBits + 1 significant
// ones; this is how many low bits they may differ in (0 for the exact buckets).
int shiftOf(std::uint64_t value) {
    return std::max(0, static_cast<int>(std::bit_width(value)) -
                              (LatencyHistogram::kSubBucketBits + 1));
}

} // namespace

LatencyHistogram::LatencyHistogram() : m_buckets(kBucketCount, 0) {}

std::size_t LatencyHistogram::bucketOf(VirtualTime value) {
    const std::uint64_t v = value < 0 ? 0 : static_cast<std::uint64_t>(value);
    const int shift = shiftOf(v);
    // For shift > 0, v >> shift lies in [kSubBuckets, 2 * kSubBuckets): the sub-bucket
    // of the power of two, offset by the kSubBuckets buckets each smaller power used.
    return static_cast<std::size_t>(shift) * kSubBuckets + static_cast<std::size_t>(v >> shift);
}

VirtualTime LatencyHistogram::lowestValueOf(std::size_t bucket) {
    if (bucket < 2 * kSubBuckets)
        return static_cast<VirtualTime>(bucket);
    const std::size_t shift = bucket / kSubBuckets - 1;
    const std::uint64_t mantissa = bucket - shift * kSubBuckets;
    return static_cast<VirtualTime>(mantissa << shift);
}

void LatencyHistogram::add(VirtualTime value) {
    if (value < 0)
        value = 0;
    ++m_buckets[bucketOf(value)];
    if (m_count == 0 || value < m_min)
        m_min = value;
    if (m_count == 0 || value > m_max)
        m_max = value;
    ++m_count;
}

double LatencyHistogram::percentile(double p) const {
    if (m_count == 0)
        return 0;
    // The same rank as the sorted-vector definition, sorted[ceil(p*n) - 1], kept in [1, n].
    const double wanted = std::ceil(p * static_cast<double>(m_count));
    const std::uint64_t rank =
        wanted < 1 ? 1 : std::min(m_count, static_cast<std::uint64_t>(wanted));
    // The ends are known exactly: the smallest and the largest sample.
    if (rank == 1)
        return static_cast<double>(m_min);
    if (rank == m_count)
        return static_cast<double>(m_max);
    std::uint64_t seen = 0;
    for (std::size_t bucket = bucketOf(m_min); bucket < m_buckets.size(); ++bucket) {
        seen += m_buckets[bucket];
        if (seen >= rank)
            return static_cast<double>(std::clamp(lowestValueOf(bucket), m_min, m_max));
    }
    return static_cast<double>(m_max);  // unreachable: the buckets hold m_count samples
}

void LatencyHistogram::clear() {
    std::fill(m_buckets.begin(), m_buckets.end(), 0);
    m_count = 0;
    m_min = 0;
    m_max = 0;
}

} // namespace swivel::emu
