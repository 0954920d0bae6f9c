#include "designer/welcome_page.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include "model/machine_file.h"
#include "model/resources.h"

namespace swivel::designer {

namespace {

constexpr int kPathRole = Qt::UserRole;

// The first line of the machine's own description: the examples describe themselves.
QString describe(const QString& path) {
    const model::LoadResult loaded = model::loadMachineFile(path.toStdString());
    if (!loaded.machine)
        return QObject::tr("(cannot be read)");
    const QString text = QString::fromStdString(loaded.machine->description);
    return text.section(QLatin1Char('\n'), 0, 0).trimmed();
}

QString machineName(const QString& path) {
    const model::LoadResult loaded = model::loadMachineFile(path.toStdString());
    if (loaded.machine && !loaded.machine->name.empty())
        return QString::fromStdString(loaded.machine->name);
    return QFileInfo(path).fileName();
}

} // namespace

WelcomePage::WelcomePage(QWidget* parent)
    : QWidget(parent), m_examples(new QListWidget(this)), m_recent(new QListWidget(this)) {
    auto* title = new QLabel(tr("<h1>Swivel</h1><p>Design, check and emulate IoT device "
                                "state machines.</p>"),
                             this);
    auto* newButton = new QPushButton(tr("New Machine..."), this);
    auto* openButton = new QPushButton(tr("Open..."), this);
    connect(newButton, &QPushButton::clicked, this, &WelcomePage::newRequested);
    connect(openButton, &QPushButton::clicked, this, &WelcomePage::openRequested);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(newButton);
    buttons->addWidget(openButton);
    buttons->addStretch();

    m_examples->setObjectName(QStringLiteral("examples"));
    m_recent->setObjectName(QStringLiteral("recentFiles"));
    m_examples->setWordWrap(true);
    for (const QString& path : exampleFiles()) {
        auto* item = new QListWidgetItem(
            QStringLiteral("%1\n    %2").arg(machineName(path), describe(path)), m_examples);
        item->setData(kPathRole, path);
        item->setToolTip(path);
    }
    connect(m_examples, &QListWidget::itemActivated, this, &WelcomePage::activate);
    connect(m_recent, &QListWidget::itemActivated, this, &WelcomePage::activate);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(48, 32, 48, 32);
    layout->addWidget(title);
    layout->addLayout(buttons);
    layout->addWidget(new QLabel(tr("<h3>Examples</h3>"), this));
    layout->addWidget(m_examples, 1);
    layout->addWidget(new QLabel(tr("<h3>Recent files</h3>"), this));
    layout->addWidget(m_recent, 1);
}

QStringList WelcomePage::exampleFiles() {
    const QDir dir(QString::fromStdString(model::resourcesDirectory()) +
                   QStringLiteral("/examples"));
    QStringList paths;
    for (const QString& name :
         dir.entryList({QStringLiteral("*.swivel.json")}, QDir::Files, QDir::Name))
        paths << dir.filePath(name);
    return paths;
}

void WelcomePage::setRecentFiles(const QStringList& paths) {
    m_recent->clear();
    for (const QString& path : paths) {
        auto* item = new QListWidgetItem(
            QStringLiteral("%1 — %2").arg(QFileInfo(path).fileName(), path), m_recent);
        item->setData(kPathRole, path);
    }
}

void WelcomePage::activate(QListWidgetItem* item) {
    emit fileRequested(item->data(kPathRole).toString());
}

} // namespace swivel::designer
