#include "generate/export_dialog.h"

#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStyle>
#include <QVBoxLayout>

#include "generate/build_runner.h"
#include "generate/code_view.h"
#include "generate/export_file_list.h"
#include "model/device_catalog.h"
#include "model/validation.h"

namespace swivel::generate {

namespace {

// Only this target is a project with a CMakeLists.txt and tests.
constexpr const char* kBuildableTarget = "azure-cpp";

const QString kFoldersKey = QStringLiteral("exportDialog/folders"); // model file -> folder
const QString kTargetsKey = QStringLiteral("exportDialog/targets"); // model file -> target

// A machine's name as a folder name: "Camera: point, focus, shoot" -> "camera-point-focus-shoot".
QString folderNameOf(const std::string& machineName) {
    static const QRegularExpression separators(QStringLiteral("[^a-z0-9]+"));
    QString name = QString::fromStdString(machineName).toLower();
    name.replace(separators, QStringLiteral("-"));
    while (name.startsWith(QLatin1Char('-')))
        name.remove(0, 1);
    while (name.endsWith(QLatin1Char('-')))
        name.chop(1);
    return name.isEmpty() ? QStringLiteral("machine") : name;
}

QString describe(const model::Diagnostic& diagnostic) {
    QString where = QString::fromStdString(diagnostic.elementId);
    if (!diagnostic.field.empty())
        where += (where.isEmpty() ? QString() : QStringLiteral(", ")) +
                 QString::fromStdString(diagnostic.field);
    return QStringLiteral("%1 %2%3: %4")
        .arg(QString::fromUtf8(model::severityName(diagnostic.severity)),
             QString::fromStdString(diagnostic.code),
             where.isEmpty() ? QString() : QStringLiteral(" (") + where + QLatin1Char(')'),
             QString::fromStdString(diagnostic.message));
}

// "a, b and 3 more": the names of a few files for one line of text.
QString someNames(const QStringList& names) {
    constexpr int kShown = 3;
    if (names.size() <= kShown)
        return names.join(QStringLiteral(", "));
    return names.mid(0, kShown).join(QStringLiteral(", ")) +
           QStringLiteral(" and %1 more").arg(names.size() - kShown);
}

QString fileCount(qsizetype count) {
    return count == 1 ? QStringLiteral("1 file") : QStringLiteral("%1 files").arg(count);
}

QPushButton* button(const QString& text, const QString& name, QWidget* parent) {
    auto* result = new QPushButton(text, parent);
    result->setObjectName(name);
    // No button is ever the default: Enter must not export or start a build.
    result->setAutoDefault(false);
    result->setDefault(false);
    return result;
}

} // namespace

ExportDialog::ExportDialog(const model::Machine& machine, const QString& modelFilePath,
                           QWidget* parent)
    : QDialog(parent), m_machine(machine), m_modelFile(modelFilePath) {
    setWindowTitle(QStringLiteral("Export Project"));
    for (model::Diagnostic& diagnostic :
         model::validate(m_machine, model::DeviceCatalog::builtin()))
        m_validation.push_back(std::move(diagnostic));
    m_runner = new BuildRunner(this);
    buildUi();
    restoreSettings();
    m_previousTarget = target();
    m_overwrite->setChecked(false);
    refresh();
}

ExportDialog::~ExportDialog() = default;

void ExportDialog::buildUi() {
    auto* layout = new QVBoxLayout(this);

    auto* form = new QFormLayout;
    m_target = new QComboBox(this);
    m_target->setObjectName(QStringLiteral("target"));
    m_target->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_target->setMinimumContentsLength(40);
    const auto& registry = codegen::GeneratorRegistry::builtin();
    for (const std::string& id : registry.ids()) {
        const QString description = QString::fromStdString(registry.find(id)->description());
        m_target->addItem(QString::fromStdString(id) + QStringLiteral(" \u2013 ") + description,
                          QString::fromStdString(id));
        m_target->setItemData(m_target->count() - 1, description, Qt::ToolTipRole);
    }
    form->addRow(QStringLiteral("&Target:"), m_target);

    auto* folderRow = new QHBoxLayout;
    m_folder = new QLineEdit(this);
    m_folder->setObjectName(QStringLiteral("folder"));
    m_browse = button(QStringLiteral("&Browse\u2026"), QStringLiteral("browse"), this);
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(m_browse);
    // A layout has no buddy: the label gets its field by hand, for Alt+F.
    auto* folderLabel = new QLabel(QStringLiteral("&Folder:"), this);
    folderLabel->setBuddy(m_folder);
    form->addRow(folderLabel, folderRow);
    layout->addLayout(form);

    m_filesOrErrors = new QStackedWidget(this);
    m_files = new ExportFileList(m_filesOrErrors);
    m_files->setObjectName(QStringLiteral("files"));
    m_diagnostics = new QListWidget(m_filesOrErrors);
    m_diagnostics->setObjectName(QStringLiteral("diagnostics"));
    m_diagnostics->setWordWrap(true);
    m_filesOrErrors->addWidget(m_files);
    m_filesOrErrors->addWidget(m_diagnostics);
    m_preview = new CodeView(this);
    m_preview->setObjectName(QStringLiteral("preview"));

    auto* filesAndPreview = new QSplitter(Qt::Horizontal, this);
    filesAndPreview->addWidget(m_filesOrErrors);
    filesAndPreview->addWidget(m_preview);
    filesAndPreview->setStretchFactor(0, 1);
    filesAndPreview->setStretchFactor(1, 1);
    filesAndPreview->setSizes({460, 560});
    filesAndPreview->setChildrenCollapsible(false);

    auto* exportBox = new QWidget(this);
    auto* exportLayout = new QVBoxLayout(exportBox);
    exportLayout->setContentsMargins(0, 0, 0, 0);
    exportLayout->addWidget(filesAndPreview, 1);
    m_overwrite = new QCheckBox(exportBox);
    m_overwrite->setObjectName(QStringLiteral("overwrite"));
    exportLayout->addWidget(m_overwrite);
    auto* exportRow = new QHBoxLayout;
    m_status = new QLabel(exportBox);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_export = button(QStringLiteral("&Export"), QStringLiteral("export"), exportBox);
    exportRow->addWidget(m_status, 1);
    exportRow->addWidget(m_export, 0, Qt::AlignTop);
    exportLayout->addLayout(exportRow);

    auto* buildBox = new QGroupBox(QStringLiteral("Build and test"), this);
    auto* buildLayout = new QVBoxLayout(buildBox);
    m_output = new QPlainTextEdit(buildBox);
    m_output->setObjectName(QStringLiteral("output"));
    m_output->setReadOnly(true);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setMaximumBlockCount(20000);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setPlaceholderText(QStringLiteral(
        "Export the azure-cpp project, then \u201cBuild and test\u201d configures it "
        "with CMake, builds it and runs its tests here."));
    buildLayout->addWidget(m_output, 1);
    auto* progressRow = new QHBoxLayout;
    m_progress = new QProgressBar(buildBox);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_build = button(QStringLiteral("&Build and test"), QStringLiteral("build"), buildBox);
    m_cancel = button(QStringLiteral("&Cancel"), QStringLiteral("cancel"), buildBox);
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_build);
    progressRow->addWidget(m_cancel);
    buildLayout->addLayout(progressRow);
    m_result = new QLabel(buildBox);
    m_result->setObjectName(QStringLiteral("result"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    buildLayout->addWidget(m_result);

    auto* sections = new QSplitter(Qt::Vertical, this);
    sections->addWidget(exportBox);
    sections->addWidget(buildBox);
    sections->setStretchFactor(0, 3);
    sections->setStretchFactor(1, 2);
    sections->setChildrenCollapsible(false);
    layout->addWidget(sections, 1);

    auto* closeRow = new QHBoxLayout;
    closeRow->addStretch(1);
    m_close = button(QStringLiteral("Close"), QStringLiteral("close"), this);
    closeRow->addWidget(m_close);
    layout->addLayout(closeRow);

    connect(m_target, &QComboBox::currentIndexChanged, this, &ExportDialog::targetChanged);
    // Planning reads only the generated files' paths in the folder: cheap enough for
    // every keystroke, so the list never shows another folder than the one typed.
    connect(m_folder, &QLineEdit::textEdited, this, [this] {
        m_overwrite->setChecked(false);
        refresh();
    });
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString chosen =
            QFileDialog::getExistingDirectory(this, QStringLiteral("Export into"), folder());
        if (!chosen.isEmpty())
            setFolder(chosen);
    });
    connect(m_files, &ExportFileList::fileSelected, this, &ExportDialog::showPreview);
    connect(m_overwrite, &QCheckBox::toggled, this, &ExportDialog::updateButtons);
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::exportFiles);
    connect(m_build, &QPushButton::clicked, this, &ExportDialog::startBuild);
    connect(m_cancel, &QPushButton::clicked, m_runner, &BuildRunner::cancel);
    connect(m_close, &QPushButton::clicked, this, &ExportDialog::reject);
    connect(m_runner, &BuildRunner::output, this, &ExportDialog::appendOutput);
    connect(m_runner, &BuildRunner::progress, m_progress, &QProgressBar::setValue);
    connect(m_runner, &BuildRunner::stepStarted, this, [this](const QString& step) {
        setResult(step == QLatin1String("Configure")
                      ? QStringLiteral("Configuring with CMake\u2026")
                  : step == QLatin1String("Build") ? QStringLiteral("Building\u2026")
                                                   : QStringLiteral("Running the tests\u2026"),
                  Tone::Neutral);
    });
    connect(m_runner, &BuildRunner::finished, this, &ExportDialog::buildFinished);

    resize(1040, 760);
}

