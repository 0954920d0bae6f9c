#pragma once
// The Generate mode: every file a code generator makes of the open machine, in
// read-only code views, regenerated as the model changes (debounced), with the lines
// changed since the file was last looked at marked. The generator's source map links
// code and diagram both ways: selecting a state or transition highlights and scrolls
// to its code; clicking in generated code selects the element it came from.

#include <map>
#include <optional>
#include <string>

#include <QFutureWatcher>
#include <QWidget>

#include "codegen/generator.h"

class QComboBox;
class QLabel;
class QPushButton;
class QSplitter;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace swivel::document {
class Document;
class Selection;
}
namespace swivel::model {
class DeviceCatalog;
}

namespace swivel::generate {

class CodeView;
class FindBar;

class GeneratePanel : public QWidget {
    Q_OBJECT
public:
    GeneratePanel(document::Document* document, document::Selection* selection,
                  const model::DeviceCatalog& catalog, QWidget* parent = nullptr);

    // Regeneration waits this long after the last edit, so typing stays smooth.
    static constexpr int kDebounceMs = 250;

    // While hidden the panel does not generate; shown, it catches up at once.
    void setActive(bool active);
    // Generates now, on a worker thread; the views change when it is done (after a
    // generation already running, with the machine as it is then).
    void regenerate();
    // Shows a generated file; false when the current output has no such file.
    bool showFile(const QString& path);
    void setTarget(const QString& id);
    QString target() const;

    CodeView* codeView() const { return m_view; }
    FindBar* findBar() const { return m_find; }
    QTreeWidget* fileTree() const { return m_files; }
    QLabel* statusLabel() const { return m_status; }
    const codegen::GeneratorOutput& output() const { return m_output; }
    // Generations finished so far (tests wait for the next one).
    int generations() const { return m_generations; }

signals:
    // Export… was asked for (the main window opens its dialog).
    void exportRequested();

private:
    struct Generation {
        codegen::GeneratorOutput output;
        qint64 milliseconds;
    };

    void documentChanged();
    void generated();
    void display(codegen::GeneratorOutput output, qint64 ms);
    void fillFileTree();
    void showCurrent();
    void followSelection();
    void selectElementAt(int line);
    QTreeWidgetItem* itemForPath(const QString& path) const;

    document::Document* m_document;
    document::Selection* m_selection;
    const model::DeviceCatalog& m_catalog;
    QComboBox* m_targets;
    QLabel* m_status;
    QPushButton* m_export;
    QTreeWidget* m_files;
    CodeView* m_view;
    FindBar* m_find;
    QTimer* m_debounce;
    QFutureWatcher<Generation>* m_watcher;
    codegen::GeneratorOutput m_output;
    // Per file: the text as the user last saw it, to mark what changed since.
    std::map<std::string, std::string> m_seen;
    QString m_current;  // the file in the view
    bool m_active = false;
    bool m_stale = true;
    bool m_rerun = false;  // the machine changed while a generation was running
    bool m_followingCode = false;  // a click in the code is selecting its element
    int m_generations = 0;
};

} // namespace swivel::generate
