#pragma once
// The designer's Emulate mode: a dock with the Emulate panel and an Emulate menu,
// wired to the open document (the machine it runs, unsaved edits included) and to the
// canvas, which lights the followed device's active states and the transition it
// just took, or shows visits over the fleet as a heat map. What it draws is view
// state: never an undo step, never in the file.

#include <QDockWidget>

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
class EmulatePanel;
}

namespace swivel::designer {

class EmulationDock : public QDockWidget {
    Q_OBJECT
public:
    EmulationDock(document::Document* document, canvas::MachineScene* scene, QWidget* parent);
    ~EmulationDock() override;

    // Adds the Emulate menu's actions (their shortcuts work anywhere in the window).
    void fillMenu(QMenu* menu);
    // A document was opened or closed: the scenarios fit the machine's device type.
    void documentShown(bool shown);

    emulation::EmulationController* controller() const { return m_controller; }
    emulation_ui::EmulatePanel* panel() const { return m_panel; }

private:
    void documentChanged();
    void updateCanvas();

    document::Document* m_document;
    canvas::MachineScene* m_scene;
    emulation::EmulationController* m_controller;
    emulation_ui::EmulatePanel* m_panel;
    std::string m_deviceType;  // the scenarios listed are for this one
    bool m_shown = false;
};

} // namespace swivel::designer
