#pragma once
// The benchmark's workload: one pre-generated sequence of camera events, the lecture's
// flow over and over (Motion, MoveDone, FocusDone, NewIMG, Classified: one photo per
// flow, every third one interesting), and the order in which a fleet of devices
// sends it round robin.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/semantics.h"

namespace swivel::bench {

inline constexpr int kFlowLength = 5;

// `count` events (a multiple of kFlowLength): flow f is events 5f .. 5f+4, its photo's
// UID is "IMG-f".
std::vector<model::Event> cameraSequence(std::size_t count);

// Which event of the sequence is sent at each position when `devices` devices share it
// round robin: position p is sent by device p % devices, and each device sends whole
// flows in order (its own Motion, then its MoveDone...), so every device walks the
// lecture's flow; flows go to devices round robin. With one device this is the
// sequence's own order. (Plain `event i -> device i % devices` would give a device
// only one kind of event at 10,000 devices, which every machine ignores.)
// `count` must be a multiple of kFlowLength * devices.
std::vector<std::uint32_t> roundRobinOrder(std::size_t count, int devices);

} // namespace swivel::bench
