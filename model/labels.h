#pragma once
// How elements read as text: the transition label `Event [guard] / actions` and the
// short action summaries used by the canvas, the DOT and Mermaid exports and the
// CLI, so that every view of a machine says the same thing.

#include <string>
#include <vector>

#include "machine.h"

namespace swivel::model {

// "Swivel(Bearing: event.Bearing)", "lastUID := event.UID", "raise Retry",
// "log idle", "call PhotoInterest(UID: event.UID)".
std::string actionSummary(const Action& action);
// Summaries joined with "; ".
std::string actionsSummary(const std::vector<Action>& actions);
// "Motion [event.Bearing > 0] / Swivel(Bearing: event.Bearing)"; "after 800 ms" for
// timers; an eventless transition has no event part.
std::string transitionLabel(const Transition& transition);

} // namespace swivel::model
