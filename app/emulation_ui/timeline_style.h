#pragma once
// The instance timeline's colours and words for the phases of an invocation and for
// how it ended, shared by the lanes, their tooltip and the legend. Phase fills are
// light enough for the outcome outline and the conflict tick to stand out on both
// the light and the dark palette.

#include <QColor>
#include <QString>

#include "emulators/trace.h"

namespace swivel::emulation_ui::timeline {

inline constexpr emu::InvocationPhase kPhases[] = {
    emu::InvocationPhase::ColdStart, emu::InvocationPhase::Read,    emu::InvocationPhase::Compute,
    emu::InvocationPhase::Put,       emu::InvocationPhase::Backoff, emu::InvocationPhase::Send,
};

inline constexpr emu::InvocationOutcome kOutcomes[] = {
    emu::InvocationOutcome::Applied,          emu::InvocationOutcome::Duplicate,
    emu::InvocationOutcome::StaleTimer,       emu::InvocationOutcome::ConflictsExhausted,
    emu::InvocationOutcome::StoreUnavailable, emu::InvocationOutcome::TimedOut,
    emu::InvocationOutcome::DeadLettered,
};

QColor phaseColour(emu::InvocationPhase phase);
QColor outcomeColour(emu::InvocationOutcome outcome);
// An optimistic-concurrency conflict: a put that met a newer version.
QColor conflictColour();

QString phaseName(emu::InvocationPhase phase);      // "cold start", "read", ... "backoff (retry)"
QString outcomeName(emu::InvocationOutcome outcome); // "applied", "conflicts exhausted", ...

// A virtual duration or moment for people: "850 µs", "12.5 ms", "3.25 s".
QString formatDuration(emu::VirtualTime duration);

} // namespace swivel::emulation_ui::timeline
