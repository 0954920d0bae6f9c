#include "emulation_ui/emulate_panel.h"

#include <filesystem>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QFileDialog>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "emulation/emulation_controller.h"
#include "emulation_ui/device_table_model.h"
#include "emulators/scenario.h"
#include "model/device_catalog.h"
#include "model/expression.h"
#include "model/resources.h"
#include "model/semantics.h"

namespace swivel::emulation_ui {

namespace {

constexpr const char* kQuickStart = "quick";

QString seconds(emu::VirtualTime time) {
    return QString::number(static_cast<double>(time) / 1e6, 'f', 3);
}

// What a tag field's text means for the tag's type; nullopt: not a value of it.
std::optional<model::Value> tagValue(const QString& text, model::Type type) {
    bool ok = false;
    switch (type) {
    case model::Type::Bool:
        if (text == "true" || text == "false")
            return model::Value{text == "true"};
        return std::nullopt;
    case model::Type::Int: {
        const qlonglong value = text.toLongLong(&ok);
        return ok ? std::optional<model::Value>(model::Value{static_cast<std::int64_t>(value)})
                  : std::nullopt;
    }
    case model::Type::Double: {
        const double value = text.toDouble(&ok);
        return ok ? std::optional<model::Value>(model::Value{value}) : std::nullopt;
    }
    case model::Type::String:
        return model::Value{text.toStdString()};
    }
    return std::nullopt;
}

// The dock shares its width with the Inspector's: a combo box does not ask for the
// width of its longest entry.
void narrowed(QComboBox* box) {
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->setMinimumContentsLength(8);
}

} // namespace

EmulatePanel::EmulatePanel(emulation::EmulationController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_model(new DeviceTableModel(this)),
      m_sorted(new QSortFilterProxyModel(this)), m_start(new QAction(tr("&Start"), this)),
      m_run(new QAction(tr("&Run"), this)), m_step(new QAction(tr("S&tep one event"), this)),
      m_reset(new QAction(tr("R&eset"), this)), m_runTo(new QAction(tr("Run &to time"), this)),
      m_stepBack(new QAction(tr("Step &back"), this)),
      m_openSession(new QAction(tr("&Open Session…"), this)) {
    setObjectName(QStringLiteral("emulatePanel"));
    m_start->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_start->setToolTip(tr("Start the chosen scenario with this machine (Ctrl+Shift+E)"));
    m_run->setShortcut(QKeySequence(Qt::Key_F5));
    m_run->setToolTip(tr("Run or pause (F5)"));
    m_step->setShortcut(QKeySequence(Qt::Key_F10));
    m_step->setToolTip(tr("Take the next event (F10)"));
    m_reset->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    m_reset->setToolTip(tr("Start the run over, recorded into a new session (Shift+F5)"));
    m_runTo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F10));
    m_runTo->setToolTip(tr("Run until the virtual time given (Ctrl+F10)"));
    m_stepBack->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F10));
    m_stepBack->setToolTip(tr("Back one event in the recorded session (Shift+F10)"));
    m_openSession->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_openSession->setToolTip(tr("Show a recorded session file (Ctrl+Shift+O)"));
    for (QAction* action : {m_start, m_run, m_step, m_reset, m_runTo, m_stepBack, m_openSession}) {
        action->setShortcutContext(Qt::WindowShortcut);
        // What the user does next is newer than a notice on show: its frames speak
        // again. Connected first, so that a notice the action itself brings (a file
        // being read) is held.
        connect(action, &QAction::triggered, this, [this] { m_holdingNotice = false; });
    }
    connect(m_stepBack, &QAction::triggered, m_controller, &emulation::EmulationController::stepBack);
    connect(m_openSession, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open a recorded session"), emulation::EmulationController::sessionsDirectory(),
            tr("Swivel sessions (*.db);;All files (*)"));
        if (!path.isEmpty())
            m_controller->openSessionInBackground(path);  // failed() says why it cannot be
    });
    connect(m_controller, &emulation::EmulationController::loadingChanged, this, [this](bool loading) {
        if (loading) {
            holdNotice(tr("Reading the session…"));
        } else if (m_stopReason->text() == tr("Reading the session…")) {
            // Read or not, what is on show speaks again (a failure or the session's
            // frame follows when there is news).
            m_holdingNotice = false;
            if (const emulation::FramePtr frame = m_controller->frame())
                showFrame(frame);
            else
                m_stopReason->clear();
        }
    });
    connect(m_start, &QAction::triggered, this, &EmulatePanel::start);
    connect(m_run, &QAction::triggered, m_controller, &emulation::EmulationController::togglePlay);
    connect(m_step, &QAction::triggered, m_controller, &emulation::EmulationController::stepOnce);
    connect(m_reset, &QAction::triggered, m_controller, &emulation::EmulationController::reset);
    connect(m_runTo, &QAction::triggered, this, [this] {
        m_controller->runUntil(static_cast<emu::VirtualTime>(m_runToTime->value() * 1e6));
    });
    buildControls();
    connect(m_controller, &emulation::EmulationController::frameChanged, this,
            &EmulatePanel::showFrame);
    connect(m_controller, &emulation::EmulationController::selectedDeviceChanged, this,
            &EmulatePanel::selectRow);
    connect(m_controller, &emulation::EmulationController::failed, this, [this](const QString& text) {
        holdNotice(text);
        emit message(text);
    });
    updateActions();
}

