#include "catalog/catalog_tree.h"

#include <QHeaderView>

#include "catalog/command_replies.h"

namespace swivel::catalog {

namespace {

enum Column { Name, Details };
// The device type id, on the device row and on every row below it.
constexpr int kDeviceRole = Qt::UserRole;

const QColor kCurrentTint(0xdc, 0xeb, 0xfb);

QString text(const std::string& s) { return QString::fromStdString(s); }

// "Mode: On|Off|Idle", "Bearing: int".
QString fieldText(const model::Field& field) {
    QString type = field.values.empty() ? text(std::string(model::typeName(field.type))) : QString();
    for (const std::string& value : field.values)
        type += (type.isEmpty() ? QString() : QStringLiteral("|")) + text(value);
    return text(field.name) + QStringLiteral(": ") + type;
}

QString fieldsText(const std::vector<model::Field>& fields) {
    QStringList parts;
    for (const model::Field& field : fields)
        parts << fieldText(field);
    return parts.join(QStringLiteral(", "));
}

// Field descriptions, one a line, for a tooltip.
QString fieldsTip(const QString& description, const std::vector<model::Field>& fields) {
    QStringList lines;
    if (!description.isEmpty())
        lines << description;
    for (const model::Field& field : fields) {
        QString line = fieldText(field);
        if (!field.description.empty())
            line += QStringLiteral(" — ") + text(field.description);
        lines << line;
    }
    return lines.join(QLatin1Char('\n'));
}

QTreeWidgetItem* addRow(QTreeWidgetItem* parent, const QString& name, const QString& details,
                        const QString& tip, const QString& device) {
    auto* item = new QTreeWidgetItem(parent, {name, details});
    item->setToolTip(Name, tip);
    item->setToolTip(Details, tip.isEmpty() ? details : tip);
    item->setData(Name, kDeviceRole, device);
    return item;
}

QTreeWidgetItem* addGroup(QTreeWidgetItem* parent, const QString& name, const QString& device) {
    QTreeWidgetItem* item = addRow(parent, name, QString(), QString(), device);
    QFont font = item->font(Name);
    font.setItalic(true);
    item->setFont(Name, font);
    return item;
}

} // namespace

CatalogTree::CatalogTree(const model::DeviceCatalog& catalog, QWidget* parent)
    : QTreeWidget(parent) {
    setColumnCount(2);
    setHeaderLabels({tr("Name"), tr("Fields")});
    setAlternatingRowColors(true);
    setUniformRowHeights(true);
    header()->setStretchLastSection(true);
    // Names are short and must show whole; the fields take the rest (and a tooltip).
    header()->setSectionResizeMode(Name, QHeaderView::ResizeToContents);

    m_devices = new QTreeWidgetItem(this, {tr("Device types")});
    for (const model::DeviceType& device : catalog.devices())
        addDevice(m_devices, device);
    auto* services = new QTreeWidgetItem(this, {tr("µ-services")});
    for (const model::ServiceType& service : catalog.services())
        addService(services, service);
    for (QTreeWidgetItem* top : {m_devices, services}) {
        QFont font = top->font(Name);
        font.setBold(true);
        top->setFont(Name, font);
        top->setFlags(top->flags() & ~Qt::ItemIsSelectable);
        top->setExpanded(true);
    }

    connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        // Only the device row itself: Enter on an event must not change the machine.
        if (item && item->parent() == m_devices)
            emit deviceTypeActivated(item->data(Name, kDeviceRole).toString());
    });
}

void CatalogTree::addDevice(QTreeWidgetItem* parent, const model::DeviceType& device) {
    const QString id = text(device.id);
    QString maker = text(device.vendor);
    if (!device.model.empty())
        maker += (maker.isEmpty() ? QString() : QStringLiteral(" ")) + text(device.model);
    QTreeWidgetItem* item =
        addRow(parent, text(device.name), id, text(device.description), id);
    item->setToolTip(Details, maker.isEmpty() ? id : id + QStringLiteral(" — ") + maker);

    QTreeWidgetItem* events =
        addGroup(item, tr("Events (%1)").arg(device.events.size()), id);
    for (const model::EventType& event : device.events)
        addRow(events, text(event.name), fieldsText(event.tags),
               fieldsTip(text(event.description), event.tags), id);
    events->setExpanded(true);

    QTreeWidgetItem* commands =
        addGroup(item, tr("Commands (%1)").arg(device.commands.size()), id);
    for (const model::CommandType& command : device.commands) {
        QString details = fieldsText(command.args);
        QStringList replies;
        for (const std::string& reply : commandReplies(device, command.name))
            replies << text(reply);
        if (!replies.isEmpty())
            details += (details.isEmpty() ? QString() : QStringLiteral("  ")) +
                       QStringLiteral("→ ") + replies.join(QStringLiteral(" | "));
        QString tip = fieldsTip(text(command.description), command.args);
        if (!replies.isEmpty())
            tip += (tip.isEmpty() ? QString() : QStringLiteral("\n")) +
                   tr("The device answers with %1").arg(replies.join(tr(" or ")));
        addRow(commands, text(command.name), details, tip, id);
    }
    commands->setExpanded(true);
}

void CatalogTree::addService(QTreeWidgetItem* parent, const model::ServiceType& service) {
    QTreeWidgetItem* item = addRow(parent, text(service.name), text(service.id),
                                   text(service.description), QString());
    addRow(item, tr("Request"), fieldsText(service.request),
           fieldsTip(QString(), service.request), QString());
    addRow(item, tr("Reply %1").arg(text(service.reply.name)), fieldsText(service.reply.tags),
           fieldsTip(text(service.reply.description), service.reply.tags), QString());
}

void CatalogTree::setCurrentDeviceType(const QString& id) {
    m_current = id;
    for (int i = 0; i < m_devices->childCount(); ++i) {
        QTreeWidgetItem* item = m_devices->child(i);
        const bool current = item->data(Name, kDeviceRole).toString() == id;
        for (int column : {Name, Details}) {
            QFont font = item->font(column);
            font.setBold(current);
            item->setFont(column, font);
            item->setBackground(column, current ? QBrush(kCurrentTint) : QBrush());
        }
        item->setExpanded(current);
    }
}

QTreeWidgetItem* CatalogTree::deviceItem(const QString& id) const {
    for (int i = 0; i < m_devices->childCount(); ++i) {
        if (m_devices->child(i)->data(Name, kDeviceRole).toString() == id)
            return m_devices->child(i);
    }
    return nullptr;
}

QString CatalogTree::chosenDeviceType() const {
    const QTreeWidgetItem* item = currentItem();
    return item ? item->data(Name, kDeviceRole).toString() : QString();
}

} // namespace swivel::catalog