QString ExportDialog::target() const {
    return m_target->currentData().toString();
}

void ExportDialog::setTarget(const QString& id) {
    const int index = m_target->findData(id);
    if (index >= 0)
        m_target->setCurrentIndex(index);  // targetChanged() follows
}

QString ExportDialog::folder() const {
    return m_folder->text().trimmed();
}

void ExportDialog::setFolder(const QString& folder) {
    m_folder->setText(QDir::cleanPath(folder));
    m_overwrite->setChecked(false);
    refresh();
}

QString ExportDialog::defaultFolder(const QString& target) const {
    const QString name = folderNameOf(m_machine.name) + QLatin1Char('-') + target;
    const QString beside = m_modelFile.isEmpty()
                               ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                               : QFileInfo(m_modelFile).absolutePath();
    return QDir(beside).filePath(name);
}

void ExportDialog::restoreSettings() {
    const QSettings settings;
    const QString remembered = settings.value(kTargetsKey).toMap().value(m_modelFile).toString();
    if (const int index = m_target->findData(remembered); !m_modelFile.isEmpty() && index >= 0)
        m_target->setCurrentIndex(index);
    const QString folder = settings.value(kFoldersKey).toMap().value(m_modelFile).toString();
    m_folder->setText(!m_modelFile.isEmpty() && !folder.isEmpty() ? folder
                                                                  : defaultFolder(target()));
}

