#include "emulation_ui/session_browser.h"

#include <algorithm>

#include <QAction>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

#include "canvas/palette.h"
#include "emulation/emulation_controller.h"
#include "emulation_ui/session_list_model.h"

namespace swivel::emulation_ui {

namespace {

bool askBeforeDeleting(QWidget* parent, const QStringList& files) {
    const QString text = files.size() == 1
                             ? QObject::tr("Delete the session %1?").arg(files.front())
                             : QObject::tr("Delete %1 sessions?\n\n%2").arg(files.size()).arg(files.join('\n'));
    return QMessageBox::question(parent, QObject::tr("Delete Sessions"), text,
                                 QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) ==
           QMessageBox::Yes;
}

// A small swatch and its meaning, for the comparison's legend.
QString swatch(const QColor& fill, const QColor& border, const QString& meaning) {
    return QStringLiteral("<span style=\"background-color:%1; color:%2\">&nbsp;&#9632;&nbsp;</span> %3")
        .arg(fill.name(), border.name(), meaning.toHtmlEscaped());
}

} // namespace

SessionBrowser::SessionBrowser(QWidget* parent)
    : QWidget(parent), m_directory(emulation::EmulationController::sessionsDirectory()),
      m_model(new SessionListModel(this)), m_proxy(new QSortFilterProxyModel(this)),
      m_table(new QTableView), m_toolBar(new QToolBar), m_folder(new QLabel), m_result(new QLabel),
      m_open(new QAction(tr("&Open"), this)), m_compare(new QAction(tr("&Compare with Machine"), this)),
      m_delete(new QAction(tr("&Delete"), this)), m_refresh(new QAction(tr("&Refresh"), this)),
      m_reveal(new QAction(tr("Show &Folder"), this)), m_watcher(new QFileSystemWatcher(this)),
      m_refreshSoon(new QTimer(this)), m_confirmDelete(askBeforeDeleting) {
    m_open->setToolTip(tr("Step through the selected session (Enter, double-click)"));
    m_compare->setToolTip(tr("Re-run the session's events through the current machine and show "
                             "where its behaviour first differs"));
    m_delete->setToolTip(tr("Delete the selected session files (Delete)"));
    m_refresh->setToolTip(tr("List the folder again (Ctrl+R)"));
    m_refresh->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_refresh->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_refresh);  // the shortcut works while the browser has the focus
    m_reveal->setToolTip(tr("Show the sessions folder in the file manager"));
    connect(m_open, &QAction::triggered, this, &SessionBrowser::openCurrent);
    connect(m_compare, &QAction::triggered, this, &SessionBrowser::compareCurrent);
    connect(m_delete, &QAction::triggered, this, &SessionBrowser::deleteSelected);
    connect(m_refresh, &QAction::triggered, this, &SessionBrowser::refresh);
    connect(m_reveal, &QAction::triggered, this, [this] {
        QDir().mkpath(m_directory);
        QDesktopServices::openUrl(QUrl::fromLocalFile(m_directory));
    });

    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolBar->setIconSize(QSize(16, 16));
    for (QAction* action : {m_open, m_compare, m_delete, m_refresh, m_reveal})
        m_toolBar->addAction(action);

    m_folder->setObjectName(QStringLiteral("sessionFolder"));
    m_folder->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_folder->setForegroundRole(QPalette::PlaceholderText);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(SessionListModel::SortRole);
    m_table->setObjectName(QStringLiteral("sessionTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(SessionListModel::Recorded, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    // The figures keep their width; the scenario (or a damaged file's reason) gets
    // what it needs up to a limit, so that a narrow dock still shows a few figures.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(SessionListModel::Scenario, QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->installEventFilter(this);
    m_table->viewport()->installEventFilter(this);
    connect(m_table, &QAbstractItemView::activated, this, &SessionBrowser::openCurrent);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SessionBrowser::updateActions);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &SessionBrowser::updateActions);

