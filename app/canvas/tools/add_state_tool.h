#pragma once
// The add-state tool, also used for final and history states: a click adds a state of
// its kind (AddState) centred on the cursor, inside the innermost compound or parallel
// state there (or inside a plain state whose box holds it whole, which becomes
// compound), and selects it. A history tool adds a deep history with Shift held.

#include "canvas/tools/tool.h"
#include "model/machine.h"

namespace swivel::canvas {

class AddStateTool : public Tool {
public:
    explicit AddStateTool(model::StateKind kind = model::StateKind::State) : m_kind(kind) {}
    model::StateKind kind() const { return m_kind; }
    bool mousePress(MachineScene& scene, QGraphicsSceneMouseEvent* event) override;

private:
    model::StateKind m_kind;
};

} // namespace swivel::canvas
