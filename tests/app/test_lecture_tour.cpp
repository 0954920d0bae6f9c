// The lecture, as docs/tutorial.md takes a student through it, with the keys and
// clicks the tutorial names. The camera's walk-through: motion, swivel, focus, shoot,
// thumbnail, "interesting", full download — every message in the sequence chart in
// its direction, every applied event a version in the store, the commands leaving only
// after the put — then back to the moment the photo was found interesting. And the
// store outage: the convoy plain in the charts and in the instance timeline.
// With SWIVEL_SCREENSHOT_DIR set, it keeps the tutorial's screenshots.
#include <QtTest>

#include <QDoubleSpinBox>
#include <QDockWidget>
#include <QLineSeries>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTreeWidget>

#include "emulate_test_support.h"
#include "designer/emulation_view_docks.h"
#include "document/document.h"
#include "emulation/sequence_rows.h"
#include "emulation/session_comparison.h"
#include "emulation_ui/charts_panel.h"
#include "emulation_ui/instance_timeline.h"
#include "emulation_ui/sequence_chart.h"
#include "emulation_ui/store_panel.h"

using namespace swivel;
using emulation::ArrowKind;
using emulation::FramePtr;
using emulation::SequenceRow;
using test::Studio;

namespace {

// At the size of the screenshots' screen: with the charts, the instances, the
// sequence chart and the store all open, the docs' pictures need the room.
void keepScreenshot(QWidget& window, const char* name) {
    if (const QString directory = qEnvironmentVariable("SWIVEL_SCREENSHOT_DIR"); !directory.isEmpty()) {
        window.resize(1920, 1200);
        QTest::qWait(100);
        window.grab().save(directory + "/" + name);
    }
}

bool startsWith(const std::string& text, const std::string& prefix) {
    return text.rfind(prefix, 0) == 0;
}

double largest(const QLineSeries* series, double fromX, double toX) {
    double most = 0;
    for (const QPointF& point : series->points()) {
        if (point.x() >= fromX && point.x() <= toX)
            most = std::max(most, point.y());
    }
    return most;
}

} // namespace

class TestLectureTour : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void theWalkThroughShowsEveryMessageAndVersionThenStepsBack() {
        Studio studio;
        const FramePtr end = studio.runTheWalkThroughToItsEnd();
        QVERIFY(end);
        QTest::qWait(50);

        designer::EmulationViewDocks* views = studio.window.emulationDock()->views();
        QVERIFY(views->sequenceDock()->isVisible());
        const std::vector<SequenceRow> rows = views->sequenceChart()->rows();

        // The first motion's whole chain, in order, each arrow in its direction.
        const std::pair<ArrowKind, std::string> story[] = {
            {ArrowKind::Up, "Motion(Bearing=90)"},
            {ArrowKind::Down, "Swivel(Bearing=90)"},
            {ArrowKind::Up, "MoveDone"},
            {ArrowKind::Down, "Focus"},
            {ArrowKind::Up, "FocusDone"},
            {ArrowKind::Down, "TakePhoto"},
            {ArrowKind::Up, "NewIMG("},
            {ArrowKind::Down, "DownloadPhoto(Quality=Thumbnail"},
            {ArrowKind::Service, "call PhotoInterest("},
            {ArrowKind::Up, "Classified(Interesting=true"},
            {ArrowKind::Down, "DownloadPhoto(Quality=Full"},
        };
        std::size_t at = 0;
        for (const auto& [kind, label] : story) {
            while (at < rows.size() && !(rows[at].invocation == 0 && rows[at].kind == kind &&
                                         startsWith(rows[at].label, label)))
                ++at;
            QVERIFY2(at < rows.size(), ("no " + label + " after the one before").c_str());
            ++at;
        }

