#pragma once
// The message sequence chart of one device, as rows: each row an arrow between two
// lifelines (device, link, hub, function instance, store, services) or a note on
// one, in order of virtual time. Built from a DeviceHistory (history.h), so a live
// run and a scrubbed session draw the same chart. Device-to-cloud arrows and
// cloud-to-device arrows have their own colours, as the lecture draws them; what went
// wrong (a lost message, a conflict at the put, a suppressed duplicate, a retry) is
// marked on its row.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulators/history.h"

namespace swivel::emulation {

enum class Lifeline : std::uint8_t { Device, Link, Hub, Instance, Store, Services };
inline constexpr int kLifelineCount = 6;
const char* lifelineName(Lifeline lifeline);

enum class ArrowKind : std::uint8_t {
    Up,        // device -> cloud: events, service replies
    Down,      // cloud -> device: commands
    Delivery,  // hub -> instance
    StoreCall, // instance <-> store: get, put, their answers
    Service,   // instance -> service
    Note,      // on one lifeline: compute, back-off, outcome, timer
};

enum class RowMark : std::uint8_t {
    None,
    Lost,        // dropped by the link (or the receiver was off) or expired
    InFlight,    // on its way at the moment
    Duplicate,   // a copy the link made, or a redelivery the record suppressed
    Conflict,    // the put met a newer version
    Retry,       // a back-off before reading again, or a delivery after a failure
    Failed,      // the invocation gave up (conflicts exhausted, store down, timed out...)
    Applied,     // the put succeeded: a new version
};

struct SequenceRow {
    emu::VirtualTime time = 0;
    std::uint64_t step = 0;
    Lifeline from = Lifeline::Device;
    Lifeline to = Lifeline::Device;  // == from for a note
    ArrowKind kind = ArrowKind::Note;
    RowMark mark = RowMark::None;
    std::string label;             // "Motion", "get → v17", "put if v17", "conflict"...
    emu::MessageId message = 0;    // the message drawn, or the invocation's delivered one
    emu::InvocationId invocation = 0;
    nlohmann::json details;        // what a click shows: payload, tags, phases...
};

// The rows of `history`, in order of time (ties in the order things happen: a
// delivery, then its reads, put and outcome, then the commands it sent).
std::vector<SequenceRow> sequenceRows(const emu::DeviceHistory& history);

} // namespace swivel::emulation
