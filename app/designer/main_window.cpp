#include "designer/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QGraphicsView>
#include <QKeySequence>
#include <QLocale>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>

#include "canvas/arrange.h"
#include "catalog/catalog_panel.h"
#include "canvas/machine_scene.h"
#include "canvas/machine_view.h"
#include "canvas/tools/add_initial_tool.h"
#include "canvas/tools/add_region_tool.h"
#include "canvas/tools/add_state_tool.h"
#include "canvas/tools/add_transition_tool.h"
#include "canvas/tools/select_tool.h"
#include "codegen/scxml_generator.h"
#include "commands/clipboard_fragment.h"
#include "commands/paste_elements.h"
#include "commands/remove_elements.h"
#include "common/machine_check.h"
#include "designer/autosave.h"
#include "designer/diagnostics_panel.h"
#include "designer/emulation_dock.h"
#include "designer/generate_dock.h"
#include "designer/prompts.h"
#include "designer/welcome_page.h"
#include "document/document.h"
#include "document/selection.h"
#include "generate/export_dialog.h"
#include "generate/generate_panel.h"
#include "inspector/inspector.h"
#include "model/atomic_file.h"
#include "model/device_catalog.h"
#include "model/machine_file.h"
#include "model/resources.h"
#include "render/diagram_export.h"

