#pragma once
// The device catalog as a tree: every device type with the events it sends (and
// their tags) and the commands it accepts (with their arguments and the events the
// device answers with), then the µ-services with their requests and replies. The
// machine's own device type is marked. Read-only; owned by the CatalogPanel.

#include <QString>
#include <QTreeWidget>

#include "model/device_catalog.h"

namespace swivel::catalog {

class CatalogTree : public QTreeWidget {
    Q_OBJECT
public:
    CatalogTree(const model::DeviceCatalog& catalog, QWidget* parent = nullptr);

    // Marks the device type `id` (bold, tinted) as the machine's; "" marks none.
    void setCurrentDeviceType(const QString& id);
    const QString& currentDeviceType() const { return m_current; }

    // The device type row `id`, or null.
    QTreeWidgetItem* deviceItem(const QString& id) const;
    // The device type the current row belongs to (itself or one of its entries), or "".
    QString chosenDeviceType() const;

signals:
    // A device type row was double-clicked or activated with Enter.
    void deviceTypeActivated(const QString& id);

private:
    void addDevice(QTreeWidgetItem* parent, const model::DeviceType& device);
    void addService(QTreeWidgetItem* parent, const model::ServiceType& service);

    QTreeWidgetItem* m_devices = nullptr;
    QString m_current;
};

} // namespace swivel::catalog
