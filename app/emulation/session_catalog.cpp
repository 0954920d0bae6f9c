#include "emulation/session_catalog.h"

#include <algorithm>
#include <exception>
#include <string>

#include <QDir>
#include <QFileInfo>

#include "emulators/session.h"

namespace swivel::emulation {

namespace {

// Session::open names the file first ("PATH: reason"); the browser shows the file
// in a column of its own.
QString reasonOnly(const std::string& error, const QString& path) {
    QString text = QString::fromStdString(error);
    const QString prefix = path + QStringLiteral(": ");
    if (text.startsWith(prefix))
        text.remove(0, prefix.size());
    return text.isEmpty() ? QObject::tr("cannot be read") : text;
}

template <typename T>
T field(const nlohmann::json& json, const char* name, T otherwise) {
    const auto it = json.find(name);
    if (it == json.end() || it->is_null())
        return otherwise;
    try {
        return it->get<T>();
    } catch (const std::exception&) {
        return otherwise;
    }
}

} // namespace

SessionInfo readSessionInfo(const QString& path) {
    SessionInfo info;
    const QFileInfo file(path);
    info.path = path;
    info.fileName = file.fileName();
    info.recorded = file.lastModified();
    info.bytes = file.size();
    std::string error;
    std::unique_ptr<emu::Session> session = emu::Session::open(path.toStdString(), error);
    if (!session) {
        info.error = reasonOnly(error, path);
        return info;
    }
    try {
        const nlohmann::json scenario = session->scenario();
        info.scenario = QString::fromStdString(field<std::string>(scenario, "name", ""));
        info.seed = session->seed();
        info.duration = session->duration();
        info.devices = session->devices().size();
        const nlohmann::json summary = session->summary();
        info.steps = field<std::uint64_t>(summary, "steps", session->lastStep());
        info.deviceEvents = field<std::uint64_t>(summary, "deviceEvents", 0);
        info.applied = field<std::uint64_t>(summary, "applied", 0);
        info.conflicts = field<std::uint64_t>(summary, "conflicts", 0);
        if (const auto latency = summary.find("latency_us");
            latency != summary.end() && latency->is_object()) {
            info.latencyP95Us = field<double>(*latency, "p95", 0.0);
            info.latencySamples = field<std::uint64_t>(*latency, "samples", 0);
        }
    } catch (const std::exception& fault) {
        // Damage open() could not see: the file is listed with it, like any other.
        info.error = reasonOnly(fault.what(), path);
    }
    if (info.scenario.isEmpty() && info.opened())
        info.scenario = file.completeBaseName();
    return info;
}

std::vector<SessionInfo> readSessionFolder(const QString& directory) {
    std::vector<SessionInfo> sessions;
    const QDir folder(directory);
    if (!folder.exists())
        return sessions;
    const QFileInfoList files =
        folder.entryInfoList({QStringLiteral("*.db")}, QDir::Files | QDir::Readable, QDir::Name);
    sessions.reserve(static_cast<std::size_t>(files.size()));
    for (const QFileInfo& file : files)
        sessions.push_back(readSessionInfo(file.absoluteFilePath()));
    std::stable_sort(sessions.begin(), sessions.end(), [](const SessionInfo& a, const SessionInfo& b) {
        return a.recorded > b.recorded;
    });
    return sessions;
}

SessionCatalog::SessionCatalog(QObject* parent) : QObject(parent) {}

SessionCatalog::~SessionCatalog() {
    if (m_worker) {
        m_worker->wait();
        delete m_worker;
    }
}

void SessionCatalog::refresh(const QString& directory) {
    m_directory = directory;
    if (m_worker) {
        m_again = true;  // its result is stale; read again when it is done
        return;
    }
    startWorker();
}

void SessionCatalog::startWorker() {
    m_again = false;
    auto result = std::make_shared<std::vector<SessionInfo>>();
    const QString directory = m_directory;
    m_worker = QThread::create([result, directory] { *result = readSessionFolder(directory); });
    m_worker->setObjectName(QStringLiteral("session catalog"));
    connect(m_worker, &QThread::finished, this, [this, result, directory] {
        m_worker->deleteLater();
        m_worker = nullptr;
        if (m_again) {
            startWorker();
            return;
        }
        m_sessions = std::move(*result);
        emit listed(directory);
    });
    m_worker->start();
}

} // namespace swivel::emulation
