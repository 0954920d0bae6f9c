// The designer end to end, as a student uses it, offscreen on the real main window
// with real mouse and key events: draw the lecture's camera machine from an empty
// document (states with the state tool, one compound state resized and one state
// nested into it by dropping, transitions dragged between states, events, guards,
// actions and variables typed into the inspector), save it with Ctrl+S, check that it
// validates and that `swivel-cli step` answers exactly as for the shipped example.
// Then undo every step back to the empty document and redo them all.

#include <QtTest>

#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QUndoStack>

#include <map>
#include <sstream>

#include "window_test_support.h"
#include "canvas/machine_scene.h"
#include "canvas/machine_view.h"
#include "cli/cli.h"
#include "designer/main_window.h"
#include "designer/prompts.h"
#include "document/document.h"
#include "document/selection.h"
#include "inspector/expression_editor.h"
#include "inspector/inspector.h"
#include "model/machine_file.h"

using swivel::designer::MainWindow;
namespace model = swivel::model;

namespace {

const QString kCamera =
    QStringLiteral(SWIVEL_SOURCE_RESOURCES "/examples/camera-point-focus-shoot.swivel.json");

QString g_savePath;  // what the Save dialog answers

struct CliRun {
    int code = 0;
    std::string out;
    std::string err;
};

CliRun cli(std::vector<std::string> args) {
    std::ostringstream out;
    std::ostringstream err;
    CliRun run;
    run.code = swivel::cli::run(args, out, err);
    run.out = out.str();
    run.err = err.str();
    return run;
}

// The main window with a new camera document, and the hand that works it.
class Studio {
public:
    Studio() {
        swivel::test::showActive(window);
        if (!window.newDocument(QStringLiteral("canon-eos-rebel")))
            qFatal("no new document");
        view()->resetZoom();
        inspector = window.findChild<swivel::inspector::Inspector*>(QStringLiteral("inspector"));
        if (!inspector)
            qFatal("no inspector");
    }

    swivel::canvas::MachineView* view() const { return window.view(); }
    swivel::document::Document& document() const { return *window.document(); }
    const model::Machine& machine() const { return window.document()->machine(); }

    QRectF rectOf(const std::string& id) const {
        const model::Rect& r = machine().layout.states.at(id);
        return {r.x, r.y, r.width, r.height};
    }

    // The tools by their keys (S state, T transition, V select), as the menu shows.
    void tool(Qt::Key key) {
        view()->setFocus();
        QTest::keyClick(view(), key);
        settle();
    }

    // What the event loop does between two moves of a hand: queued signals, timers,
    // and the deletion of widgets that rebuilt rows left behind.
    static void settle() {
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }

    QPoint at(const QPointF& scenePoint) const { return view()->mapFromScene(scenePoint); }
    void click(const QPointF& p) {
        QTest::mouseClick(view()->viewport(), Qt::LeftButton, {}, at(p));
        settle();
    }
    // A drag in small steps, as a hand makes it.
    void drag(const QPointF& from, const QPointF& to) {
        QTest::mousePress(view()->viewport(), Qt::LeftButton, {}, at(from));
        for (int i = 1; i <= 8; ++i)
            QTest::mouseMove(view()->viewport(), at(from + (to - from) * (i / 8.0)));
        QTest::mouseRelease(view()->viewport(), Qt::LeftButton, {}, at(to));
        settle();
    }

    // Adds a state with the state tool and names it in the inspector.
    std::string addState(const QPointF& where, const std::string& name) {
        tool(Qt::Key_S);
        const std::size_t before = machine().states.size();
        click(where);
        if (machine().states.size() != before + 1)
            qFatal("no state added for %s", name.c_str());
        typeInto("stateId", name);
        if (window.selection()->single() != name || !machine().findState(name))
            qFatal("state not renamed to %s", name.c_str());
        return name;
    }

    // Selects a state with the select tool and drags its bottom-right corner to `to`.
    void resize(const std::string& id, const QPointF& to) {
        tool(Qt::Key_V);
        click(rectOf(id).center());
        drag(rectOf(id).bottomRight(), to);
    }

