#include "designer/generate_dock.h"

#include <QAction>
#include <QMainWindow>
#include <QMenu>

#include "generate/generate_panel.h"
#include "model/device_catalog.h"

namespace swivel::designer {

namespace {
// About 80 columns of code beside the line numbers and the fold margin.
constexpr int kCodeWidth = 720;
}

GenerateDock::GenerateDock(document::Document* document, document::Selection* selection,
                           QMainWindow* window)
    : QDockWidget(tr("Generate"), window),
      m_panel(new generate::GeneratePanel(document, selection, model::DeviceCatalog::builtin(),
                                          this)) {
    setObjectName(QStringLiteral("generateDock"));
    setWidget(m_panel);
    setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                QDockWidget::DockWidgetFloatable);
    connect(this, &QDockWidget::visibilityChanged, m_panel, &generate::GeneratePanel::setActive);
    connect(m_panel, &generate::GeneratePanel::exportRequested, this,
            &GenerateDock::exportRequested);
}

void GenerateDock::fillMenu(QMenu* menu) {
    QAction* toggle = toggleViewAction();
    toggle->setText(tr("Generated &Code"));
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    menu->addAction(toggle);
    // Shown, it comes to the front of the Inspector it shares a tab group with.
    // Code needs more room than the inspector's forms: the right side widens for it.
    connect(toggle, &QAction::triggered, this, [this](bool shown) {
        if (!shown)
            return;
        raise();
        if (auto* window = qobject_cast<QMainWindow*>(parentWidget());
            window && width() < kCodeWidth)
            window->resizeDocks({this}, {kCodeWidth}, Qt::Horizontal);
    });
    m_export = menu->addAction(tr("&Export Project…"), this, &GenerateDock::exportRequested);
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
}

} // namespace swivel::designer