void EmulatePanel::buildControls() {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    auto* scenarioRow = new QHBoxLayout;
    m_scenarios = new QComboBox;
    m_scenarios->setObjectName(QStringLiteral("scenarioBox"));
    m_scenarios->setToolTip(tr("What to emulate: the shipped scenarios for this machine's device "
                               "type, or one device alone"));
    narrowed(m_scenarios);
    scenarioRow->addWidget(m_scenarios, 1);
    auto* startButton = new QToolButton;
    startButton->setDefaultAction(m_start);
    scenarioRow->addWidget(startButton);
    layout->addLayout(scenarioRow);

    auto* playRow = new QHBoxLayout;
    for (QAction* action : {m_run, m_stepBack, m_step, m_reset}) {
        auto* button = new QToolButton;
        button->setDefaultAction(action);
        playRow->addWidget(button);
    }
    playRow->addStretch();
    layout->addLayout(playRow);
    auto* speedRow = new QHBoxLayout;
    speedRow->addWidget(new QLabel(tr("Speed")));
    m_speed = new QComboBox;
    narrowed(m_speed);
    m_speed->setObjectName(QStringLiteral("speedBox"));
    for (const auto& [label, speed] : std::vector<std::pair<QString, double>>{
             {tr("1×"), 1}, {tr("10×"), 10}, {tr("100×"), 100}, {tr("1000×"), 1000},
             {tr("As fast as possible"), 0}})
        m_speed->addItem(label, speed);
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this] { m_controller->setSpeed(m_speed->currentData().toDouble()); });
    m_controller->setSpeed(m_speed->currentData().toDouble());
    speedRow->addWidget(m_speed, 1);
    layout->addLayout(speedRow);

    m_clock = new QLabel;
    m_clock->setObjectName(QStringLiteral("clockLabel"));
    m_clock->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_clock->setWordWrap(true);
    layout->addWidget(m_clock);
    auto* clockRow = new QHBoxLayout;
    clockRow->addWidget(new QLabel(tr("Run to")));
    m_runToTime = new QDoubleSpinBox;
    m_runToTime->setSuffix(tr(" s"));
    m_runToTime->setDecimals(3);
    m_runToTime->setRange(0, 1e7);
    m_runToTime->setValue(1);
    clockRow->addWidget(m_runToTime);
    auto* runToButton = new QToolButton;
    runToButton->setDefaultAction(m_runTo);
    clockRow->addWidget(runToButton);
    clockRow->addStretch();
    layout->addLayout(clockRow);

    auto* sliderRow = new QHBoxLayout;
    m_sliderLabel = new QLabel(tr("Session"));
    sliderRow->addWidget(m_sliderLabel);
    m_slider = new QSlider(Qt::Horizontal);
    m_slider->setObjectName(QStringLiteral("sessionSlider"));
    m_slider->setToolTip(tr("Every recorded step: drag, or use the arrow keys, Home and End"));
    m_slider->setEnabled(false);
    connect(m_slider, &QSlider::valueChanged, this, [this](int step) {
        if (!m_showingFrame)
            m_controller->seek(static_cast<std::uint64_t>(step));
    });
    sliderRow->addWidget(m_slider, 1);
    layout->addLayout(sliderRow);

    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    layout->addWidget(m_progress);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_stopReason = new QLabel;
    m_stopReason->setWordWrap(true);
    m_stopReason->setStyleSheet(QStringLiteral("color: #b45309;"));
    layout->addWidget(m_stopReason);

    m_heatMap = new QCheckBox(tr("Heat map of visits over the fleet"));
    connect(m_heatMap, &QCheckBox::toggled, this, &EmulatePanel::heatMapToggled);
    layout->addWidget(m_heatMap);

    buildBreakpoints(layout);
    buildInjection(layout);

    auto* devices = new QGroupBox(tr("Devices"));
    auto* devicesLayout = new QVBoxLayout(devices);
    m_filter = new QLineEdit;
    m_filter->setPlaceholderText(tr("Filter devices (id, state, event)…"));
    m_filter->setClearButtonEnabled(true);
    devicesLayout->addWidget(m_filter);
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(Qt::UserRole);
    m_sorted->setFilterKeyColumn(-1);
    m_sorted->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(m_filter, &QLineEdit::textChanged, m_sorted, &QSortFilterProxyModel::setFilterFixedString);
    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("deviceTable"));
    m_table->setModel(m_sorted);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(DeviceTableModel::Device, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Sized to what the first rows need: measuring a thousand rows 30 times a second
    // would stall the window.
    m_table->horizontalHeader()->setResizeContentsPrecision(32);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
        if (current.isValid())
            m_controller->selectDevice(m_sorted->mapToSource(current).row());
    });
    devicesLayout->addWidget(m_table);
    layout->addWidget(devices, 1);
}

