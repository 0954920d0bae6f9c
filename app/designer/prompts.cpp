#include "designer/prompts.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QRegularExpression>
#include <QFormLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>

#include "model/device_catalog.h"

namespace swivel::designer {

namespace {

const QString kMachineFilter =
    QObject::tr("Machines (*.swivel.json *.scxml);;Swivel machines (*.swivel.json);;SCXML "
                "statecharts (*.scxml);;JSON files (*.json);;All files (*)");

UnsavedAnswer askUnsavedChanges(QWidget* parent, const QString& name) {
    QMessageBox box(QMessageBox::Warning, QObject::tr("Unsaved changes"),
                    QObject::tr("Save the changes to %1?").arg(name),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setInformativeText(QObject::tr("Your changes are lost if you don't save them."));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return UnsavedAnswer::Save;
    case QMessageBox::Discard:
        return UnsavedAnswer::Discard;
    default:
        return UnsavedAnswer::Cancel;
    }
}

RecoveryAnswer askRecovery(QWidget* parent, const QStringList& files) {
    QMessageBox box(QMessageBox::Question, QObject::tr("Recover unsaved work"),
                    QObject::tr("Swivel did not close normally. Recover the unsaved "
                                "changes of these machines?"),
                    QMessageBox::NoButton, parent);
    box.setInformativeText(files.join(QLatin1Char('\n')));
    QPushButton* recover = box.addButton(QObject::tr("Recover"), QMessageBox::AcceptRole);
    QPushButton* discard = box.addButton(QObject::tr("Discard"), QMessageBox::DestructiveRole);
    box.addButton(QObject::tr("Later"), QMessageBox::RejectRole);
    box.setDefaultButton(recover);
    box.exec();
    if (box.clickedButton() == recover)
        return RecoveryAnswer::Recover;
    if (box.clickedButton() == discard)
        return RecoveryAnswer::Discard;
    return RecoveryAnswer::Later;
}

} // namespace

// "camera" saved with the SCXML filter chosen is camera.scxml: the format follows the
// name, so the name must say it.
QString withFilterSuffix(const QString& path, const QString& selectedFilter) {
    if (path.isEmpty())
        return path;
    const QString lower = path.toLower();
    if (lower.endsWith(QLatin1String(".json")) || lower.endsWith(QLatin1String(".scxml")))
        return path;
    static const QRegularExpression firstPattern(QStringLiteral("\\(\\*(\\.[^ )]+)"));
    const QRegularExpressionMatch match = firstPattern.match(selectedFilter);
    return match.hasMatch() ? path + match.captured(1) : path;
}

namespace {

QString askOpenFileName(QWidget* parent, const QString& directory) {
    return QFileDialog::getOpenFileName(parent, QObject::tr("Open machine"), directory,
                                        kMachineFilter);
}

QString askSaveFileName(QWidget* parent, const QString& suggested, const QString& filter) {
    QString selected;
    const QString path =
        QFileDialog::getSaveFileName(parent, QObject::tr("Save"), suggested, filter, &selected);
    return withFilterSuffix(path, selected);
}

QString askDeviceType(QWidget* parent) {
    QDialog dialog(parent);
    dialog.setWindowTitle(QObject::tr("New machine"));
    auto* layout = new QFormLayout(&dialog);
    auto* devices = new QComboBox(&dialog);
    auto* description = new QLabel(&dialog);
    description->setWordWrap(true);
    for (const model::DeviceType& device : model::DeviceCatalog::builtin().devices())
        devices->addItem(QStringLiteral("%1 (%2)").arg(QString::fromStdString(device.name),
                                                      QString::fromStdString(device.id)),
                         QString::fromStdString(device.id));
    auto describe = [devices, description](int index) {
        const auto& all = model::DeviceCatalog::builtin().devices();
        description->setText(index >= 0 && index < static_cast<int>(all.size())
                                 ? QString::fromStdString(all[std::size_t(index)].description)
                                 : QString());
    };
    QObject::connect(devices, &QComboBox::currentIndexChanged, &dialog, describe);
    describe(devices->currentIndex());
    layout->addRow(QObject::tr("Device type:"), devices);
    layout->addRow(description);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted || devices->currentIndex() < 0)
        return {};
    return devices->currentData().toString();
}

// Window-modal but not blocking: the caller goes on with its document unchanged.
void showError(QWidget* parent, const QString& title, const QString& text) {
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace

Prompts defaultPrompts() {
    return Prompts{askUnsavedChanges, askRecovery, askOpenFileName,
                   askSaveFileName,   askDeviceType, showError};
}

Prompts& prompts() {
    static Prompts current = defaultPrompts();
    return current;
}

} // namespace swivel::designer
