#include "random.h"

#include <cmath>
#include <limits>

namespace swivel::emu {

namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

} // namespace

Random::Random(std::uint64_t seed) : m_seed(seed) {
    std::uint64_t x = seed;
    for (auto& word : m_state)
        word = splitmix64(x);
}

std::uint64_t Random::next() {
    const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    const std::uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
}

double Random::uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double Random::uniform(double low, double high) { return low + (high - low) * uniform01(); }

std::int64_t Random::uniformInt(std::int64_t low, std::int64_t high) {
    if (high <= low)
        return low;
    const std::uint64_t span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
    if (span == std::numeric_limits<std::uint64_t>::max())
        return static_cast<std::int64_t>(next());
    const std::uint64_t range = span + 1;
    // Rejection sampling: no modulo bias, and the same draws on every platform.
    const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() -
                                std::numeric_limits<std::uint64_t>::max() % range;
    std::uint64_t draw = next();
    while (draw >= limit)
        draw = next();
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) + draw % range);
}

bool Random::bernoulli(double probability) {
    if (probability <= 0)
        return false;
    if (probability >= 1)
        return true;
    return uniform01() < probability;
}

double Random::exponential(double rate) {
    if (rate <= 0)
        return std::numeric_limits<double>::infinity();
    return -std::log1p(-uniform01()) / rate;
}

Random Random::fork(std::uint64_t stream) const {
    std::uint64_t x = m_seed ^ (stream * 0xd1342543de82ef95ULL + 0x632be59bd9b4e019ULL);
    return Random(splitmix64(x));
}

} // namespace swivel::emu
