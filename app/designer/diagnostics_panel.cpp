#include "designer/diagnostics_panel.h"

#include <QHeaderView>

namespace swivel::designer {

namespace {

enum Column { Severity, Code, Location, Element, Message };

} // namespace

DiagnosticsPanel::DiagnosticsPanel(QWidget* parent) : QTreeWidget(parent) {
    setColumnCount(5);
    setHeaderLabels({tr("Severity"), tr("Code"), tr("Line:Col"), tr("Element"), tr("Message")});
    setRootIsDecorated(false);
    setAlternatingRowColors(true);
    setWordWrap(true);
    header()->setStretchLastSection(true);
}

void DiagnosticsPanel::setDiagnostics(const std::vector<model::Diagnostic>& diagnostics) {
    clear();
    for (const model::Diagnostic& d : diagnostics) {
        auto* row = new QTreeWidgetItem(this);
        const bool error = d.severity == model::Severity::Error;
        row->setText(Severity, error ? tr("error") : tr("warning"));
        row->setForeground(Severity, error ? QColor(0xb4, 0x23, 0x18) : QColor(0x9a, 0x67, 0x00));
        row->setText(Code, QString::fromStdString(d.code));
        row->setText(Location, d.line > 0 ? QStringLiteral("%1:%2").arg(d.line).arg(d.column)
                                          : QString());
        row->setText(Element, QString::fromStdString(d.elementId));
        row->setText(Message, QString::fromStdString(d.message));
        row->setToolTip(Message, row->text(Message));
    }
    for (int column = Severity; column < Message; ++column)
        resizeColumnToContents(column);
}

} // namespace swivel::designer
