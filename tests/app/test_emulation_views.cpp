// The instance timeline and the store panel of the Emulate mode, driven with real
// mouse and key events on histories made by hand: the lecture's conflict story — two
// invocations for camera-1; the second reads version 17, the first puts 18 before
// it, so its put fails, it backs off, rereads 18 and puts 19 — and then the store
// outage convoy run by the emulator itself. The line diff behind the store panel is
// checked on its own.
#include <QtTest>

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QToolTip>
#include <QTreeWidget>

#include <map>

#include "emulation_ui/device_table_model.h"
#include "emulation_ui/instance_timeline.h"
#include "emulation_ui/store_diff.h"
#include "emulation_ui/store_panel.h"
#include "emulators/history.h"
#include "emulators/history_keeper.h"
#include "emulators/scenario.h"
#include "emulators/simulator.h"
#include "model/device_catalog.h"
#include "model/machine_file.h"
#include "model/state_record.h"

using namespace swivel;
using emulation_ui::DiffLine;
using emulation_ui::diffLines;
using Kind = DiffLine::Kind;
using emu::InvocationOutcome;
using emu::InvocationPhase;
using emu::milliseconds;

namespace {

const QString kCamera = SWIVEL_SOURCE_RESOURCES "/examples/camera-point-focus-shoot.swivel.json";

emu::PhaseHistory phase(int ms, InvocationPhase what, int attempt = 1, std::uint64_t version = 0) {
    emu::PhaseHistory p;
    p.time = milliseconds(ms);
    p.phase = what;
    p.attempt = attempt;
    p.version = version;
    return p;
}

emu::InvocationHistory invocation(emu::InvocationId id, int instance, int device, emu::MessageId message,
                                  std::vector<emu::PhaseHistory> phases,
                                  std::optional<InvocationOutcome> outcome, int endMs, int attempts = 1,
                                  int conflicts = 0) {
    emu::InvocationHistory i;
    i.id = id;
    i.instance = instance;
    i.device = device;
    i.message = message;
    i.startTime = phases.front().time;
    i.coldStart = phases.front().phase == InvocationPhase::ColdStart;
    i.phases = std::move(phases);
    i.outcome = outcome;
    i.endTime = milliseconds(endMs);
    i.attempts = attempts;
    i.conflicts = conflicts;
    return i;
}

// Invocation 1 on instance #0 applies Motion (v17 -> v18) while invocation 2, cold
// started on instance #1, has read v17: its put meets v18, it backs off, rereads v18
// and applies (v19). Invocation 3 is still running at the moment (2 s).
std::shared_ptr<emu::InstanceHistory> conflictStory() {
    auto history = std::make_shared<emu::InstanceHistory>();
    history->from = 0;
    history->to = milliseconds(2000);
    history->invocations.push_back(invocation(
        1, 0, 0, 10,
        {phase(100, InvocationPhase::Read, 1, 17), phase(110, InvocationPhase::Compute),
         phase(130, InvocationPhase::Put, 1, 17), phase(150, InvocationPhase::Send)},
        InvocationOutcome::Applied, 170));
    history->invocations.push_back(invocation(
        2, 1, 0, 11,
        {phase(90, InvocationPhase::ColdStart), phase(400, InvocationPhase::Read, 1, 17),
         phase(415, InvocationPhase::Compute), phase(430, InvocationPhase::Put, 1, 17),
         phase(450, InvocationPhase::Backoff), phase(650, InvocationPhase::Read, 2, 18),
         phase(665, InvocationPhase::Compute, 2), phase(680, InvocationPhase::Put, 2, 18),
         phase(700, InvocationPhase::Send, 2)},
        InvocationOutcome::Applied, 720, 2, 1));
    history->invocations.push_back(invocation(
        3, 0, 0, 12, {phase(1800, InvocationPhase::Read, 1, 19), phase(1900, InvocationPhase::Compute)},
        std::nullopt, 0));
    return history;
}

nlohmann::json record(const char* state, int bearing) {
    return {{"configuration", {state}},
            {"active", {"On", state}},
            {"variables", {{"bearing", bearing}, {"photos", 3}}},
            {"history", nlohmann::json::object()},
            {"timers", nlohmann::json::array()},
            {"nextTimerToken", 1},
            {"finished", false}};
}

emu::VersionHistory version(std::uint64_t number, int ms, const char* event, const char* state, int bearing,
                            std::vector<std::string> transitions) {
    emu::VersionHistory v;
    v.version = number;
    v.step = number * 3;
    v.time = milliseconds(ms);
    v.invocation = number;
    v.message = number + 10;
    v.record = record(state, bearing);
    v.event = {{"event", event}, {"tags", {{"Bearing", bearing}}}};
    v.transitions = std::move(transitions);
    v.actions = nlohmann::json::array({{{"kind", "send"}, {"command", "Swivel"}, {"args", {{"Bearing", bearing}}}}});
    return v;
}

std::shared_ptr<emu::DeviceHistory> cameraVersions() {
    auto history = std::make_shared<emu::DeviceHistory>();
    history->device = 0;
    history->time = milliseconds(2000);
    history->versions.push_back(version(17, 40, "MoveDone", "Idle", 0, {"moved"}));
    history->versions.push_back(version(18, 150, "Motion", "Swiveling", 90, {"motion"}));
    history->versions.push_back(version(19, 700, "MoveDone", "Focusing", 90, {"moved", "focus"}));
    return history;
}

QStringList listedVersions(const QTreeWidget* list) {
    QStringList versions;
    for (int row = 0; row < list->topLevelItemCount(); ++row)
        versions << list->topLevelItem(row)->text(0);
    return versions;
}

// The colours of a dark desktop theme, to see the views on it.
QPalette darkPalette() {
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Midlight, QColor(0x4a, 0x4a, 0x4a));
    dark.setColor(QPalette::Mid, QColor(0x55, 0x55, 0x55));
    dark.setColor(QPalette::Highlight, QColor(0x3b, 0x82, 0xf6));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::PlaceholderText, QColor(0x99, 0x99, 0x99));
    return dark;
}

