#include "designer/main_window.h"

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QGraphicsView>
#include <QKeySequence>
#include <QMenuBar>
#include <QStatusBar>

#include "canvas/machine_scene.h"
#include "common/machine_check.h"
#include "designer/diagnostics_panel.h"
#include "model/resources.h"

namespace swivel::designer {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_scene(new canvas::MachineScene(this)),
      m_view(new QGraphicsView(m_scene, this)), m_diagnostics(new DiagnosticsPanel(this)),
      m_diagnosticsDock(new QDockWidget(tr("Diagnostics"), this)) {
    m_view->setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    m_view->setDragMode(QGraphicsView::ScrollHandDrag);
    m_view->setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    m_view->setBackgroundBrush(Qt::white);
    setCentralWidget(m_view);

    m_diagnosticsDock->setObjectName(QStringLiteral("diagnostics"));
    m_diagnosticsDock->setWidget(m_diagnostics);
    m_diagnosticsDock->setFeatures(QDockWidget::DockWidgetClosable |
                                   QDockWidget::DockWidgetMovable);
    addDockWidget(Qt::BottomDockWidgetArea, m_diagnosticsDock);
    m_diagnosticsDock->hide();

    createActions();
    setWindowTitle(tr("Swivel"));
    resize(1400, 900);
}

QString MainWindow::defaultFile() {
    return QString::fromStdString(model::resourcesDirectory()) +
           QStringLiteral("/examples/camera-point-focus-shoot.swivel.json");
}

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open..."), this, &MainWindow::chooseFile);
    open->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("Zoom &In"), this, [this] { zoomBy(1.25); })
        ->setShortcut(QKeySequence::ZoomIn);
    view->addAction(tr("Zoom &Out"), this, [this] { zoomBy(0.8); })
        ->setShortcut(QKeySequence::ZoomOut);
    view->addAction(tr("&Fit to Window"), this, &MainWindow::fitToWindow)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    view->addSeparator();
    view->addAction(m_diagnosticsDock->toggleViewAction());
}

bool MainWindow::openFile(const QString& path) {
    m_path = path;
    const app::CheckedFile checked = app::checkMachineFile(path.toStdString());
    m_diagnostics->setDiagnostics(checked.diagnostics);
    m_diagnosticsDock->setVisible(!checked.diagnostics.empty());

    const QString name = QFileInfo(path).fileName();
    int errors = 0;
    for (const model::Diagnostic& d : checked.diagnostics)
        errors += d.severity == model::Severity::Error ? 1 : 0;
    const int warnings = static_cast<int>(checked.diagnostics.size()) - errors;

    if (!checked.load.machine) {
        m_scene->showMessage(tr("%1 could not be loaded.\nSee the diagnostics below.").arg(name));
        setWindowTitle(tr("%1 — Swivel").arg(name));
        statusBar()->showMessage(tr("%1: %n error(s)", nullptr, errors).arg(name));
        m_fitPending = true;
        fitToWindow();
        return false;
    }
    const model::Machine& machine = *checked.load.machine;
    m_scene->setMachine(machine);
    const QString title = machine.name.empty() ? name : QString::fromStdString(machine.name);
    setWindowTitle(tr("%1 — %2 — Swivel").arg(title, name));
    statusBar()->showMessage(tr("%1: %2 states, %3 transitions, %4 errors, %5 warnings%6")
                                 .arg(name)
                                 .arg(machine.states.size())
                                 .arg(machine.transitions.size())
                                 .arg(errors)
                                 .arg(warnings)
                                 .arg(m_scene->layoutComputed() ? tr(" (automatic layout)")
                                                                : QString()));
    m_fitPending = true;
    fitToWindow();
    return true;
}

void MainWindow::chooseFile() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open machine"), QFileInfo(m_path).absolutePath(),
        tr("Swivel machines (*.swivel.json);;JSON files (*.json);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::zoomBy(qreal factor) {
    m_view->scale(factor, factor);
}

// Shows the whole machine, never magnified beyond 100 %.
void MainWindow::fitToWindow() {
    if (!isVisible())
        return;  // showEvent fits once the view has its size
    m_fitPending = false;
    m_view->resetTransform();
    const QRectF scene = m_scene->sceneRect();
    const QSize viewport = m_view->viewport()->size();
    if (scene.width() > viewport.width() || scene.height() > viewport.height())
        m_view->fitInView(scene, Qt::KeepAspectRatio);
    m_view->centerOn(scene.center());
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (m_fitPending)
        fitToWindow();
}

} // namespace swivel::designer