void ExportDialog::rememberSettings() const {
    if (m_modelFile.isEmpty())
        return;
    QSettings settings;
    QVariantMap folders = settings.value(kFoldersKey).toMap();
    folders.insert(m_modelFile, folder());
    settings.setValue(kFoldersKey, folders);
    QVariantMap targets = settings.value(kTargetsKey).toMap();
    targets.insert(m_modelFile, target());
    settings.setValue(kTargetsKey, targets);
}

const codegen::GeneratorOutput& ExportDialog::generated(const std::string& target) {
    auto found = m_generated.find(target);
    if (found == m_generated.end()) {
        const codegen::Generator* generator = codegen::GeneratorRegistry::builtin().find(target);
        codegen::GeneratorOutput output =
            generator ? generator->generate({m_machine, model::DeviceCatalog::builtin()})
                      : codegen::GeneratorOutput{};
        found = m_generated.emplace(target, std::move(output)).first;
    }
    return found->second;
}

void ExportDialog::targetChanged() {
    // A folder still at the old target's default follows the target.
    if (QDir::cleanPath(folder()) == QDir::cleanPath(defaultFolder(m_previousTarget)))
        m_folder->setText(defaultFolder(target()));
    m_previousTarget = target();
    m_overwrite->setChecked(false);
    refresh();
}

