#include "emulation_ui/session_browser_wiring.h"

#include <memory>
#include <utility>

#include "canvas/machine_scene.h"
#include "emulation/emulation_controller.h"
#include "emulation_ui/session_browser.h"

namespace swivel::emulation_ui {

void connectSessionBrowser(SessionBrowser* browser, emulation::EmulationController* controller,
                           canvas::MachineScene* scene,
                           std::function<std::optional<model::Machine>()> machine) {
    using emulation::EmulationController;
    using emulation::SessionComparisonResult;
    auto opening = std::make_shared<bool>(false);  // the browser asked for a session to open
    QObject::connect(browser, &SessionBrowser::openRequested, browser,
                     [browser, controller, scene, opening](const QString& path) {
        // Another session: the last comparison's marks no longer belong to what is shown.
        scene->clearDivergenceLook();
        browser->clearComparison();
        *opening = true;
        controller->openSessionInBackground(path);  // a farm's session takes seconds to read
    });
    // Why a session the browser opened cannot be shown is said under its list.
    QObject::connect(controller, &EmulationController::failed, browser, [browser, opening](const QString& error) {
        if (std::exchange(*opening, false))
            browser->showMessage(error);
    });
    QObject::connect(controller, &EmulationController::frameChanged, browser,
                     [opening](const emulation::FramePtr& frame) {
        if (frame && frame->replay)
            *opening = false;
    });
    QObject::connect(browser, &SessionBrowser::compareRequested, browser,
                     [browser, controller, machine = std::move(machine)](const QString& path) {
        const std::optional<model::Machine> current = machine ? machine() : std::nullopt;
        if (!current) {
            browser->showMessage(QObject::tr("Open a machine to compare the session with."));
            return;
        }
        browser->showComparing(path);
        controller->compareWithMachine(path, *current);
    });
    QObject::connect(controller, &EmulationController::comparisonReady, browser,
                     [browser, scene](const SessionComparisonResult& result) {
        browser->showComparison(result);
        if (result.outcome == SessionComparisonResult::Outcome::Diverged)
            scene->setDivergenceLook(result.recordedStates, result.rerunStates);
        else
            scene->clearDivergenceLook();
    });
    QObject::connect(browser, &SessionBrowser::comparisonCleared, scene,
                     [scene] { scene->clearDivergenceLook(); });
    // A run that ends has completed its session file: list it with its figures.
    auto lastFinished = std::make_shared<QString>();
    QObject::connect(controller, &EmulationController::frameChanged, browser,
                     [browser, lastFinished](const emulation::FramePtr& frame) {
        if (!frame || !frame->finished || frame->running || frame->sessionPath.isEmpty() ||
            frame->sessionPath == *lastFinished)
            return;
        *lastFinished = frame->sessionPath;
        if (browser->isVisible())
            browser->refresh();
    });
}

} // namespace swivel::emulation_ui
