#pragma once
// File ▸ Export Project…: generate the machine for a target into a folder, seeing
// first what happens to each file (new, unchanged, replaced, or protected because it
// was changed by hand since the last export: the CLI's manifest), with a preview of
// each; then "Build and test" runs CMake and the project's own tests on the folder,
// with live output, a progress bar and a one-line result.

#include <map>
#include <string>

#include <QDialog>
#include <QString>

#include "codegen/generator.h"
#include "codegen/write_file_set.h"
#include "model/diagnostic.h"
#include "model/machine.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;

namespace swivel::generate {

class BuildRunner;
class CodeView;
class ExportFileList;
enum class Tone;

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    // A copy of `machine` is exported; `modelFilePath` (empty for an unsaved
    // machine) places the default folder beside it and keys the remembered folder.
    ExportDialog(const model::Machine& machine, const QString& modelFilePath,
                 QWidget* parent = nullptr);
    ~ExportDialog() override;

    QString target() const;
    // One of the registry's ids; an unknown id changes nothing.
    void setTarget(const QString& id);
    QString folder() const;
    void setFolder(const QString& folder);
    // `<model folder>/<machine name>-<target>`; without a model file, in Documents.
    QString defaultFolder(const QString& target) const;
    BuildRunner* buildRunner() const { return m_runner; }

    void reject() override; // Escape and Close: only when no build is running

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildUi();
    void restoreSettings();
    void rememberSettings() const;
    const codegen::GeneratorOutput& generated(const std::string& target);
    void targetChanged();
    void refresh();
    void showDiagnostics(const std::vector<model::Diagnostic>& diagnostics);
    void showPreview(const QString& path);
    void updateOverwriteChoice();
    void updateButtons();
    void exportFiles();
    void startBuild();
    void buildFinished(bool ok, const QString& summary);
    void appendOutput(const QString& text);
    void setStatus(const QString& text, Tone tone);
    void setResult(const QString& text, Tone tone);
    bool running() const;

    model::Machine m_machine;
    QString m_modelFile;
    std::vector<model::Diagnostic> m_validation; // the machine's own errors, found once
    std::map<std::string, codegen::GeneratorOutput> m_generated; // by target
    codegen::WritePlan m_plan;
    bool m_generationFailed = false;
    QString m_exportedFolder; // where the last successful azure-cpp export went
    QString m_previousTarget;

    QComboBox* m_target = nullptr;
    QLineEdit* m_folder = nullptr;
    QPushButton* m_browse = nullptr;
    QStackedWidget* m_filesOrErrors = nullptr;
    ExportFileList* m_files = nullptr;
    QListWidget* m_diagnostics = nullptr;
    CodeView* m_preview = nullptr;
    QCheckBox* m_overwrite = nullptr;
    QLabel* m_status = nullptr;
    QPlainTextEdit* m_output = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_result = nullptr;
    QPushButton* m_export = nullptr;
    QPushButton* m_build = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_close = nullptr;
    BuildRunner* m_runner = nullptr;
};

} // namespace swivel::generate
