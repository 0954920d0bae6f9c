#include "azurite_process.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QThread>

#include <cstdint>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace swivel::test {
namespace {

// Azurite's published development account.
constexpr const char* developmentAccount = "devstoreaccount1";
constexpr const char* developmentKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

sockaddr_in loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

// A port of 127.0.0.1 that nobody listens on now (the kernel's pick), or 0.
int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    sockaddr_in address = loopback(0);
    socklen_t length = sizeof address;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

bool accepts(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return false;
    const sockaddr_in address = loopback(port);
    const bool connected =
        ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return connected;
}

} // namespace

QString AzuriteProcess::executable() {
    QString path = qEnvironmentVariable("SWIVEL_AZURITE_TABLE");
    if (path.isEmpty())
        path = QStringLiteral(SWIVEL_DEFAULT_AZURITE_TABLE);
    return QFileInfo(path).isExecutable() ? path : QString();
}

QString AzuriteProcess::notInstalledMessage() {
    const QString variable = qEnvironmentVariable("SWIVEL_AZURITE_TABLE");
    return QStringLiteral("Azurite is not installed at %1; run scripts/install-azurite.sh "
                          "(or set SWIVEL_AZURITE_TABLE to an azurite-table binary)")
        .arg(variable.isEmpty() ? QStringLiteral(SWIVEL_DEFAULT_AZURITE_TABLE) : variable);
}

AzuriteProcess::~AzuriteProcess() {
    stop();
}

bool AzuriteProcess::start(std::chrono::milliseconds timeout) {
    if (executable().isEmpty()) {
        m_error = notInstalledMessage();
        return false;
    }
    if (!m_workspace.isValid()) {
        m_error = QStringLiteral("cannot create a temporary folder for Azurite");
        return false;
    }
    // Another program may take the free port before Azurite binds it: try again.
    for (int attempt = 0; attempt < 3; ++attempt) {
        const int port = freePort();
        if (port != 0 && startOnPort(port, timeout))
            return true;
    }
    return false;
}

bool AzuriteProcess::startOnPort(int port, std::chrono::milliseconds timeout) {
    m_process.setProgram(executable());
    m_process.setArguments({"--tableHost", "127.0.0.1", "--tablePort", QString::number(port),
                            "--inMemoryPersistence", "--disableTelemetry", "--silent"});
    // Azurite refuses --location with --inMemoryPersistence; whatever it still writes
    // (debug logs) goes to a temporary working folder.
    m_process.setWorkingDirectory(m_workspace.path());
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start();
    if (!m_process.waitForStarted(5000)) {
        m_error = QStringLiteral("cannot run %1: %2").arg(executable(), m_process.errorString());
        return false;
    }
    const QDeadlineTimer deadline(timeout);
    while (!deadline.hasExpired()) {
        if (m_process.state() != QProcess::Running) {
            m_error = QStringLiteral("azurite-table exited (code %1): %2")
                          .arg(m_process.exitCode())
                          .arg(QString::fromLocal8Bit(m_process.readAll()).trimmed());
            return false;
        }
        if (accepts(port)) {
            m_port = port;
            return true;
        }
        m_process.waitForFinished(100); // sleeps, and notices an early exit
    }
    m_error = QStringLiteral("azurite-table did not listen on port %1 within %2 ms: %3")
                  .arg(port)
                  .arg(timeout.count())
                  .arg(QString::fromLocal8Bit(m_process.readAll()).trimmed());
    stop();
    return false;
}

void AzuriteProcess::stop() {
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    m_port = 0;
}

std::string AzuriteProcess::connectionString() const {
    return "DefaultEndpointsProtocol=http;AccountName=" + std::string(developmentAccount) +
           ";AccountKey=" + developmentKey +
           ";TableEndpoint=http://127.0.0.1:" + std::to_string(m_port) + "/" + developmentAccount +
           ";";
}

} // namespace swivel::test
