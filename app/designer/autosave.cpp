#include "designer/autosave.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

#include <algorithm>
#include <string>
#include <string_view>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#endif

#include "document/document.h"
#include "model/atomic_file.h"
#include "model/machine_file.h"

namespace swivel::designer {

namespace {

constexpr int kDefaultIntervalMs = 30'000;
const QString kMachineSuffix = QStringLiteral(".swivel.json");
const QString kSidecarSuffix = QStringLiteral(".json");

bool processRunning(qint64 pid) {
    if (pid <= 0)
        return false;
    if (pid == QCoreApplication::applicationPid())
        return true;
#ifdef Q_OS_UNIX
    // Signal 0 only checks: EPERM still means someone else's process has that pid.
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
#else
    return false;
#endif
}

// The documents' own atomic write (synced, renamed over, folder synced): a kill during
// an autosave leaves the previous autosave whole.
bool writeAtomically(const QString& path, const QByteArray& bytes, QString* error) {
    std::string message;
    const std::string_view contents(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    if (model::writeFileAtomically(path.toStdString(), contents, message))
        return true;
    if (error)
        *error = QString::fromStdString(message);
    return false;
}

// Both files read whole and compared; false if either cannot be read. Machines are a
// few hundred kilobytes at most.
bool sameFileContents(const QString& a, const QString& b) {
    QFile first(a), second(b);
    if (!first.open(QIODevice::ReadOnly) || !second.open(QIODevice::ReadOnly) ||
        first.size() != second.size())
        return false;
    return first.readAll() == second.readAll();
}

} // namespace

Autosave::Autosave(document::Document* document, QObject* parent)
    : QObject(parent), m_document(document) {
    // Untitled documents of several windows (and processes) must not share a file.
    static int untitledCount = 0;
    m_untitledKey = QStringLiteral("untitled-%1-%2")
                        .arg(QCoreApplication::applicationPid())
                        .arg(++untitledCount);
    m_key = key();
    connect(m_document, &document::Document::filePathChanged, this, &Autosave::pathChanged);
    connect(&m_timer, &QTimer::timeout, this, &Autosave::saveNow);
    // A steady beat, not restarted by edits (continuous editing would then never be
    // saved): an edit is on disk at most one interval later. Precise, because a coarse
    // timer may fire 5 % late.
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.start(defaultIntervalMs());
}

Autosave::~Autosave() = default;

QString Autosave::directory() {
    const QString overridden = qEnvironmentVariable("SWIVEL_AUTOSAVE_DIR");
    if (!overridden.isEmpty())
        return overridden;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/autosave");
}

int Autosave::defaultIntervalMs() {
    bool ok = false;
    const int ms = qEnvironmentVariableIntValue("SWIVEL_AUTOSAVE_INTERVAL_MS", &ok);
    return ok && ms > 0 ? ms : kDefaultIntervalMs;
}

void Autosave::setIntervalMs(int ms) {
    m_timer.start(std::max(1, ms));
}

QString Autosave::key() const {
    const QString path = m_document->filePath();
    if (path.isEmpty())
        return m_untitledKey;
    const QByteArray hash = QCryptographicHash::hash(
        QFileInfo(path).absoluteFilePath().toUtf8(), QCryptographicHash::Sha1);
    return QStringLiteral("file-") + QString::fromLatin1(hash.toHex().left(16));
}

QString Autosave::machineFile() const {
    return directory() + QLatin1Char('/') + m_key + kMachineSuffix;
}

QString Autosave::sidecarFile() const {
    return directory() + QLatin1Char('/') + m_key + kSidecarSuffix;
}

// Save As moves the document: what was autosaved under the old key is stale.
void Autosave::pathChanged() {
    discard();
    m_key = key();
}

bool Autosave::saveNow() {
    if (!m_document->isDirty())
        return false;
    if (!QDir().mkpath(directory())) {
        m_lastError = tr("Cannot create %1").arg(directory());
        return false;
    }
    QJsonObject sidecar;
    sidecar[QStringLiteral("originalPath")] = m_document->filePath();
    sidecar[QStringLiteral("name")] = m_document->displayName();
    sidecar[QStringLiteral("pid")] = QCoreApplication::applicationPid();
    sidecar[QStringLiteral("savedAt")] =
        QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    // The machine first: a sidecar never names a file that is not there yet.
    const std::string text = model::saveMachine(m_document->machine());
    if (!writeAtomically(machineFile(), QByteArray::fromStdString(text), &m_lastError) ||
        !writeAtomically(sidecarFile(), QJsonDocument(sidecar).toJson(), &m_lastError))
        return false;
    m_lastError.clear();
    emit saved(machineFile());
    return true;
}

void Autosave::discard() {
    QFile::remove(sidecarFile());
    QFile::remove(machineFile());
}

QList<Autosave::Entry> Autosave::orphans(const QString& directory) {
    QList<Entry> entries;
    const QDir dir(directory);
    const QStringList sidecars = dir.entryList({QStringLiteral("*.json")}, QDir::Files);
    for (const QString& name : sidecars) {
        if (name.endsWith(kMachineSuffix))
            continue;
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        Entry entry;
        entry.sidecarFile = dir.filePath(name);
        entry.machineFile =
            dir.filePath(name.left(name.size() - kSidecarSuffix.size()) + kMachineSuffix);
        entry.originalPath = json.value(QStringLiteral("originalPath")).toString();
        entry.name = json.value(QStringLiteral("name")).toString();
        entry.pid = json.value(QStringLiteral("pid")).toInteger();
        entry.savedAt = QDateTime::fromString(json.value(QStringLiteral("savedAt")).toString(),
                                              Qt::ISODateWithMs);
        if (processRunning(entry.pid) || !QFileInfo::exists(entry.machineFile))
            continue;
        if (!entry.originalPath.isEmpty()) {
            const QFileInfo original(entry.originalPath);
            if (original.exists()) {
                entry.fileSavedAt = original.lastModified();
                if (sameFileContents(entry.machineFile, entry.originalPath)) {
                    remove(entry);
                    continue;
                }
            }
        }
        entries.append(entry);
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.savedAt < b.savedAt; });
    return entries;
}

std::optional<model::Machine> Autosave::load(const Entry& entry, QString* error) {
    model::LoadResult result = model::loadMachineFile(entry.machineFile.toStdString());
    if (!result.machine && error) {
        QStringList lines;
        for (const model::Diagnostic& d : result.diagnostics)
            lines << QStringLiteral("%1:%2: %3: %4")
                         .arg(d.line)
                         .arg(d.column)
                         .arg(QString::fromStdString(d.code), QString::fromStdString(d.message));
        *error = lines.join(QLatin1Char('\n'));
    }
    return std::move(result.machine);
}

void Autosave::remove(const Entry& entry) {
    QFile::remove(entry.sidecarFile);
    QFile::remove(entry.machineFile);
}

} // namespace swivel::designer
