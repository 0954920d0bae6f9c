#include "generate/generate_panel.h"

#include <functional>

#include <QComboBox>
#include <QtConcurrent/QtConcurrentRun>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "document/document.h"
#include "document/selection.h"
#include "generate/code_view.h"
#include "generate/find_bar.h"
#include "generate/line_diff.h"
#include "model/device_catalog.h"

namespace swivel::generate {

namespace {

constexpr int kPathRole = Qt::UserRole;
// The file shown first: the one a transition becomes a `case` in.
const QString kPreferredFile = QStringLiteral("src/machine.cpp");

int errorCount(const std::vector<model::Diagnostic>& diagnostics) {
    int errors = 0;
    for (const model::Diagnostic& d : diagnostics)
        errors += d.severity == model::Severity::Error ? 1 : 0;
    return errors;
}

} // namespace

GeneratePanel::GeneratePanel(document::Document* document, document::Selection* selection,
                             const model::DeviceCatalog& catalog, QWidget* parent)
    : QWidget(parent), m_document(document), m_selection(selection), m_catalog(catalog),
      m_targets(new QComboBox(this)), m_status(new QLabel(this)),
      m_export(new QPushButton(tr("Export…"), this)), m_files(new QTreeWidget(this)),
      m_view(new CodeView(this)), m_find(new FindBar(m_view, this)),
      m_debounce(new QTimer(this)), m_watcher(new QFutureWatcher<Generation>(this)) {
    setObjectName(QStringLiteral("generatePanel"));
    m_targets->setObjectName(QStringLiteral("generateTarget"));
    m_status->setObjectName(QStringLiteral("generateStatus"));
    m_export->setObjectName(QStringLiteral("generateExport"));
    m_files->setObjectName(QStringLiteral("generateFiles"));
    m_view->setObjectName(QStringLiteral("generateCode"));

    const codegen::GeneratorRegistry& registry = codegen::GeneratorRegistry::builtin();
    for (const std::string& id : registry.ids()) {
        m_targets->addItem(QString::fromStdString(id), QString::fromStdString(id));
        m_targets->setItemData(m_targets->count() - 1,
                               QString::fromStdString(registry.find(id)->description()),
                               Qt::ToolTipRole);
    }
    m_targets->setToolTip(tr("What to generate"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_export->setToolTip(tr("Write the generated project to a folder, then build and test it"));

    m_files->setHeaderHidden(true);
    m_files->setRootIsDecorated(true);
    m_files->setUniformRowHeights(true);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Target:"), this));
    top->addWidget(m_targets);
    top->addStretch(1);
    top->addWidget(m_export);

    auto* codeArea = new QWidget(this);
    auto* codeLayout = new QVBoxLayout(codeArea);
    codeLayout->setContentsMargins(0, 0, 0, 0);
    codeLayout->setSpacing(0);
    codeLayout->addWidget(m_view, 1);
    codeLayout->addWidget(m_find);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_files);
    splitter->addWidget(codeArea);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 4);
    splitter->setSizes({150, 600});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_status);
    layout->addWidget(splitter, 1);

    connect(m_watcher, &QFutureWatcher<Generation>::finished, this, &GeneratePanel::generated);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &GeneratePanel::regenerate);
    connect(m_document, &document::Document::changed, this, &GeneratePanel::documentChanged);
    connect(m_selection, &document::Selection::changed, this, &GeneratePanel::followSelection);
    connect(m_targets, &QComboBox::currentIndexChanged, this, [this] {
        m_seen.clear();  // another target's files: nothing to compare with
        m_current.clear();
        m_stale = true;
        if (m_active)
            regenerate();
    });
    connect(m_files, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (!item || item->data(0, kPathRole).isNull())
            return;
        const QString path = item->data(0, kPathRole).toString();
        if (path != m_current) {
            m_current = path;
            showCurrent();
        }
    });
    connect(m_view, &CodeView::lineClicked, this, &GeneratePanel::selectElementAt);
    connect(m_export, &QPushButton::clicked, this, &GeneratePanel::exportRequested);

    auto* find = new QShortcut(QKeySequence::Find, this, nullptr, nullptr,
                               Qt::WidgetWithChildrenShortcut);
    connect(find, &QShortcut::activated, m_find, &FindBar::open);
    // F3 itself, not QKeySequence::FindNext: on some desktops that is also Ctrl+G, the
    // window's shortcut for this very panel.
    auto* next = new QShortcut(QKeySequence(Qt::Key_F3), this, nullptr, nullptr,
                               Qt::WidgetWithChildrenShortcut);
    connect(next, &QShortcut::activated, m_find, &FindBar::findNext);
    auto* previous = new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F3), this, nullptr, nullptr,
                                   Qt::WidgetWithChildrenShortcut);
    connect(previous, &QShortcut::activated, m_find, &FindBar::findPrevious);
}

