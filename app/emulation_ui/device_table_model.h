#pragma once
// The emulated devices as a table: id, active states, store version, link (up, or
// down until an outage ends), its queue (messages on their way to or from it), the
// last event applied. Refilled from each frame; rows keep their order
// (device order), so a sorted or filtered view on top stays put between frames.

#include <optional>
#include <vector>

#include <QAbstractTableModel>

#include "emulation/emulation_frame.h"

namespace swivel::emulation_ui {

class DeviceTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Device, Configuration, Version, Link, InFlight, LastEvent, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setFrame(const emulation::FramePtr& frame);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    emulation::FramePtr m_frame;
    std::vector<int> m_inFlight;  // by device
    std::vector<std::optional<emu::VirtualTime>> m_linkDownUntil;  // by device: in an outage
};

} // namespace swivel::emulation_ui
