#pragma once
// What a simulation tells its observers, record by record: the recorder writes each
// record into the session database; the studio's views (later) draw them. Records
// refer to the simulator's own structures and are valid only during the call; an
// observer copies what it keeps. With no observer attached the simulator builds none
// of them (the fast path of the benchmarks).
//
// Every record carries the step that produced it: step N is the N-th event the
// simulator took from its queue (step 0 is the set-up before the first one). The
// system state "at step N" is the state after every record of steps 0..N.

#include <cstdint>
#include <string>
#include <vector>

#include "model/semantics.h"
#include "virtual_time.h"

namespace swivel::emu {

using MessageId = std::uint64_t;     // 1, 2, ... in order of sending; 0: none
using InvocationId = std::uint64_t;  // 1, 2, ...

// Who talks to whom. Device events and service replies go to the hub, then to a
// function instance; commands go to the device; service requests to the service.
enum class MessageKind : std::uint8_t {
    DeviceEvent,     // device -> cloud (over the device's link)
    Command,         // cloud -> device (over the device's link)
    ServiceRequest,  // function instance -> mock µ-service (a call action)
    ServiceReply,    // µ-service -> hub, as an event for the calling device
    Timer,           // host -> hub: an `after` timer expired (or a delayed raise)
};

// How a message ended. A message still in flight has no fate yet.
enum class MessageFate : std::uint8_t {
    Delivered,  // reached its receiver (for DeviceEvent/ServiceReply/Timer: the hub)
    Lost,       // dropped by the link (loss) or its receiver was off
    Expired,    // waited longer than its time to live (e.g. through an outage)
};

// What one handler invocation is doing; the instance timeline of the studio.
enum class InvocationPhase : std::uint8_t {
    ColdStart,  // a new instance boots before it can run
    Read,       // store get -> (record, version)
    Compute,    // step()
    Put,        // put-if-version
    Backoff,    // waiting after a conflict before the next read
    Send,       // issuing the commands after a successful put
};

enum class InvocationOutcome : std::uint8_t {
    Applied,             // the event moved the machine; version + 1; commands sent
    Duplicate,           // already applied (a redelivery): recorded commands re-sent, no put
    StaleTimer,          // a timer whose arming is gone: nothing to do, no put
    ConflictsExhausted,  // every attempt met a newer version; the hub redelivers
    StoreUnavailable,    // the store failed; the hub redelivers
    TimedOut,            // ran past the function timeout; instance restarted; redelivered
    DeadLettered,        // redelivered too often: given up, reported failed
};

const char* toString(MessageKind kind);
const char* toString(MessageFate fate);
const char* toString(InvocationPhase phase);
const char* toString(InvocationOutcome outcome);

struct MessageSentRecord {
    std::uint64_t step = 0;
    VirtualTime time = 0;
    MessageId id = 0;
    MessageKind kind = MessageKind::DeviceEvent;
    int device = -1;                   // index into SimulationObserver::devices()
    const model::Event* event = nullptr;  // name + tags (command: name + args)
    std::int64_t bytes = 0;            // size on the link (0 off the link)
    MessageId causedBy = 0;            // the delivery whose invocation sent it, if any
    MessageId duplicateOf = 0;         // a copy the link made of that message
    VirtualTime expectedArrival = 0;   // when the receiver will have it, if not lost
};

struct MessageEndedRecord {
    std::uint64_t step = 0;
    VirtualTime time = 0;
    MessageId id = 0;
    MessageFate fate = MessageFate::Delivered;
};

struct InvocationStartedRecord {
    std::uint64_t step = 0;
    VirtualTime time = 0;
    InvocationId id = 0;
    int instance = 0;         // 0, 1, ... the pool's instance numbers
    int device = -1;
    MessageId message = 0;    // the delivered message
    int delivery = 1;         // 1 for the first delivery of that message, 2 for a redelivery...
    bool coldStart = false;
};

struct InvocationPhaseRecord {
    std::uint64_t step = 0;
    VirtualTime time = 0;  // start of the phase; it ends where the next one starts
    InvocationId id = 0;
    InvocationPhase phase = InvocationPhase::Read;
    int attempt = 1;                // read-step-put attempt, from 1
    std::uint64_t version = 0;      // Read: the version read; Put: the version expected
};

struct InvocationEndedRecord {
    std::uint64_t step = 0;
    VirtualTime time = 0;
    InvocationId id = 0;
    InvocationOutcome outcome = InvocationOutcome::Applied;
    int attempts = 1;
    int conflicts = 0;
};

// A successful put (or the initial record of a device at step 0, version 0).
struct StateWrittenRecord {
    std::uint64_t step = 0;
    VirtualTime time = 0;
    int device = -1;
    std::uint64_t version = 0;
    const model::Configuration* configuration = nullptr;
    InvocationId invocation = 0;  // 0 for the initial record
    MessageId message = 0;        // the event applied (0 for the initial record)
    const model::Event* event = nullptr;  // that event (null for the initial record)
    const std::vector<int>* transitions = nullptr;  // taken, indices (may be empty)
    const std::vector<model::EmittedAction>* actions = nullptr;  // step's actions, in order
};

// One device of the run, as the observer's devices() lists them.
struct DeviceInfo {
    std::string id;          // "camera-0001"
    std::string deviceType;  // catalog id, "canon-eos-rebel"
};

class SimulationObserver {
public:
    virtual ~SimulationObserver() = default;
    // Before step 0: the machine every device runs and the devices, by index.
    virtual void begin(const model::CompiledMachine& machine, const std::vector<DeviceInfo>& devices,
                       const std::string& scenarioJson, std::uint64_t seed) = 0;
    virtual void messageSent(const MessageSentRecord& record) = 0;
    virtual void messageEnded(const MessageEndedRecord& record) = 0;
    virtual void invocationStarted(const InvocationStartedRecord& record) = 0;
    virtual void invocationPhase(const InvocationPhaseRecord& record) = 0;
    virtual void invocationEnded(const InvocationEndedRecord& record) = 0;
    virtual void stateWritten(const StateWrittenRecord& record) = 0;
    // After the step's records: the clock and counters moved on (a place to batch).
    virtual void stepDone(std::uint64_t step, VirtualTime time) = 0;
    // The run ended (duration reached or nothing left to do); `summaryJson` is
    // Simulator::summary() as JSON.
    virtual void end(std::uint64_t lastStep, VirtualTime time, const std::string& summaryJson) = 0;
};

} // namespace swivel::emu
