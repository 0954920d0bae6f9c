#include "catalog/catalog_panel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QUndoStack>
#include <QVBoxLayout>

#include "catalog/catalog_tree.h"
#include "catalog/handled_events_table.h"
#include "commands/change_machine.h"
#include "document/change.h"
#include "document/document.h"
#include "document/selection.h"
#include "model/handled_events.h"

namespace swivel::catalog {

namespace {

// The matrix's key: each glyph on its cell colour, kept together with its meaning.
QString legendText() {
    using model::HandledStatus;
    const std::pair<HandledStatus, QString> entries[] = {
        {HandledStatus::Handled, CatalogPanel::tr("handled")},
        {HandledStatus::HandledByAncestor, CatalogPanel::tr("by an enclosing state")},
        {HandledStatus::SelfLoop, CatalogPanel::tr("stays in the state")},
        {HandledStatus::Unhandled, CatalogPanel::tr("dropped")},
    };
    QStringList parts;
    for (const auto& [status, meaning] : entries) {
        const QString glyph = HandledEventsTable::glyph(status);
        parts << QStringLiteral("<span style=\"white-space:nowrap\"><span style=\"background:%1\">"
                                "&nbsp;%2&nbsp;</span>&nbsp;%3</span>")
                     .arg(HandledEventsTable::tint(status).name(),
                          glyph.isEmpty() ? QStringLiteral("&nbsp;") : glyph, meaning.toHtmlEscaped());
    }
    parts << CatalogPanel::tr("<span style=\"white-space:nowrap\">? guarded</span>");
    return parts.join(QStringLiteral(" &nbsp; "));
}

} // namespace

CatalogPanel::CatalogPanel(const model::DeviceCatalog& catalog, document::Document* document,
                           document::Selection* selection, QWidget* parent)
    : QWidget(parent), m_catalog(catalog), m_document(document), m_selection(selection),
      m_tree(new CatalogTree(catalog, this)),
      m_use(new QPushButton(tr("&Use for This Machine"), this)),
      m_matrixTitle(new QLabel(this)), m_matrix(new HandledEventsTable(this)) {
    m_use->setToolTip(tr("Make the chosen device type the machine's (double-click a device "
                         "type does the same)"));
    m_matrixTitle->setWordWrap(true);

    auto* catalogPart = new QWidget(this);
    auto* catalogLayout = new QVBoxLayout(catalogPart);
    catalogLayout->setContentsMargins(0, 0, 0, 0);
    catalogLayout->addWidget(m_tree);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_use);
    catalogLayout->addLayout(buttons);

    auto* matrixPart = new QWidget(this);
    auto* matrixLayout = new QVBoxLayout(matrixPart);
    matrixLayout->setContentsMargins(0, 0, 0, 0);
    matrixLayout->addWidget(m_matrixTitle);
    matrixLayout->addWidget(m_matrix);
    auto* legend = new QLabel(legendText(), this);
    legend->setTextFormat(Qt::RichText);
    legend->setWordWrap(true);
    matrixLayout->addWidget(legend);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(catalogPart);
    splitter->addWidget(matrixPart);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    m_refresh.setSingleShot(true);
    m_refresh.setInterval(0);
    connect(&m_refresh, &QTimer::timeout, this, &CatalogPanel::refresh);
    connect(m_document, &document::Document::changed, this, &CatalogPanel::documentChanged);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &CatalogPanel::updateUseButton);
    connect(m_tree, &CatalogTree::deviceTypeActivated, this, &CatalogPanel::useDeviceType);
    connect(m_use, &QPushButton::clicked, this, &CatalogPanel::useChosenDeviceType);
    connect(m_matrix, &HandledEventsTable::elementChosen, this, &CatalogPanel::select);
    if (m_selection) {
        connect(m_selection, &document::Selection::changed, this,
                [this] { m_matrix->setHighlightedStates(m_selection->states()); });
    }
    refresh();
}

void CatalogPanel::documentChanged(const document::Change& change) {
    // Positions and routes change nothing the catalog shows; a drag must not recompute.
    if (change.kind != document::Change::Kind::LayoutChanged)
        m_refresh.start();
}

void CatalogPanel::refresh() {
    m_refresh.stop();
    const model::Machine& machine = m_document->machine();
    const QString id = QString::fromStdString(machine.deviceType);
    m_tree->setCurrentDeviceType(id);
    updateUseButton();

    const model::DeviceType* device = m_catalog.findDevice(machine.deviceType);
    if (!device) {
        m_matrixTitle->setText(id.isEmpty()
                                   ? tr("The machine has no device type: choose one above.")
                                   : tr("Device type “%1” is not in the catalog: choose one "
                                        "above.")
                                         .arg(id));
        m_matrix->setMatrix(model::HandledEvents{}, machine, nullptr);
        return;
    }
    m_matrixTitle->setText(tr("Events of %1 handled in each state")
                               .arg(QString::fromStdString(device->name)));
    m_matrix->setMatrix(model::handledEvents(machine, *device), machine, device);
}

void CatalogPanel::updateUseButton() {
    const QString chosen = m_tree->chosenDeviceType();
    m_use->setEnabled(!chosen.isEmpty() &&
                      chosen.toStdString() != m_document->machine().deviceType);
}

bool CatalogPanel::useChosenDeviceType() {
    const QString chosen = m_tree->chosenDeviceType();
    if (chosen.isEmpty() || chosen.toStdString() == m_document->machine().deviceType)
        return false;
    useDeviceType(chosen);
    return true;
}

void CatalogPanel::useDeviceType(const QString& id) {
    if (id.isEmpty() || id.toStdString() == m_document->machine().deviceType)
        return;
    m_document->undoStack()->push(new commands::ChangeDeviceType(m_document, id.toStdString()));
}

void CatalogPanel::select(const std::string& state, const std::vector<std::string>& transitions) {
    if (!m_selection)
        return;
    if (transitions.empty())
        m_selection->selectState(state);
    else
        m_selection->set({}, transitions);
}

} // namespace swivel::catalog