        // A command leaves only after the put of the event that caused it succeeded.
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (rows[i].kind != ArrowKind::Down)
                continue;
            const auto causedBy = rows[i].details.value("caused_by", std::uint64_t{0});
            const auto put = std::find_if(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(i),
                                          [causedBy](const SequenceRow& row) {
                return row.message == causedBy && row.mark == emulation::RowMark::Applied;
            });
            QVERIFY2(put != rows.begin() + static_cast<std::ptrdiff_t>(i), rows[i].label.c_str());
        }

        // Every applied event is a version of the camera's record, one up each time.
        emulation_ui::StorePanel* store = views->storePanel();
        const std::uint64_t lastVersion = end->state.devices.at(0).version;
        QVERIFY(lastVersion >= 10);
        QCOMPARE(store->versionList()->topLevelItemCount(), static_cast<int>(lastVersion + 1));
        QCOMPARE(store->selectedVersion(), std::optional<std::uint64_t>(lastVersion));
        keepScreenshot(studio.window, "tutorial-walkthrough.png");

        // Back to the moment the first photo was found interesting: the version its
        // Classified event wrote is the latest there, and the device is in that state.
        const auto& versions = end->history->versions;
        const auto interesting = std::find_if(versions.begin(), versions.end(), [](const emu::VersionHistory& v) {
            return v.event.is_object() && v.event.value("event", "") == "Classified" &&
                   v.event.value("tags", nlohmann::json::object()).value("Interesting", false);
        });
        QVERIFY(interesting != versions.end());
        QSlider* slider = studio.panel()->sessionSlider();
        slider->setFocus();
        slider->setValue(static_cast<int>(interesting->step));
        const FramePtr then = studio.waitFor([&](const FramePtr& f) { return f->step == interesting->step; });
        QCOMPARE(then->step, interesting->step);
        QCOMPARE(then->state.devices.at(0).version, interesting->version);
        QCOMPARE(store->selectedVersion(), std::optional<std::uint64_t>(interesting->version));
        QVERIFY(!store->shownDiff().empty());
        for (const auto& state : interesting->record["active"])
            QVERIFY2(studio.lit(state.get<std::string>().c_str()), state.dump().c_str());
        // The chart ends there: the full download is the last command it shows.
        const std::vector<SequenceRow> thenRows = views->sequenceChart()->rows();
        const auto lastCommand = std::find_if(thenRows.rbegin(), thenRows.rend(),
                                              [](const SequenceRow& row) { return row.kind == ArrowKind::Down; });
        QVERIFY(lastCommand != thenRows.rend());
        QVERIFY2(startsWith(lastCommand->label, "DownloadPhoto(Quality=Full"), lastCommand->label.c_str());
        for (const SequenceRow& row : thenRows)
            QVERIFY(row.step <= interesting->step);
        keepScreenshot(studio.window, "tutorial-step-back.png");
    }

    // A changed machine against the recorded walk-through: the session opens at the
    // first step where it behaves differently, and the sequence chart marks that step.
    void comparingWithAChangedMachineMarksTheFirstDivergenceInTheSequenceChart() {
        Studio studio;
        const FramePtr end = studio.runTheWalkThroughToItsEnd();
        QVERIFY(end);

        model::Machine changed = studio.window.document()->machine();
        const auto moveDone = std::find_if(changed.transitions.begin(), changed.transitions.end(),
                                           [](const model::Transition& t) { return t.event == "MoveDone"; });
        QVERIFY(moveDone != changed.transitions.end());
        moveDone->targets = {"Idle"};  // MoveDone no longer leads to Focus
        QSignalSpy ready(studio.controller(), &emulation::EmulationController::comparisonReady);
        studio.controller()->compareWithMachine(end->sessionPath, changed);
        QVERIFY(ready.wait(20000));
        const auto result = ready.at(0).at(0).value<emulation::SessionComparisonResult>();
        QVERIFY(result.divergence);
        QCOMPARE(studio.controller()->frame()->step, result.divergence->step);

        designer::EmulationViewDocks* views = studio.window.emulationDock()->views();
        QVERIFY(views->sequenceDock()->isVisible());
        emulation_ui::SequenceCanvas* canvas = views->sequenceChart()->canvas();
        QCOMPARE(canvas->highlightStep(), std::optional<std::uint64_t>(result.divergence->step));
        QVERIFY(canvas->selectedRow() >= 0);
        const SequenceRow& marked = canvas->rows().at(static_cast<std::size_t>(canvas->selectedRow()));
        QCOMPARE(marked.step, result.divergence->step);
        QVERIFY(std::any_of(canvas->rows().begin(), canvas->rows().end(), [](const SequenceRow& row) {
            return startsWith(row.label, "MoveDone");
        }));
        keepScreenshot(studio.window, "emulate-divergence.png");
    }

    void theStoreOutageShowsTheConvoyInTheChartsAndTheInstances() {
        Studio studio;
        studio.key(Qt::Key_E, Qt::ControlModifier);
        studio.choose(studio.panel()->scenarioBox(), "convoy");
        studio.choose(studio.panel()->speedBox(), "As fast as possible");
        studio.key(Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        studio.key(Qt::Key_I, Qt::ControlModifier | Qt::ShiftModifier);
        designer::EmulationViewDocks* views = studio.window.emulationDock()->views();
        QVERIFY(views->instancesDock()->isVisible());
        QVERIFY(studio.window.emulationDock()->chartsDock()->isVisible());
        studio.key(Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(studio.waitFor([](const FramePtr& f) { return f->state.devices.size() == 300; }));

        // Run to 92 s: the store came back at 90 s, slow; the backlog hits it at once.
        studio.panel()->runToTimeBox()->setValue(92);
        studio.key(Qt::Key_F10, Qt::ControlModifier);
        const FramePtr there = studio.waitFor([](const FramePtr& f) {
            return !f->running && f->time >= emu::seconds(92);
        });
        QVERIFY(there->time >= emu::seconds(92));
        QTest::qWait(100);

        // The instances pile up: most of the 200 lanes are busy in the window shown.
        QVERIFY2(views->instanceTimeline()->laneCount() > 100,
                 qPrintable(QString::number(views->instanceTimeline()->laneCount())));
        emulation_ui::ChartsPanel* charts = studio.window.emulationDock()->charts();
        const double before = largest(charts->busySeries(), 10, 55);
        const double during = largest(charts->busySeries(), 60, 92);
        QVERIFY2(during > 5 * std::max(before, 1.0), qPrintable(QString("%1 then %2").arg(before).arg(during)));
        QVERIFY(largest(charts->queueSeries(), 60, 92) > 10 * std::max(largest(charts->queueSeries(), 10, 55), 1.0));
        keepScreenshot(studio.window, "emulate-convoy.png");
    }
};

QTEST_MAIN(TestLectureTour)
#include "test_lecture_tour.moc"
