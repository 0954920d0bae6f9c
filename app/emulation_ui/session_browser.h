#pragma once
// The session browser: the recorded sessions of a folder (by default where the
// studio records every run) with their scenario, seed, duration and figures; files
// that cannot be shown are listed greyed with the reason. Open a session (Enter,
// double-click) to step through it, compare it with the current machine, delete
// sessions (Delete, after a confirmation), list the folder again (Ctrl+R; it is also
// listed again when shown and when files come and go). The list is read off the GUI
// thread (emulation::SessionCatalog). What to do with a session is the owner's: the
// browser asks by its signals (see connectSessionBrowser) and shows the comparison
// it is given.

#include <functional>

#include <QStringList>
#include <QWidget>

#include "emulation/session_catalog.h"
#include "emulation/session_comparison.h"

class QAction;
class QFileSystemWatcher;
class QLabel;
class QSortFilterProxyModel;
class QTableView;
class QTimer;
class QToolBar;

namespace swivel::emulation_ui {

class SessionListModel;

class SessionBrowser : public QWidget {
    Q_OBJECT
public:
    explicit SessionBrowser(QWidget* parent = nullptr);
    ~SessionBrowser() override;

    // The folder listed; by default EmulationController::sessionsDirectory().
    void setDirectory(const QString& directory);
    QString directory() const { return m_directory; }
    // Lists the folder again (off the GUI thread; refreshed() when shown).
    void refresh();
    bool listing() const;

    // Whether there is a machine to compare with (no document open: none).
    void setMachineAvailable(bool available);

    // Shows that a comparison of `path` has started, then what it found.
    void showComparing(const QString& path);
    void showComparison(const emulation::SessionComparisonResult& result);
    // A message where the comparison shows (e.g. a session that did not open).
    void showMessage(const QString& text);
    // Takes the comparison away (and says so by comparisonCleared()).
    void clearComparison();

    // Asks before deleting `files` (names, one each); the default is a message box.
    // Tests put an answer in its place.
    using DeleteConfirmation = std::function<bool(QWidget* parent, const QStringList& files)>;
    void setDeleteConfirmation(DeleteConfirmation confirmation);

    QStringList selectedPaths() const;
    QString selectedPath() const;  // the current row's, or ""
    void selectPath(const QString& path);

    QTableView* table() const { return m_table; }
    SessionListModel* model() const { return m_model; }
    QLabel* resultLabel() const { return m_result; }
    QAction* openAction() const { return m_open; }
    QAction* compareAction() const { return m_compare; }
    QAction* deleteAction() const { return m_delete; }
    QAction* refreshAction() const { return m_refresh; }
    QAction* revealAction() const { return m_reveal; }

signals:
    void openRequested(const QString& path);
    void compareRequested(const QString& path);
    void comparisonCleared();
    void refreshed();

protected:
    void showEvent(QShowEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void listed();
    void updateActions();
    void openCurrent();
    void compareCurrent();
    void deleteSelected();
    void watchDirectory();
    // The scenario takes the room the figures leave, or what it needs up to a limit.
    void fitScenarioColumn();
    const emulation::SessionInfo* sessionAt(int sourceRow) const;

    QString m_directory;
    emulation::SessionCatalog m_catalog;
    SessionListModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    QToolBar* m_toolBar;
    QLabel* m_folder;
    QLabel* m_result;
    QAction* m_open;
    QAction* m_compare;
    QAction* m_delete;
    QAction* m_refresh;
    QAction* m_reveal;
    QFileSystemWatcher* m_watcher;
    QTimer* m_refreshSoon;  // files come and go in bursts: list once they settle
    DeleteConfirmation m_confirmDelete;
    bool m_machineAvailable = true;
    QStringList m_keepSelected;  // across a refresh
};

} // namespace swivel::emulation_ui
