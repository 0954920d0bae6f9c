#pragma once
// The main window as the GUI tests drive it: shown at a fixed size and active, so
// that keys typed at it reach its shortcuts.

#include <QtTest>

#include <QWidget>

namespace swivel::test {

inline void showActive(QWidget& window) {
    window.resize(1600, 1000);
    window.show();
    window.activateWindow();
    if (!QTest::qWaitForWindowActive(&window))
        qFatal("the main window did not become active");
}

} // namespace swivel::test
