#pragma once
// The compact byte form of a device's record: its configuration and the side effects
// of its recent events, as a real key-value store keeps a serialized record. At 10,000
// devices the store must stay under 1 KiB per device (issue 4), and every delivery
// decodes one record and encodes it again, so the form is small and cheap both ways.
//
// Building blocks (why: small numbers dominate, so they must cost one byte):
//   varint   LEB128, 7 bits a byte, low bits first; at most 10 bytes.
//   int      a signed integer as a zigzag varint (0, -1, 1, -2, ... -> 0, 1, 2, 3, ...),
//            so a stray -1 (an unset index) costs one byte, not ten.
//   string   varint length, then the bytes as they are (any bytes: NUL, quotes, UTF-8).
//   value    one tag byte naming the Value alternative, and for bool the value too:
//            0 false, 1 true, 2 int + int, 3 double + 8 bytes IEEE 754 little-endian
//            (bit-exact, NaN payloads included), 4 string + string.
//
// Configuration, the timers first so that armsTimerToken (the stale-timer check on
// every timer delivery) reads a few bytes and stops:
//   varint timer count, then per timer: int transition, varint token
//   varint nextTimerToken
//   byte   finished (0 or 1)
//   varint active count, then int per active state
//   varint variable count, then value per variable
//   varint history size (the machine's state count), varint count of non-empty
//          entries, then per non-empty entry: varint state index, varint count, int
//          per state. History is almost always empty, so a machine with fifty states
//          pays two bytes for it, not fifty.
//
// Effects (the commands, calls, timer starts and delayed raises an applied event caused):
//   varint action count, then per action:
//   varint header = kind (3 bits) | presence bits << 3, where the presence bits say
//          which fields differ from their defaults, most often present first: name,
//          args, token, delayMs, value, label, target, reply. A send with arguments or
//          a timer start has a header below 128: one byte for the kind and all the
//          empty fields together.
//   then only the present fields, in that order: string name; varint arg count and
//   per arg string name + value; varint token; int delayMs; value; string label,
//   target, reply.
//
// Decoding never trusts a length: every count is capped by the bytes left (each element
// takes at least one byte), so truncated or garbage input gives false without reading
// past the end or allocating more than the input could describe. The one count that
// costs no bytes per element, the history size, is capped by the largest machine a
// file can hold (kMaxEncodedStates).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/machine_file.h"
#include "model/semantics.h"
#include "name_dictionary.h"

namespace swivel::emu {

// A machine file holds at most kMaxFileBytes and each state takes more than 8 of them
// (`{"id":"a"}` alone is 10), so no loadable machine has more states than this; decode
// rejects a larger history size rather than allocate for it.
inline constexpr std::size_t kMaxEncodedStates = model::kMaxFileBytes / 8;

// Appends the compact form of `configuration` to `out`.
void encodeConfiguration(const model::Configuration& configuration, std::string& out);
// Reads one configuration at `offset` (advanced past it) into `into`, reusing its
// vectors' capacity (no allocation once `into` has held a configuration of the same machine).
// False (and `into` unspecified) on bytes that are not an encoded configuration.
bool decodeConfiguration(std::string_view bytes, std::size_t& offset, model::Configuration& into);

// The same for a list of side effects (the commands, calls, timer starts and delayed
// raises an applied event caused).
void encodeEffects(const std::vector<model::EmittedAction>& effects, std::string& out,
                   NameDictionary* names = nullptr);
bool decodeEffects(std::string_view bytes, std::size_t& offset,
                   std::vector<model::EmittedAction>& into, const NameDictionary* names = nullptr);

// The actions of a step that the host carries out after its put, and sends again for
// a redelivery: commands, service calls, timer starts and delayed raises.
bool isSideEffect(const model::EmittedAction& action);
// encodeEffects of the side effects among a step's `actions` only (no filtered copy).
void encodeSideEffects(const std::vector<model::EmittedAction>& actions, std::string& out,
                       NameDictionary* names = nullptr);

// Without decoding the whole configuration: whether its timers arm `token` (the
// stale-timer check, on every timer delivery). False on bytes that are not an encoded
// configuration's start.
bool armsTimerToken(std::string_view encodedConfiguration, std::uint64_t token);

// One varint (the format's unsigned integer), for records that frame the encoded
// parts with ids and lengths of their own.
void encodeVarint(std::uint64_t value, std::string& out);
// Inline: the store scans its records' lists of recent events with it on every read.
inline bool decodeVarint(std::string_view bytes, std::size_t& offset, std::uint64_t& value) {
    std::uint64_t result = 0;
    std::size_t at = offset;
    for (int shift = 0; shift < 64 && at < bytes.size(); shift += 7) {
        const auto b = static_cast<unsigned char>(bytes[at++]);
        if (shift == 63 && b > 1)
            return false;  // the tenth byte holds only the top bit of a 64-bit value
        result |= std::uint64_t{b & 0x7fu} << shift;
        if (!(b & 0x80)) {
            value = result;
            offset = at;
            return true;
        }
    }
    return false;
}

} // namespace swivel::emu
