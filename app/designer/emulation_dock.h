#pragma once
// The designer's Emulate mode: a dock with the Emulate panel and an Emulate menu,
// wired to the open document (the machine it runs, unsaved edits included) and to the
// canvas, which lights the followed device's active states and the transition it
// just took, or shows visits over the fleet as a heat map. What it draws is view
// state: never an undo step, never in the file.

#include <QDockWidget>

class QMainWindow;
class QMenu;

namespace swivel::canvas {
class MachineScene;
}
namespace swivel::document {
class Document;
}
namespace swivel::emulation {
class EmulationController;
}
namespace swivel::emulation_ui {
class ChartsPanel;
class EmulatePanel;
class SessionBrowser;
}

namespace swivel::designer {

class EmulationViewDocks;

class EmulationDock : public QDockWidget {
    Q_OBJECT
public:
    // Also adds the Charts dock (bottom area, hidden) to `window`.
    EmulationDock(document::Document* document, canvas::MachineScene* scene, QMainWindow* window);
    ~EmulationDock() override;

    // Adds the Emulate menu's actions (their shortcuts work anywhere in the window).
    void fillMenu(QMenu* menu);
    // A document was opened or closed: the scenarios fit the machine's device type.
    void documentShown(bool shown);

    emulation::EmulationController* controller() const { return m_controller; }
    emulation_ui::EmulatePanel* panel() const { return m_panel; }
    QDockWidget* chartsDock() const { return m_chartsDock; }
    emulation_ui::ChartsPanel* charts() const { return m_charts; }
    EmulationViewDocks* views() const { return m_views; }
    emulation_ui::SessionBrowser* sessions() const { return m_sessions; }
    QDockWidget* sessionsDock() const { return m_sessionsDock; }

private:
    void documentChanged();
    void updateCanvas();

    document::Document* m_document;
    canvas::MachineScene* m_scene;
    emulation::EmulationController* m_controller;
    emulation_ui::EmulatePanel* m_panel;
    emulation_ui::ChartsPanel* m_charts;
    QDockWidget* m_chartsDock;
    EmulationViewDocks* m_views;
    emulation_ui::SessionBrowser* m_sessions;
    QDockWidget* m_sessionsDock;
    std::string m_deviceType;  // the scenarios listed are for this one
    bool m_shown = false;
};

} // namespace swivel::designer