void EmulatePanel::buildBreakpoints(QVBoxLayout* layout) {
    auto* box = new QGroupBox(tr("Breakpoints"));
    auto* boxLayout = new QVBoxLayout(box);
    auto* stateRow = new QHBoxLayout;
    stateRow->addWidget(new QLabel(tr("Stop on entering")));
    m_breakState = new QComboBox;
    m_breakState->setObjectName(QStringLiteral("breakStateBox"));
    narrowed(m_breakState);
    stateRow->addWidget(m_breakState, 1);
    auto* addState = new QPushButton(tr("Add"));
    connect(addState, &QPushButton::clicked, this, [this] { addBreakpoint("state"); });
    stateRow->addWidget(addState);
    boxLayout->addLayout(stateRow);
    auto* transitionRow = new QHBoxLayout;
    transitionRow->addWidget(new QLabel(tr("Stop on taking")));
    m_breakTransition = new QComboBox;
    m_breakTransition->setObjectName(QStringLiteral("breakTransitionBox"));
    narrowed(m_breakTransition);
    transitionRow->addWidget(m_breakTransition, 1);
    auto* addTransition = new QPushButton(tr("Add"));
    connect(addTransition, &QPushButton::clicked, this, [this] { addBreakpoint("transition"); });
    transitionRow->addWidget(addTransition);
    boxLayout->addLayout(transitionRow);
    auto* conditionRow = new QHBoxLayout;
    m_breakCondition = new QLineEdit;
    m_breakCondition->setPlaceholderText(tr("Stop when… (e.g. focusTries >= 2)"));
    conditionRow->addWidget(m_breakCondition, 1);
    auto* addCondition = new QPushButton(tr("Add"));
    connect(addCondition, &QPushButton::clicked, this, [this] { addBreakpoint("condition"); });
    connect(m_breakCondition, &QLineEdit::returnPressed, this, [this] { addBreakpoint("condition"); });
    conditionRow->addWidget(addCondition);
    boxLayout->addLayout(conditionRow);
    auto* addConflict = new QPushButton(tr("Stop on a conflict"));
    addConflict->setToolTip(tr("Stop when a handler's conditional put meets a newer version"));
    connect(addConflict, &QPushButton::clicked, this, [this] { addBreakpoint("conflict"); });
    auto* conflictRow = new QHBoxLayout;
    conflictRow->addWidget(addConflict);
    conflictRow->addStretch();
    boxLayout->addLayout(conflictRow);
    m_breakpoints = new QListWidget;
    m_breakpoints->setMaximumHeight(70);
    m_breakpoints->setToolTip(tr("Delete removes the selected breakpoint"));
    boxLayout->addWidget(m_breakpoints);
    auto* remove = new QAction(tr("Remove breakpoint"), m_breakpoints);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    connect(remove, &QAction::triggered, this, [this] {
        const int row = m_breakpoints->currentRow();
        if (row < 0 || row >= static_cast<int>(m_breakpointList.size()))
            return;
        m_breakpointList.erase(m_breakpointList.begin() + row);
        delete m_breakpoints->takeItem(row);
        sendBreakpoints();
    });
    m_breakpoints->addAction(remove);
    layout->addWidget(box);
}

