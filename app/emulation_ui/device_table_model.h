#pragma once
// The emulated devices as a table: id, active states, store version, messages on
// their way, the last event applied. Refilled from each frame; rows keep their order
// (device order), so a sorted or filtered view on top stays put between frames.

#include <QAbstractTableModel>

#include "emulation/emulation_frame.h"

namespace swivel::emulation_ui {

class DeviceTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Device, Configuration, Version, InFlight, LastEvent, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setFrame(const emulation::FramePtr& frame);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    emulation::FramePtr m_frame;
    std::vector<int> m_inFlight;  // by device
};

} // namespace swivel::emulation_ui
