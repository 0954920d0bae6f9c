#pragma once
// The recorded sessions as a table: scenario, seed, virtual duration, when recorded,
// the run's device events and conflicts, the event -> command latency (p95). A file
// that cannot be shown keeps its row, greyed, with the reason. SortRole gives each
// column's value as a number where it is one, so a sorted view sorts by value.

#include <vector>

#include <QAbstractTableModel>

#include "emulation/session_catalog.h"

namespace swivel::emulation_ui {

class SessionListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Scenario, Seed, Duration, Recorded, Events, Conflicts, LatencyP95, ColumnCount };
    enum Role { SortRole = Qt::UserRole, PathRole, ErrorRole };

    using QAbstractTableModel::QAbstractTableModel;

    void setSessions(std::vector<emulation::SessionInfo> sessions);
    const std::vector<emulation::SessionInfo>& sessions() const { return m_sessions; }
    // The row of the session at `path`, or -1.
    int rowOf(const QString& path) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant display(const emulation::SessionInfo& session, int column) const;
    QVariant sortValue(const emulation::SessionInfo& session, int column) const;
    QString toolTip(const emulation::SessionInfo& session) const;

    std::vector<emulation::SessionInfo> m_sessions;
};

} // namespace swivel::emulation_ui
