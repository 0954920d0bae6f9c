#include "trace.h"

namespace swivel::emu {

// These spellings are stored in session files and printed by the CLI: never change
// one, only add.
const char* toString(MessageKind kind) {
    switch (kind) {
    case MessageKind::DeviceEvent: return "deviceEvent";
    case MessageKind::Command: return "command";
    case MessageKind::ServiceRequest: return "serviceRequest";
    case MessageKind::ServiceReply: return "serviceReply";
    case MessageKind::Timer: return "timer";
    }
    return "?";
}

const char* toString(MessageFate fate) {
    switch (fate) {
    case MessageFate::Delivered: return "delivered";
    case MessageFate::Lost: return "lost";
    case MessageFate::Expired: return "expired";
    }
    return "?";
}

const char* toString(InvocationPhase phase) {
    switch (phase) {
    case InvocationPhase::ColdStart: return "coldStart";
    case InvocationPhase::Read: return "read";
    case InvocationPhase::Compute: return "compute";
    case InvocationPhase::Put: return "put";
    case InvocationPhase::Backoff: return "backoff";
    case InvocationPhase::Send: return "send";
    }
    return "?";
}

const char* toString(InvocationOutcome outcome) {
    switch (outcome) {
    case InvocationOutcome::Applied: return "applied";
    case InvocationOutcome::Duplicate: return "duplicate";
    case InvocationOutcome::StaleTimer: return "staleTimer";
    case InvocationOutcome::ConflictsExhausted: return "conflictsExhausted";
    case InvocationOutcome::StoreUnavailable: return "storeUnavailable";
    case InvocationOutcome::TimedOut: return "timedOut";
    case InvocationOutcome::DeadLettered: return "deadLettered";
    }
    return "?";
}

} // namespace swivel::emu