QString screenshotDirectory() { return qEnvironmentVariable("SWIVEL_SCREENSHOT_DIR"); }

} // namespace

class TestEmulationViews : public QObject {
    Q_OBJECT
private slots:
    // --- the line diff -------------------------------------------------------------
    void diffOfNothingIsNothing() { QCOMPARE(diffLines({}, {}).size(), std::size_t(0)); }

    void equalTextsAreAllUnchanged() {
        const auto diff = diffLines({"a", "b", "c"}, {"a", "b", "c"});
        const std::vector<DiffLine> expected{{Kind::Same, "a"}, {Kind::Same, "b"}, {Kind::Same, "c"}};
        QVERIFY(diff == expected);
    }

    void anInsertedLineIsAdded() {
        const auto diff = diffLines({"a", "c"}, {"a", "b", "c"});
        const std::vector<DiffLine> expected{{Kind::Same, "a"}, {Kind::Added, "b"}, {Kind::Same, "c"}};
        QVERIFY(diff == expected);
        const auto fromNothing = diffLines({}, {"x", "y"});
        QVERIFY((fromNothing == std::vector<DiffLine>{{Kind::Added, "x"}, {Kind::Added, "y"}}));
    }

    void aDeletedLineIsRemoved() {
        const auto diff = diffLines({"a", "b", "c"}, {"a", "c"});
        const std::vector<DiffLine> expected{{Kind::Same, "a"}, {Kind::Removed, "b"}, {Kind::Same, "c"}};
        QVERIFY(diff == expected);
        QVERIFY((diffLines({"x"}, {}) == std::vector<DiffLine>{{Kind::Removed, "x"}}));
    }

    void aReplacedStretchReadsRemovedThenAdded() {
        const auto diff = diffLines({"{", "  \"a\": 1,", "  \"b\": 2,", "  \"c\": 3", "}"},
                                    {"{", "  \"a\": 5,", "  \"b\": 6,", "  \"c\": 3", "}"});
        const std::vector<DiffLine> expected{{Kind::Same, "{"},          {Kind::Removed, "  \"a\": 1,"},
                                             {Kind::Removed, "  \"b\": 2,"}, {Kind::Added, "  \"a\": 5,"},
                                             {Kind::Added, "  \"b\": 6,"},   {Kind::Same, "  \"c\": 3"},
                                             {Kind::Same, "}"}};
        QVERIFY(diff == expected);
    }

