// The session browser lists the recorded sessions of a folder with their scenario,
// seed and figures (damaged files greyed, with the reason), opens one on Enter or a
// double-click, deletes after asking, and compares a session with the current
// machine: the same behaviour is said so; a divergence opens the session at the
// diverging step with its device followed, is described under the list, and marks
// the recorded and the re-run states on the canvas.
#include <QtTest>

#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>

#include "canvas/machine_scene.h"
#include "emulation/emulation_controller.h"
#include "emulation/session_catalog.h"
#include "emulation/session_comparison.h"
#include "emulation_ui/session_browser.h"
#include "emulation_ui/session_browser_wiring.h"
#include "emulation_ui/session_list_model.h"
#include "emulators/scenario.h"
#include "emulators/session.h"
#include "emulators/simulator.h"
#include "model/device_catalog.h"
#include "model/machine_file.h"

using namespace swivel;
using emulation::EmulationController;
using emulation::SessionComparisonResult;
using emulation_ui::SessionBrowser;
using emulation_ui::SessionListModel;
using Mark = canvas::StateItem::DivergenceMark;

namespace {

const std::string kResources = SWIVEL_SOURCE_RESOURCES;
const std::string kCameraFile = kResources + "/examples/camera-point-focus-shoot.swivel.json";

emu::Scenario walkthrough(std::uint64_t seed) {
    std::vector<model::Diagnostic> diagnostics;
    auto scenario =
        emu::loadScenarioFile(kResources + "/scenarios/camera-walkthrough.scenario.json", diagnostics);
    if (!scenario)
        qFatal("cannot load the walk-through scenario");
    scenario->seed = seed;
    return *scenario;
}

std::string cameraText() {
    QFile file(QString::fromStdString(kCameraFile));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the camera machine");
    return file.readAll().toStdString();
}

model::Machine camera() {
    return *model::loadMachineFile(kCameraFile).machine;
}

// The camera machine with `from` replaced by `to` in its file text.
model::Machine changedCamera(const std::string& from, const std::string& to) {
    std::string text = cameraText();
    const std::size_t at = text.find(from);
    if (at == std::string::npos)
        qFatal("'%s' is not in the camera machine", from.c_str());
    text.replace(at, from.size(), to);
    return *model::loadMachine(text).machine;
}

// Runs the walk-through with `seed` to its end, recorded into `path`.
emu::SimulationSummary record(const QString& path, std::uint64_t seed) {
    emu::Simulator simulator(walkthrough(seed), camera(), model::DeviceCatalog::builtin());
    emu::SessionRecorder recorder(path.toStdString());
    simulator.addObserver(&recorder);
    simulator.run();
    return simulator.summary();
}

QToolButton* buttonOf(SessionBrowser& browser, QAction* action) {
    for (QToolButton* button : browser.findChildren<QToolButton*>()) {
        if (button->defaultAction() == action)
            return button;
    }
    qFatal("no button for %s", qPrintable(action->text()));
    return nullptr;
}

// The view row showing `path`, or -1.
int viewRowOf(const SessionBrowser& browser, const QString& path) {
    const QAbstractItemModel* model = browser.table()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(SessionListModel::PathRole).toString() == path)
            return row;
    }
    return -1;
}

QString cell(const SessionBrowser& browser, const QString& path, int column) {
    return browser.table()->model()->index(viewRowOf(browser, path), column).data().toString();
}

QPoint cellCentre(const SessionBrowser& browser, const QString& path, int column = 0) {
    const QModelIndex index = browser.table()->model()->index(viewRowOf(browser, path), column);
    return browser.table()->visualRect(index).center();
}

void clickRow(SessionBrowser& browser, const QString& path) {
    QTest::mouseClick(browser.table()->viewport(), Qt::LeftButton, {}, cellCentre(browser, path));
}

// A real double-click: QTest::mouseDClick sends only the second press, which a view
// takes as a first one unless the row was pressed just before.
void doubleClickRow(SessionBrowser& browser, const QString& path) {
    clickRow(browser, path);
    QTest::mouseDClick(browser.table()->viewport(), Qt::LeftButton, {}, cellCentre(browser, path));
}

bool listed(SessionBrowser& browser) {
    QSignalSpy spy(&browser, &SessionBrowser::refreshed);
    browser.refresh();
    return spy.wait(10000);
}

} // namespace