namespace swivel::designer {

namespace {

const QString kRecentFilesKey = QStringLiteral("recentFiles");
const QString kMachineFilter =
    QObject::tr("Swivel machines (*.swivel.json);;SCXML statecharts (*.scxml);;JSON files "
                "(*.json);;All files (*)");
// Where pasted and duplicated elements land relative to the originals: visibly apart.
constexpr model::Point kPasteOffset{24, 24};

QString formatDiagnostics(const std::vector<model::Diagnostic>& diagnostics) {
    QStringList lines;
    for (const model::Diagnostic& d : diagnostics) {
        if (d.severity != model::Severity::Error)
            continue;
        lines << QStringLiteral("%1:%2: %3: %4")
                     .arg(d.line)
                     .arg(d.column)
                     .arg(QString::fromStdString(d.code), QString::fromStdString(d.message));
    }
    return lines.join(QLatin1Char('\n'));
}

// Pushes `command`; true when the stack kept it (an obsolete command is deleted by push).
bool pushed(QUndoStack* stack, QUndoCommand* command) {
    stack->push(command);
    return stack->index() > 0 && stack->command(stack->index() - 1) == command;
}

// Every state id and every transition id of a machine.
std::pair<std::vector<std::string>, std::vector<std::string>> elementIds(
    const model::Machine& machine) {
    std::pair<std::vector<std::string>, std::vector<std::string>> ids;
    for (const model::State& state : machine.states)
        ids.first.push_back(state.id);
    for (const model::Transition& transition : machine.transitions)
        ids.second.push_back(transition.id);
    return ids;
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_document(new document::Document(this)),
      m_selection(new document::Selection(this)), m_autosave(new Autosave(m_document, this)),
      m_scene(new canvas::MachineScene(this)), m_view(new canvas::MachineView(this)),
      m_welcome(new WelcomePage(this)), m_stack(new QStackedWidget(this)),
      m_diagnostics(new DiagnosticsPanel(this)),
      m_diagnosticsDock(new QDockWidget(tr("Diagnostics"), this)) {
    m_view->setScene(m_scene);
    m_scene->setDocument(m_document, m_selection);
    m_stack->addWidget(m_welcome);
    m_stack->addWidget(m_view);
    setCentralWidget(m_stack);

    m_diagnosticsDock->setObjectName(QStringLiteral("diagnostics"));
    m_diagnosticsDock->setWidget(m_diagnostics);
    m_diagnosticsDock->setFeatures(QDockWidget::DockWidgetClosable |
                                   QDockWidget::DockWidgetMovable);
    addDockWidget(Qt::BottomDockWidgetArea, m_diagnosticsDock);
    m_diagnosticsDock->hide();
    // Live problems: the panel revalidates after edits; its title carries the counts.
    m_diagnostics->setDocument(m_document, m_selection);
    m_diagnosticsDock->setWindowTitle(m_diagnostics->title());
    connect(m_diagnostics, &DiagnosticsPanel::diagnosticsChanged, this,
            [this] { m_diagnosticsDock->setWindowTitle(m_diagnostics->title()); });
    connect(m_diagnostics, &DiagnosticsPanel::elementActivated, this, &MainWindow::centreOn);

    // The device catalog and the handled-events matrix of the open machine.
    m_catalog = new catalog::CatalogPanel(model::DeviceCatalog::builtin(), m_document,
                                          m_selection, this);
    m_catalogDock = new QDockWidget(tr("Catalog"), this);
    m_catalogDock->setObjectName(QStringLiteral("catalogDock"));
    m_catalogDock->setWidget(m_catalog);
    m_catalogDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    addDockWidget(Qt::LeftDockWidgetArea, m_catalogDock);

    // The inspector edits what is selected (the machine when nothing is).
    m_inspectorDock = new QDockWidget(tr("Inspector"), this);
    m_inspectorDock->setObjectName(QStringLiteral("inspectorDock"));
    m_inspectorDock->setWidget(new inspector::Inspector(m_document, m_selection, m_inspectorDock));
    m_inspectorDock->setFeatures(QDockWidget::DockWidgetClosable |
                                 QDockWidget::DockWidgetMovable);
    addDockWidget(Qt::RightDockWidgetArea, m_inspectorDock);

    // Emulate mode: hidden until asked for (Emulate > Emulate Panel, Ctrl+E).
    m_emulationDock = new EmulationDock(m_document, m_scene, this);
    addDockWidget(Qt::RightDockWidgetArea, m_emulationDock);
    tabifyDockWidget(m_inspectorDock, m_emulationDock);
    m_emulationDock->hide();
    // Generate mode: hidden until asked for (Generate > Generated Code, Ctrl+G).
    m_generateDock = new GenerateDock(m_document, m_selection, this);
    addDockWidget(Qt::RightDockWidgetArea, m_generateDock);
    tabifyDockWidget(m_inspectorDock, m_generateDock);
    m_generateDock->hide();
    // Once every dock is in (the Emulate mode's bottom docks redistribute the sides):
    // room for the whole matrix on the left, for the inspector's forms on the right.
    resizeDocks({m_catalogDock, m_inspectorDock}, {380, 400}, Qt::Horizontal);

    connect(m_document, &document::Document::changed, this, &MainWindow::documentChanged);
    // The user's own zoom ends the fitting of a file just opened.
    const auto userMovedTheView = [this] {
        if (!m_fitting)
            m_keepFitted = false;
    };
    connect(m_view, &canvas::MachineView::zoomChanged, this, userMovedTheView);
    m_view->viewport()->installEventFilter(this);
    connect(m_document, &document::Document::dirtyChanged, this, &MainWindow::updateTitle);
    connect(m_document, &document::Document::filePathChanged, this, &MainWindow::updateTitle);
    connect(m_selection, &document::Selection::changed, this, &MainWindow::updateActions);
    connect(QApplication::clipboard(), &QClipboard::dataChanged, this,
            &MainWindow::updateActions);
    connect(m_welcome, &WelcomePage::newRequested, this, &MainWindow::chooseNew);
    connect(m_welcome, &WelcomePage::openRequested, this, &MainWindow::chooseFile);
    connect(m_welcome, &WelcomePage::fileRequested, this, &MainWindow::openFile);

    createActions();
    setDocumentShown(false);
    resize(1400, 900);
}

MainWindow::~MainWindow() {
    // The document and the selection die after this class's part of the object: their
    // last signals (the undo stack clearing) must not reach a half-destroyed window
    // or the scene that observes them.
    m_document->disconnect();
    m_selection->disconnect();
    QApplication::clipboard()->disconnect(this);
}

QString MainWindow::defaultFile() {
    return QString::fromStdString(model::resourcesDirectory()) +
           QStringLiteral("/examples/camera-point-focus-shoot.swivel.json");
}

const QString& MainWindow::filePath() const {
    return m_document->filePath();
}

// --- menus ------------------------------------------------------------------------

void MainWindow::createActions() {
    createFileMenu();
    createEditMenu();
    createViewMenu();
    createToolsMenu();
    createEmulateMenu();
    createGenerateMenu();
}

void MainWindow::createFileMenu() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* newAction = file->addAction(tr("&New..."), this, &MainWindow::chooseNew);
    newAction->setShortcut(QKeySequence::New);
    newAction->setObjectName(QStringLiteral("new"));
    file->addAction(tr("New &Window"), this, &MainWindow::openNewWindow)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    QAction* open = file->addAction(tr("&Open..."), this, &MainWindow::chooseFile);
    open->setShortcut(QKeySequence::Open);
    open->setObjectName(QStringLiteral("open"));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    fillRecentMenu();
    file->addSeparator();
    QAction* save = file->addAction(tr("&Save"), this, &MainWindow::save);
    save->setShortcut(QKeySequence::Save);
    save->setObjectName(QStringLiteral("save"));
    QAction* saveAs = file->addAction(tr("Save &As..."), this, &MainWindow::saveAs);
    saveAs->setShortcut(QKeySequence::SaveAs);
    saveAs->setObjectName(QStringLiteral("saveAs"));
    QMenu* exportMenu = file->addMenu(tr("&Export Diagram"));
    QAction* png = exportMenu->addAction(tr("As &PNG..."), this, [this] { exportDiagram(false); });
    QAction* svg = exportMenu->addAction(tr("As &SVG..."), this, [this] { exportDiagram(true); });
    png->setObjectName(QStringLiteral("exportPng"));
    svg->setObjectName(QStringLiteral("exportSvg"));
    file->addSeparator();
    QAction* close = file->addAction(tr("&Close"), this, &MainWindow::closeDocument);
    close->setShortcut(QKeySequence::Close);
    close->setObjectName(QStringLiteral("close"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    m_documentActions << save << saveAs << png << svg << close;
}

void MainWindow::createEditMenu() {
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    // The stack's own actions follow the command's name: "Undo Delete State".
    QAction* undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setObjectName(QStringLiteral("undo"));
    QAction* redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    redo->setObjectName(QStringLiteral("redo"));
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    m_cutAction = edit->addAction(tr("Cu&t"), this, &MainWindow::cut);
    m_cutAction->setObjectName(QStringLiteral("cut"));
    m_cutAction->setShortcut(QKeySequence::Cut);
    m_copyAction = edit->addAction(tr("&Copy"), this, &MainWindow::copy);
    m_copyAction->setObjectName(QStringLiteral("copy"));
    m_copyAction->setShortcut(QKeySequence::Copy);
    m_pasteAction = edit->addAction(tr("&Paste"), this, &MainWindow::paste);
    m_pasteAction->setObjectName(QStringLiteral("paste"));
    m_pasteAction->setShortcut(QKeySequence::Paste);
    m_duplicateAction = edit->addAction(tr("D&uplicate"), this, &MainWindow::duplicate);
    m_duplicateAction->setObjectName(QStringLiteral("duplicate"));
    m_duplicateAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_deleteAction = edit->addAction(tr("&Delete"), this, &MainWindow::deleteSelection);
    m_deleteAction->setObjectName(QStringLiteral("delete"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    edit->addSeparator();
    QAction* all = edit->addAction(tr("Select &All"), this, &MainWindow::selectAll);
    all->setShortcut(QKeySequence::SelectAll);
    all->setObjectName(QStringLiteral("selectAll"));
    m_documentActions << all;
}

void MainWindow::createViewMenu() {
    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* zoomIn = view->addAction(tr("Zoom &In"), m_view, &canvas::MachineView::zoomIn);
    zoomIn->setShortcut(QKeySequence::ZoomIn);
    QAction* zoomOut = view->addAction(tr("Zoom &Out"), m_view, &canvas::MachineView::zoomOut);
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    QAction* fit = view->addAction(tr("&Fit to Window"), this, &MainWindow::fitToWindow);
    fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    QAction* actual =
        view->addAction(tr("&Actual Size (100 %)"), m_view, &canvas::MachineView::resetZoom);
    actual->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    view->addSeparator();
    view->addAction(m_diagnosticsDock->toggleViewAction());
    view->addAction(m_catalogDock->toggleViewAction());
    view->addAction(m_inspectorDock->toggleViewAction());
    m_documentActions << zoomIn << zoomOut << fit << actual;
}

void MainWindow::createEmulateMenu() {
    QMenu* menu = menuBar()->addMenu(tr("E&mulate"));
    m_emulationDock->fillMenu(menu);
}

void MainWindow::createGenerateMenu() {
    QMenu* menu = menuBar()->addMenu(tr("&Generate"));
    m_generateDock->fillMenu(menu);
    m_documentActions << m_generateDock->exportAction();
    connect(m_generateDock, &GenerateDock::exportRequested, this, &MainWindow::exportProject);
}

void MainWindow::exportProject() {
    if (!m_hasDocument)
        return;
    generate::ExportDialog dialog(m_document->machine(), m_document->filePath(), this);
    // The target the user is looking at in the Generate mode, else the remembered one.
    if (m_generateDock->isVisible())
        dialog.setTarget(m_generateDock->panel()->target());
    dialog.exec();
}

void MainWindow::createToolsMenu() {
    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    QToolBar* bar = addToolBar(tr("Tools"));
    bar->setObjectName(QStringLiteral("toolsToolBar"));
    m_tools = new QActionGroup(this);
    m_tools->setExclusive(true);
    // The canvas tools, one key each (no modifier: a drawing program's convention).
    struct Tool {
        const char* name;
        QString text;
        Qt::Key key;
    };
    const Tool list[] = {
        {"toolSelect", tr("&Select"), Qt::Key_V},
        {"toolState", tr("&State"), Qt::Key_S},
        {"toolTransition", tr("&Transition"), Qt::Key_T},
        {"toolParallelRegion", tr("&Parallel Region"), Qt::Key_P},
        {"toolInitial", tr("&Initial"), Qt::Key_I},
        {"toolFinal", tr("&Final"), Qt::Key_F},
        {"toolHistory", tr("&History"), Qt::Key_H},
    };
    m_toolObjects.push_back(std::make_unique<canvas::SelectTool>());
    m_toolObjects.push_back(std::make_unique<canvas::AddStateTool>());
    m_toolObjects.push_back(std::make_unique<canvas::AddTransitionTool>());
    m_toolObjects.push_back(std::make_unique<canvas::AddRegionTool>());
    m_toolObjects.push_back(std::make_unique<canvas::AddInitialTool>());
    m_toolObjects.push_back(std::make_unique<canvas::AddStateTool>(model::StateKind::Final));
    m_toolObjects.push_back(
        std::make_unique<canvas::AddStateTool>(model::StateKind::ShallowHistory));
    for (std::size_t i = 0; i < std::size(list); ++i) {
        const Tool& tool = list[i];
        canvas::Tool* object = m_toolObjects[i].get();
        QAction* action = tools->addAction(tool.text);
        connect(action, &QAction::triggered, this, [this, object, i] {
            m_scene->setTool(object);
            // The rubber band belongs to selecting; the other tools click on empty canvas.
            m_view->setRubberBandEnabled(i == 0);
        });
        action->setObjectName(QString::fromLatin1(tool.name));
        action->setCheckable(true);
        action->setShortcut(QKeySequence(tool.key));
        m_tools->addAction(action);
        bar->addAction(action);
        m_documentActions << action;
    }
    m_tools->actions().constFirst()->setChecked(true);
    m_scene->setTool(m_toolObjects.front().get());

    QMenu* arrange = menuBar()->addMenu(tr("&Arrange"));
    QAction* arrangeAll = arrange->addAction(tr("&Arrange"), this, &MainWindow::arrange);
    arrangeAll->setObjectName(QStringLiteral("arrange"));
    arrangeAll->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    bar->addSeparator();
    bar->addAction(arrangeAll);
    m_documentActions << arrangeAll;
}

void MainWindow::fillRecentMenu() {
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    for (const QString& path : files)
        m_recentMenu->addAction(QFileInfo(path).fileName(), this,
                                [this, path] { openFile(path); })
            ->setToolTip(path);
    m_recentMenu->setEnabled(!files.isEmpty());
    m_welcome->setRecentFiles(files);
}

QStringList MainWindow::recentFiles() {
    return QSettings().value(kRecentFilesKey).toStringList();
}

void MainWindow::addRecentFile(const QString& path) {
    QSettings settings;
    QStringList files = settings.value(kRecentFilesKey).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    settings.setValue(kRecentFilesKey, files);
}

// --- state shown --------------------------------------------------------------------

void MainWindow::updateTitle() {
    if (!m_hasDocument) {
        setWindowTitle(tr("Swivel"));
        setWindowModified(false);
        return;
    }
    setWindowTitle(tr("%1[*] — Swivel").arg(m_document->displayName()));
    setWindowModified(m_document->isDirty());
}

void MainWindow::updateActions() {
    for (QAction* action : std::as_const(m_documentActions))
        action->setEnabled(m_hasDocument);
    const bool selected = m_hasDocument && !m_selection->isEmpty();
    m_cutAction->setEnabled(selected);
    m_copyAction->setEnabled(selected);
    m_duplicateAction->setEnabled(selected);
    m_deleteAction->setEnabled(selected);
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    m_pasteAction->setEnabled(m_hasDocument && mime &&
                              mime->hasFormat(QString::fromLatin1(
                                  commands::ClipboardFragment::kMimeType)));
}

void MainWindow::setDocumentShown(bool shown) {
    m_hasDocument = shown;
    m_catalogDock->widget()->setEnabled(shown);
    m_inspectorDock->widget()->setEnabled(shown);
    m_generateDock->widget()->setEnabled(shown);
    m_emulationDock->documentShown(shown);
    m_stack->setCurrentWidget(shown ? static_cast<QWidget*>(m_view) : m_welcome);
    if (!shown)
        fillRecentMenu();
    updateTitle();
    updateActions();
}

// The scene follows the document itself; the selection must not name what is gone.
void MainWindow::documentChanged() {
    m_keepFitted = false;
    const auto [states, transitions] = elementIds(m_document->machine());
    m_selection->prune(states, transitions);
}

// --- files --------------------------------------------------------------------------

bool MainWindow::maybeSave() {
    if (!m_hasDocument || !m_document->isDirty())
        return true;
    switch (prompts().unsavedChanges(this, m_document->displayName())) {
    case UnsavedAnswer::Save:
        return save();
    case UnsavedAnswer::Discard:
        return true;
    case UnsavedAnswer::Cancel:
        break;
    }
    return false;
}

bool MainWindow::openFile(const QString& path) {
    // Loaded before asking: a file that cannot be read changes nothing at all.
    const app::CheckedFile checked = app::checkMachineFile(path.toStdString());
    m_diagnostics->setDiagnostics(checked.diagnostics);
    m_diagnosticsDock->setVisible(!checked.diagnostics.empty());
    const QString name = QFileInfo(path).fileName();
    if (!checked.load.machine) {
        prompts().error(this, tr("Cannot open %1").arg(name),
                        tr("%1 could not be loaded:\n%2")
                            .arg(QDir::toNativeSeparators(path),
                                 formatDiagnostics(checked.diagnostics)));
        statusBar()->showMessage(tr("%1 could not be loaded").arg(name));
        return false;
    }
    if (!maybeSave())
        return false;
    m_autosave->discard();
    m_selection->clear();
    m_document->reset(*checked.load.machine, QFileInfo(path).absoluteFilePath());
    // The file's own diagnostics, with line and column, until the first edit.
    m_diagnostics->setDiagnostics(checked.diagnostics);
    addRecentFile(path);
    setDocumentShown(true);

    int errors = 0;
    for (const model::Diagnostic& d : checked.diagnostics)
        errors += d.severity == model::Severity::Error ? 1 : 0;
    const model::Machine& machine = m_document->machine();
    statusBar()->showMessage(tr("%1: %2 states, %3 transitions, %4 errors, %5 warnings%6")
                                 .arg(name)
                                 .arg(machine.states.size())
                                 .arg(machine.transitions.size())
                                 .arg(errors)
                                 .arg(static_cast<int>(checked.diagnostics.size()) - errors)
                                 .arg(m_scene->layoutComputed() ? tr(" (automatic layout)")
                                                                : QString()));
    m_fitPending = true;
    m_keepFitted = true;
    fitToWindow();
    return true;
}

bool MainWindow::newDocument(const QString& deviceType) {
    if (!maybeSave())
        return false;
    m_autosave->discard();
    model::Machine machine;
    machine.deviceType = deviceType.toStdString();
    m_selection->clear();
    m_document->reset(machine, QString());  // the diagnostics panel validates it
    setDocumentShown(true);
    m_view->resetZoom();
    return true;
}

void MainWindow::chooseNew() {
    const QString deviceType = prompts().newDeviceType(this);
    if (!deviceType.isEmpty())
        newDocument(deviceType);
}

void MainWindow::chooseFile() {
    const QString directory = m_document->filePath().isEmpty()
                                  ? QFileInfo(defaultFile()).absolutePath()
                                  : QFileInfo(m_document->filePath()).absolutePath();
    const QString path = prompts().openFileName(this, directory);
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::save() {
    if (!m_hasDocument)
        return false;
    if (m_document->filePath().isEmpty())
        return saveAs();
    return saveTo(m_document->filePath());
}

bool MainWindow::saveAs() {
    if (!m_hasDocument)
        return false;
    QString suggested = m_document->filePath();
    if (suggested.isEmpty()) {
        const std::string& name = m_document->machine().name;
        suggested = QString::fromStdString(name.empty() ? std::string("untitled") : name) +
                    QStringLiteral(".swivel.json");
    }
    const QString path = prompts().saveFileName(this, suggested, kMachineFilter);
    return !path.isEmpty() && saveTo(path);
}

bool MainWindow::saveTo(const QString& path) {
    // SCXML keeps everything Swivel has (import(export(m)) == m), so a .scxml file opened
    // here is saved back as SCXML.
    QByteArray text;
    if (app::isScxmlPath(path.toStdString())) {
        const codegen::ScxmlExport exported = codegen::toScxml(m_document->machine());
        text = QByteArray::fromStdString(exported.text);
        m_diagnostics->setDiagnostics(exported.diagnostics);
        m_diagnosticsDock->setVisible(!exported.diagnostics.empty() || m_diagnosticsDock->isVisible());
    } else {
        text = QByteArray::fromStdString(model::saveMachine(m_document->machine()));
    }
    // Written beside the target, synced and renamed over it (as swivel-cli writes): a
    // crash or a kill leaves the old file or the new one, never a half-written one. A
    // read-only file stays as it is, although its folder would allow replacing it.
    std::string error;
    const QFileInfo existing(path);
    bool written = false;
    if (existing.exists() && !existing.isWritable())
        error = tr("%1 is read-only").arg(QDir::toNativeSeparators(path)).toStdString();
    else
        written = model::writeFileAtomically(
            path.toStdString(),
            std::string_view(text.constData(), static_cast<std::size_t>(text.size())), error);
    if (!written) {
        prompts().error(this, tr("Cannot save"),
                        tr("%1 could not be saved:\n%2")
                            .arg(QDir::toNativeSeparators(path), QString::fromStdString(error)));
        return false;
    }
    m_autosave->discard();
    m_document->markSaved(QFileInfo(path).absoluteFilePath());
    addRecentFile(path);
    updateTitle();
    statusBar()->showMessage(tr("Saved %1").arg(QFileInfo(path).fileName()), 5000);
    return true;
}

bool MainWindow::closeDocument() {
    if (!maybeSave())
        return false;
    m_autosave->discard();
    m_selection->clear();
    m_document->reset(model::Machine{}, QString());
    m_diagnostics->setDiagnostics({});
    m_diagnosticsDock->hide();
    setDocumentShown(false);
    return true;
}

void MainWindow::openNewWindow() {
    auto* window = new MainWindow;
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->show();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    // A clean close: nothing to recover next time.
    m_autosave->discard();
    event->accept();
}

bool MainWindow::offerRecovery() {
    const QList<Autosave::Entry> entries = Autosave::orphans();
    if (entries.isEmpty())
        return false;
    QStringList lines;
    const QLocale locale;
    for (const Autosave::Entry& entry : entries) {
        const QString where = entry.originalPath.isEmpty()
                                  ? tr("never saved")
                                  : QDir::toNativeSeparators(entry.originalPath);
        const QString autosaved = locale.toString(entry.savedAt.toLocalTime(), QLocale::ShortFormat);
        if (entry.olderThanFile())
            lines << tr("%1 (%2, autosaved %3; older than the file, saved %4)")
                         .arg(entry.name, where, autosaved,
                              locale.toString(entry.fileSavedAt.toLocalTime(),
                                              QLocale::ShortFormat));
        else
            lines << tr("%1 (%2, autosaved %3)").arg(entry.name, where, autosaved);
    }
    switch (prompts().recovery(this, lines)) {
    case RecoveryAnswer::Later:
        return false;
    case RecoveryAnswer::Discard:
        for (const Autosave::Entry& entry : entries)
            Autosave::remove(entry);
        return false;
    case RecoveryAnswer::Recover:
        break;
    }
    bool recovered = false;
    QStringList failures;
    for (const Autosave::Entry& entry : entries) {
        QString error;
        const std::optional<model::Machine> machine = Autosave::load(entry, &error);
        if (!machine) {
            failures << QStringLiteral("%1:\n%2").arg(entry.machineFile, error);
            continue;  // kept on disk: nothing is lost
        }
        MainWindow* window = this;
        if (recovered || (m_hasDocument && m_document->isDirty())) {
            window = new MainWindow;
            window->setAttribute(Qt::WA_DeleteOnClose);
            window->show();
        }
        window->m_selection->clear();
        window->m_document->reset(*machine, entry.originalPath, true);
        window->setDocumentShown(true);
        window->m_fitPending = true;
        window->fitToWindow();
        // The window's own autosave takes over before the orphan goes.
        window->m_autosave->saveNow();
        Autosave::remove(entry);
        recovered = recovered || window == this;
    }
    if (!failures.isEmpty())
        prompts().error(this, tr("Cannot recover"), failures.join(QStringLiteral("\n\n")));
    return recovered;
}

void MainWindow::exportDiagram(bool svg) {
    const QString base = m_document->filePath().isEmpty()
                             ? m_document->displayName()
                             : m_document->filePath().section(QStringLiteral(".swivel.json"), 0, 0);
    const QString path = prompts().saveFileName(
        this, base + (svg ? QStringLiteral(".svg") : QStringLiteral(".png")),
        svg ? tr("SVG images (*.svg)") : tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    QString error;
    using render::DiagramFormat;
    render::DiagramOptions options;
    options.title = m_document->displayName();
    if (!render::exportDiagram(*m_scene, path, svg ? DiagramFormat::Svg : DiagramFormat::Png,
                               &error, options))
        prompts().error(this, tr("Cannot export"), error);
    else
        statusBar()->showMessage(tr("Exported %1").arg(QFileInfo(path).fileName()), 5000);
}

// --- edit ---------------------------------------------------------------------------

void MainWindow::copy() {
    const auto fragment = commands::ClipboardFragment::copy(
        m_document->machine(), m_selection->states(), m_selection->transitions());
    if (!fragment.isEmpty())
        QApplication::clipboard()->setMimeData(fragment.toMimeData());
}

void MainWindow::cut() {
    copy();
    deleteSelection();
}

void MainWindow::paste() {
    const auto fragment =
        commands::ClipboardFragment::fromMimeData(QApplication::clipboard()->mimeData());
    if (!fragment || fragment->isEmpty())
        return;
    auto* command = new commands::PasteElements(m_document, *fragment, {}, kPasteOffset);
    if (pushed(m_document->undoStack(), command))
        m_selection->set(command->stateIds(), command->transitionIds());
}

void MainWindow::duplicate() {
    const auto fragment = commands::ClipboardFragment::copy(
        m_document->machine(), m_selection->states(), m_selection->transitions());
    if (fragment.isEmpty())
        return;
    auto* command = new commands::PasteElements(m_document, fragment, {}, kPasteOffset,
                                                tr("Duplicate"));
    if (pushed(m_document->undoStack(), command))
        m_selection->set(command->stateIds(), command->transitionIds());
}

void MainWindow::deleteSelection() {
    if (m_selection->isEmpty())
        return;
    m_document->undoStack()->push(new commands::RemoveElements(
        m_document, m_selection->states(), m_selection->transitions()));
    m_selection->clear();
}

void MainWindow::selectAll() {
    auto [states, transitions] = elementIds(m_document->machine());
    m_selection->set(std::move(states), std::move(transitions));
}

void MainWindow::arrange() {
    canvas::arrange(*m_document, m_selection, m_scene->metrics());
}

// --- view ---------------------------------------------------------------------------

// Shows the whole machine, never magnified beyond 100 %. A file just opened stays
// fitted while the window and its docks settle into their sizes (see resizeEvent),
// until the user edits or zooms.
void MainWindow::fitToWindow() {
    if (!isVisible())
        return;  // showEvent fits once the view has its size
    m_fitPending = false;
    m_fitting = true;
    m_view->fitToWindow();
    m_fitting = false;
}

// A problem's element, brought into view (the panel has selected it already).
void MainWindow::centreOn(const QString& elementId) {
    const std::string id = elementId.toStdString();
    QGraphicsItem* item = m_scene->stateItem(id);
    if (!item)
        item = m_scene->transitionItem(id);
    if (item)
        m_view->centerOn(item);
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (m_fitPending) {
        m_keepFitted = true;
        fitToWindow();
    }
}

// The canvas changes size as the window and its docks settle (and whenever the user
// resizes them): a file just opened is fitted again.
bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_view->viewport() && event->type() == QEvent::Resize && m_keepFitted &&
        m_hasDocument)
        QTimer::singleShot(0, this, [this] {
            if (m_keepFitted)
                fitToWindow();
        });
    return QMainWindow::eventFilter(watched, event);
}

} // namespace swivel::designer
