#pragma once
// The designer's main window: one document (the machine, its undo stack, its file)
// with its selection, drawn on the canvas, with the File / Edit / View / Tools /
// Arrange menus, autosave and crash recovery, and the Welcome page while no document
// is open. Owns the document, the selection, the scene, the view and the docks.

#include <memory>
#include <vector>

#include <QMainWindow>
#include <QString>
#include <QStringList>

class QActionGroup;
class QDockWidget;
class QMenu;
class QStackedWidget;

namespace swivel::catalog {
class CatalogPanel;
}
namespace swivel::canvas {
class MachineScene;
class MachineView;
class Tool;
}
namespace swivel::document {
class Document;
class Selection;
}

namespace swivel::designer {

class Autosave;
class DiagnosticsPanel;
class EmulationDock;
class GenerateDock;
class WelcomePage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads a machine file into this window (after asking about unsaved changes). A
    // file that cannot be loaded is reported (`line:col: CODE: message`) and its
    // diagnostics listed; the open document stays as it was; returns false then.
    bool openFile(const QString& path);
    // A new, empty machine for `deviceType` (after asking about unsaved changes).
    bool newDocument(const QString& deviceType);
    // Saves to the document's path, or asks for one; false when not saved.
    bool save();
    // Asks for a path, then saves there.
    bool saveAs();
    // Writes the machine to `path` atomically and makes it the document's path.
    bool saveTo(const QString& path);
    // Closes the document (after asking) and shows the Welcome page.
    bool closeDocument();
    // Offers to recover autosaves whose process is gone; true when one was recovered
    // into this window (further ones open in new windows).
    bool offerRecovery();

    canvas::MachineScene* scene() const { return m_scene; }
    canvas::MachineView* view() const { return m_view; }
    DiagnosticsPanel* diagnosticsPanel() const { return m_diagnostics; }
    QDockWidget* diagnosticsDock() const { return m_diagnosticsDock; }
    catalog::CatalogPanel* catalogPanel() const { return m_catalog; }
    document::Document* document() const { return m_document; }
    document::Selection* selection() const { return m_selection; }
    Autosave* autosave() const { return m_autosave; }
    WelcomePage* welcomePage() const { return m_welcome; }
    EmulationDock* emulationDock() const { return m_emulationDock; }
    GenerateDock* generateDock() const { return m_generateDock; }
    bool hasDocument() const { return m_hasDocument; }
    const QString& filePath() const;

    // The default file: the camera example in the resources folder.
    static QString defaultFile();
    // Most recent first, at most kMaxRecentFiles (QSettings "recentFiles").
    static QStringList recentFiles();
    static void addRecentFile(const QString& path);
    static constexpr int kMaxRecentFiles = 10;

protected:
    void showEvent(QShowEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void createActions();
    void createFileMenu();
    void createEditMenu();
    void createViewMenu();
    void createToolsMenu();
    void createEmulateMenu();
    void createGenerateMenu();
    void updateTitle();
    void updateActions();
    void fillRecentMenu();
    void setDocumentShown(bool shown);
    bool maybeSave();
    void chooseFile();
    void chooseNew();
    void exportDiagram(bool svg);
    // Generate > Export Project…: the dialog, on the Generate mode's target.
    void exportProject();
    void openNewWindow();
    void copy();
    void cut();
    void paste();
    void duplicate();
    void deleteSelection();
    void selectAll();
    void arrange();
    void documentChanged();
    void fitToWindow();
    void centreOn(const QString& elementId);

    document::Document* m_document;
    document::Selection* m_selection;
    Autosave* m_autosave;
    canvas::MachineScene* m_scene;
    canvas::MachineView* m_view;
    WelcomePage* m_welcome;
    QStackedWidget* m_stack;
    DiagnosticsPanel* m_diagnostics;
    QDockWidget* m_diagnosticsDock;
    catalog::CatalogPanel* m_catalog = nullptr;
    QDockWidget* m_catalogDock = nullptr;  // left dock area: catalog and handled events
    QDockWidget* m_inspectorDock = nullptr;  // shown by default, right dock area
    EmulationDock* m_emulationDock = nullptr;  // the Emulate mode, right dock area
    GenerateDock* m_generateDock = nullptr;    // the Generate mode, right dock area
    QMenu* m_recentMenu = nullptr;
    QActionGroup* m_tools = nullptr;
    std::vector<std::unique_ptr<canvas::Tool>> m_toolObjects;  // the scene points at one
    QList<QAction*> m_documentActions;  // enabled only while a document is open
    QAction* m_cutAction = nullptr;
    QAction* m_copyAction = nullptr;
    QAction* m_pasteAction = nullptr;
    QAction* m_duplicateAction = nullptr;
    QAction* m_deleteAction = nullptr;
    bool m_hasDocument = false;
    bool m_fitPending = true;
    bool m_keepFitted = false;  // refit on resize: a file just opened, not yet touched
    bool m_fitting = false;     // our own fit is moving the view, not the user
};

} // namespace swivel::designer