void GeneratePanel::setActive(bool active) {
    m_active = active;
    if (active && m_stale)
        regenerate();
}

QString GeneratePanel::target() const {
    return m_targets->currentData().toString();
}

void GeneratePanel::setTarget(const QString& id) {
    const int index = m_targets->findData(id);
    if (index >= 0)
        m_targets->setCurrentIndex(index);
}

void GeneratePanel::documentChanged() {
    m_stale = true;
    if (m_active)
        m_debounce->start();
}

void GeneratePanel::regenerate() {
    m_debounce->stop();
    if (m_watcher->isRunning()) {
        m_rerun = true;  // the running generation sees an older machine
        return;
    }
    const codegen::Generator* generator =
        codegen::GeneratorRegistry::builtin().find(target().toStdString());
    if (!generator)
        return;
    m_stale = false;
    // On a worker thread, with its own copy of the machine: a big machine's project
    // takes a while to render and schema-check, and typing must not wait for it.
    m_watcher->setFuture(QtConcurrent::run(
        [generator, machine = m_document->machine(), &catalog = m_catalog] {
            QElapsedTimer clock;
            clock.start();
            Generation generation{generator->generate({machine, catalog}), 0};
            generation.milliseconds = clock.elapsed();
            return generation;
        }));
}

void GeneratePanel::generated() {
    Generation generation = m_watcher->result();
    ++m_generations;
    if (m_rerun) {
        m_rerun = false;
        m_stale = true;
    }
    display(std::move(generation.output), generation.milliseconds);
    if (m_stale && m_active)
        regenerate();
}

void GeneratePanel::display(codegen::GeneratorOutput output, qint64 ms) {
    const int errors = errorCount(output.diagnostics);
    if (errors > 0) {
        // The files of an invalid machine are unusable: keep showing the last good ones.
        const model::Diagnostic* first = nullptr;
        for (const model::Diagnostic& d : output.diagnostics) {
            if (d.severity == model::Severity::Error) {
                first = &d;
                break;
            }
        }
        m_status->setText(QStringLiteral("<span style='color:#c62828'>%1 %2</span>")
                              .arg(errors == 1 ? tr("Not regenerated: the machine has an error.")
                                               : tr("Not regenerated: the machine has %1 errors.")
                                                     .arg(errors),
                                   QString::fromStdString(first->message).toHtmlEscaped()));
        m_status->setToolTip(tr("Fix the problems listed in the Diagnostics dock."));
        return;
    }
    m_output = std::move(output);
    const std::size_t count = m_output.files.size();
    m_status->setText((count == 1 ? tr("1 file") : tr("%1 files").arg(count)) +
                      tr(", generated in %1 ms").arg(ms));
    m_status->setToolTip({});
    fillFileTree();
    showCurrent();
}

QTreeWidgetItem* GeneratePanel::itemForPath(const QString& path) const {
    for (QTreeWidgetItemIterator it(m_files); *it; ++it) {
        if ((*it)->data(0, kPathRole).toString() == path)
            return *it;
    }
    return nullptr;
}

