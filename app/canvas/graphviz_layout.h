#pragma once
// Automatic layout of a machine with Graphviz's dot: left to right, compound and
// parallel states as clusters holding their children, room left for every name,
// entry/exit summary and transition label that ElementMetrics measures. Used when a
// file has no layout, and by the editor's Arrange.

#include "canvas/element_metrics.h"
#include "model/machine.h"

namespace swivel::canvas {

// Machines with more states than this are placed on a simple grid instead (dot's
// running time grows quickly and nobody reads such a drawing anyway).
inline constexpr int kMaxGraphvizStates = 1000;

// True when the machine's own layout has a rect for every state.
bool layoutCoversStates(const model::Machine& machine);

// A layout for every state and transition, in scene coordinates (y down, the
// drawing's top-left corner at (0, 0)). Targetless transitions get a label inside
// their state's box and no route. Never fails: if Graphviz fails, a grid layout.
model::Layout graphvizLayout(const model::Machine& machine, const ElementMetrics& metrics);

} // namespace swivel::canvas
