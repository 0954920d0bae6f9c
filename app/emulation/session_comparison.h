#pragma once
// Compares a recorded session with a machine (the document's, unsaved edits
// included): re-runs each device's applied events through it and finds where the
// behaviour first differs (emu::Session::firstDivergence). A long session takes
// seconds, so it runs on a thread of its own; finished() reports on this one.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThread>

#include "emulators/session.h"
#include "model/machine.h"

namespace swivel::emulation {

struct SessionComparisonResult {
    enum class Outcome { Same, Diverged, Failed };
    Outcome outcome = Outcome::Failed;
    QString sessionPath;
    QString error;                 // Failed: why (the file, or the machine that does not compile)
    std::uint64_t appliedEvents = 0;  // how many events were re-run (Same: all of them)
    std::size_t devices = 0;
    std::optional<emu::Divergence> divergence;
    int deviceIndex = -1;  // the diverging device in the session's devices
    // The active atomic states after the diverging event, as recorded and as the
    // machine gives them; the same when only the actions differ.
    std::vector<std::string> recordedStates;
    std::vector<std::string> rerunStates;

    // One sentence for the user: "Same behaviour through all 16 applied events of 1
    // device", "First divergence at step 12 (t=1.032 s) on camera-0001 after event
    // MoveDone: configuration recorded [Focus], now [Idle]", or the error.
    QString describe() const;
};

// Runs on the caller's thread.
SessionComparisonResult compareSession(const QString& path, const model::Machine& machine);

class SessionComparison : public QObject {
    Q_OBJECT
public:
    explicit SessionComparison(QObject* parent = nullptr);
    // Waits for a comparison still under way (it cannot be interrupted).
    ~SessionComparison() override;

    // Compares off this thread; a comparison asked for while one runs supersedes it
    // (only the latest is reported).
    void start(const QString& sessionPath, const model::Machine& machine);
    bool busy() const { return m_worker != nullptr; }

signals:
    void finished(const swivel::emulation::SessionComparisonResult& result);

private:
    void startWorker();

    QString m_path;
    model::Machine m_machine;
    QThread* m_worker = nullptr;
    bool m_again = false;
};

} // namespace swivel::emulation

Q_DECLARE_METATYPE(swivel::emulation::SessionComparisonResult)
