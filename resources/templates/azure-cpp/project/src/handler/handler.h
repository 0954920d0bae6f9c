#pragma once
// The stateless handler pattern, for one delivered device message:
//   1. read the device's record and its etag;
//   2. if the message id is among those the record remembers applying, answer with
//      the effects recorded then (a redelivery: no second transition, no write);
//   3. otherwise step the machine; a stale timer changes nothing and writes nothing;
//   4. put the new record only if the etag is unchanged (compare-and-swap);
//   5. on a conflict someone else wrote first: back off, reread, recompute, up to
//      maxAttempts times;
//   6. only after a successful put are the commands handed out.

#include <cstdint>
#include <string>
#include <vector>

#include "handler/device_message.h"
#include "handler/machine_model.h"
#include "statechart/statechart.h"
#include "store/state_store.h"

namespace handler {

struct HandlerOptions {
    int maxAttempts = 8;
    // Before retry n (n = 1, 2, ...): a random wait in [b/2, b], b = backoffMs * 2^(n-1)
    // capped at maxBackoffMs. Jitter keeps competing instances from colliding again.
    int backoffMs = 10;
    int maxBackoffMs = 1000;
};

enum class Outcome {
    Applied,             // stepped and stored as a new version
    Duplicate,           // applied before: the recorded effects again
    StaleTimer,          // a timer that is no longer armed: nothing to do
    ConflictsExhausted,  // others kept writing first: try the message again later
};

const char* outcomeName(Outcome outcome);  // "applied", "duplicate", ...

struct HandlerResult {
    Outcome outcome = Outcome::Applied;
    std::uint64_t version = 0;               // the record's version afterwards
    std::vector<std::string> configuration;  // active atomic states afterwards
    std::vector<statechart::Action> actions; // all of step()'s actions (Applied only)
    std::vector<statechart::Action> effects; // Applied, Duplicate: what must leave the machine
    int attempts = 0;                        // reads (1 unless conflicts)
    int conflicts = 0;                       // puts refused
    std::vector<std::string> logs;
};

class Handler {
public:
    Handler(const MachineModel& machine, store::StateStore& store, HandlerOptions options = {});

    // Throws store::StoreError when the store fails, DamagedRecord on a record this
    // handler cannot read, std::runtime_error on a state the machine cannot read.
    HandlerResult handle(const Delivery& delivery);

private:
    void backOff(int retry, HandlerResult& result);

    const MachineModel& m_machine;
    store::StateStore& m_store;
    HandlerOptions m_options;
};

} // namespace handler
