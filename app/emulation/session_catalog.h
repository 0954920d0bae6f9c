#pragma once
// The recorded sessions in a folder, for the session browser: per file what run it
// holds (scenario, seed, virtual duration, the run's figures) or why it cannot be
// shown (damaged, recorded by another Swivel, still being recorded). Opening a
// session is cheap, but a folder may hold dozens, so they are read on a thread of
// their own and listed() reports them all at once, on the catalog's thread.

#include <cstdint>
#include <memory>
#include <vector>

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QThread>

#include "emulators/virtual_time.h"

namespace swivel::emulation {

struct SessionInfo {
    QString path;
    QString fileName;
    QDateTime recorded;  // the file's modification time: when the run ended
    qint64 bytes = 0;
    // Empty when the session opened; else the reason, without the file name (the
    // table shows the file next to it).
    QString error;

    QString scenario;
    std::uint64_t seed = 0;
    emu::VirtualTime duration = 0;
    std::size_t devices = 0;
    std::uint64_t steps = 0;
    std::uint64_t deviceEvents = 0;
    std::uint64_t applied = 0;
    std::uint64_t conflicts = 0;
    double latencyP95Us = 0;
    std::uint64_t latencySamples = 0;  // 0: no event got a command, p95 means nothing

    bool opened() const { return error.isEmpty(); }
};

// Reads one file (on the caller's thread).
SessionInfo readSessionInfo(const QString& path);
// The session files in `directory` (the names EmulationController records: *.db),
// newest first; an empty list for a folder that does not exist.
std::vector<SessionInfo> readSessionFolder(const QString& directory);

class SessionCatalog : public QObject {
    Q_OBJECT
public:
    explicit SessionCatalog(QObject* parent = nullptr);
    // Waits for a listing still under way (reading a file cannot be interrupted).
    ~SessionCatalog() override;

    // Lists `directory` again, off this thread; a refresh asked for while one runs
    // supersedes it (only the latest is reported).
    void refresh(const QString& directory);
    bool busy() const { return m_worker != nullptr; }
    const QString& directory() const { return m_directory; }
    const std::vector<SessionInfo>& sessions() const { return m_sessions; }

signals:
    void listed(const QString& directory);

private:
    void startWorker();

    QString m_directory;
    std::vector<SessionInfo> m_sessions;
    QThread* m_worker = nullptr;
    bool m_again = false;  // another refresh came while the worker ran
};

} // namespace swivel::emulation
