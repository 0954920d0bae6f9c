#pragma once
// The Qt application a drawing needs, for code that runs before or without one
// (swivel-cli export). Without a display: unless QT_QPA_PLATFORM names a platform,
// the application uses the offscreen one, which draws with the same fonts and needs
// no X11 or Wayland server, so exports work in CI and over ssh.

#include <memory>

#include <QApplication>

namespace swivel::render {

class ApplicationScope {
public:
    // Creates a QApplication when there is no Qt application yet; otherwise uses
    // the existing one (which must then be a QApplication: the canvas is widgets).
    ApplicationScope();
    ~ApplicationScope();
    ApplicationScope(const ApplicationScope&) = delete;
    ApplicationScope& operator=(const ApplicationScope&) = delete;

    // False when an application exists that cannot draw the canvas (a bare
    // QCoreApplication).
    bool usable() const;

private:
    std::unique_ptr<QApplication> m_application;
};

} // namespace swivel::render
