#include "designer/emulation_dock.h"

#include <set>

#include <QMainWindow>
#include <QMenu>
#include <QScrollArea>

#include "canvas/machine_scene.h"
#include "designer/emulation_view_docks.h"
#include "document/document.h"
#include "emulation/emulation_controller.h"
#include "emulation_ui/charts_panel.h"
#include "emulation_ui/emulate_panel.h"
#include "emulation_ui/session_browser.h"
#include "emulation_ui/session_browser_wiring.h"

namespace swivel::designer {

EmulationDock::EmulationDock(document::Document* document, canvas::MachineScene* scene,
                             QMainWindow* window)
    : QDockWidget(tr("Emulate"), window), m_document(document), m_scene(scene),
      m_controller(new emulation::EmulationController(this)),
      m_panel(new emulation_ui::EmulatePanel(m_controller)),
      m_charts(new emulation_ui::ChartsPanel),
      m_chartsDock(new QDockWidget(tr("Charts"), window)) {
    m_chartsDock->setObjectName(QStringLiteral("chartsDock"));
    m_chartsDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    m_chartsDock->setWidget(m_charts);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_chartsDock);
    m_chartsDock->hide();
    m_views = new EmulationViewDocks(m_controller, window, m_chartsDock);
    m_sessions = new emulation_ui::SessionBrowser;
    m_sessionsDock = new QDockWidget(tr("Sessions"), window);
    m_sessionsDock->setObjectName(QStringLiteral("sessionsDock"));
    m_sessionsDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                                QDockWidget::DockWidgetFloatable);
    m_sessionsDock->setWidget(m_sessions);
    window->tabifyDockWidget(m_views->storeDock(), m_sessionsDock);
    m_sessionsDock->hide();
    emulation_ui::connectSessionBrowser(m_sessions, m_controller, m_scene,
                                        [this]() -> std::optional<model::Machine> {
        if (!m_shown)
            return std::nullopt;
        return m_document->machine();  // unsaved edits included
    });
    // The first divergence is marked in the sequence chart too; another session, or
    // the marks cleared, takes it away.
    connect(m_controller, &emulation::EmulationController::comparisonReady, this,
            [this](const emulation::SessionComparisonResult& result) {
        if (result.divergence)
            m_views->showForComparison();
        m_views->setHighlightStep(result.divergence ? std::optional<std::uint64_t>(result.divergence->step)
                                                    : std::nullopt);
    });
    connect(m_sessions, &emulation_ui::SessionBrowser::comparisonCleared, this,
            [this] { m_views->setHighlightStep(std::nullopt); });
    connect(m_sessions, &emulation_ui::SessionBrowser::openRequested, this,
            [this] { m_views->setHighlightStep(std::nullopt); });
    connect(m_controller, &emulation::EmulationController::frameChanged, this,
            [this](const emulation::FramePtr& frame) {
        if (m_chartsDock->isVisible())
            m_charts->showFrame(frame);
    });
    connect(m_chartsDock, &QDockWidget::visibilityChanged, this, [this, window](bool visible) {
        if (!visible)
            return;
        window->resizeDocks({m_chartsDock}, {340}, Qt::Vertical);  // four charts, two by two
        if (m_controller->frame())
            m_charts->showFrame(m_controller->frame());
    });
    setObjectName(QStringLiteral("emulateDock"));
    setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_panel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // The panel follows the dock's width; only the device table scrolls sideways.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setWidget(scroll);
    m_panel->setMachineSource([this]() -> std::optional<model::Machine> {
        if (!m_shown)
            return std::nullopt;
        return m_document->machine();
    });
    connect(m_document, &document::Document::changed, this, &EmulationDock::documentChanged);
    connect(m_controller, &emulation::EmulationController::frameChanged, this,
            &EmulationDock::updateCanvas);
    connect(m_controller, &emulation::EmulationController::selectedDeviceChanged, this,
            &EmulationDock::updateCanvas);
    connect(m_panel, &emulation_ui::EmulatePanel::heatMapToggled, this, &EmulationDock::updateCanvas);
    // A hidden panel takes its lights off the canvas with it.
    connect(this, &QDockWidget::visibilityChanged, this, &EmulationDock::updateCanvas);
}