void EmulatePanel::buildInjection(QVBoxLayout* layout) {
    auto* box = new QGroupBox(tr("Send an event (selected device)"));
    auto* boxLayout = new QVBoxLayout(box);
    auto* row = new QHBoxLayout;
    m_injectEvent = new QComboBox;
    m_injectEvent->setObjectName(QStringLiteral("injectEventBox"));
    narrowed(m_injectEvent);
    connect(m_injectEvent, &QComboBox::currentIndexChanged, this, &EmulatePanel::fillInjectionForm);
    row->addWidget(m_injectEvent, 1);
    row->addWidget(new QLabel(tr("×")));
    m_burst = new QSpinBox;
    m_burst->setRange(1, 10000);
    m_burst->setToolTip(tr("A burst: this many copies, sent at once"));
    row->addWidget(m_burst);
    auto* send = new QPushButton(tr("Send"));
    send->setObjectName(QStringLiteral("injectButton"));
    connect(send, &QPushButton::clicked, this, [this] {
        m_holdingNotice = false;
        inject();
    });
    row->addWidget(send);
    boxLayout->addLayout(row);
    m_injectForm = new QFormLayout;
    boxLayout->addLayout(m_injectForm);
    layout->addWidget(box);
}

void EmulatePanel::setMachineSource(std::function<std::optional<model::Machine>()> machine) {
    m_machineSource = std::move(machine);
    refreshScenarios();
}

void EmulatePanel::refreshScenarios() {
    const std::optional<model::Machine> machine = m_machineSource ? m_machineSource() : std::nullopt;
    const QString previous = m_scenarios->currentData().toString();
    m_scenarios->clear();
    m_breakState->clear();
    m_breakTransition->clear();
    m_injectEvent->clear();
    if (!machine)
        return updateActions();
    const model::DeviceType* device = model::DeviceCatalog::builtin().findDevice(machine->deviceType);
    m_scenarios->addItem(tr("One %1 (quick start)")
                             .arg(device ? QString::fromStdString(device->name)
                                         : QString::fromStdString(machine->deviceType)),
                         QString::fromLatin1(kQuickStart));
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(model::resourcesDirectory() + "/scenarios", error))
        if (entry.path().string().ends_with(".scenario.json"))
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
        std::vector<model::Diagnostic> diagnostics;
        const std::optional<emu::Scenario> scenario = emu::loadScenarioFile(file.string(), diagnostics);
        if (!scenario)
            continue;
        // Only scenarios whose devices all run this machine's device type.
        const bool fits = !scenario->devices.empty() &&
                          std::all_of(scenario->devices.begin(), scenario->devices.end(),
                                      [&](const emu::DeviceGroup& group) {
                                          return group.type == machine->deviceType;
                                      });
        if (fits)
            m_scenarios->addItem(QString::fromStdString(scenario->name), QString::fromStdString(file.string()));
    }
    const int index = m_scenarios->findData(previous);
    m_scenarios->setCurrentIndex(index >= 0 ? index : 0);
    for (const model::State& state : machine->states)
        m_breakState->addItem(QString::fromStdString(state.id));
    for (const model::Transition& transition : machine->transitions) {
        const QString event = QString::fromStdString(transition.event);
        m_breakTransition->addItem(QString::fromStdString(transition.id) +
                                       (event.isEmpty() ? QString() : " (" + event + ")"),
                                   QString::fromStdString(transition.id));
    }
    if (device) {
        for (const model::EventType& event : device->events)
            m_injectEvent->addItem(QString::fromStdString(event.name));
    }
    updateActions();
}

