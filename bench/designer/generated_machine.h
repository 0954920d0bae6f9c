#pragma once
// A large machine for the designer benchmark, the same on every run (fixed seed):
// atomic states with compound ones nested two and three deep and a few parallel ones
// between them, transitions on the camera's events (mostly between neighbours, some
// across the drawing, a few loops and targetless ones), and a grid layout that fits
// every container around its children, so that opening it never runs Graphviz.

#include "canvas/element_metrics.h"
#include "model/device_catalog.h"
#include "model/machine.h"

namespace swivel::bench {

// `states` states and `transitions` transitions whose events come from `device`;
// sizes measured with `metrics`, as the canvas measures them.
model::Machine generateMachine(int states, int transitions, const model::DeviceType& device,
                               const canvas::ElementMetrics& metrics);

} // namespace swivel::bench