void GeneratePanel::fillFileTree() {
    const QSignalBlocker blocker(m_files);
    m_files->clear();
    std::map<QString, QTreeWidgetItem*> folders;
    std::function<QTreeWidgetItem*(const QString&)> folder =
        [&](const QString& path) -> QTreeWidgetItem* {
        if (path.isEmpty())
            return nullptr;
        if (auto it = folders.find(path); it != folders.end())
            return it->second;
        const int slash = path.lastIndexOf(QLatin1Char('/'));
        QTreeWidgetItem* parent = folder(slash < 0 ? QString() : path.left(slash));
        auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_files);
        item->setText(0, path.mid(slash + 1) + QLatin1Char('/'));
        item->setFlags(Qt::ItemIsEnabled);
        item->setExpanded(true);
        folders.emplace(path, item);
        return item;
    };
    for (const auto& [pathText, contents] : m_output.files.files()) {
        const QString path = QString::fromStdString(pathText);
        const int slash = path.lastIndexOf(QLatin1Char('/'));
        QTreeWidgetItem* parent = folder(slash < 0 ? QString() : path.left(slash));
        auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_files);
        item->setText(0, path.mid(slash + 1));
        item->setData(0, kPathRole, path);
        item->setToolTip(0, path);
        // A file that changed since it was last looked at stands out.
        const auto seen = m_seen.find(pathText);
        if (seen != m_seen.end() && seen->second != contents) {
            QFont font = item->font(0);
            font.setBold(true);
            item->setFont(0, font);
            item->setToolTip(0, tr("%1 — changed since you last looked at it").arg(path));
        }
    }
    m_files->expandAll();
    if (m_current.isEmpty() || !m_output.files.contains(m_current.toStdString())) {
        m_current = m_output.files.contains(kPreferredFile.toStdString())
                        ? kPreferredFile
                        : (m_output.files.size() ? QString::fromStdString(m_output.files.paths().front())
                                                 : QString());
    }
    if (QTreeWidgetItem* item = itemForPath(m_current))
        m_files->setCurrentItem(item);
}

bool GeneratePanel::showFile(const QString& path) {
    QTreeWidgetItem* item = itemForPath(path);
    if (!item)
        return false;
    m_files->setCurrentItem(item);  // shows it
    return true;
}

void GeneratePanel::showCurrent() {
    const std::string path = m_current.toStdString();
    const std::string* text = m_output.files.find(path);
    if (!text) {
        m_view->showFile({}, {});
        return;
    }
    m_view->showFile(m_current, QString::fromStdString(*text));
    const auto seen = m_seen.find(path);
    m_view->markChangedLines(seen == m_seen.end() ? std::vector<int>{}
                                                  : changedLines(seen->second, *text));
    m_seen[path] = *text;
    if (QTreeWidgetItem* item = itemForPath(m_current)) {
        QFont font = item->font(0);
        font.setBold(false);
        item->setFont(0, font);
        item->setToolTip(0, m_current);
    }
    followSelection();
}

void GeneratePanel::followSelection() {
    const auto& states = m_selection->states();
    const auto& transitions = m_selection->transitions();
    std::optional<codegen::SourceElement> element;
    if (states.size() + transitions.size() == 1) {
        element = states.empty()
                      ? codegen::SourceElement{codegen::SourceElementKind::Transition,
                                               transitions.front()}
                      : codegen::SourceElement{codegen::SourceElementKind::State, states.front()};
    }
    if (!element) {
        m_view->clearHighlight();
        return;
    }
    const auto regions = m_output.sourceMap.regionsOf(*element);
    std::vector<std::pair<int, int>> here;
    for (const auto& [path, region] : regions) {
        if (QString::fromStdString(path) == m_current)
            here.emplace_back(region.firstLine, region.lastLine);
    }
    if (here.empty() && !regions.empty() && !m_followingCode) {
        // Not in this file: go to the file that has its code (the machine first).
        QString target = QString::fromStdString(regions.front().first);
        for (const auto& [path, region] : regions) {
            if (QString::fromStdString(path) == kPreferredFile)
                target = kPreferredFile;
        }
        showFile(target);  // comes back here through showCurrent()
        return;
    }
    m_view->highlightRegions(here);
}

void GeneratePanel::selectElementAt(int line) {
    const std::optional<codegen::SourceElement> element =
        m_output.sourceMap.elementAt(m_current.toStdString(), line);
    if (!element)
        return;
    m_followingCode = true;
    if (element->kind == codegen::SourceElementKind::State)
        m_selection->selectState(element->id);
    else
        m_selection->selectTransition(element->id);
    m_followingCode = false;
}

} // namespace swivel::generate
