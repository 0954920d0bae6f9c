#include "render/application_scope.h"

#include <QString>
#include <QtGlobal>

namespace swivel::render {

namespace {

// QApplication keeps references to argc and argv for its whole life.
int g_argc = 3;
char g_program[] = "swivel-cli";
char g_platformOption[] = "-platform";
char g_offscreen[] = "offscreen";
char* g_argv[] = {g_program, g_platformOption, g_offscreen, nullptr};

QtMessageHandler g_handler = nullptr; // the one before quietStartup's

// As root in a container XDG_RUNTIME_DIR is usually unset and Qt says so on every
// start; a command-line export never uses that directory, so the note is only noise
// on stderr (where scripts look for real errors).
void quietStartup(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (type == QtWarningMsg &&
        message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR not set")))
        return;
    g_handler(type, context, message);
}

} // namespace

ApplicationScope::ApplicationScope() {
    if (QCoreApplication::instance())
        return;
    // The platform is chosen when the application is constructed: an explicit
    // QT_QPA_PLATFORM wins; otherwise offscreen, also when a DISPLAY is set (a
    // command-line export has no window to show, and a stale DISPLAY, e.g. over ssh,
    // would make the xcb platform abort).
    g_argc = qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") ? 3 : 1;
    g_handler = qInstallMessageHandler(quietStartup);
    m_application = std::make_unique<QApplication>(g_argc, g_argv);
    qInstallMessageHandler(g_handler);
}

ApplicationScope::~ApplicationScope() = default;

bool ApplicationScope::usable() const {
    return qobject_cast<QApplication*>(QCoreApplication::instance()) != nullptr;
}

} // namespace swivel::render