    // Draws a transition with the transition tool; it is selected afterwards.
    std::string addTransition(const std::string& source, const std::string& target,
                              const std::string& name) {
        tool(Qt::Key_T);
        const std::size_t before = machine().transitions.size();
        const QRectF from = rectOf(source);
        const QRectF to = rectOf(target);
        if (source == target)
            drag(from.center() + QPointF(-10, 8), from.center() + QPointF(12, -6));
        else
            drag(from.center() + QPointF(0, 8), to.center() + QPointF(0, 8));
        if (machine().transitions.size() != before + 1)
            qFatal("no transition %s -> %s", source.c_str(), target.c_str());
        typeInto("transitionId", name);
        return name;
    }

    // The widget of that name, the visible one if several.
    template <class W = QLineEdit> W* field(const QString& name, QWidget* within = nullptr) const {
        const auto found = (within ? within : static_cast<QWidget*>(inspector))
                               ->findChildren<W*>(name);
        for (W* widget : found)
            if (widget->isVisible())
                return widget;
        if (found.isEmpty())
            qFatal("no field %s", qPrintable(name));
        return found.front();
    }

    // Clicks into a line edit, replaces its text by typing, and commits with Enter.
    void typeInto(const QString& name, const std::string& text, QWidget* within = nullptr) {
        QLineEdit* edit = field(name, within);
        QTest::mouseClick(edit, Qt::LeftButton);
        edit->selectAll();
        QTest::keyClicks(edit, QString::fromStdString(text));
        QTest::keyClick(edit, Qt::Key_Return);
        settle();
    }

    // The same for an expression field (QScintilla): its text is in its viewport.
    void typeExpressionInto(const QString& name, const std::string& text,
                            QWidget* within = nullptr) {
        auto* edit = field<swivel::inspector::ExpressionEditor>(name, within);
        QTest::mouseClick(edit->viewport(), Qt::LeftButton);
        edit->selectAll();
        QTest::keyClicks(edit, QString::fromStdString(text));
        QTest::keyClick(edit, Qt::Key_Return);
        settle();
    }

    void chooseIn(QComboBox* combo, const QString& text) {
        const int index = combo->findText(text);
        if (index < 0)
            qFatal("no item %s", qPrintable(text));
        combo->setFocus();
        // Real keys: Home, then Down until the item is current.
        QTest::keyClick(combo, Qt::Key_Home);
        for (int i = 0; i < index; ++i)
            QTest::keyClick(combo, Qt::Key_Down);
        settle();
    }

    void setEvent(const std::string& event) { typeInto("transitionEventEdit", event); }
    void setGuard(const std::string& guard) { typeExpressionInto("transitionGuard", guard); }
    void setAfter(std::int64_t ms) { typeInto("transitionAfter", std::to_string(ms)); }

    // Adds an action to the transition's action list: kind, name, then arguments or
    // an expression.
    void addAction(const QString& listName, const QString& kind, const std::string& name,
                   const std::vector<std::pair<std::string, std::string>>& args = {},
                   const std::string& expr = {}) {
        QWidget* list = field<QWidget>(listName);
        QTest::mouseClick(field<QToolButton>(QStringLiteral("addAction"), list), Qt::LeftButton);
        settle();
        chooseIn(field<QComboBox>(QStringLiteral("actionKind"), list), kind);
        if (kind == QLatin1String("log"))
            typeInto(QStringLiteral("actionLabel"), name, list);
        else
            typeInto(QStringLiteral("actionNameEdit"), name, list);
        for (std::size_t i = 0; i < args.size(); ++i) {
            QTest::mouseClick(field<QToolButton>(QStringLiteral("addArgument"), list),
                              Qt::LeftButton);
            settle();
            typeInto(QStringLiteral("argumentName%1").arg(i), args[i].first, list);
            typeExpressionInto(QStringLiteral("argumentValue%1").arg(i), args[i].second, list);
        }
        if (!expr.empty())
            typeExpressionInto(QStringLiteral("actionExpr"), expr, list);
    }
    void addTransitionAction(const QString& kind, const std::string& name,
                             const std::vector<std::pair<std::string, std::string>>& args = {},
                             const std::string& expr = {}) {
        addAction(QStringLiteral("transitionActions"), kind, name, args, expr);
    }

    // Nothing selected: the inspector shows the machine; adds a variable there.
    void addVariable(const std::string& name, const QString& type) {
        tool(Qt::Key_V);
        click(QPointF(-300, -300));  // empty canvas
        auto* table = field<QTableWidget>(QStringLiteral("variables"));
        QTest::mouseClick(field<QToolButton>(QStringLiteral("addVariable")), Qt::LeftButton);
        settle();
        const int row = table->rowCount() - 1;
        auto* editor = qobject_cast<QLineEdit*>(QApplication::focusWidget());
        if (!editor || !table->isAncestorOf(editor))
            qFatal("the new variable's name is not being edited");
        QTest::keyClicks(editor, QString::fromStdString(name));
        QTest::keyClick(editor, Qt::Key_Return);
        settle();
        chooseIn(field<QComboBox>(QStringLiteral("variableType%1").arg(row)), type);
    }

