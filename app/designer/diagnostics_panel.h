#pragma once
// The list of a machine's problems under the canvas: severity, code, line:column,
// element and message, one row each. Following a Document, it revalidates after
// every edit (a burst of edits validates once); the diagnostics of a file just opened
// (with their line and column) stay until the first edit. Activating a row (double-
// click or Enter) selects the element it names; the main window then centres the
// canvas on it. Owned by the main window's diagnostics dock.

#include <string>
#include <vector>

#include <QTimer>
#include <QTreeWidget>

#include "model/device_catalog.h"
#include "model/diagnostic.h"

namespace swivel::document {
class Document;
class Selection;
}

namespace swivel::designer {

class DiagnosticsPanel : public QTreeWidget {
    Q_OBJECT
public:
    // How long the panel waits after an edit before validating: long enough to gather
    // a burst (typing, a drag), short enough to feel live.
    static constexpr int kRevalidateDelayMs = 150;

    explicit DiagnosticsPanel(QWidget* parent = nullptr);

    // Follows `document` (validated against `catalog`, which must outlive the panel)
    // and selects in `selection` (may be null). Neither is owned.
    void setDocument(document::Document* document, document::Selection* selection,
                     const model::DeviceCatalog& catalog = model::DeviceCatalog::builtin());
    // Shows `diagnostics` (e.g. a file's, located) until the document next changes.
    void setDiagnostics(const std::vector<model::Diagnostic>& diagnostics);
    const std::vector<model::Diagnostic>& diagnostics() const { return m_diagnostics; }

    int errorCount() const;
    int warningCount() const;
    // "Problems — 2 errors, 1 warning", for the dock's title.
    QString title() const;

signals:
    // The shown diagnostics changed (title() too).
    void diagnosticsChanged();
    // A row naming a state or transition of the document was activated; that element
    // is now selected.
    void elementActivated(const QString& id);

private:
    void revalidate();
    void activate(QTreeWidgetItem* row);

    document::Document* m_document = nullptr;
    document::Selection* m_selection = nullptr;
    const model::DeviceCatalog* m_catalog = nullptr;
    std::vector<model::Diagnostic> m_diagnostics;
    QTimer m_revalidate;
};

} // namespace swivel::designer
