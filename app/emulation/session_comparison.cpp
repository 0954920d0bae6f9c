#include "emulation/session_comparison.h"

#include <exception>
#include <memory>

#include <QStringList>

namespace swivel::emulation {

namespace {

std::vector<std::string> stateList(const nlohmann::json& json) {
    std::vector<std::string> states;
    if (!json.is_array())
        return states;
    for (const nlohmann::json& state : json) {
        if (state.is_string())
            states.push_back(state.get<std::string>());
    }
    return states;
}

QString bracketed(const std::vector<std::string>& states) {
    QStringList names;
    for (const std::string& state : states)
        names << QString::fromStdString(state);
    return QStringLiteral("[") + names.join(QStringLiteral(", ")) + QStringLiteral("]");
}

// Actions as compact JSON, cut short: a label has no room for a whole list.
QString shortJson(const nlohmann::json& json) {
    QString text = QString::fromStdString(json.dump());
    constexpr int kMost = 120;
    if (text.size() > kMost)
        text = text.left(kMost - 1) + QChar(0x2026);
    return text;
}

void registerType() {
    static const bool registered = [] {
        qRegisterMetaType<SessionComparisonResult>("swivel::emulation::SessionComparisonResult");
        return true;
    }();
    (void)registered;
}

} // namespace

QString SessionComparisonResult::describe() const {
    switch (outcome) {
    case Outcome::Failed:
        return QObject::tr("Cannot compare: %1").arg(error);
    case Outcome::Same:
        return devices == 1
                   ? QObject::tr("Same behaviour through all %1 applied events").arg(appliedEvents)
                   : QObject::tr("Same behaviour through all %1 applied events of %2 devices")
                         .arg(appliedEvents)
                         .arg(devices);
    case Outcome::Diverged:
        break;
    }
    const emu::Divergence& d = *divergence;
    const QString event =
        d.event.is_object() && d.event.contains("event") && d.event["event"].is_string()
            ? QString::fromStdString(d.event["event"].get<std::string>())
            : QString::fromStdString(d.event.dump());
    const QString where = QObject::tr("First divergence at step %1 (t=%2 s) on %3 after event %4")
                              .arg(d.step)
                              .arg(QString::number(static_cast<double>(d.time) / 1e6, 'f', 3),
                                   QString::fromStdString(d.device), event);
    if (d.what == "configuration")
        return where + QObject::tr(": configuration recorded %1, now %2")
                           .arg(bracketed(recordedStates), bracketed(rerunStates));
    return where + QObject::tr(": actions recorded %1, now %2")
                       .arg(shortJson(d.recorded), shortJson(d.rerun));
}

SessionComparisonResult compareSession(const QString& path, const model::Machine& machine) {
    SessionComparisonResult result;
    result.sessionPath = path;
    std::string error;
    const std::unique_ptr<emu::Session> session = emu::Session::open(path.toStdString(), error);
    if (!session) {
        result.error = QString::fromStdString(error);
        return result;
    }
    try {
        result.devices = session->devices().size();
        std::optional<emu::Divergence> divergence = session->firstDivergence(machine, error);
        if (!error.empty()) {
            result.error = QString::fromStdString(error);
            return result;
        }
        if (!divergence) {
            result.outcome = SessionComparisonResult::Outcome::Same;
            const nlohmann::json summary = session->summary();
            result.appliedEvents = summary.value("applied", std::uint64_t{0});
            return result;
        }
        result.outcome = SessionComparisonResult::Outcome::Diverged;
        const std::vector<emu::DeviceInfo>& devices = session->devices();
        for (std::size_t i = 0; i < devices.size(); ++i) {
            if (devices[i].id == divergence->device)
                result.deviceIndex = static_cast<int>(i);
        }
        if (divergence->what == "configuration") {
            result.recordedStates = stateList(divergence->recorded);
            result.rerunStates = stateList(divergence->rerun);
        } else {
            // Only the actions differ: both sides are in the recorded configuration.
            for (const emu::AppliedEvent& applied : session->appliedEvents()) {
                if (applied.step == divergence->step && applied.device == divergence->device &&
                    applied.version == divergence->version) {
                    result.recordedStates = applied.configuration;
                    result.rerunStates = applied.configuration;
                    break;
                }
            }
        }
        result.divergence = std::move(divergence);
    } catch (const std::exception& fault) {
        result = SessionComparisonResult{};
        result.sessionPath = path;
        result.error = QString::fromStdString(fault.what());
    }
    return result;
}

SessionComparison::SessionComparison(QObject* parent) : QObject(parent) {
    registerType();
}

SessionComparison::~SessionComparison() {
    if (m_worker) {
        m_worker->wait();
        delete m_worker;
    }
}

void SessionComparison::start(const QString& sessionPath, const model::Machine& machine) {
    m_path = sessionPath;
    m_machine = machine;
    if (m_worker) {
        m_again = true;
        return;
    }
    startWorker();
}

void SessionComparison::startWorker() {
    m_again = false;
    auto result = std::make_shared<SessionComparisonResult>();
    m_worker = QThread::create([result, path = m_path, machine = m_machine] {
        *result = compareSession(path, machine);
    });
    m_worker->setObjectName(QStringLiteral("session comparison"));
    connect(m_worker, &QThread::finished, this, [this, result] {
        m_worker->deleteLater();
        m_worker = nullptr;
        if (m_again) {
            startWorker();
            return;
        }
        emit finished(*result);
    });
    m_worker->start();
}

} // namespace swivel::emulation