    m_result->setObjectName(QStringLiteral("comparisonResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_folder);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_result);

    m_refreshSoon->setSingleShot(true);
    m_refreshSoon->setInterval(300);
    connect(m_refreshSoon, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_refreshSoon, qOverload<>(&QTimer::start));
    connect(&m_catalog, &emulation::SessionCatalog::listed, this, &SessionBrowser::listed);
    setDirectory(m_directory);
    updateActions();
}

SessionBrowser::~SessionBrowser() = default;

void SessionBrowser::setDirectory(const QString& directory) {
    m_directory = directory;
    m_folder->setText(QDir::toNativeSeparators(directory));
    m_folder->setToolTip(m_folder->text());
    watchDirectory();
    if (isVisible())
        refresh();
}

void SessionBrowser::watchDirectory() {
    if (!m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
    if (QFileInfo(m_directory).isDir())
        m_watcher->addPath(m_directory);
}

void SessionBrowser::refresh() {
    if (m_watcher->directories().isEmpty())
        watchDirectory();  // the folder may have been made since
    m_catalog.refresh(m_directory);
}

bool SessionBrowser::listing() const {
    return m_catalog.busy();
}

void SessionBrowser::listed() {
    const QStringList keep = m_keepSelected.isEmpty() ? selectedPaths() : m_keepSelected;
    m_keepSelected.clear();
    m_model->setSessions(m_catalog.sessions());
    fitScenarioColumn();
    for (const QString& path : keep) {
        const int row = m_model->rowOf(path);
        if (row < 0)
            continue;
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        m_table->selectionModel()->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
        if (path == keep.front())
            m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    }
    updateActions();
    emit refreshed();
}

void SessionBrowser::fitScenarioColumn() {
    int others = 0;
    for (int column = 0; column < SessionListModel::ColumnCount; ++column) {
        if (column != SessionListModel::Scenario)
            others += m_table->horizontalHeader()->sectionSize(column);
    }
    const QAbstractItemView* view = m_table;  // QTableView hides sizeHintForColumn
    const int wanted = std::max(view->sizeHintForColumn(SessionListModel::Scenario),
                                m_table->horizontalHeader()->sectionSizeHint(SessionListModel::Scenario));
    const int limit = m_table->fontMetrics().averageCharWidth() * 36;
    const int room = m_table->viewport()->width() - others;
    m_table->setColumnWidth(SessionListModel::Scenario, std::max(std::min(wanted, limit), room));
}

void SessionBrowser::setMachineAvailable(bool available) {
    m_machineAvailable = available;
    updateActions();
}

const emulation::SessionInfo* SessionBrowser::sessionAt(int sourceRow) const {
    if (sourceRow < 0 || sourceRow >= m_model->rowCount())
        return nullptr;
    return &m_model->sessions()[static_cast<std::size_t>(sourceRow)];
}

QStringList SessionBrowser::selectedPaths() const {
    QStringList paths;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        paths << index.data(SessionListModel::PathRole).toString();
    return paths;
}

QString SessionBrowser::selectedPath() const {
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid() || !m_table->selectionModel()->isRowSelected(current.row(), {}))
        return {};
    return current.data(SessionListModel::PathRole).toString();
}

void SessionBrowser::selectPath(const QString& path) {
    const int row = m_model->rowOf(path);
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    m_table->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

void SessionBrowser::updateActions() {
    const QString path = selectedPath();
    const emulation::SessionInfo* session =
        path.isEmpty() ? nullptr : sessionAt(m_model->rowOf(path));
    const bool usable = session && session->opened();
    m_open->setEnabled(usable);
    m_compare->setEnabled(usable && m_machineAvailable);
    m_delete->setEnabled(!selectedPaths().isEmpty());
}

void SessionBrowser::openCurrent() {
    const QString path = selectedPath();
    const emulation::SessionInfo* session = sessionAt(m_model->rowOf(path));
    if (!session)
        return;
    if (!session->opened()) {
        showMessage(tr("%1 cannot be opened: %2").arg(session->fileName, session->error));
        return;
    }
    emit openRequested(path);
}

void SessionBrowser::compareCurrent() {
    const QString path = selectedPath();
    const emulation::SessionInfo* session = sessionAt(m_model->rowOf(path));
    if (!session || !session->opened() || !m_machineAvailable)
        return;
    emit compareRequested(path);
}

void SessionBrowser::deleteSelected() {
    const QStringList paths = selectedPaths();
    if (paths.isEmpty())
        return;
    QStringList names;
    for (const QString& path : paths)
        names << QFileInfo(path).fileName();
    if (!m_confirmDelete(this, names))
        return;
    QStringList failed;
    for (const QString& path : paths) {
        if (!QFile::remove(path))
            failed << QFileInfo(path).fileName();
    }
    if (!failed.isEmpty())
        showMessage(tr("Could not delete %1").arg(failed.join(QStringLiteral(", "))));
    m_keepSelected.clear();
    m_table->clearSelection();
    refresh();
}

void SessionBrowser::showComparing(const QString& path) {
    const emulation::SessionInfo* session = sessionAt(m_model->rowOf(path));
    const QString name = session && !session->scenario.isEmpty() ? session->scenario
                                                                 : QFileInfo(path).fileName();
    m_result->setText(tr("Comparing %1 with the current machine\u2026").arg(name).toHtmlEscaped());
    m_result->show();
}

void SessionBrowser::showComparison(const emulation::SessionComparisonResult& result) {
    using Outcome = emulation::SessionComparisonResult::Outcome;
    QString html = result.describe().toHtmlEscaped();
    if (result.outcome == Outcome::Diverged) {
        namespace palette = canvas::palette;
        html = QStringLiteral("<b>%1</b>").arg(html);
        if (result.recordedStates != result.rerunStates) {
            html += QStringLiteral("<br>") +
                    swatch(palette::kRecordedOnlyFill, palette::kRecordedOnlyBorder, tr("recorded, not now")) +
                    QStringLiteral("&nbsp;&nbsp;") +
                    swatch(palette::kRerunOnlyFill, palette::kRerunOnlyBorder, tr("now, not recorded"));
        } else if (!result.recordedStates.empty()) {
            html += QStringLiteral("<br>") + swatch(palette::kActionsDifferFill, palette::kActionsDifferBorder,
                                                    tr("where the actions differ"));
        }
    }
    m_result->setText(html);
    m_result->setToolTip(result.sessionPath);
    m_result->show();
}

void SessionBrowser::showMessage(const QString& text) {
    m_result->setText(text.toHtmlEscaped());
    m_result->setToolTip({});
    m_result->show();
}

void SessionBrowser::clearComparison() {
    m_result->clear();
    m_result->hide();
    emit comparisonCleared();
}

void SessionBrowser::setDeleteConfirmation(DeleteConfirmation confirmation) {
    m_confirmDelete = confirmation ? std::move(confirmation) : DeleteConfirmation(askBeforeDeleting);
}

void SessionBrowser::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refresh();
}

bool SessionBrowser::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        fitScenarioColumn();
    if (watched == m_table && (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Delete && key->modifiers() == Qt::NoModifier) {
            // The window's Edit > Delete (the canvas's) must not take the key from the list.
            if (event->type() == QEvent::ShortcutOverride) {
                event->accept();
                return true;
            }
            deleteSelected();
            return true;
        }
        if (key->key() == Qt::Key_Escape && m_result->isVisible() && event->type() == QEvent::KeyPress) {
            clearComparison();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace swivel::emulation_ui
