#pragma once
// The catalog dock: the device catalog (CatalogTree) with "Use for This Machine",
// and below it the handled-events matrix of the open machine against its device
// type (HandledEventsTable). Follows the Document (coalescing bursts of changes into
// one refresh) and writes only through undo commands and the shared Selection.
// Owned by the main window's catalog dock.

#include <QTimer>
#include <QWidget>

#include "model/device_catalog.h"

class QLabel;
class QPushButton;

namespace swivel::document {
class Document;
class Selection;
struct Change;
}

namespace swivel::catalog {

class CatalogTree;
class HandledEventsTable;

class CatalogPanel : public QWidget {
    Q_OBJECT
public:
    CatalogPanel(const model::DeviceCatalog& catalog, document::Document* document,
                 document::Selection* selection, QWidget* parent = nullptr);

    CatalogTree* tree() const { return m_tree; }
    QPushButton* useButton() const { return m_use; }
    HandledEventsTable* matrix() const { return m_matrix; }

    // Makes the chosen device type the machine's (an undo step); false when nothing
    // or the machine's own type is chosen.
    bool useChosenDeviceType();

private:
    void documentChanged(const document::Change& change);
    void refresh();
    void updateUseButton();
    void useDeviceType(const QString& id);
    void select(const std::string& state, const std::vector<std::string>& transitions);

    const model::DeviceCatalog& m_catalog;
    document::Document* m_document;
    document::Selection* m_selection;
    CatalogTree* m_tree;
    QPushButton* m_use;
    QLabel* m_matrixTitle;
    HandledEventsTable* m_matrix;
    QTimer m_refresh;  // a burst of edits recomputes the matrix once
};

} // namespace swivel::catalog
