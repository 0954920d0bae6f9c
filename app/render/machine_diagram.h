#pragma once
// A machine drawn the way the canvas draws it (MachineScene, with a Graphviz layout
// when the file has none) and encoded as PNG or SVG: the image formats of
// `swivel-cli export`. Needs no display (see ApplicationScope).

#include <QByteArray>
#include <QString>

#include "model/machine.h"
#include "render/diagram_export.h"

namespace swivel::render {

// The encoded image; empty with `error` set on failure. The SVG's title is the
// machine's name unless options.title says otherwise.
QByteArray renderMachineDiagram(const model::Machine& machine, DiagramFormat format,
                                DiagramOptions options = {}, QString* error = nullptr);

} // namespace swivel::render