    MainWindow window;
    swivel::inspector::Inspector* inspector = nullptr;
};

} // namespace

class TestDrawCamera : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir{QDir::tempPath() + QStringLiteral("/swivel-draw-XXXXXX")};

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("SWIVEL_KEEP_TEST_FILES"));
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("swivel-test"));
        QCoreApplication::setApplicationName(QStringLiteral("test_draw_camera"));
        qputenv("SWIVEL_AUTOSAVE_DIR", m_dir.filePath(QStringLiteral("autosave")).toUtf8());
        QSettings().clear();
        auto& prompts = swivel::designer::prompts();
        prompts.saveFileName = [](QWidget*, const QString&, const QString&) { return g_savePath; };
        prompts.error = [](QWidget*, const QString&, const QString& text) {
            qFatal("error prompt: %s", qPrintable(text));
        };
    }

    void drawSaveStepUndoRedo() {
        Studio studio;
        const model::Machine empty = studio.machine();
        // The machine after each index of the undo stack (merged edits overwrite).
        std::map<int, model::Machine> snapshots{{0, empty}};
        QUndoStack* stack = studio.document().undoStack();
        const QMetaObject::Connection recording =
            connect(stack, &QUndoStack::indexChanged, this,
                    [&](int index) { snapshots[index] = studio.machine(); });

        // --- states: On holds Idle and Shooting; Shooting holds the shot's three steps.
        studio.addState({200, 150}, "On");
        studio.resize("On", {200 + 820, 150 + 520});
        const QRectF on = studio.rectOf("On");
        studio.addState(on.topLeft() + QPointF(110, 120), "Idle");
        studio.addState(on.topLeft() + QPointF(400, 90), "Shooting");
        studio.resize("Shooting", on.bottomRight() - QPointF(30, 30));
        const QRectF shooting = studio.rectOf("Shooting");
        studio.addState(shooting.topLeft() + QPointF(100, 90), "Swivel");
        studio.addState(shooting.topLeft() + QPointF(100, 260), "Focus");
        // TakePhoto starts outside and is nested by dropping it into Shooting.
        studio.addState(on.topRight() + QPointF(220, 100), "TakePhoto");
        const int before = stack->index();
        studio.tool(Qt::Key_V);
        studio.drag(studio.rectOf("TakePhoto").center(), shooting.topLeft() + QPointF(330, 260));

        QCOMPARE(studio.machine().findState("TakePhoto")->parent, std::string("Shooting"));
        QCOMPARE(stack->index(), before + 1);  // moved and nested: one step
        studio.addState(on.bottomRight() + QPointF(220, -80), "Off");

        QCOMPARE(studio.machine().initial, std::string("On"));
        QCOMPARE(studio.machine().findState("On")->initial, std::string("Idle"));
        QCOMPARE(studio.machine().findState("Shooting")->initial, std::string("Swivel"));

        // --- variables, on the machine page
        studio.addVariable("lastUID", QStringLiteral("string"));
        studio.addVariable("focusTries", QStringLiteral("int"));

        // --- transitions, with events from the catalog and actions typed in
        studio.addTransition("Idle", "Swivel", "motion");
        studio.setEvent("Motion");
        studio.addTransitionAction(QStringLiteral("send"), "Swivel", {{"Bearing", "event.Bearing"}});

        studio.addTransition("Swivel", "Focus", "pointed");
        studio.setEvent("MoveDone");
        studio.addTransitionAction(QStringLiteral("assign"), "focusTries", {}, "1");
        studio.addTransitionAction(QStringLiteral("send"), "Focus");

        studio.addTransition("Swivel", "Idle", "swivelTimeout");
        studio.setAfter(3000);
        studio.addTransitionAction(QStringLiteral("log"), "timeout", {},
                                   "\"the swivel did not report MoveDone\"");

        studio.addTransition("Focus", "TakePhoto", "focused");
        studio.setEvent("FocusDone");
        studio.addTransitionAction(QStringLiteral("send"), "TakePhoto");

        studio.addTransition("Focus", "Focus", "refocus");
        studio.setEvent("FocusWarning");
        studio.setGuard("focusTries < 3");
        studio.addTransitionAction(QStringLiteral("assign"), "focusTries", {}, "focusTries + 1");
        studio.addTransitionAction(QStringLiteral("send"), "Focus");

        studio.addTransition("Focus", "Idle", "focusTimeout");
        studio.setAfter(2000);
        studio.addTransitionAction(QStringLiteral("log"), "timeout", {},
                                   "\"auto-focus did not answer\"");

        studio.addTransition("TakePhoto", "Idle", "shot");
        studio.setEvent("NewIMG");
        studio.addTransitionAction(QStringLiteral("assign"), "lastUID", {}, "event.UID");
        studio.addTransitionAction(QStringLiteral("send"), "DownloadPhoto",
                                   {{"UID", "event.UID"}, {"Quality", "\"Thumbnail\""}});
        studio.addTransitionAction(QStringLiteral("call"), "PhotoInterest", {{"UID", "event.UID"}});

        studio.addTransition("TakePhoto", "Idle", "shotTimeout");
        studio.setAfter(2000);
        studio.addTransitionAction(QStringLiteral("log"), "timeout", {}, "\"no photo arrived\"");

        const model::Machine drawn = studio.machine();
        if (const QString shot = qEnvironmentVariable("SWIVEL_DRAW_CAMERA_SHOT"); !shot.isEmpty()) {
            QTest::qWait(300);  // the docks refresh on timers
            studio.window.grab().save(shot);
        }
        QVERIFY(drawn.transitions.size() == 8);
        QCOMPARE(studio.window.scene()->stateItemCount(), drawn.states.size());
        QCOMPARE(studio.window.scene()->transitionItemCount(), drawn.transitions.size());

        // --- save with Ctrl+S, validate and step like the example
        g_savePath = m_dir.filePath(QStringLiteral("drawn-camera.swivel.json"));
        studio.view()->setFocus();
        QTest::keyClick(studio.view(), Qt::Key_S, Qt::ControlModifier);
        QVERIFY(QFile::exists(g_savePath));
        QVERIFY(!studio.document().isDirty());
        const std::string saved = g_savePath.toStdString();
        const CliRun validate = cli({"validate", saved});
        if (validate.code != 0)
            qWarning("%s", validate.out.c_str());
        // No errors; warnings name the camera events this smaller drawing leaves unhandled.
        QVERIFY2(validate.code == 0 && validate.out.find("error") == std::string::npos,
                 (validate.out + validate.err).c_str());
        const std::vector<std::string> events{R"(Motion={"Bearing":90})", "MoveDone",
                                              "FocusWarning", "FocusDone",
                                              R"(NewIMG={"UID":"IMG-1","SizeBytes":3000000})"};
        std::vector<std::string> drawnArgs{"step", saved};
        std::vector<std::string> exampleArgs{"step", kCamera.toStdString()};
        drawnArgs.insert(drawnArgs.end(), events.begin(), events.end());
        exampleArgs.insert(exampleArgs.end(), events.begin(), events.end());
        const CliRun drawnStep = cli(drawnArgs);
        const CliRun exampleStep = cli(exampleArgs);
        QCOMPARE(drawnStep.code, 0);
        QCOMPARE(exampleStep.code, 0);
        QCOMPARE(QString::fromStdString(drawnStep.out), QString::fromStdString(exampleStep.out));
        QVERIFY(drawnStep.out.find("\"configuration\":[\"Idle\"]") != std::string::npos);

        // --- undo everything, one step at a time, then redo everything
        disconnect(recording);
        const int steps = stack->index();
        QCOMPARE(snapshots.at(steps), drawn);
        for (int i = steps - 1; i >= 0; --i) {
            stack->undo();
            QVERIFY2(studio.machine() == snapshots.at(i), qPrintable(QString::number(i)));
            QCOMPARE(studio.window.scene()->stateItemCount(), studio.machine().states.size());
        }
        QCOMPARE(studio.machine(), empty);
        for (int i = 1; i <= steps; ++i) {
            stack->redo();
            QVERIFY2(studio.machine() == snapshots.at(i), qPrintable(QString::number(i)));
        }
        QCOMPARE(studio.machine(), drawn);
        QCOMPARE(studio.window.scene()->transitionItemCount(), drawn.transitions.size());
    }
};

QTEST_MAIN(TestDrawCamera)
#include "test_draw_camera.moc"
