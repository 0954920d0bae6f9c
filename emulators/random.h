#pragma once
// The emulator's seeded random source. The standard distributions are not specified
// bit for bit across library versions, so the generator (xoshiro256**) and every
// distribution are written out here: the same seed gives the same run anywhere.
// Each device and link gets its own stream (fork) so adding a device does not
// reshuffle the random numbers every other device sees.

#include <cstdint>

namespace swivel::emu {

class Random {
public:
    explicit Random(std::uint64_t seed = 0);

    std::uint64_t next();                         // uniform over all 64-bit values
    double uniform01();                           // [0, 1), 53 random bits
    double uniform(double low, double high);      // [low, high)
    std::int64_t uniformInt(std::int64_t low, std::int64_t high);  // [low, high], inclusive
    bool bernoulli(double probability);           // true with that probability
    double exponential(double rate);              // mean 1/rate; rate <= 0 gives +inf

    // An independent stream derived from this one's seed and `stream`, without
    // advancing this one.
    Random fork(std::uint64_t stream) const;

private:
    std::uint64_t m_seed;
    std::uint64_t m_state[4];
};

} // namespace swivel::emu
