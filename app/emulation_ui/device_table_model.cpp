#include "emulation_ui/device_table_model.h"

#include <unordered_map>

#include "emulators/link_model.h"

namespace swivel::emulation_ui {

void DeviceTableModel::setFrame(const emulation::FramePtr& frame) {
    const int before = rowCount();
    const int after = frame ? static_cast<int>(frame->state.devices.size()) : 0;
    std::vector<int> inFlight(static_cast<std::size_t>(after), 0);
    if (frame) {
        std::unordered_map<std::string, int> row;
        for (int i = 0; i < after; ++i)
            row[frame->state.devices[static_cast<std::size_t>(i)].id] = i;
        for (const emu::MessageSnapshot& message : frame->state.inFlight) {
            if (const auto it = row.find(message.device); it != row.end())
                ++inFlight[static_cast<std::size_t>(it->second)];
        }
    }
    // Each device's group, in order, has its link's outages.
    std::vector<std::optional<emu::VirtualTime>> linkDown(static_cast<std::size_t>(after));
    if (frame && frame->scenario) {
        std::size_t device = 0;
        for (const emu::DeviceGroup& group : frame->scenario->devices) {
            for (int n = 0; n < group.count && device < linkDown.size(); ++n, ++device) {
                if (!group.link.outages.empty())
                    linkDown[device] = emu::outageEnd(group.link.outages, frame->state.devices[device].id, frame->time);
            }
        }
    }
    m_linkDownUntil = std::move(linkDown);
    if (before != after) {
        beginResetModel();
        m_frame = frame;
        m_inFlight = std::move(inFlight);
        endResetModel();
        return;
    }
    m_frame = frame;
    m_inFlight = std::move(inFlight);
    if (after > 0)
        emit dataChanged(index(0, 0), index(after - 1, ColumnCount - 1), {Qt::DisplayRole});
}

int DeviceTableModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || !m_frame)
        return 0;
    return static_cast<int>(m_frame->state.devices.size());
}

int DeviceTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeviceTableModel::data(const QModelIndex& index, int role) const {
    if (!m_frame || !index.isValid() || index.row() >= rowCount())
        return {};
    const auto row = static_cast<std::size_t>(index.row());
    const emu::DeviceStateSnapshot& device = m_frame->state.devices[row];
    if (role == Qt::TextAlignmentRole && (index.column() == Version || index.column() == InFlight))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    // Sorting compares numbers as numbers.
    const bool sortRole = role == Qt::UserRole;
    if (role != Qt::DisplayRole && !sortRole)
        return {};
    switch (index.column()) {
    case Device:
        return QString::fromStdString(device.id);
    case Configuration: {
        QStringList states;
        for (const std::string& state : device.configuration)
            states << QString::fromStdString(state);
        return states.join(", ");
    }
    case Version:
        return sortRole ? QVariant(static_cast<qulonglong>(device.version))
                        : QVariant(QString::number(device.version));
    case Link: {
        const std::optional<emu::VirtualTime>& until = m_linkDownUntil[row];
        if (sortRole)
            return until ? QVariant(static_cast<qlonglong>(*until)) : QVariant(qlonglong{-1});
        return until ? tr("down until %1 s").arg(static_cast<double>(*until) / 1e6, 0, 'f', 1) : tr("up");
    }
    case InFlight:
        return sortRole ? QVariant(m_inFlight[row]) : QVariant(QString::number(m_inFlight[row]));
    case LastEvent:
        return row < m_frame->lastEvents.size() ? QString::fromStdString(m_frame->lastEvents[row])
                                                : QString();
    default:
        return {};
    }
}

QVariant DeviceTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == InFlight)
        return tr("Messages on their way to or from the device (over its link, or waiting for it)");
    if (role == Qt::ToolTipRole && section == Link)
        return tr("The device's link: up, or in one of the scenario's outages");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Device:
        return tr("Device");
    case Configuration:
        return tr("States");
    case Version:
        return tr("Version");
    case Link:
        return tr("Link");
    case InFlight:
        return tr("Queue");
    case LastEvent:
        return tr("Last event");
    default:
        return {};
    }
}

} // namespace swivel::emulation_ui