class TestSessionBrowser : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_seven, m_twelve, m_damaged;
    emu::SimulationSummary m_sevenSummary;

    QString path(const char* name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_seven = path("seven.db");
        m_twelve = path("twelve.db");
        m_damaged = path("damaged.db");
        m_sevenSummary = record(m_seven, 7);
        record(m_twelve, 12);
        QFile garbage(m_damaged);
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(3000, '\x5a'));
        garbage.close();
        // Recorded one after the other: seven, then twelve, then the damaged file.
        const QDateTime now = QDateTime::currentDateTime();
        int minutesAgo = 30;
        for (const QString& file : {m_seven, m_twelve, m_damaged}) {
            QFile f(file);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.setFileTime(now.addSecs(-60 * minutesAgo), QFileDevice::FileModificationTime));
            minutesAgo -= 10;
        }
    }

    void theCatalogReadsTheFolderOffTheGuiThread() {
        emulation::SessionCatalog catalog;
        QSignalSpy spy(&catalog, &emulation::SessionCatalog::listed);
        catalog.refresh(m_dir.path());
        // Nothing is read on this thread: the list comes by the signal.
        QVERIFY(catalog.busy());
        QVERIFY(catalog.sessions().empty());
        QVERIFY(spy.wait(10000));
        QCOMPARE(catalog.sessions().size(), std::size_t{3});
        QCOMPARE(catalog.sessions().front().path, m_damaged);  // newest first
        const emulation::SessionInfo& seven = catalog.sessions().back();
        QCOMPARE(seven.path, m_seven);
        QVERIFY(seven.opened());
        QCOMPARE(seven.scenario, QString("Camera walk-through"));
        QCOMPARE(seven.seed, std::uint64_t{7});
        QCOMPARE(seven.devices, std::size_t{1});
        QCOMPARE(seven.deviceEvents, m_sevenSummary.deviceEvents);
        QCOMPARE(seven.applied, m_sevenSummary.applied);
        QCOMPARE(seven.conflicts, m_sevenSummary.conflicts);
        QCOMPARE(seven.latencyP95Us, m_sevenSummary.latencyP95Us);
        QVERIFY(seven.latencySamples > 0);
    }

    void theBrowserListsEachSessionWithItsFiguresAndADamagedFileWithItsError() {
        SessionBrowser browser;
        browser.setDirectory(m_dir.path());
        browser.resize(900, 300);
        QSignalSpy spy(&browser, &SessionBrowser::refreshed);
        browser.show();  // showing lists the folder
        QVERIFY(spy.wait(10000));
        QCOMPARE(browser.table()->model()->rowCount(), 3);
        QCOMPARE(cell(browser, m_seven, SessionListModel::Scenario), QString("Camera walk-through"));
        QCOMPARE(cell(browser, m_seven, SessionListModel::Seed), QString("7"));
        QCOMPARE(cell(browser, m_twelve, SessionListModel::Seed), QString("12"));
        std::string error;
        const auto session = emu::Session::open(m_seven.toStdString(), error);
        QCOMPARE(cell(browser, m_seven, SessionListModel::Duration),
                 QString::number(static_cast<double>(session->duration()) / 1e6, 'f', 1) + " s");
        QCOMPARE(cell(browser, m_seven, SessionListModel::Events),
                 QLocale().toString(static_cast<qulonglong>(m_sevenSummary.deviceEvents)));
        QCOMPARE(cell(browser, m_seven, SessionListModel::Conflicts), QString("0"));
        QCOMPARE(cell(browser, m_seven, SessionListModel::LatencyP95),
                 QString::number(m_sevenSummary.latencyP95Us / 1000, 'f', 1) + " ms");
        // The damaged file keeps its row: greyed, with what is wrong.
        const QString damaged = cell(browser, m_damaged, SessionListModel::Scenario);
        QVERIFY2(damaged.startsWith("damaged.db \u2014 "), qPrintable(damaged));
        QVERIFY2(damaged.contains("not a database") || damaged.contains("damaged"), qPrintable(damaged));
        const QModelIndex damagedIndex = browser.table()->model()->index(viewRowOf(browser, m_damaged), 0);
        QVERIFY(damagedIndex.data(Qt::ForegroundRole).isValid());
        QVERIFY(damagedIndex.data(Qt::ToolTipRole).toString().contains("cannot be shown"));
        QVERIFY(cell(browser, m_damaged, SessionListModel::Seed).isEmpty());
        // Newest first; a damaged file cannot be opened or compared, a session can.
        QCOMPARE(viewRowOf(browser, m_damaged), 0);
        clickRow(browser, m_damaged);
        QVERIFY(!browser.openAction()->isEnabled());
        QVERIFY(!browser.compareAction()->isEnabled());
        QVERIFY(browser.deleteAction()->isEnabled());
        clickRow(browser, m_seven);
        QVERIFY(browser.openAction()->isEnabled());
        QVERIFY(browser.compareAction()->isEnabled());
        browser.setMachineAvailable(false);
        QVERIFY(!browser.compareAction()->isEnabled());
    }

    void aSessionStillBeingRecordedSaysSo() {
        const QString recording = path("recording.db");
        {
            emu::Simulator simulator(walkthrough(1), camera(), model::DeviceCatalog::builtin());
            emu::SessionRecorder recorder(recording.toStdString());
            simulator.addObserver(&recorder);
            for (int i = 0; i < 20; ++i)
                simulator.stepOnce();
            SessionBrowser browser;
            browser.setDirectory(m_dir.path());
            QVERIFY(listed(browser));
            const QString text = cell(browser, recording, SessionListModel::Scenario);
            QVERIFY2(text.contains("did not finish"), qPrintable(text));
        }
        QVERIFY(QFile::remove(recording));
    }

    void sortingByAColumnSortsByValue() {
        SessionBrowser browser;
        browser.setDirectory(m_dir.path());
        browser.resize(900, 300);
        browser.show();
        QVERIFY(listed(browser));
        QHeaderView* header = browser.table()->horizontalHeader();
        const int x = header->sectionViewportPosition(SessionListModel::Seed) +
                      header->sectionSize(SessionListModel::Seed) / 2;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
        // As numbers: 7 before 12 (as text, "12" would come first); a damaged file has none.
        const Qt::SortOrder order = header->sortIndicatorOrder();
        const QList<QString> ascending{m_damaged, m_seven, m_twelve};
        for (int row = 0; row < 3; ++row) {
            const QString expected = order == Qt::AscendingOrder ? ascending[row] : ascending[2 - row];
            QCOMPARE(browser.table()->model()->index(row, 0).data(SessionListModel::PathRole).toString(),
                     expected);
        }
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
        QVERIFY(header->sortIndicatorOrder() != order);
        QCOMPARE(browser.table()->model()->index(0, 0).data(SessionListModel::PathRole).toString(),
                 order == Qt::AscendingOrder ? m_twelve : m_damaged);
    }

    void doubleClickOrEnterAsksToOpenTheSession() {
        SessionBrowser browser;
        browser.setDirectory(m_dir.path());
        browser.resize(900, 300);
        browser.show();
        QVERIFY(listed(browser));
        QSignalSpy open(&browser, &SessionBrowser::openRequested);
        doubleClickRow(browser, m_twelve);
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.at(0).at(0).toString(), m_twelve);
        clickRow(browser, m_seven);
        browser.table()->setFocus();
        QTest::keyClick(browser.table(), Qt::Key_Return);
        QCOMPARE(open.count(), 2);
        QCOMPARE(open.at(1).at(0).toString(), m_seven);
        // A damaged file is not offered to be opened; the browser says why.
        doubleClickRow(browser, m_damaged);
        QCOMPARE(open.count(), 2);
        QVERIFY(browser.resultLabel()->isVisible());
        QVERIFY(browser.resultLabel()->text().contains("damaged.db cannot be opened"));
    }

    void deleteAsksFirstThenRemovesTheFile() {
        const QString copy = path("copy.db");
        QVERIFY(QFile::copy(m_seven, copy));
        SessionBrowser browser;
        browser.setDirectory(m_dir.path());
        browser.resize(900, 300);
        browser.show();
        QVERIFY(listed(browser));
        QCOMPARE(browser.table()->model()->rowCount(), 4);
        QStringList asked;
        bool answer = false;
        browser.setDeleteConfirmation([&](QWidget*, const QStringList& files) {
            asked = files;
            return answer;
        });
        clickRow(browser, copy);
        browser.table()->setFocus();
        QTest::keyClick(browser.table(), Qt::Key_Delete);
        QCOMPARE(asked, QStringList{"copy.db"});
        QVERIFY(QFile::exists(copy));  // cancelled
        answer = true;
        QSignalSpy refreshed(&browser, &SessionBrowser::refreshed);
        QTest::keyClick(browser.table(), Qt::Key_Delete);
        QVERIFY(!QFile::exists(copy));
        QVERIFY(refreshed.wait(10000));
        QCOMPARE(browser.table()->model()->rowCount(), 3);
        QCOMPARE(viewRowOf(browser, copy), -1);
    }

    void comparingWithTheSameMachineSaysTheBehaviourIsTheSame() {
        EmulationController controller;
        canvas::MachineScene scene;
        scene.setMachine(camera());
        SessionBrowser browser;
        browser.setDirectory(m_dir.path());
        browser.resize(900, 300);
        emulation_ui::connectSessionBrowser(&browser, &controller, &scene,
                                            [] { return std::optional<model::Machine>(camera()); });
        browser.show();
        QVERIFY(listed(browser));
        clickRow(browser, m_seven);
        QSignalSpy ready(&controller, &EmulationController::comparisonReady);
        QTest::mouseClick(buttonOf(browser, browser.compareAction()), Qt::LeftButton);
        QVERIFY(browser.resultLabel()->text().startsWith("Comparing Camera walk-through"));
        QVERIFY(ready.wait(20000));
        const auto result = ready.at(0).at(0).value<SessionComparisonResult>();
        QCOMPARE(result.outcome, SessionComparisonResult::Outcome::Same);
        QCOMPARE(browser.resultLabel()->text(),
                 QString("Same behaviour through all %1 applied events").arg(m_sevenSummary.applied));
        QVERIFY(m_sevenSummary.applied > 3);
        QVERIFY(scene.divergenceLook().empty());
        QVERIFY(!controller.replaying());  // nothing to show: nothing is opened
    }

    void aDivergenceOpensTheSessionThereAndMarksTheStatesOnTheCanvas() {
        // MoveDone no longer leads to Focus but back to Idle.
        const model::Machine changed = changedCamera(R"("event": "MoveDone", "targets": ["Focus"])",
                                                     R"("event": "MoveDone", "targets": ["Idle"])");
        std::string error;
        const auto session = emu::Session::open(m_twelve.toStdString(), error);
        const auto expected = session->firstDivergence(changed, error);
        QVERIFY(expected);

        EmulationController controller;
        canvas::MachineScene scene;
        scene.setMachine(changed);  // the canvas shows the document's machine
        SessionBrowser browser;
        browser.setDirectory(m_dir.path());
        browser.resize(900, 300);
        emulation_ui::connectSessionBrowser(&browser, &controller, &scene,
                                            [changed] { return std::optional<model::Machine>(changed); });
        browser.show();
        QVERIFY(listed(browser));
        clickRow(browser, m_twelve);
        QSignalSpy ready(&controller, &EmulationController::comparisonReady);
        QTest::mouseClick(buttonOf(browser, browser.compareAction()), Qt::LeftButton);
        QVERIFY(ready.wait(20000));
        const auto result = ready.at(0).at(0).value<SessionComparisonResult>();
        QCOMPARE(result.outcome, SessionComparisonResult::Outcome::Diverged);
        QCOMPARE(result.divergence->step, expected->step);
        QCOMPARE(result.deviceIndex, 0);
        const QString time = QString::number(static_cast<double>(expected->time) / 1e6, 'f', 3);
        QCOMPARE(browser.resultLabel()->text().section("<br>", 0, 0),
                 QString("<b>First divergence at step %1 (t=%2 s) on camera-0001 after event MoveDone: "
                         "configuration recorded [Focus], now [Idle]</b>")
                     .arg(expected->step)
                     .arg(time));
        // Every view shows that moment: the session is open at the step, its device followed.
        QVERIFY(controller.replaying());
        QCOMPARE(controller.frame()->step, expected->step);
        QCOMPARE(controller.selectedDevice(), 0);
        QCOMPARE(controller.frame()->state.devices.at(0).configuration, std::vector<std::string>{"Focus"});
        // The canvas: Focus as recorded but no longer reached, Idle reached instead.
        QCOMPARE(scene.stateItem("Focus")->divergenceMark(), Mark::RecordedOnly);
        QCOMPARE(scene.stateItem("Idle")->divergenceMark(), Mark::RerunOnly);
        QCOMPARE(scene.stateItem("Swivel")->divergenceMark(), Mark::None);
        QCOMPARE(scene.stateItem("Shooting")->divergenceMark(), Mark::None);
        // View state: kept when the machine is drawn again.
        scene.setMachine(changed);
        QCOMPARE(scene.stateItem("Focus")->divergenceMark(), Mark::RecordedOnly);

        if (const QString directory = qEnvironmentVariable("SWIVEL_SCREENSHOT_DIR"); !directory.isEmpty()) {
            QCoreApplication::processEvents();  // the result label takes its two lines
            browser.grab().save(directory + "/session-browser.png");
            browser.resize(480, 260);  // as narrow as a side dock
            QCoreApplication::processEvents();
            browser.grab().save(directory + "/session-browser-narrow.png");
            browser.resize(900, 300);
            QImage canvas(scene.sceneRect().size().toSize(), QImage::Format_ARGB32);
            canvas.fill(Qt::white);
            QPainter painter(&canvas);
            scene.render(&painter);
            painter.end();
            canvas.save(directory + "/session-divergence-canvas.png");
        }

        // Escape takes the comparison away, marks included.
        browser.table()->setFocus();
        QTest::keyClick(browser.table(), Qt::Key_Escape);
        QVERIFY(!browser.resultLabel()->isVisible());
        QCOMPARE(scene.stateItem("Focus")->divergenceMark(), Mark::None);
        QCOMPARE(scene.stateItem("Idle")->divergenceMark(), Mark::None);
    }

    void whenOnlyTheActionsDifferTheStatesTheEventLeftAreMarked() {
        // Motion still swivels the camera, to the opposite bearing.
        const model::Machine changed =
            changedCamera(R"({"send": "Swivel", "args": {"Bearing": "event.Bearing"}})",
                          R"({"send": "Swivel", "args": {"Bearing": "event.Bearing + 180"}})");
        EmulationController controller;
        canvas::MachineScene scene;
        scene.setMachine(changed);
        SessionBrowser browser;
        browser.setDirectory(m_dir.path());
        browser.resize(900, 300);
        emulation_ui::connectSessionBrowser(&browser, &controller, &scene,
                                            [changed] { return std::optional<model::Machine>(changed); });
        browser.show();
        QVERIFY(listed(browser));
        clickRow(browser, m_seven);
        QSignalSpy ready(&controller, &EmulationController::comparisonReady);
        browser.compareAction()->trigger();
        QVERIFY(ready.wait(20000));
        QVERIFY2(browser.resultLabel()->text().contains("after event Motion: actions recorded [{"),
                 qPrintable(browser.resultLabel()->text()));
        QCOMPARE(scene.stateItem("Swivel")->divergenceMark(), Mark::ActionsDiffer);
        QCOMPARE(scene.stateItem("Idle")->divergenceMark(), Mark::None);
        // Opening another session takes the marks away.
        QSignalSpy open(&browser, &SessionBrowser::openRequested);
        doubleClickRow(browser, m_twelve);
        QCOMPARE(open.count(), 1);
        QCOMPARE(scene.stateItem("Swivel")->divergenceMark(), Mark::None);
        QTRY_VERIFY(controller.replaying());  // read on a thread of its own
    }

    void aMachineThatDoesNotCompileIsReported() {
        const model::Machine broken = changedCamera(R"("initial": "On")", R"("initial": "Nowhere")");
        const SessionComparisonResult result = emulation::compareSession(m_seven, broken);
        QCOMPARE(result.outcome, SessionComparisonResult::Outcome::Failed);
        QVERIFY(!result.error.isEmpty());
        QVERIFY(result.describe().startsWith("Cannot compare: "));
        const SessionComparisonResult damaged = emulation::compareSession(m_damaged, camera());
        QCOMPARE(damaged.outcome, SessionComparisonResult::Outcome::Failed);
        QVERIFY(damaged.error.contains("damaged.db"));
    }
};

QTEST_MAIN(TestSessionBrowser)
#include "test_session_browser.moc"
