#pragma once
// What the session browser's requests do in the studio: Open shows the session in
// every view (EmulationController::openSession); Compare re-runs it against the
// current machine (off the GUI thread) and, at a divergence, opens it at that step
// with the diverging device followed, marks the recorded and the re-run states on
// the canvas and says what differs under the list. The Emulate dock uses this; the
// tests use it the same way.

#include <functional>
#include <optional>

#include "model/machine.h"

namespace swivel::canvas {
class MachineScene;
}
namespace swivel::emulation {
class EmulationController;
}

namespace swivel::emulation_ui {

class SessionBrowser;

// `machine` gives the machine to compare with (the document's, unsaved edits
// included), or nullopt when none is open. The connections live as long as the
// browser, the controller and the scene; all three must outlive none of the others
// being used (the dock owns them all).
void connectSessionBrowser(SessionBrowser* browser, emulation::EmulationController* controller,
                           canvas::MachineScene* scene,
                           std::function<std::optional<model::Machine>()> machine);

} // namespace swivel::emulation_ui