EmulationDock::~EmulationDock() = default;

void EmulationDock::fillMenu(QMenu* menu) {
    QAction* toggle = toggleViewAction();
    toggle->setText(tr("Emulate &Panel"));
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    menu->addAction(toggle);
    QAction* charts = m_chartsDock->toggleViewAction();
    charts->setText(tr("&Charts"));
    charts->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    menu->addAction(charts);
    m_views->fillMenu(menu);
    QAction* sessions = m_sessionsDock->toggleViewAction();
    sessions->setText(tr("&Sessions"));
    sessions->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    menu->addAction(sessions);
    connect(sessions, &QAction::triggered, m_sessionsDock, [this](bool shown) {
        if (shown)
            m_sessionsDock->raise();
    });
    // Shown, it comes to the front of the Inspector it shares a tab group with.
    connect(toggle, &QAction::triggered, this, [this](bool shown) {
        if (shown)
            raise();
    });
    connect(m_panel->startAction(), &QAction::triggered, m_views, &EmulationViewDocks::showForFirstRun);
    menu->addSeparator();
    menu->addAction(m_panel->startAction());
    menu->addAction(m_panel->runAction());
    menu->addAction(m_panel->stepAction());
    menu->addAction(m_panel->stepBackAction());
    menu->addAction(m_panel->runToAction());
    menu->addAction(m_panel->resetAction());
    menu->addSeparator();
    menu->addAction(m_panel->openSessionAction());
    // The shortcuts work while the panel is hidden too (they show it).
    for (QAction* action : {m_panel->startAction(), m_panel->runAction(), m_panel->stepAction(),
                            m_panel->stepBackAction(), m_panel->runToAction(),
                            m_panel->resetAction(), m_panel->openSessionAction()})
        connect(action, &QAction::triggered, this, [this] {
            if (!isVisible()) {
                QDockWidget::show();
                raise();
            }
        });
}

void EmulationDock::documentShown(bool shown) {
    m_shown = shown;
    m_deviceType = shown ? m_document->machine().deviceType : std::string();
    m_panel->setEnabled(shown);
    m_sessions->setMachineAvailable(shown);
    if (!shown)
        m_sessions->clearComparison();
    m_panel->refreshScenarios();
    updateCanvas();
}

void EmulationDock::documentChanged() {
    if (m_shown && m_document->machine().deviceType != m_deviceType) {
        m_deviceType = m_document->machine().deviceType;
        m_panel->refreshScenarios();
    }
}

void EmulationDock::updateCanvas() {
    canvas::MachineScene::EmulationLook look;
    const emulation::FramePtr frame = m_controller->frame();
    const int device = m_controller->selectedDevice();
    if (isVisible() && m_shown && frame && device >= 0 &&
        static_cast<std::size_t>(device) < frame->state.devices.size()) {
        const emu::DeviceStateSnapshot& snapshot = frame->state.devices[static_cast<std::size_t>(device)];
        // All active states, compound ones included: the record lists them.
        if (snapshot.record.contains("active")) {
            for (const auto& state : snapshot.record["active"])
                look.activeStates.insert(state.get<std::string>());
        }
        if (static_cast<std::size_t>(device) < frame->lastTransitions.size()) {
            for (const std::string& transition : frame->lastTransitions[static_cast<std::size_t>(device)])
                look.takenTransitions.insert(transition);
        }
        if (m_panel->heatMapShown()) {
            // Against the most visited leaf state: a container is entered with each of
            // its children and would outshine them all.
            std::set<std::string> containers;
            for (const model::State& state : m_document->machine().states) {
                if (!state.parent.empty())
                    containers.insert(state.parent);
            }
            std::uint64_t most = 0;
            for (const auto& [state, visits] : frame->summary.visits) {
                if (!containers.count(state))
                    most = std::max(most, visits);
            }
            for (const auto& [state, visits] : frame->summary.visits)
                look.heat[state] = most ? static_cast<double>(visits) / static_cast<double>(most) : 0.0;
        }
    }
    if (look != m_scene->emulationLook())
        m_scene->setEmulationLook(std::move(look));
}

} // namespace swivel::designer
