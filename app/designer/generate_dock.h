#pragma once
// The designer's Generate mode: a dock with the generated code beside the diagram
// (generate::GeneratePanel) and a Generate menu. Generation runs only while the dock
// is visible, so the other modes pay nothing for it.

#include <QDockWidget>

class QMainWindow;
class QMenu;

namespace swivel::document {
class Document;
class Selection;
}
namespace swivel::generate {
class GeneratePanel;
}

namespace swivel::designer {

class GenerateDock : public QDockWidget {
    Q_OBJECT
public:
    GenerateDock(document::Document* document, document::Selection* selection,
                 QMainWindow* window);

    // Adds the Generate menu's actions (their shortcuts work anywhere in the window).
    void fillMenu(QMenu* menu);
    generate::GeneratePanel* panel() const { return m_panel; }
    QAction* exportAction() const { return m_export; }

signals:
    // Export Project… was asked for, from the menu or the panel's button.
    void exportRequested();

private:
    generate::GeneratePanel* m_panel;
    QAction* m_export = nullptr;
};

} // namespace swivel::designer
