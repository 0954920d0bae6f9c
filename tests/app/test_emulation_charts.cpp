// The charts of a run show its phenomenon plainly. The shipped store-outage convoy
// (the store unavailable from 60 s to 90 s, then very slow until 100 s) is run to its
// end through the studio's controller: during the outage the hub's queue of waiting
// deliveries and the busy instances are many times what they were before it, and the
// event -> command latency (p95) during and just after it many times its baseline. Its
// recorded session then gives every scrubbed frame the samples up to that moment, which
// are those the live run took (same counters at the same times, within one sampling
// interval; the same latency samples in all), and the charts mark the moment.
#include <QtTest>

#include <QChartView>
#include <QLineSeries>
#include <QStandardPaths>
#include <QValueAxis>

#include "emulation/emulation_controller.h"
#include "emulation_ui/charts_panel.h"
#include "emulators/scenario.h"
#include "emulators/session.h"
#include "model/machine_file.h"

using namespace swivel;
using emulation::FramePtr;
using emulation::RunSample;

namespace {

const std::string kResources = SWIVEL_SOURCE_RESOURCES;
constexpr emu::VirtualTime kOutageFrom = emu::seconds(60);
constexpr emu::VirtualTime kUnavailableUntil = emu::seconds(90);
constexpr emu::VirtualTime kSlowUntil = emu::seconds(100);

emu::Scenario convoy() {
    std::vector<model::Diagnostic> diagnostics;
    auto scenario =
        emu::loadScenarioFile(kResources + "/scenarios/store-outage-convoy.scenario.json", diagnostics);
    if (!scenario)
        qFatal("cannot load the convoy scenario");
    return *scenario;
}

model::Machine camera() {
    return *model::loadMachineFile(kResources + "/examples/camera-point-focus-shoot.swivel.json").machine;
}

FramePtr waitFor(emulation::EmulationController& controller,
                 const std::function<bool(const FramePtr&)>& condition, int timeoutMs) {
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        if (controller.frame() && condition(controller.frame()))
            return controller.frame();
        QTest::qWait(20);
    }
    return controller.frame();
}

// The samples with from <= time < to.
std::vector<RunSample> during(const std::vector<RunSample>& samples, emu::VirtualTime from, emu::VirtualTime to) {
    std::vector<RunSample> out;
    for (const RunSample& s : samples) {
        if (s.time >= from && s.time < to)
            out.push_back(s);
    }
    return out;
}

template <class Value>
double mean(const std::vector<RunSample>& samples, Value value) {
    double sum = 0;
    for (const RunSample& s : samples)
        sum += static_cast<double>(value(s));
    return samples.empty() ? 0 : sum / static_cast<double>(samples.size());
}

template <class Value>
double highest(const std::vector<RunSample>& samples, Value value) {
    double top = 0;
    for (const RunSample& s : samples)
        top = std::max(top, static_cast<double>(value(s)));
    return top;
}

// The median of a latency percentile over the samples that had any latency.
double median(const std::vector<RunSample>& samples, double RunSample::*percentile) {
    std::vector<double> values;
    for (const RunSample& s : samples) {
        if (s.latencySamples > 0)
            values.push_back(s.*percentile);
    }
    if (values.empty())
        return 0;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2), values.end());
    return values[values.size() / 2];
}

double highestSeriesY(const QLineSeries* series) {
    double top = 0;
    for (const QPointF& point : series->points())
        top = std::max(top, point.y());
    return top;
}

void saveScreenshot(QWidget& widget, const QString& name) {
    if (const QString directory = qEnvironmentVariable("SWIVEL_SCREENSHOT_DIR"); !directory.isEmpty())
        widget.grab().save(directory + "/" + name);
}

} // namespace