    void theDiffKeepsTheLongestCommonPart() {
        // Moving one line costs one removal and one addition, not a rewrite.
        const auto diff = diffLines({"a", "b", "c", "d", "e"}, {"b", "c", "d", "e", "a"});
        QCOMPARE(std::count_if(diff.begin(), diff.end(), [](const DiffLine& l) { return l.kind == Kind::Same; }), 4);
        QCOMPARE(diff.size(), std::size_t(6));
    }

    // --- the instance timeline -----------------------------------------------------
    void theTimelineHasALanePerInstance() {
        emulation_ui::InstanceTimeline timeline;
        timeline.resize(700, 220);
        timeline.show();
        QVERIFY(QTest::qWaitForWindowExposed(&timeline));
        QCOMPARE(timeline.laneCount(), 0);
        timeline.showInstances(conflictStory());
        QCOMPARE(timeline.laneCount(), 2);
        // Both bars of the story lie in view, on their own lanes, in time order.
        const QRect first = timeline.barRect(1), second = timeline.barRect(2);
        QVERIFY(!first.isEmpty() && !second.isEmpty());
        QVERIFY(second.top() >= first.bottom());
        QVERIFY(timeline.lanesViewport()->rect().contains(second));
        QVERIFY(second.left() <= first.left());  // its cold start began at 90 ms, before 100 ms
        QVERIFY(second.right() > first.right() + 100);
        // The running one reaches the moment (`to`), the right end of the plot.
        QVERIFY(timeline.barRect(3).right() > second.right());
        QVERIFY(timeline.barRect(3).right() >= timeline.lanesViewport()->width() - 12);
        QVERIFY(timeline.barRect(42).isEmpty());
    }

