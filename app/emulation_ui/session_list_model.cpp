#include "emulation_ui/session_list_model.h"

#include <QBrush>
#include <QColor>
#include <QLocale>
#include <QPalette>


namespace swivel::emulation_ui {

namespace {

QString milliseconds(double microseconds) {
    return QObject::tr("%1 ms").arg(QString::number(microseconds / 1000.0, 'f', 1));
}

// Virtual time at a glance: "16.7 s", "12.5 min", "2.1 h" (the CLI's "16669.96ms"
// reads badly in a column).
QString duration(emu::VirtualTime time) {
    const double seconds = static_cast<double>(time) / 1e6;
    if (seconds < 120)
        return QObject::tr("%1 s").arg(QString::number(seconds, 'f', 1));
    if (seconds < 120 * 60)
        return QObject::tr("%1 min").arg(QString::number(seconds / 60, 'f', 1));
    return QObject::tr("%1 h").arg(QString::number(seconds / 3600, 'f', 1));
}

} // namespace

void SessionListModel::setSessions(std::vector<emulation::SessionInfo> sessions) {
    beginResetModel();
    m_sessions = std::move(sessions);
    endResetModel();
}

int SessionListModel::rowOf(const QString& path) const {
    for (std::size_t row = 0; row < m_sessions.size(); ++row) {
        if (m_sessions[row].path == path)
            return static_cast<int>(row);
    }
    return -1;
}

int SessionListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_sessions.size());
}

int SessionListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SessionListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const emulation::SessionInfo& session = m_sessions[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return display(session, index.column());
    case SortRole:
        return sortValue(session, index.column());
    case PathRole:
        return session.path;
    case ErrorRole:
        return session.error;
    case Qt::ToolTipRole:
        return toolTip(session);
    case Qt::ForegroundRole:
        if (!session.opened())
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() != Scenario && index.column() != Recorded)
            return QVariant(int(Qt::AlignRight) | int(Qt::AlignVCenter));
        return {};
    default:
        return {};
    }
}

QVariant SessionListModel::display(const emulation::SessionInfo& session, int column) const {
    if (column == Recorded)
        return QLocale().toString(session.recorded, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (!session.opened())
        return column == Scenario ? QStringLiteral("%1 \u2014 %2").arg(session.fileName, session.error)
                                  : QVariant();
    switch (column) {
    case Scenario:
        return session.scenario;
    case Seed:
        return QString::number(session.seed);
    case Duration:
        return duration(session.duration);
    case Events:
        return QLocale().toString(static_cast<qulonglong>(session.deviceEvents));
    case Conflicts:
        return QLocale().toString(static_cast<qulonglong>(session.conflicts));
    case LatencyP95:
        return session.latencySamples ? milliseconds(session.latencyP95Us) : QStringLiteral("\u2014");
    default:
        return {};
    }
}

QVariant SessionListModel::sortValue(const emulation::SessionInfo& session, int column) const {
    if (column == Recorded)
        return session.recorded;
    if (column == Scenario)
        return session.opened() ? session.scenario : session.fileName;
    // One signed type per column: QVariant orders a negative int after an unsigned.
    if (!session.opened())
        return column == LatencyP95 ? QVariant(-2.0) : QVariant(qlonglong{-1});  // before every session
    switch (column) {
    case Seed:
        return static_cast<qlonglong>(session.seed);
    case Duration:
        return static_cast<qlonglong>(session.duration);
    case Events:
        return static_cast<qlonglong>(session.deviceEvents);
    case Conflicts:
        return static_cast<qlonglong>(session.conflicts);
    case LatencyP95:
        return session.latencySamples ? session.latencyP95Us : -1.0;
    default:
        return {};
    }
}

QString SessionListModel::toolTip(const emulation::SessionInfo& session) const {
    if (!session.opened())
        return tr("%1\ncannot be shown: %2").arg(session.path, session.error);
    return tr("%1\n%2 device(s), %3 steps, %4 device events, %5 applied, %6 conflicts")
        .arg(session.path)
        .arg(session.devices)
        .arg(session.steps)
        .arg(session.deviceEvents)
        .arg(session.applied)
        .arg(session.conflicts);
}

QVariant SessionListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Scenario: return tr("Scenario");
        case Seed: return tr("Seed");
        case Duration: return tr("Duration");
        case Recorded: return tr("Recorded");
        case Events: return tr("Events");
        case Conflicts: return tr("Conflicts");
        case LatencyP95: return tr("p95 latency");
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Duration: return tr("Virtual time the run covered");
        case Recorded: return tr("When the session file was last written");
        case Events: return tr("Events the devices sent");
        case Conflicts: return tr("Puts that met a newer version (optimistic concurrency)");
        case LatencyP95: return tr("Event \u2192 command latency, 95th percentile");
        default: return {};
        }
    }
    return {};
}

} // namespace swivel::emulation_ui