void EmulatePanel::start() {
    const std::optional<model::Machine> machine = m_machineSource ? m_machineSource() : std::nullopt;
    if (!machine) {
        emit message(tr("Open a machine to emulate it"));
        return;
    }
    const QString choice = m_scenarios->currentData().toString();
    std::optional<emu::Scenario> scenario;
    if (choice == QLatin1String(kQuickStart) || choice.isEmpty()) {
        scenario = emu::quickScenario("", machine->deviceType);
    } else {
        std::vector<model::Diagnostic> diagnostics;
        scenario = emu::loadScenarioFile(choice.toStdString(), diagnostics);
        if (!scenario) {
            const QString why = diagnostics.empty() ? tr("cannot be read")
                                                    : QString::fromStdString(diagnostics.front().message);
            emit message(tr("%1: %2").arg(choice, why));
            return;
        }
    }
    m_stopReason->clear();
    m_holdingNotice = false;
    m_controller->start(*scenario, *machine);
    emit message(tr("Emulating %1").arg(QString::fromStdString(scenario->name)));
}

void EmulatePanel::holdNotice(const QString& text) {
    m_stopReason->setText(text);
    m_holdingNotice = true;
}

void EmulatePanel::showFrame(const emulation::FramePtr& frame) {
    const std::uint64_t lastStep = frame->replay ? frame->lastStep : frame->step;
    m_clock->setText(tr("t = %1 s of %2 s · step %3%4")
                         .arg(seconds(frame->time), seconds(frame->duration))
                         .arg(frame->step)
                         .arg(frame->replay ? tr(" of %1 (recorded)").arg(lastStep) : QString()));
    m_progress->setValue(static_cast<int>(frame->progress() * 1000));
    const emu::SimulationSummary& s = frame->summary;
    if (frame->replay) {
        m_status->setText(tr("%1 events applied by this step").arg(s.applied));
        m_stopReason->setText(tr("Recorded session %1").arg(frame->sessionPath));
        m_holdingNotice = false;
    } else {
        m_status->setText(tr("%1 device events · %2 invocations · %3 applied · %4 conflicts · %5 "
                             "duplicates suppressed · %6 commands")
                              .arg(s.deviceEvents)
                              .arg(s.invocations)
                              .arg(s.applied)
                              .arg(s.conflicts)
                              .arg(s.duplicatesSuppressed)
                              .arg(s.commands));
        if (frame->running)
            m_holdingNotice = false;
        if (!m_holdingNotice)
            m_stopReason->setText(frame->finished
                                      ? tr("The run is over; step back through it (Shift+F10, or the "
                                           "slider). Recorded in %1").arg(frame->sessionPath)
                                  : frame->stopReason.isEmpty() ? QString()
                                                                : tr("Stopped: %1").arg(frame->stopReason));
    }
    m_showingFrame = true;
    const bool scrubbable = frame->replay || (frame->finished && m_controller->replaying());
    m_slider->setEnabled(scrubbable);
    m_slider->setRange(0, static_cast<int>(lastStep));
    m_slider->setValue(static_cast<int>(frame->step));
    m_showingFrame = false;
    const int rowsBefore = m_model->rowCount();
    m_model->setFrame(frame);
    if (m_model->rowCount() != rowsBefore)
        m_table->resizeColumnsToContents();
    if (m_controller->selectedDevice() >= 0)
        selectRow(m_controller->selectedDevice());
    updateActions();
}

void EmulatePanel::selectRow(int device) {
    if (device < 0 || device >= m_model->rowCount())
        return;
    const QModelIndex index = m_sorted->mapFromSource(m_model->index(device, 0));
    if (!index.isValid() || m_table->currentIndex().row() == index.row())
        return;
    m_table->setCurrentIndex(index);
}

void EmulatePanel::updateActions() {
    const emulation::FramePtr frame = m_controller->frame();
    const bool replaying = m_controller->replaying() && frame;
    const bool live = m_controller->hasRun() && frame && !replaying;
    const bool finished = frame && frame->finished;
    m_start->setEnabled(m_scenarios->count() > 0);
    m_run->setEnabled(live && !finished);
    m_run->setText(m_controller->running() ? tr("&Pause") : tr("&Run"));
    const std::uint64_t lastStep = replaying ? (frame->replay ? frame->lastStep : frame->step) : 0;
    m_step->setEnabled((live && !finished && !m_controller->running()) ||
                       (replaying && frame->step < lastStep));
    m_stepBack->setEnabled(replaying && frame->step > 0);
    m_reset->setEnabled(m_controller->hasRun());
    m_runTo->setEnabled(live && !finished);
}

