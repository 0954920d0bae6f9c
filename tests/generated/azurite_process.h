#pragma once
// An Azurite Table endpoint of its own for a test: starts `azurite-table` on a free
// port of 127.0.0.1 with in-memory persistence, waits until it accepts connections,
// and stops it on destruction. Azurite is an npm package (scripts/install-azurite.sh).
//
//   AzuriteProcess azurite;
//   if (!azurite.start()) QFAIL(qPrintable(azurite.errorString()));
//   store::parseStorageConnection(azurite.connectionString());

#include <chrono>
#include <string>

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace swivel::test {

class AzuriteProcess {
public:
    // The azurite-table to run: $SWIVEL_AZURITE_TABLE when set, else where
    // scripts/install-azurite.sh puts it (fixed at build time); empty when that
    // file does not exist.
    static QString executable();
    // Why executable() is empty, with what to do about it.
    static QString notInstalledMessage();

    AzuriteProcess() = default;
    ~AzuriteProcess();
    AzuriteProcess(const AzuriteProcess&) = delete;
    AzuriteProcess& operator=(const AzuriteProcess&) = delete;

    // Starts Azurite and waits until it listens; false (see errorString()) when it is
    // not installed, exits or does not listen in time.
    bool start(std::chrono::milliseconds timeout = std::chrono::seconds(30));
    void stop();
    QString errorString() const { return m_error; }

    int port() const { return m_port; }
    // Account-key connection string for the development account on this port.
    std::string connectionString() const;

private:
    bool startOnPort(int port, std::chrono::milliseconds timeout);

    QProcess m_process;
    QTemporaryDir m_workspace; // Azurite's working folder, removed afterwards
    int m_port = 0;
    QString m_error;
};

} // namespace swivel::test