class TestEmulationCharts : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        m_controller.setSpeed(0);
        m_controller.start(convoy(), camera());
        QVERIFY(waitFor(m_controller, [](const FramePtr& f) { return !f->state.devices.empty(); }, 20000));
        QElapsedTimer clock;
        clock.start();
        m_controller.play();
        m_end = waitFor(m_controller, [](const FramePtr& f) { return f->finished && !f->running; }, 300000);
        QVERIFY(m_end && m_end->finished);
        QVERIFY(m_end->samples);
        qInfo("the convoy ran to its end in %lld ms: %llu steps, %zu samples", clock.elapsed(),
              static_cast<unsigned long long>(m_end->step), m_end->samples->size());
    }

    void theLiveRunIsSampledAboutFiveHundredTimes() {
        const std::vector<RunSample>& samples = *m_end->samples;
        QVERIFY2(samples.size() >= 450 && samples.size() <= 520, qPrintable(QString::number(samples.size())));
        QCOMPARE(samples.front().time, emu::VirtualTime{0});
        QCOMPARE(samples.back().deviceEvents, m_end->summary.deviceEvents);
        QCOMPARE(samples.back().conflicts, m_end->summary.conflicts);
        // Every event's latency is in exactly one sample.
        std::uint64_t latencies = 0;
        for (const RunSample& s : samples)
            latencies += s.latencySamples;
        QCOMPARE(latencies, m_end->summary.latencySamples);
    }

    void theOutageFillsTheHubThenTheInstances() {
        const std::vector<RunSample>& samples = *m_end->samples;
        const auto before = during(samples, emu::seconds(20), kOutageFrom);
        const auto outage = during(samples, kOutageFrom + emu::seconds(5), kSlowUntil);
        const auto slow = during(samples, kUnavailableUntil, kSlowUntil);
        const auto backlog = [](const RunSample& s) { return s.hubBacklog; };
        const auto queue = [](const RunSample& s) { return s.hubQueue; };
        const auto busy = [](const RunSample& s) { return s.busyInstances; };
        qInfo("before the outage: backlog mean %.1f, queue mean %.1f (highest %.0f), busy mean %.1f; "
              "during it: backlog mean %.1f (highest %.0f; longest queue %llu), queue mean %.1f "
              "(highest %.0f), busy mean %.1f (highest %.0f)",
              mean(before, backlog), mean(before, queue), highest(before, queue), mean(before, busy),
              mean(outage, backlog), highest(outage, backlog),
              static_cast<unsigned long long>(m_end->summary.longestQueue), mean(outage, queue),
              highest(outage, queue), mean(outage, busy), highest(outage, busy));
        QVERIFY(!before.empty() && !outage.empty() && !slow.empty());
        // The store's failures keep every message at the hub from 60 s on...
        QVERIFY(mean(outage, backlog) >= 10 * std::max(10.0, mean(before, backlog)));
        QVERIFY(highest(outage, backlog) >= 0.8 * static_cast<double>(m_end->summary.longestQueue));
        // ...and once the store answers, slowly, every instance the host allows is
        // busy and deliveries queue for them.
        QVERIFY(mean(outage, busy) >= 5 * std::max(1.0, mean(before, busy)));
        QCOMPARE(highest(slow, busy), 200.0);
        QVERIFY(highest(slow, queue) >= 100 * std::max(1.0, highest(before, queue)));
        // The backlog drains within half a minute of the store's return.
        QVERIFY(mean(during(samples, kSlowUntil + emu::seconds(30), emu::seconds(240)), backlog) <=
                2 * std::max(10.0, mean(before, backlog)));
    }

    void theOutageMultipliesTheLatency() {
        const std::vector<RunSample>& samples = *m_end->samples;
        const auto baseline = during(samples, emu::seconds(20), kOutageFrom);
        const auto outage = during(samples, kOutageFrom, kSlowUntil + emu::seconds(30));
        const double p50 = median(baseline, &RunSample::latencyP50Us);
        const double p95 = median(baseline, &RunSample::latencyP95Us);
        const double worstP50 = highest(outage, [](const RunSample& s) { return s.latencyP50Us; });
        const double worstP95 = highest(outage, [](const RunSample& s) { return s.latencyP95Us; });
        qInfo("latency before the outage: p50 %.0f ms, p95 %.0f ms (medians); during and after it up to "
              "p50 %.0f ms, p95 %.0f ms",
              p50 / 1000, p95 / 1000, worstP50 / 1000, worstP95 / 1000);
        QVERIFY(p50 > 0 && p95 > 0);
        QVERIFY(worstP50 >= 20 * p50);
        QVERIFY(worstP95 >= 5 * p95);
        // While the store is unavailable no command reaches a device at all.
        QCOMPARE(highest(during(samples, kOutageFrom + emu::seconds(2), kUnavailableUntil),
                         [](const RunSample& s) { return s.latencySamples; }),
                 0.0);
        // Long after the store came back, the median is back at its baseline.
        const double late = median(during(samples, emu::seconds(200), emu::seconds(240)), &RunSample::latencyP50Us);
        QVERIFY2(late <= 2 * p50, qPrintable(QString::number(late / 1000)));
    }

    void theChartsDrawTheConvoy() {
        emulation_ui::ChartsPanel charts;
        charts.resize(1000, 420);
        charts.show();
        QVERIFY(QTest::qWaitForWindowExposed(&charts));
        charts.showFrame(m_end);
        QCOMPARE(charts.columns(), 2);
        QCOMPARE(charts.chartViews().size(), std::size_t{4});
        const std::size_t count = m_end->samples->size();
        QCOMPARE(static_cast<std::size_t>(charts.queueSeries()->count()), count);
        QCOMPARE(static_cast<std::size_t>(charts.busySeries()->count()), count);
        QCOMPARE(static_cast<std::size_t>(charts.inFlightSeries()->count()), count);
        QCOMPARE(static_cast<std::size_t>(charts.eventsSeries()->count()), count - 1);
        QCOMPARE(static_cast<std::size_t>(charts.conflictsSeries()->count()), count - 1);
        QVERIFY(charts.latencyP50Series()->count() > 100);
        // Milliseconds: the worst p99 of the convoy is seconds.
        QVERIFY(highestSeriesY(charts.latencyP99Series()) > 2000);
        QVERIFY(highestSeriesY(charts.latencyP95Series()) <= highestSeriesY(charts.latencyP99Series()));
        QVERIFY(highestSeriesY(charts.queueSeries()) > 500);
        QVERIFY(highestSeriesY(charts.backlogSeries()) > 1000);
        QVERIFY(!charts.markedTime());  // a live run: no moment marked
        QTest::qWait(50);
        saveScreenshot(charts, "charts-convoy.png");

        // A wide, short bottom dock takes them side by side; beside another dock, two
        // by two (four in a row would clip their legends).
        charts.resize(1600, 260);
        QTRY_COMPARE(charts.columns(), 4);
        QTest::qWait(50);
        saveScreenshot(charts, "charts-convoy-wide.png");
        charts.resize(960, 340);
        QTRY_COMPARE(charts.columns(), 2);
        QTest::qWait(50);
        saveScreenshot(charts, "charts-convoy-half.png");
    }

    void aRecordedMomentHasTheSamplesUpToItAndTheChartsMarkIt() {
        QTRY_VERIFY_WITH_TIMEOUT(m_controller.replaying(), 60000);
        const std::uint64_t middle = m_end->step / 2;
        m_controller.seek(middle);
        const FramePtr frame = m_controller.frame();
        QVERIFY(frame->replay);
        QCOMPARE(frame->step, middle);
        QVERIFY(frame->samples && frame->samples->size() > 100);
        QCOMPARE(frame->samples->back().time, frame->time);
        QVERIFY(frame->samples->size() < m_end->samples->size());

        emulation_ui::ChartsPanel charts;
        charts.resize(1000, 420);
        charts.show();
        QVERIFY(QTest::qWaitForWindowExposed(&charts));
        charts.showFrame(frame);
        QVERIFY(charts.markedTime());
        QCOMPARE(*charts.markedTime(), static_cast<double>(frame->time) / 1e6);
        QCOMPARE(static_cast<std::size_t>(charts.busySeries()->count()), frame->samples->size());
        QTest::qWait(50);
        saveScreenshot(charts, "charts-convoy-replay.png");

        // Scrubbing to the end shows the whole run; a live frame takes the mark away.
        m_controller.seek(m_end->step);
        charts.showFrame(m_controller.frame());
        QCOMPARE(*charts.markedTime(), static_cast<double>(m_controller.frame()->time) / 1e6);
        charts.showFrame(m_end);
        QVERIFY(!charts.markedTime());
    }

    void theRecordedSeriesIsTheLiveOne() {
        QTRY_VERIFY_WITH_TIMEOUT(m_controller.replaying(), 60000);
        m_controller.seek(m_end->step);
        const FramePtr last = m_controller.frame();
        QVERIFY(last->replay && last->samples);
        const std::vector<RunSample>& recorded = *last->samples;
        const std::vector<RunSample>& live = *m_end->samples;
        QVERIFY2(recorded.size() + 5 >= live.size() && recorded.size() <= live.size() + 5,
                 qPrintable(QString("%1 recorded, %2 live").arg(recorded.size()).arg(live.size())));

        // Counters: a live sample's lie between the recorded ones just before and at or
        // after its time.
        const emu::VirtualTime interval = RunSample::intervalFor(m_end->duration);
        int compared = 0;
        int sameTime = 0;  // the recorded series is sampled at the same steps
        int sameLatencies = 0;
        double busyGap = 0, queueGap = 0, backlogGap = 0, flightGap = 0;
        double busySum = 0, queueSum = 0, backlogSum = 0, flightSum = 0;
        for (const RunSample& l : live) {
            const auto after = std::lower_bound(recorded.begin(), recorded.end(), l.time,
                                                [](const RunSample& r, emu::VirtualTime t) { return r.time < t; });
            if (after == recorded.begin() || after == recorded.end())
                continue;
            const RunSample& lo = *std::prev(after);
            const RunSample& hi = *after;
            sameTime += hi.time == l.time ? 1 : 0;
            sameLatencies += hi.latencySamples == l.latencySamples && hi.latencyP95Us == l.latencyP95Us ? 1 : 0;
            QVERIFY(hi.time - l.time <= interval);
            for (auto counter : {&RunSample::deviceEvents, &RunSample::applied, &RunSample::conflicts,
                                 &RunSample::commands}) {
                QVERIFY2(lo.*counter <= l.*counter && l.*counter <= hi.*counter,
                         qPrintable(QString("at %1 s: recorded %2..%3, live %4")
                                        .arg(static_cast<double>(l.time) / 1e6)
                                        .arg(lo.*counter).arg(hi.*counter).arg(l.*counter)));
            }
            // Levels: the recorded ones at the same time (steps at the same time may differ).
            busyGap += std::abs(hi.busyInstances - l.busyInstances);
            queueGap += std::abs(static_cast<double>(hi.hubQueue) - static_cast<double>(l.hubQueue));
            backlogGap += std::abs(static_cast<double>(hi.hubBacklog) - static_cast<double>(l.hubBacklog));
            flightGap += std::abs(static_cast<double>(hi.inFlight) - static_cast<double>(l.inFlight));
            backlogSum += static_cast<double>(l.hubBacklog);
            busySum += l.busyInstances;
            queueSum += static_cast<double>(l.hubQueue);
            flightSum += static_cast<double>(l.inFlight);
            ++compared;
        }
        qInfo("%d live samples compared; recorded levels differ by %.1f %% (busy), %.1f %% (queue), "
              "%.1f %% (backlog), %.1f %% (in flight) of the live ones on average",
              compared, 100 * busyGap / busySum, 100 * queueGap / queueSum, 100 * backlogGap / backlogSum,
              100 * flightGap / flightSum);
        QVERIFY(compared > 400);
        QVERIFY2(sameTime >= compared - 2, qPrintable(QString("%1 of %2 at the same time").arg(sameTime).arg(compared)));
        QVERIFY2(sameLatencies >= compared * 95 / 100,
                 qPrintable(QString("%1 of %2 with the same latencies").arg(sameLatencies).arg(compared)));
        QVERIFY(busyGap <= 0.01 * busySum);
        QVERIFY(queueGap <= 0.01 * queueSum);
        QVERIFY(backlogGap <= 0.01 * backlogSum);
        QVERIFY(flightGap <= 0.01 * flightSum);

        // The same latency samples: every event's, once.
        std::uint64_t latencies = 0;
        for (const RunSample& r : recorded)
            latencies += r.latencySamples;
        QCOMPARE(latencies, m_end->summary.latencySamples);
        const auto p95 = [](const RunSample& s) { return s.latencyP95Us; };
        const double liveWorst = highest(live, p95);
        const double recordedWorst = highest(recorded, p95);
        QVERIFY2(std::abs(liveWorst - recordedWorst) <= 0.1 * liveWorst,
                 qPrintable(QString("worst p95: live %1 ms, recorded %2 ms").arg(liveWorst / 1000).arg(recordedWorst / 1000)));
    }

private:
    emulation::EmulationController m_controller;
    FramePtr m_end;
};

QTEST_MAIN(TestEmulationCharts)
#include "test_emulation_charts.moc"
