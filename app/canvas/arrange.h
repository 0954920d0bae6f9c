#pragma once
// Arrange: lays a machine out with Graphviz and pushes the result as one SetLayout
// ("Arrange") on the document's undo stack. Positions set by hand stay until then.

#include "canvas/element_metrics.h"

namespace swivel::document {
class Document;
class Selection;
}

namespace swivel::canvas {

// The whole machine, or, when `selection` holds states, only those states with
// everything below them and the transitions between them (laid out as their own
// machine and placed at the top-left corner of their current bounds). Returns false
// when nothing changed (no command is left on the stack).
bool arrange(document::Document& document, const document::Selection* selection = nullptr,
             const ElementMetrics& metrics = ElementMetrics());

} // namespace swivel::canvas
