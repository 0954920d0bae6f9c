// swivel: the designer. Offers to recover autosaved work after a crash, then opens
// FILE (default: the camera example) in the main window.

#include <cstdio>

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>

#include "designer/display_check.h"
#include "designer/main_window.h"

namespace {

// Handles --help and --version itself (printing and exiting).
void parseArguments(QCommandLineParser& parser, const QCoreApplication& app) {
    parser.setApplicationDescription(
        QStringLiteral("Swivel: design IoT device state machines."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("FILE"),
        QStringLiteral("a *.swivel.json machine (default: the camera example)"),
        QStringLiteral("[FILE]"));
    parser.process(app);
}

void describe() {
    QCoreApplication::setApplicationName(QStringLiteral("swivel"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWIVEL_VERSION));
}

} // namespace

int main(int argc, char** argv) {
    QCommandLineParser parser;
    if (!swivel::designer::displayAvailable()) {
        {  // --help and --version need no display
            QCoreApplication app(argc, argv);
            describe();
            parseArguments(parser, app);
        }
        std::fputs(swivel::designer::kNoDisplayMessage, stderr);
        return swivel::designer::kNoDisplayExitCode;
    }
    QApplication app(argc, argv);
    describe();
    QApplication::setApplicationDisplayName(QStringLiteral("Swivel"));
    parseArguments(parser, app);

    QCoreApplication::setOrganizationName(QStringLiteral("swivel"));

    swivel::designer::MainWindow window;
    const QStringList files = parser.positionalArguments();
    window.show();
    // Work a crash left behind comes first; the default example only when nothing
    // else fills the window.
    const bool recovered = window.offerRecovery();
    if (!files.isEmpty()) {
        swivel::designer::MainWindow* target = &window;
        if (recovered) {
            target = new swivel::designer::MainWindow;
            target->setAttribute(Qt::WA_DeleteOnClose);
            target->show();
        }
        target->openFile(files.first());
    } else if (!recovered) {
        window.openFile(swivel::designer::MainWindow::defaultFile());
    }
    return QApplication::exec();
}
