// The shipped examples (resources/examples/*.swivel.json) are what a new user opens
// first: each must load and validate without a single diagnostic, compile and start;
// the camera example must behave exactly like the lecture's point-focus-shoot machine.

#include <QDir>
#include <QTest>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "model/device_catalog.h"
#include "model/machine_file.h"
#include "model/semantics.h"
#include "model/validation.h"

using namespace swivel::model;

namespace {

QString examplesDir() { return QStringLiteral(SWIVEL_SOURCE_RESOURCES "/examples"); }

std::string readFile(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string describe(const std::vector<Diagnostic>& diagnostics) {
    std::string out;
    for (const Diagnostic& d : diagnostics)
        out += "\n  " + std::string(severityName(d.severity)) + " " + d.code + " " +
               d.elementId + " " + d.field + ": " + d.message;
    return out;
}

std::shared_ptr<const CompiledMachine> compileExample(const QString& file) {
    const LoadResult load = loadMachine(readFile(examplesDir() + "/" + file));
    if (!load.machine)
        return nullptr;
    return CompiledMachine::compile(*load.machine);
}

Event makeEvent(std::string name, std::vector<EventTag> tags = {}) {
    return Event{std::move(name), std::move(tags)};
}

std::vector<std::string> sends(const StepResult& result) {
    std::vector<std::string> names;
    for (const EmittedAction& a : result.actions)
        if (a.kind == EmittedAction::Kind::Send)
            names.push_back(a.name);
    return names;
}

const EmittedAction* findAction(const StepResult& result, EmittedAction::Kind kind,
                                std::string_view name) {
    for (const EmittedAction& a : result.actions)
        if (a.kind == kind && a.name == name)
            return &a;
    return nullptr;
}

const Value* arg(const EmittedAction& action, std::string_view name) {
    for (const EventTag& t : action.args)
        if (t.name == name)
            return &t.value;
    return nullptr;
}

// The timer event the host would deliver for an armed `after` transition.
std::optional<Event> armedTimerEvent(const StepResult& result, std::string_view transition) {
    for (const EmittedAction& a : result.actions)
        if (a.kind == EmittedAction::Kind::TimerStart && a.name == transition)
            return makeEvent(std::string(kTimerEventPrefix) + std::string(transition),
                         {{"token", Value{static_cast<std::int64_t>(a.token)}}});
    return std::nullopt;
}

std::vector<std::string> atomic(const CompiledMachine& m, const StepResult& r) {
    return activeAtomicStates(m, r.configuration);
}

using Strings = std::vector<std::string>;

} // namespace

class TestExamples : public QObject {
    Q_OBJECT

private slots:
    void cleanAndRunnable_data();
    void cleanAndRunnable();
    void cameraPointFocusShoot();
    void cameraDownloadsInterestingPhotos();
    void cameraGivesUpOnAStuckSwivel();
    void doorUnlocksForAGrantedCardAndRelocks();
    void droneSweepsAndResumesAfterLowBattery();
};

void TestExamples::cleanAndRunnable_data() {
    QTest::addColumn<QString>("file");
    const QStringList files =
        QDir(examplesDir()).entryList({QStringLiteral("*.swivel.json")}, QDir::Files, QDir::Name);
    QVERIFY(files.contains(QStringLiteral("camera-point-focus-shoot.swivel.json")));
    QVERIFY(files.contains(QStringLiteral("door-card-reader.swivel.json")));
    QVERIFY(files.contains(QStringLiteral("drone-field-sweep.swivel.json")));
    for (const QString& file : files)
        QTest::newRow(qPrintable(file)) << file;
}

void TestExamples::cleanAndRunnable() {
    QFETCH(QString, file);
    const LoadResult load = loadMachine(readFile(examplesDir() + "/" + file));
    QVERIFY2(load.machine, describe(load.diagnostics).c_str());
    QVERIFY2(load.diagnostics.empty(), describe(load.diagnostics).c_str());
    QVERIFY2(load.machine->layout == Layout{}, "examples leave layout to the designer");

    const auto diagnostics = validate(*load.machine, DeviceCatalog::builtin());
    QVERIFY2(diagnostics.empty(), describe(diagnostics).c_str());

    std::vector<Diagnostic> compileDiagnostics;
    const auto compiled = CompiledMachine::compile(*load.machine, &compileDiagnostics);
    QVERIFY2(compiled, describe(compileDiagnostics).c_str());
    const StepResult started = start(*compiled);
    QVERIFY(!atomic(*compiled, started).empty());
    QVERIFY(!started.configuration.finished);
    for (const EmittedAction& a : started.actions)
        QVERIFY2(a.kind != EmittedAction::Kind::Error, a.name.c_str());

    // Saving is stable: what Swivel writes, it reads back and writes again unchanged.
    const std::string saved = saveMachine(*load.machine);
    const LoadResult again = loadMachine(saved);
    QVERIFY(again.machine);
    QVERIFY(again.diagnostics.empty());
    QCOMPARE(saveMachine(*again.machine), saved);
}

// The lecture's machine: Idle -> Swivel -> Focus -> TakePhoto, one command per event.
void TestExamples::cameraPointFocusShoot() {
    const auto m = compileExample(QStringLiteral("camera-point-focus-shoot.swivel.json"));
    QVERIFY(m);
    StepResult r = start(*m);
    const Strings startStates = atomic(*m, r);
    QVERIFY(std::find(startStates.begin(), startStates.end(), "Idle") != startStates.end());

    Strings sent;
    r = step(*m, r.configuration, makeEvent("Motion", {{"Bearing", Value{std::int64_t{90}}}}));
    QCOMPARE(atomic(*m, r), Strings{"Swivel"});
    const EmittedAction* swivel = findAction(r, EmittedAction::Kind::Send, "Swivel");
    QVERIFY(swivel);
    QVERIFY(arg(*swivel, "Bearing"));
    QCOMPARE(*arg(*swivel, "Bearing"), Value{std::int64_t{90}});
    for (const auto& s : sends(r))
        sent.push_back(s);

    r = step(*m, r.configuration, makeEvent("MoveDone"));
    QCOMPARE(atomic(*m, r), Strings{"Focus"});
    for (const auto& s : sends(r))
        sent.push_back(s);

    r = step(*m, r.configuration, makeEvent("FocusDone"));
    QCOMPARE(atomic(*m, r), Strings{"TakePhoto"});
    for (const auto& s : sends(r))
        sent.push_back(s);

    QCOMPARE(sent, (Strings{"Swivel", "Focus", "TakePhoto"}));
}

void TestExamples::cameraDownloadsInterestingPhotos() {
    const auto m = compileExample(QStringLiteral("camera-point-focus-shoot.swivel.json"));
    QVERIFY(m);
    StepResult r = start(*m);
    r = step(*m, r.configuration, makeEvent("Motion", {{"Bearing", Value{std::int64_t{10}}}}));
    r = step(*m, r.configuration, makeEvent("MoveDone"));
    r = step(*m, r.configuration, makeEvent("FocusDone"));
    r = step(*m, r.configuration,
             makeEvent("NewIMG", {{"UID", Value{std::string("IMG-2546.jpg")}},
                              {"GPS", Value{std::string("42.44940,-76.48280")}},
                              {"SizeBytes", Value{std::int64_t{3000000}}}}));
    QCOMPARE(atomic(*m, r), Strings{"Idle"});
    const EmittedAction* thumbnail = findAction(r, EmittedAction::Kind::Send, "DownloadPhoto");
    QVERIFY(thumbnail);
    QCOMPARE(*arg(*thumbnail, "Quality"), Value{std::string("Thumbnail")});
    QCOMPARE(*arg(*thumbnail, "UID"), Value{std::string("IMG-2546.jpg")});
    const EmittedAction* call = findAction(r, EmittedAction::Kind::Call, "PhotoInterest");
    QVERIFY(call);
    // The reply is the service's default (Classified): the host resolves it.
    QVERIFY(call->reply.empty() || call->reply == "Classified");

    r = step(*m, r.configuration,
             makeEvent("Classified", {{"UID", Value{std::string("IMG-2546.jpg")}},
                                  {"Interesting", Value{true}},
                                  {"Score", Value{0.9}}}));
    QCOMPARE(sends(r), Strings{"DownloadPhoto"});
    QCOMPARE(*arg(*findAction(r, EmittedAction::Kind::Send, "DownloadPhoto"), "Quality"),
             Value{std::string("Full")});

    // Low on space: the photo already downloaded in full is the one to delete.
    r = step(*m, r.configuration, makeEvent("StorageWarning", {{"FreeSpaceMB", Value{std::int64_t{400}}}}));
    const EmittedAction* del = findAction(r, EmittedAction::Kind::Send, "DeletePhoto");
    QVERIFY(del);
    QCOMPARE(*arg(*del, "UID"), Value{std::string("IMG-2546.jpg")});
}

void TestExamples::cameraGivesUpOnAStuckSwivel() {
    const auto m = compileExample(QStringLiteral("camera-point-focus-shoot.swivel.json"));
    QVERIFY(m);
    StepResult r = start(*m);
    r = step(*m, r.configuration, makeEvent("Motion", {{"Bearing", Value{std::int64_t{200}}}}));
    const auto timeout = armedTimerEvent(r, "swivelTimeout");
    QVERIFY(timeout);
    r = step(*m, r.configuration, *timeout);
    QCOMPARE(atomic(*m, r), Strings{"Idle"});
    QVERIFY(sends(r).empty());
}

void TestExamples::doorUnlocksForAGrantedCardAndRelocks() {
    const auto m = compileExample(QStringLiteral("door-card-reader.swivel.json"));
    QVERIFY(m);
    StepResult r = start(*m);
    QCOMPARE(atomic(*m, r), Strings{"Locked"});
    r = step(*m, r.configuration, makeEvent("CardSwiped", {{"CardId", Value{std::string("C-17")}},
                                                      {"ReaderId", Value{std::string("R-1")}}}));
    QCOMPARE(atomic(*m, r), Strings{"Checking"});
    const EmittedAction* call = findAction(r, EmittedAction::Kind::Call, "Authorize");
    QVERIFY(call);
    QCOMPARE(*arg(*call, "CardId"), Value{std::string("C-17")});

    r = step(*m, r.configuration, makeEvent("AuthResult", {{"CardId", Value{std::string("C-17")}},
                                                      {"Granted", Value{true}},
                                                      {"Reason", Value{std::string("valid")}}}));
    QCOMPARE(atomic(*m, r), Strings{"Unlocked"});
    QVERIFY(findAction(r, EmittedAction::Kind::Send, "Unlock"));
    const EmittedAction* led = findAction(r, EmittedAction::Kind::Send, "ShowLed");
    QVERIFY(led);
    QCOMPARE(*arg(*led, "Color"), Value{std::string("Green")});

    const auto relock = armedTimerEvent(r, "relock");
    QVERIFY(relock);
    r = step(*m, r.configuration, *relock);
    QCOMPARE(atomic(*m, r), Strings{"Locked"});
    QVERIFY(findAction(r, EmittedAction::Kind::Send, "Lock"));

    r = step(*m, r.configuration, makeEvent("DoorForced"));
    QCOMPARE(atomic(*m, r), Strings{"Alarm"});
}

void TestExamples::droneSweepsAndResumesAfterLowBattery() {
    const auto m = compileExample(QStringLiteral("drone-field-sweep.swivel.json"));
    QVERIFY(m);
    StepResult r = start(*m);
    QCOMPARE(atomic(*m, r), Strings{"Grounded"});
    r = step(*m, r.configuration, makeEvent("PowerUp", {{"BatteryPct", Value{std::int64_t{95}}}}));
    QCOMPARE(atomic(*m, r), Strings{"Planning"});
    QVERIFY(findAction(r, EmittedAction::Kind::Call, "PlanSweep"));
    r = step(*m, r.configuration, makeEvent("SweepPlan", {{"Waypoints", Value{std::int64_t{3}}},
                                                     {"FieldId", Value{std::string("north-40")}}}));
    QCOMPARE(atomic(*m, r), Strings{"TakingOff"});
    QVERIFY(findAction(r, EmittedAction::Kind::Send, "Takeoff"));
    r = step(*m, r.configuration, makeEvent("TakeoffDone"));
    QCOMPARE(atomic(*m, r), Strings{"Flying"});
    QVERIFY(findAction(r, EmittedAction::Kind::Send, "FlyTo"));

    auto reachAndShoot = [&](std::int64_t index) {
        r = step(*m, r.configuration,
                 makeEvent("WaypointReached", {{"Index", Value{index}},
                                           {"Lat", Value{42.45}},
                                           {"Lon", Value{-76.48}}}));
        QCOMPARE(atomic(*m, r), Strings{"Capturing"});
        QVERIFY(findAction(r, EmittedAction::Kind::Send, "Capture"));
        r = step(*m, r.configuration,
                 makeEvent("SurveyImage", {{"UID", Value{"SV-" + std::to_string(index)}},
                                       {"Row", Value{index}},
                                       {"Col", Value{std::int64_t{0}}},
                                       {"SizeBytes", Value{std::int64_t{2000000}}}}));
        QVERIFY(findAction(r, EmittedAction::Kind::Send, "DownloadImage"));
    };
    reachAndShoot(0);
    QCOMPARE(atomic(*m, r), Strings{"Flying"});

    // Low battery: home, recharge, and resume the sweep where it stopped.
    r = step(*m, r.configuration, makeEvent("LowBattery", {{"BatteryPct", Value{std::int64_t{15}}}}));
    QCOMPARE(atomic(*m, r), Strings{"Returning"});
    QVERIFY(findAction(r, EmittedAction::Kind::Send, "ReturnHome"));
    r = step(*m, r.configuration, makeEvent("Landed"));
    QCOMPARE(atomic(*m, r), Strings{"Recharging"});
    r = step(*m, r.configuration, makeEvent("PowerUp", {{"BatteryPct", Value{std::int64_t{100}}}}));
    QCOMPARE(atomic(*m, r), Strings{"Resuming"});
    r = step(*m, r.configuration, makeEvent("TakeoffDone"));
    QCOMPARE(atomic(*m, r), Strings{"Flying"});

    reachAndShoot(1);
    QCOMPARE(atomic(*m, r), Strings{"Flying"});
    reachAndShoot(2);
    QCOMPARE(atomic(*m, r), Strings{"Returning"});
    r = step(*m, r.configuration, makeEvent("Landed"));
    QVERIFY(r.configuration.finished);
}

QTEST_GUILESS_MAIN(TestExamples)
#include "test_examples.moc"
