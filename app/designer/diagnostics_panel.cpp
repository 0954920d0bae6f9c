#include "designer/diagnostics_panel.h"

#include <algorithm>

#include <QHeaderView>
#include <QStyle>

#include "document/document.h"
#include "document/selection.h"
#include "model/validation.h"

namespace swivel::designer {

namespace {

enum Column { Severity, Code, Location, Element, Message };
constexpr int kElementRole = Qt::UserRole;

} // namespace

DiagnosticsPanel::DiagnosticsPanel(QWidget* parent) : QTreeWidget(parent) {
    setColumnCount(5);
    setHeaderLabels({tr("Severity"), tr("Code"), tr("Line:Col"), tr("Element"), tr("Message")});
    setRootIsDecorated(false);
    setAlternatingRowColors(true);
    setWordWrap(true);
    setUniformRowHeights(true);
    header()->setStretchLastSection(true);
    m_revalidate.setSingleShot(true);
    m_revalidate.setInterval(kRevalidateDelayMs);
    connect(&m_revalidate, &QTimer::timeout, this, &DiagnosticsPanel::revalidate);
    connect(this, &QTreeWidget::itemActivated, this, &DiagnosticsPanel::activate);
}

void DiagnosticsPanel::setDocument(document::Document* document, document::Selection* selection,
                                   const model::DeviceCatalog& catalog) {
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    m_selection = selection;
    m_catalog = &catalog;
    if (m_document) {
        // Any change at all, even a reset, replaces whatever was shown: the pinned
        // diagnostics of an opened file describe the file, not the edited machine.
        connect(m_document, &document::Document::changed, this,
                [this] { m_revalidate.start(); });
    }
}

void DiagnosticsPanel::setDiagnostics(const std::vector<model::Diagnostic>& diagnostics) {
    m_revalidate.stop();
    m_diagnostics = diagnostics;
    clear();
    const QIcon errorIcon = style()->standardIcon(QStyle::SP_MessageBoxCritical);
    const QIcon warningIcon = style()->standardIcon(QStyle::SP_MessageBoxWarning);
    for (const model::Diagnostic& d : diagnostics) {
        auto* row = new QTreeWidgetItem(this);
        const bool error = d.severity == model::Severity::Error;
        row->setIcon(Severity, error ? errorIcon : warningIcon);
        row->setText(Severity, error ? tr("error") : tr("warning"));
        row->setForeground(Severity, error ? QColor(0xb4, 0x23, 0x18) : QColor(0x9a, 0x67, 0x00));
        row->setText(Code, QString::fromStdString(d.code));
        row->setText(Location, d.line > 0 ? QStringLiteral("%1:%2").arg(d.line).arg(d.column)
                                          : QString());
        row->setText(Element, QString::fromStdString(d.elementId));
        row->setData(Element, kElementRole, QString::fromStdString(d.elementId));
        if (!d.field.empty())
            row->setToolTip(Element, tr("%1, field %2")
                                         .arg(QString::fromStdString(d.elementId),
                                              QString::fromStdString(d.field)));
        row->setText(Message, QString::fromStdString(d.message));
        row->setToolTip(Message, row->text(Message));
    }
    for (int column = Severity; column < Message; ++column)
        resizeColumnToContents(column);
    emit diagnosticsChanged();
}

int DiagnosticsPanel::errorCount() const {
    return static_cast<int>(std::count_if(
        m_diagnostics.begin(), m_diagnostics.end(),
        [](const model::Diagnostic& d) { return d.severity == model::Severity::Error; }));
}

int DiagnosticsPanel::warningCount() const {
    return static_cast<int>(m_diagnostics.size()) - errorCount();
}

QString DiagnosticsPanel::title() const {
    const int errors = errorCount();
    const int warnings = warningCount();
    if (errors == 0 && warnings == 0)
        return tr("Problems — none");
    QStringList parts;
    if (errors > 0)
        parts << (errors == 1 ? tr("1 error") : tr("%1 errors").arg(errors));
    if (warnings > 0)
        parts << (warnings == 1 ? tr("1 warning") : tr("%1 warnings").arg(warnings));
    return tr("Problems — %1").arg(parts.join(QStringLiteral(", ")));
}

void DiagnosticsPanel::revalidate() {
    if (m_document && m_catalog)
        setDiagnostics(model::validate(m_document->machine(), *m_catalog));
}

void DiagnosticsPanel::activate(QTreeWidgetItem* row) {
    if (!row || !m_document)
        return;
    const std::string id = row->data(Element, kElementRole).toString().toStdString();
    const model::Machine& machine = m_document->machine();
    const bool state = machine.findState(id) != nullptr;
    if (!state && !machine.findTransition(id))
        return;  // the machine itself, a variable, or an element since removed
    if (m_selection) {
        if (state)
            m_selection->selectState(id);
        else
            m_selection->selectTransition(id);
    }
    emit elementActivated(QString::fromStdString(id));
}

} // namespace swivel::designer