void ExportDialog::refresh() {
    std::vector<model::Diagnostic> errors;
    for (const model::Diagnostic& diagnostic : m_validation) {
        if (diagnostic.severity == model::Severity::Error)
            errors.push_back(diagnostic);
    }
    const codegen::GeneratorOutput& output = generated(target().toStdString());
    if (errors.empty()) {
        for (const model::Diagnostic& diagnostic : output.diagnostics) {
            if (diagnostic.severity == model::Severity::Error)
                errors.push_back(diagnostic);
        }
    }
    m_generationFailed = !errors.empty();
    m_plan = {};
    if (m_generationFailed) {
        showDiagnostics(errors);
    } else {
        m_filesOrErrors->setCurrentWidget(m_files);
        m_preview->show();
        if (!folder().isEmpty())
            m_plan = codegen::planFileSet(output.files, QDir::cleanPath(folder()).toStdString());
        else
            for (const std::string& path : output.files.paths())
                m_plan.files.push_back({path, codegen::FileStatus::New, {}});
        m_files->showPlan(m_plan, output.files);
        if (!m_plan.error.empty()) {
            setStatus(QString::fromStdString(m_plan.error), Tone::Bad);
        } else if (folder().isEmpty()) {
            setStatus(QStringLiteral("Choose the folder to export into."), Tone::Attention);
        } else {
            std::map<codegen::FileStatus, int> counts;
            for (const codegen::PlannedFile& file : m_plan.files)
                ++counts[file.status];
            QStringList parts;
            const auto count = [&](codegen::FileStatus status, const QString& words) {
                if (counts[status] > 0)
                    parts << QStringLiteral("%1 %2").arg(counts[status]).arg(words);
            };
            count(codegen::FileStatus::New, QStringLiteral("new"));
            count(codegen::FileStatus::Replaced, QStringLiteral("to replace"));
            count(codegen::FileStatus::Unchanged, QStringLiteral("unchanged"));
            count(codegen::FileStatus::ChangedByHand, QStringLiteral("changed by hand"));
            count(codegen::FileStatus::NotOurs, QStringLiteral("not written by Swivel"));
            count(codegen::FileStatus::Folder, QStringLiteral("blocked by a folder"));
            QString text = fileCount(qsizetype(m_plan.files.size())) + QStringLiteral(": ") +
                           parts.join(QStringLiteral(", ")) + QLatin1Char('.');
            for (const std::string& warning : m_plan.warnings)
                text += QLatin1Char(' ') + QString::fromStdString(warning) + QLatin1Char('.');
            setStatus(text, m_plan.warnings.empty() ? Tone::Neutral : Tone::Attention);
        }
    }
    if (QDir::cleanPath(folder()) != m_exportedFolder ||
        target() != QLatin1String(kBuildableTarget))
        m_exportedFolder.clear();
    updateOverwriteChoice();
    updateButtons();
}

void ExportDialog::showDiagnostics(const std::vector<model::Diagnostic>& diagnostics) {
    m_diagnostics->clear();
    const QIcon icon = style()->standardIcon(QStyle::SP_MessageBoxCritical);
    for (const model::Diagnostic& diagnostic : diagnostics)
        new QListWidgetItem(icon, describe(diagnostic), m_diagnostics);
    m_filesOrErrors->setCurrentWidget(m_diagnostics);
    m_files->clear();
    // No file to preview: the errors take the whole width.
    m_preview->hide();
    setStatus(QStringLiteral("Nothing can be exported: the machine has %1. Fix %2 in the designer "
                             "(the Problems dock shows where).")
                  .arg(diagnostics.size() == 1
                           ? QStringLiteral("an error")
                           : QStringLiteral("%1 errors").arg(diagnostics.size()),
                       diagnostics.size() == 1 ? QStringLiteral("it") : QStringLiteral("them")),
              Tone::Bad);
}

void ExportDialog::showPreview(const QString& path) {
    const std::string* contents = generated(target().toStdString()).files.find(path.toStdString());
    m_preview->showFile(path, contents ? QString::fromStdString(*contents) : QString());
}

void ExportDialog::updateOverwriteChoice() {
    QStringList protectedFiles;
    for (const codegen::PlannedFile& file : m_plan.files) {
        if (file.status == codegen::FileStatus::ChangedByHand ||
            file.status == codegen::FileStatus::NotOurs)
            protectedFiles << QString::fromStdString(file.path);
    }
    m_overwrite->setVisible(!protectedFiles.isEmpty());
    if (protectedFiles.isEmpty()) {
        m_overwrite->setChecked(false);
        return;
    }
    m_overwrite->setText(QStringLiteral("Overwrite %1 changed by hand since the last export: %2")
                             .arg(fileCount(protectedFiles.size()), someNames(protectedFiles)));
    m_overwrite->setToolTip(protectedFiles.join(QLatin1Char('\n')));
}

