// The designer window while the 1,000-camera farm runs as fast as possible with every
// Emulate view open (panel, device table with its heat map, canvas, charts, sequence
// chart, store, instances): how long the window's event loop goes without turning.
// Issue 6's goal is 100 ms. app_test_emulate_mode holds the same run to a generous
// bound, as the issue asked, since a shared machine cannot hold a test to the goal
// itself; this program measures it against the goal.
//
// One line (bench/report.h): longest_event_loop_wait_ms against the goal, 100 ms.
// The run's wall time and the loop's turns go to stderr.

#include <cstdio>
#include <cstdlib>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTest>

#include "canvas/machine_view.h"
#include "designer/emulation_dock.h"
#include "designer/emulation_view_docks.h"
#include "designer/main_window.h"
#include "emulation/emulation_controller.h"
#include "emulation_ui/emulate_panel.h"
#include "model/resources.h"
#include "report.h"
#include "tests/app/event_loop_probe.h"

namespace {

using namespace swivel;

constexpr double kGoalMs = 100;
constexpr qint64 kPatienceMs = 300000;  // a run that never ends stops the benchmark

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "bench_emulate_window: %s\n", what);
    std::exit(1);
}

void choose(QComboBox* box, const QString& text) {
    const int index = box->findText(text, Qt::MatchContains);
    if (index < 0)
        fail("a choice the Emulate panel no longer offers");
    box->setCurrentIndex(index);
}

// Turns the event loop until `done` or the patience runs out.
template <typename Done>
bool waitUntil(Done done) {
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > kPatienceMs)
            return false;
        QTest::qWait(10);
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);  // no autosave or settings of the user's

    designer::MainWindow window;
    window.resize(1600, 1000);
    window.show();
    window.activateWindow();
    if (!QTest::qWaitForWindowActive(&window))
        fail("the window did not become active");
    const QString camera = QString::fromStdString(model::resourcesDirectory()) +
                           "/examples/camera-point-focus-shoot.swivel.json";
    if (!window.openFile(camera))
        fail("cannot open the camera example");
    const auto key = [&](Qt::Key k, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
        QTest::keyClick(window.view(), k, modifiers);
    };
    emulation_ui::EmulatePanel* panel = window.emulationDock()->panel();
    emulation::EmulationController* controller = window.emulationDock()->controller();

    // As a user would: Emulate mode, the farm, as fast as possible, the heat map, every
    // view (charts, then instances on top of them), run.
    key(Qt::Key_E, Qt::ControlModifier);
    choose(panel->scenarioBox(), "farm");
    choose(panel->speedBox(), "As fast as possible");
    panel->heatMapBox()->setChecked(true);
    key(Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
    if (!waitUntil([&] { return controller->frame() && controller->frame()->state.devices.size() == 1000; }))
        fail("the farm's 1,000 cameras never appeared");
    key(Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    key(Qt::Key_I, Qt::ControlModifier | Qt::ShiftModifier);
    if (!window.emulationDock()->chartsDock()->isVisible() ||
        !window.emulationDock()->views()->instancesDock()->isVisible())
        fail("the charts or the instances did not open");

    test::EventLoopProbe probe;
    probe.start();
    key(Qt::Key_F5);
    // To its end (10 virtual minutes), and on while its session is read for stepping
    // back: the window must keep turning all along.
    if (!waitUntil([&] { return controller->frame()->finished; }))
        fail("the farm did not reach its end");
    const qint64 runMs = probe.elapsedMs();
    if (!waitUntil([&] { return controller->replaying(); }))
        fail("the farm's session never opened for stepping back");
    QTest::qWait(200);
    probe.stop();

    const qint64 longest = probe.longestWaitMs();
    bench::report("emulate_window", "longest_event_loop_wait_ms", static_cast<double>(longest), "ms",
                  kGoalMs);
    std::fprintf(stderr,
                 "farm to its end in %lld ms, its session open after %lld ms; the event loop turned "
                 "%d times; longest wait %lld ms: goal <= 100 ms %s\n",
                 static_cast<long long>(runMs), static_cast<long long>(probe.lastTurnMs()), probe.turns(),
                 static_cast<long long>(longest), longest <= kGoalMs ? "met" : "MISSED");
    return 0;
}