    void clickingTheConflictingBarSelectsThatInvocation() {
        emulation_ui::InstanceTimeline timeline;
        timeline.setDeviceNames({"camera-1"});
        timeline.resize(700, 220);
        timeline.show();
        QVERIFY(QTest::qWaitForWindowExposed(&timeline));
        timeline.showInstances(conflictStory());
        QSignalSpy clicked(&timeline, &emulation_ui::InstanceTimeline::invocationClicked);

        const QRect bar = timeline.barRect(2);
        QTest::mouseClick(timeline.lanesViewport(), Qt::LeftButton, {}, bar.center());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).value<emu::InvocationId>(), emu::InvocationId(2));
        QCOMPARE(clicked.at(0).at(1).toInt(), 0);
        QCOMPARE(timeline.selectedInvocation(), emu::InvocationId(2));

        // Between the bars there is nothing to select.
        QTest::mouseClick(timeline.lanesViewport(), Qt::LeftButton, {},
                          QPoint(timeline.barRect(1).right() + 30, timeline.barRect(1).center().y()));
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(timeline.selectedInvocation(), emu::InvocationId(0));
    }

    void hoveringABarTellsItsStory() {
        emulation_ui::InstanceTimeline timeline;
        timeline.setDeviceNames({"camera-1"});
        timeline.resize(700, 220);
        timeline.show();
        QVERIFY(QTest::qWaitForWindowExposed(&timeline));
        timeline.showInstances(conflictStory());
        QWidget* viewport = timeline.lanesViewport();
        const QPoint at = timeline.barRect(2).center();
        QTest::mouseMove(viewport, at);
        QHelpEvent help(QEvent::ToolTip, at, viewport->mapToGlobal(at));
        QCoreApplication::sendEvent(viewport, &help);
        QTRY_VERIFY(QToolTip::isVisible());
        const QString tip = QToolTip::text();
        QVERIFY2(tip.contains("camera-1"), qPrintable(tip));
        QVERIFY2(tip.contains("event message 11, delivery #1"), qPrintable(tip));
        QVERIFY2(tip.contains("applied"), qPrintable(tip));
        QVERIFY2(tip.contains("2 attempt(s), 1 conflict(s)"), qPrintable(tip));
        QVERIFY2(tip.contains("cold start"), qPrintable(tip));
        QVERIFY2(tip.contains("backoff"), qPrintable(tip));
        QVERIFY2(tip.contains("put if v17 <span"), qPrintable(tip));  // the put that conflicted
        QVERIFY2(tip.contains("200 ms"), qPrintable(tip));            // the backoff's length
        QToolTip::hideText();
        // The running one says so.
        QVERIFY(timeline.toolTipFor(3).contains("running"));
        QVERIFY(timeline.toolTipFor(3).contains("so far"));
    }

    void theWindowBoxAsksForAnotherWindow() {
        emulation_ui::InstanceTimeline timeline;
        timeline.show();
        QVERIFY(QTest::qWaitForWindowExposed(&timeline));
        QSignalSpy asked(&timeline, &emulation_ui::InstanceTimeline::windowChangeRequested);
        timeline.setWindowWidth(emu::seconds(5));
        QCOMPARE(asked.count(), 0);  // the owner's own setting is no request
        timeline.windowBox()->setFocus();
        QTest::keyClick(timeline.windowBox(), Qt::Key_Down);
        QCOMPARE(asked.count(), 1);
        QCOMPARE(asked.at(0).at(0).value<emu::VirtualTime>(), emu::seconds(20));
        QCOMPARE(timeline.windowWidth(), emu::seconds(20));
    }

    // --- the store panel -----------------------------------------------------------
    void theStorePanelListsVersionsNewestFirst() {
        emulation_ui::StorePanel panel;
        panel.setDeviceNames({"camera-1"});
        panel.resize(820, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.showHistory(cameraVersions());
        QCOMPARE(panel.header()->text(), QString("camera-1 — version 19"));
        QCOMPARE(listedVersions(panel.versionList()), (QStringList{"19", "18", "17"}));
        QCOMPARE(panel.selectedVersion(), std::optional<std::uint64_t>(19));
        QCOMPARE(panel.versionList()->topLevelItem(1)->text(2), QString("Motion"));
        QCOMPARE(panel.versionList()->topLevelItem(0)->text(3), QString("moved, focus"));
        QVERIFY(panel.recordView()->toPlainText().contains("\"Focusing\""));
    }

    void theDiffShowsTheConfigurationChange() {
        emulation_ui::StorePanel panel;
        panel.resize(820, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.showHistory(cameraVersions());
        // By default: the selected version (19) against the one before (18).
        QVERIFY(panel.compareWithPreviousBox()->isChecked());
        QCOMPARE(panel.compareFromBox()->currentText(), QString("v18 · 0.150 s"));
        QCOMPARE(panel.compareToBox()->currentText(), QString("v19 · 0.700 s"));
        const auto& diff = panel.shownDiff();
        std::vector<DiffLine> changed;
        std::copy_if(diff.begin(), diff.end(), std::back_inserter(changed),
                     [](const DiffLine& l) { return l.kind != Kind::Same; });
        const std::vector<DiffLine> expected{{Kind::Removed, "    \"Swiveling\""}, {Kind::Added, "    \"Focusing\""},
                                             {Kind::Removed, "    \"Swiveling\""}, {Kind::Added, "    \"Focusing\""}};
        QVERIFY2(changed == expected, qPrintable(panel.diffView()->toPlainText()));
        // The view marks them as a diff reads: '-' removed, '+' added, the rest plain.
        const QString shown = panel.diffView()->toPlainText();
        QVERIFY2(shown.contains("-     \"Swiveling\"\n+     \"Focusing\""), qPrintable(shown));
        QVERIFY(shown.contains("  \"configuration\": ["));

        // Pick A by hand: 17 against 19 also shows the bearing, and "with previous" goes off.
        panel.compareFromBox()->setFocus();
        QTest::keyClick(panel.compareFromBox(), Qt::Key_Down);
        QCOMPARE(panel.compareFromBox()->currentText(), QString("v17 · 0.040 s"));
        QVERIFY(!panel.compareWithPreviousBox()->isChecked());
        QVERIFY(panel.diffView()->toPlainText().contains("-     \"bearing\": 0,\n+     \"bearing\": 90,"));
        // Back to the default with one click.
        QTest::mouseClick(panel.compareWithPreviousBox(), Qt::LeftButton, {},
                          QPoint(8, panel.compareWithPreviousBox()->height() / 2));
        QVERIFY(panel.compareWithPreviousBox()->isChecked());
        QCOMPARE(panel.compareFromBox()->currentText(), QString("v18 · 0.150 s"));
    }

    void arrowKeysWalkTheVersionsAndTheDiffFollows() {
        emulation_ui::StorePanel panel;
        panel.resize(820, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.showHistory(cameraVersions());
        panel.versionList()->setFocus();
        QTest::keyClick(panel.versionList(), Qt::Key_Down);
        QCOMPARE(panel.selectedVersion(), std::optional<std::uint64_t>(18));
        QVERIFY(panel.recordView()->toPlainText().contains("\"Swiveling\""));
        QCOMPARE(panel.compareFromBox()->currentText(), QString("v17 · 0.040 s"));
        QCOMPARE(panel.compareToBox()->currentText(), QString("v18 · 0.150 s"));
        QVERIFY(panel.diffView()->toPlainText().contains("-     \"Idle\"\n+     \"Swiveling\""));

        // An older version picked stays picked when version 20 arrives...
        auto newer = cameraVersions();
        newer->versions.push_back(version(20, 900, "FocusDone", "Shooting", 90, {"focused"}));
        panel.showHistory(newer);
        QCOMPARE(panel.header()->text(), QString("device 0 — version 20"));
        QCOMPARE(listedVersions(panel.versionList()), (QStringList{"20", "19", "18", "17"}));
        QCOMPARE(panel.selectedVersion(), std::optional<std::uint64_t>(18));
        // ...and going back up to the newest follows the new ones again.
        QTest::keyClick(panel.versionList(), Qt::Key_Home);
        QCOMPARE(panel.selectedVersion(), std::optional<std::uint64_t>(20));
        auto newest = std::make_shared<emu::DeviceHistory>(*newer);
        newest->versions.push_back(version(21, 950, "PhotoTaken", "Idle", 90, {"shot"}));
        panel.showHistory(newest);
        QCOMPARE(panel.selectedVersion(), std::optional<std::uint64_t>(21));
        QVERIFY(panel.diffView()->toPlainText().contains("-     \"Shooting\"\n+     \"Idle\""));
    }

    void theViewsDrawTheConflictStory() {
        if (screenshotDirectory().isEmpty())
            QSKIP("SWIVEL_SCREENSHOT_DIR not set");
        emulation_ui::InstanceTimeline timeline;
        timeline.setDeviceNames({"camera-1"});
        timeline.resize(700, 160);
        timeline.show();
        QVERIFY(QTest::qWaitForWindowExposed(&timeline));
        auto story = conflictStory();
        story->to = milliseconds(1000);
        story->invocations.back().phases = {phase(880, InvocationPhase::Read, 1, 19),
                                            phase(900, InvocationPhase::Compute)};
        story->invocations.back().startTime = milliseconds(880);
        timeline.setWindowWidth(emu::seconds(1));
        timeline.showInstances(story);
        timeline.setSelectedInvocation(2);
        QVERIFY(timeline.grab().save(screenshotDirectory() + "/instance-timeline-conflict.png"));
        timeline.setPalette(darkPalette());
        QVERIFY(timeline.grab().save(screenshotDirectory() + "/instance-timeline-conflict-dark.png"));

        emulation_ui::StorePanel panel;
        panel.setDeviceNames({"camera-1"});
        panel.resize(820, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.showHistory(cameraVersions());
        QVERIFY(panel.grab().save(screenshotDirectory() + "/store-panel-diff.png"));
        emulation_ui::StorePanel dark;
        dark.setPalette(darkPalette());
        dark.resize(820, 300);
        dark.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dark));
        dark.showHistory(cameraVersions());
        QVERIFY(dark.grab().save(screenshotDirectory() + "/store-panel-diff-dark.png"));
    }

    // --- the device table's link column ------------------------------------------
    void theDeviceTableSaysWhichLinksAreDownUntilWhen() {
        auto scenario = std::make_shared<emu::Scenario>();
        emu::DeviceGroup edge;
        edge.count = 2;
        edge.link.outages.push_back({emu::seconds(10), emu::seconds(40), "cam-0002"});
        scenario->devices.push_back(edge);
        auto frame = std::make_shared<emulation::EmulationFrame>();
        frame->scenario = scenario;
        frame->time = emu::seconds(12);
        frame->state.devices.resize(2);
        frame->state.devices[0].id = "cam-0001";
        frame->state.devices[1].id = "cam-0002";
        emulation_ui::DeviceTableModel model;
        model.setFrame(frame);
        const int link = emulation_ui::DeviceTableModel::Link;
        QCOMPARE(model.headerData(link, Qt::Horizontal, Qt::DisplayRole).toString(), QString("Link"));
        QCOMPARE(model.index(0, link).data().toString(), QString("up"));
        QCOMPARE(model.index(1, link).data().toString(), QString("down until 40.0 s"));
        auto later = std::make_shared<emulation::EmulationFrame>(*frame);
        later->time = emu::seconds(40);  // the window ends there
        model.setFrame(later);
        QCOMPARE(model.index(1, link).data().toString(), QString("up"));
    }

    // --- real data: the convoy ----------------------------------------------------
    void theConvoyShowsInTheTimeline() {
        std::vector<model::Diagnostic> diagnostics;
        const auto scenario = emu::loadScenarioFile(
            SWIVEL_SOURCE_RESOURCES "/scenarios/store-outage-convoy.scenario.json", diagnostics);
        QVERIFY(scenario);
        const auto machine = model::loadMachineFile(kCamera.toStdString()).machine;
        QVERIFY(machine);
        emu::Simulator simulator(*scenario, *machine, model::DeviceCatalog::builtin());
        emu::HistoryKeeper keeper;  // what the studio's runner keeps
        simulator.addObserver(&keeper);
        const emu::VirtualTime moment = emu::seconds(92);
        simulator.runUntil(moment);
        const auto window = std::make_shared<const emu::InstanceHistory>(keeper.instances(emu::seconds(10), 5000));
        QStringList names;
        for (const emu::DeviceInfo& device : simulator.devices())
            names << QString::fromStdString(device.id);
        QVERIFY(window->invocations.size() > 100);

        emulation_ui::InstanceTimeline timeline;
        timeline.setDeviceNames(names);
        timeline.setWindowWidth(emu::seconds(10));
        timeline.resize(900, 420);
        timeline.show();
        QVERIFY(QTest::qWaitForWindowExposed(&timeline));
        QElapsedTimer clock;
        clock.start();
        constexpr int kFrames = 30;
        for (int frame = 0; frame < kFrames; ++frame) {
            timeline.showInstances(window);
            timeline.lanesViewport()->repaint();
        }
        const double perFrame = static_cast<double>(clock.elapsed()) / kFrames;
        qInfo("convoy at %.0f s: %zu invocations on %d lanes; %.1f ms a frame", emu::toSeconds(moment),
              window->invocations.size(), timeline.laneCount(), perFrame);
        QVERIFY2(perFrame < 100, qPrintable(QString("%1 ms a frame").arg(perFrame)));
        QVERIFY(timeline.laneCount() > 20);

        // Some invocation in view is still running or failed: the outage is visible.
        const bool outageVisible = std::any_of(window->invocations.begin(), window->invocations.end(), [](const auto& i) {
            return !i.outcome || *i.outcome != InvocationOutcome::Applied;
        });
        QVERIFY(outageVisible);

        // Click a bar on a lane further down (scrolled into view) selects that invocation.
        const emu::InvocationHistory& far = *std::max_element(
            window->invocations.begin(), window->invocations.end(),
            [](const auto& a, const auto& b) { return a.instance < b.instance; });
        timeline.ensureVisible(far.id);
        QSignalSpy clicked(&timeline, &emulation_ui::InstanceTimeline::invocationClicked);
        const QRect bar = timeline.barRect(far.id);
        QVERIFY(timeline.lanesViewport()->rect().contains(bar.center()));
        QTest::mouseClick(timeline.lanesViewport(), Qt::LeftButton, {}, bar.center());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(1).toInt(), far.device);

        if (!screenshotDirectory().isEmpty()) {
            for (const auto& i : window->invocations) {
                if (i.instance == 0) {
                    timeline.ensureVisible(i.id);
                    break;
                }
            }
            QVERIFY(timeline.grab().save(screenshotDirectory() + "/instance-timeline-convoy.png"));
            emulation_ui::StorePanel panel;
            panel.setDeviceNames(names);
            panel.resize(820, 300);
            panel.show();
            QVERIFY(QTest::qWaitForWindowExposed(&panel));
            panel.showHistory(std::make_shared<const emu::DeviceHistory>(
                keeper.deviceHistory(0, emu::HistoryLimits{0, 0, 100})));
            QVERIFY(panel.grab().save(screenshotDirectory() + "/store-panel-convoy.png"));
        }
    }
};

QTEST_MAIN(TestEmulationViews)
#include "test_emulation_views.moc"
