#pragma once
// How much memory the process holds, for the benchmark's bytes-per-device figures:
// heap bytes in use (glibc's mallinfo2: small blocks plus mmapped big ones), which
// drops again when memory is freed, and the resident set (/proc/self/statm), which
// the allocator rarely gives back.

#include <cstddef>

namespace swivel::bench {

std::size_t heapBytesInUse();
std::size_t residentBytes();

// (after - before) / count, signed: memory can also shrink between two readings.
inline double bytesEach(std::size_t before, std::size_t after, std::size_t count) {
    return (static_cast<double>(after) - static_cast<double>(before)) / static_cast<double>(count);
}

} // namespace swivel::bench