void EmulatePanel::addBreakpoint(const QString& kind) {
    emulation::Breakpoint breakpoint;
    if (kind == "state") {
        if (m_breakState->currentText().isEmpty())
            return;
        breakpoint = {emulation::Breakpoint::Kind::EnterState, m_breakState->currentText().toStdString(), ""};
    } else if (kind == "transition") {
        const QString id = m_breakTransition->currentData().toString();
        if (id.isEmpty())
            return;
        breakpoint = {emulation::Breakpoint::Kind::Transition, id.toStdString(), ""};
    } else if (kind == "condition") {
        const QString text = m_breakCondition->text().trimmed();
        if (text.isEmpty())
            return;
        const model::Expression expression = model::Expression::parse(text.toStdString());
        if (!expression.ok()) {
            emit message(tr("The condition has an error: %1")
                             .arg(QString::fromStdString(expression.errors().front().message)));
            return;
        }
        breakpoint = {emulation::Breakpoint::Kind::Condition, text.toStdString(), ""};
        m_breakCondition->clear();
    } else {
        breakpoint = {emulation::Breakpoint::Kind::Conflict, "", ""};
    }
    if (std::find(m_breakpointList.begin(), m_breakpointList.end(), breakpoint) != m_breakpointList.end())
        return;
    m_breakpointList.push_back(breakpoint);
    m_breakpoints->addItem(QString::fromStdString(breakpoint.describe()));
    sendBreakpoints();
}

void EmulatePanel::sendBreakpoints() {
    m_controller->setBreakpoints(m_breakpointList);
}

void EmulatePanel::fillInjectionForm() {
    while (m_injectForm->rowCount() > 0)
        m_injectForm->removeRow(0);
    m_tagFields.clear();
    const std::optional<model::Machine> machine = m_machineSource ? m_machineSource() : std::nullopt;
    const model::DeviceType* device =
        machine ? model::DeviceCatalog::builtin().findDevice(machine->deviceType) : nullptr;
    const model::EventType* event =
        device ? device->findEvent(m_injectEvent->currentText().toStdString()) : nullptr;
    if (!event)
        return;
    for (const model::Field& tag : event->tags) {
        auto* field = new QLineEdit;
        field->setObjectName(QString::fromStdString("tag_" + tag.name));
        const QString type = QString::fromUtf8(model::typeName(tag.type).data());
        field->setPlaceholderText(tag.values.empty() ? type
                                                     : QString::fromStdString(tag.values.front()));
        field->setToolTip(QString::fromStdString(tag.description));
        if (!tag.values.empty())
            field->setText(QString::fromStdString(tag.values.front()));
        else if (tag.type == model::Type::Int || tag.type == model::Type::Double)
            field->setText(QStringLiteral("0"));
        else if (tag.type == model::Type::Bool)
            field->setText(QStringLiteral("true"));
        m_injectForm->addRow(QString::fromStdString(tag.name) + " (" + type + ")", field);
        m_tagFields.push_back(field);
    }
}

void EmulatePanel::inject() {
    const int device = m_controller->selectedDevice();
    const std::optional<model::Machine> machine = m_machineSource ? m_machineSource() : std::nullopt;
    const model::DeviceType* type =
        machine ? model::DeviceCatalog::builtin().findDevice(machine->deviceType) : nullptr;
    const model::EventType* eventType =
        type ? type->findEvent(m_injectEvent->currentText().toStdString()) : nullptr;
    if (device < 0 || !eventType || !m_controller->hasRun()) {
        emit message(tr("Start a run and select a device first"));
        return;
    }
    model::Event event;
    event.name = eventType->name;
    for (std::size_t i = 0; i < eventType->tags.size() && i < m_tagFields.size(); ++i) {
        const model::Field& tag = eventType->tags[i];
        const std::optional<model::Value> value = tagValue(m_tagFields[i]->text(), tag.type);
        if (!value) {
            emit message(tr("%1 must be a %2").arg(QString::fromStdString(tag.name),
                                                   QString::fromUtf8(model::typeName(tag.type).data())));
            m_tagFields[i]->setFocus();
            return;
        }
        event.tags.push_back({tag.name, *value});
    }
    for (int i = 0; i < m_burst->value(); ++i)
        m_controller->inject(device, event);
}

bool EmulatePanel::heatMapShown() const {
    return m_heatMap->isChecked();
}

} // namespace swivel::emulation_ui
