#pragma once
// Autosave and crash recovery for one open document, with no widgets (so tests drive
// it directly). While the document is dirty, a timer writes the machine to
// <directory>/<key>.swivel.json plus a <key>.json sidecar naming the original path
// and the owning process id; a save or a clean close removes both. At start, files
// whose owning process is gone are orphans: what a crash left behind.
// Owned by the main window, one per document.

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <optional>

#include "model/machine.h"

namespace swivel::document {
class Document;
}

namespace swivel::designer {

class Autosave : public QObject {
    Q_OBJECT
public:
    // One autosaved machine found on disk.
    struct Entry {
        QString machineFile;   // <key>.swivel.json
        QString sidecarFile;   // <key>.json
        QString originalPath;  // empty: the document was never saved
        QString name;          // what the window title showed
        qint64 pid = 0;
        QDateTime savedAt;
        QDateTime fileSavedAt; // the original file's last change; invalid: no such file

        // The file was saved after this autosave was written: a kill came between a save
        // and the autosave's removal, or the file changed since. Offered all the same
        // (the autosave may hold edits the file lacks), but said to be the older one.
        bool olderThanFile() const { return fileSavedAt.isValid() && fileSavedAt > savedAt; }
    };

    explicit Autosave(document::Document* document, QObject* parent = nullptr);
    ~Autosave() override;

    // $SWIVEL_AUTOSAVE_DIR, else <AppDataLocation>/autosave.
    static QString directory();
    // $SWIVEL_AUTOSAVE_INTERVAL_MS, else 30 s.
    static int defaultIntervalMs();

    void setIntervalMs(int ms);
    int intervalMs() const { return m_timer.interval(); }

    // Writes the machine now if the document is dirty; true when a file was written.
    bool saveNow();
    // Deletes this document's autosave files (after a save, or a clean close).
    void discard();
    // Where this document autosaves (whether or not the file exists yet).
    QString machineFile() const;
    QString lastError() const { return m_lastError; }

    // Autosaves whose owning process no longer runs, oldest first. One that holds, byte
    // for byte, what its original file holds has nothing to recover: it is removed here
    // instead of being listed.
    static QList<Entry> orphans(const QString& directory = Autosave::directory());
    // The machine of an entry; nullopt (with `error`) when it cannot be read.
    static std::optional<model::Machine> load(const Entry& entry, QString* error = nullptr);
    static void remove(const Entry& entry);

signals:
    void saved(const QString& machineFile);

private:
    void pathChanged();
    QString key() const;
    QString sidecarFile() const;

    document::Document* m_document;
    QTimer m_timer;
    QString m_key;             // recomputed when the document's path changes
    QString m_untitledKey;     // used while the document has no path
    QString m_lastError;
};

} // namespace swivel::designer
