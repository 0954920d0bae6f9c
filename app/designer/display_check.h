#pragma once
// Whether the designer can open a window at all, checked before QApplication exists
// (Qt aborts when its platform plugin finds no display).

namespace swivel::designer {

// True with an X11 or Wayland display, or an explicit QT_QPA_PLATFORM (e.g. offscreen).
bool displayAvailable();

// What `swivel` prints, and exits with kNoDisplayExitCode, when there is none.
inline constexpr const char* kNoDisplayMessage =
    "swivel: no display available; set DISPLAY or run with QT_QPA_PLATFORM=offscreen "
    "(or xvfb-run swivel). swivel-cli works without a display.\n";
inline constexpr int kNoDisplayExitCode = 2;

} // namespace swivel::designer
