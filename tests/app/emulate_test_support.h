#pragma once
// The designer window with the camera open, as the Emulate-mode tests drive it:
// keys typed at the canvas, combo boxes chosen by their text, and waiting for the
// emulation's frames.

#include <functional>

#include <QComboBox>
#include <QElapsedTimer>

#include "window_test_support.h"
#include "canvas/machine_scene.h"
#include "canvas/machine_view.h"
#include "canvas/state_item.h"
#include "designer/emulation_dock.h"
#include "designer/main_window.h"
#include "emulation/emulation_controller.h"
#include "emulation_ui/emulate_panel.h"

namespace swivel::test {

inline const QString kCamera = SWIVEL_SOURCE_RESOURCES "/examples/camera-point-focus-shoot.swivel.json";

class Studio {
public:
    Studio() {
        swivel::test::showActive(window);
        if (!window.openFile(kCamera))
            qFatal("cannot open the camera");
    }
    emulation_ui::EmulatePanel* panel() const { return window.emulationDock()->panel(); }
    emulation::EmulationController* controller() const { return window.emulationDock()->controller(); }
    void key(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
        QTest::keyClick(window.view(), static_cast<Qt::Key>(key), modifiers);
    }
    emulation::FramePtr waitFor(const std::function<bool(const emulation::FramePtr&)>& condition) const {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 20000) {
            const emulation::FramePtr frame = controller()->frame();
            if (frame && condition(frame))
                return frame;
            QTest::qWait(10);
        }
        return controller()->frame();
    }
    void choose(QComboBox* box, const QString& text) const {
        const int index = box->findText(text, Qt::MatchContains);
        if (index < 0)
            qFatal("no '%s' to choose", qPrintable(text));
        box->setCurrentIndex(index);
    }
    bool lit(const char* state) const { return window.scene()->stateItem(state)->isActive(); }

    // Ctrl+E, the walk-through as fast as possible, Ctrl+Shift+E, F5: its last frame,
    // once its session is open for stepping back.
    emulation::FramePtr runTheWalkThroughToItsEnd() {
        key(Qt::Key_E, Qt::ControlModifier);
        choose(panel()->scenarioBox(), "walk-through");
        choose(panel()->speedBox(), "As fast as possible");
        key(Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
        if (!waitFor([](const emulation::FramePtr& f) { return !f->state.devices.empty(); }))
            return nullptr;
        key(Qt::Key_F5);
        const emulation::FramePtr end =
            waitFor([](const emulation::FramePtr& f) { return f->finished && !f->running; });
        if (!end || !end->finished)
            return nullptr;
        QElapsedTimer clock;
        clock.start();
        while (!controller()->replaying() && clock.elapsed() < 20000)
            QTest::qWait(10);
        return controller()->replaying() ? end : nullptr;
    }

    designer::MainWindow window;
};

} // namespace swivel::test