void ExportDialog::updateButtons() {
    const bool idle = !running();
    bool blocked = m_generationFailed || !m_plan.error.empty() || folder().isEmpty();
    for (const codegen::PlannedFile& file : m_plan.files) {
        if (file.status == codegen::FileStatus::Folder ||
            (codegen::isProtected(file.status) && !m_overwrite->isChecked()))
            blocked = true;
    }
    m_export->setEnabled(idle && !blocked);
    m_build->setEnabled(idle && !m_exportedFolder.isEmpty());
    m_build->setToolTip(target() == QLatin1String(kBuildableTarget)
                            ? QStringLiteral("Configure, build and test the exported project")
                            : QStringLiteral("Only the azure-cpp project is built and tested"));
    m_cancel->setEnabled(!idle);
    m_close->setEnabled(idle);
    m_target->setEnabled(idle);
    m_folder->setEnabled(idle);
    m_browse->setEnabled(idle);
    m_overwrite->setEnabled(idle);
}

void ExportDialog::exportFiles() {
    if (!m_export->isEnabled())
        return;
    const codegen::FileSet& files = generated(target().toStdString()).files;
    const QString directory = QDir::cleanPath(folder());
    const codegen::WriteResult result = codegen::writeFileSet(
        files, directory.toStdString(), target().toStdString(), m_overwrite->isChecked());
    if (!result.conflicts.empty()) {
        // The folder changed since the list was made: say what is in the way now.
        refresh();
        QStringList lines;
        for (const codegen::WriteConflict& conflict : result.conflicts)
            lines << QStringLiteral("not overwriting %1: it %2")
                         .arg(QString::fromStdString(conflict.path),
                              QString::fromStdString(conflict.reason));
        setStatus(QStringLiteral("Nothing was written: ") + lines.join(QStringLiteral("; ")),
                  Tone::Bad);
        return;
    }
    if (!result.error.empty()) {
        refresh();
        setStatus(QStringLiteral("The export stopped: ") + QString::fromStdString(result.error),
                  Tone::Bad);
        return;
    }
    m_files->showWritten(result);
    m_overwrite->setChecked(false);
    m_overwrite->hide();
    m_plan = codegen::planFileSet(files, directory.toStdString());
    rememberSettings();
    QString text = QStringLiteral("Exported to %1: %2 written, %3 unchanged.")
                       .arg(QDir::toNativeSeparators(directory))
                       .arg(result.written.size())
                       .arg(result.unchanged.size());
    for (const std::string& warning : result.warnings)
        text += QLatin1Char(' ') + QString::fromStdString(warning) + QLatin1Char('.');
    if (target() == QLatin1String(kBuildableTarget)) {
        m_exportedFolder = directory;
        text += QStringLiteral(" \u201cBuild and test\u201d builds it and runs its tests.");
    }
    setStatus(text, Tone::Good);
    updateButtons();
}

void ExportDialog::startBuild() {
    if (!m_build->isEnabled())
        return;
    m_output->clear();
    m_progress->setValue(0);
    setResult(QStringLiteral("Starting\u2026"), Tone::Neutral);
    m_runner->start(m_exportedFolder);
    updateButtons();
}

void ExportDialog::buildFinished(bool ok, const QString& summary) {
    setResult(summary, ok ? Tone::Good : Tone::Bad);
    updateButtons();
}

void ExportDialog::appendOutput(const QString& text) {
    QScrollBar* bar = m_output->verticalScrollBar();
    const bool following = bar->value() == bar->maximum();
    QTextCursor cursor(m_output->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text);
    if (following)
        bar->setValue(bar->maximum());
}

void ExportDialog::setStatus(const QString& text, Tone tone) {
    m_status->setText(text);
    QPalette palette = m_status->palette();
    palette.setColor(QPalette::WindowText, toneColour(tone, this->palette()));
    m_status->setPalette(palette);
}

void ExportDialog::setResult(const QString& text, Tone tone) {
    m_result->setText(text);
    QPalette palette = m_result->palette();
    palette.setColor(QPalette::WindowText, toneColour(tone, this->palette()));
    m_result->setPalette(palette);
    QFont font = m_result->font();
    font.setBold(tone == Tone::Good || tone == Tone::Bad);
    m_result->setFont(font);
}

bool ExportDialog::running() const {
    return m_runner->isRunning();
}

void ExportDialog::reject() {
    if (running())
        return;
    QDialog::reject();
}

void ExportDialog::closeEvent(QCloseEvent* event) {
    // The window's own close button: stop the build rather than leave it running.
    if (running())
        m_runner->cancel();
    event->accept();
    done(QDialog::Rejected);
}

} // namespace swivel::generate
