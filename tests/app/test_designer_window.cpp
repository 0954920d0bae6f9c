// The designer's main window, offscreen: drawing the examples, surviving broken files,
// and refusing to start without a display.

#include <QtTest>

#include <QDir>
#include <QImage>
#include <QPainter>
#include <QProcess>

#include "canvas/machine_scene.h"
#include "designer/diagnostics_panel.h"
#include "designer/main_window.h"
#include "model/machine_file.h"

using swivel::designer::MainWindow;

namespace {

const QString kExamples = QStringLiteral(SWIVEL_SOURCE_RESOURCES "/examples");

// Paints the scene once, so that every item's paint() runs.
void render(QGraphicsScene& scene) {
    QImage image(scene.sceneRect().size().toSize().boundedTo(QSize(4000, 4000)),
                 QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    scene.render(&painter);
}


swivel::model::State makeState(const std::string& id, const std::string& parent = {},
                               swivel::model::StateKind kind = swivel::model::StateKind::State,
                               const std::string& initial = {}) {
    swivel::model::State state;
    state.id = id;
    state.parent = parent;
    state.kind = kind;
    state.initial = initial;
    return state;
}

swivel::model::Transition makeTransition(const std::string& id, const std::string& source,
                                         std::vector<std::string> targets,
                                         const std::string& event) {
    swivel::model::Transition transition;
    transition.id = id;
    transition.source = source;
    transition.targets = std::move(targets);
    transition.event = event;
    return transition;
}

} // namespace

class TestDesignerWindow : public QObject {
    Q_OBJECT
private slots:
    void opensTheCameraExample() {
        const QString file = kExamples + QStringLiteral("/camera-point-focus-shoot.swivel.json");
        QCOMPARE(QFileInfo(MainWindow::defaultFile()).canonicalFilePath(),
                 QFileInfo(file).canonicalFilePath());
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(file));
        const auto loaded = swivel::model::loadMachineFile(file.toStdString());
        QVERIFY(loaded.machine);
        const auto& machine = *loaded.machine;
        const auto* scene = window.scene();
        QCOMPARE(scene->stateItemCount(), machine.states.size());
        QCOMPARE(scene->transitionItemCount(), machine.transitions.size());
        for (const auto& state : machine.states)
            QVERIFY2(scene->stateItem(state.id), state.id.c_str());
        for (const auto& transition : machine.transitions)
            QVERIFY2(scene->transitionItem(transition.id), transition.id.c_str());
        QVERIFY(!scene->initialItems().empty());
        QCOMPARE(window.diagnosticsPanel()->topLevelItemCount(), 0);
        render(*window.scene());
    }

    void drawsEveryExample() {
        const QStringList files =
            QDir(kExamples).entryList({QStringLiteral("*.swivel.json")}, QDir::Files);
        QVERIFY(!files.isEmpty());
        for (const QString& name : files) {
            MainWindow window;
            QVERIFY2(window.openFile(kExamples + '/' + name), qPrintable(name));
            const auto loaded = swivel::model::loadMachineFile((kExamples + '/' + name).toStdString());
            QCOMPARE(window.scene()->stateItemCount(), loaded.machine->states.size());
            QCOMPARE(window.scene()->transitionItemCount(), loaded.machine->transitions.size());
            render(*window.scene());
        }
    }

    void brokenFileDoesNotCrash() {
        MainWindow window;
        window.show();
        QVERIFY(!window.openFile(QStringLiteral(SWIVEL_TEST_DATA "/syntax-error.swivel.json")));
        QVERIFY(window.diagnosticsPanel()->topLevelItemCount() > 0);
        QCOMPARE(window.scene()->stateItemCount(), std::size_t(0));
        QVERIFY(!window.openFile(QStringLiteral(SWIVEL_TEST_DATA "/no-such-file.swivel.json")));
        QVERIFY(window.diagnosticsPanel()->topLevelItemCount() > 0);
        render(*window.scene());
        // A good file after a broken one draws again.
        QVERIFY(window.openFile(MainWindow::defaultFile()));
        QVERIFY(window.scene()->stateItemCount() > 0);
    }

    void inconsistentMachineDoesNotCrash() {
        using namespace swivel::model;
        Machine machine;
        machine.initial = "Nowhere";
        machine.states = {
            makeState("A", "B"),
            makeState("B", "A"),  // a parent cycle
            makeState("C", "Missing"),
            makeState("C"),       // a duplicate id
            makeState("P", "", StateKind::Parallel),
            makeState("R", "P"),
            makeState("F", "P", StateKind::Final),
            makeState("H", "R", StateKind::DeepHistory),
        };
        machine.transitions = {
            makeTransition("t1", "A", {"Gone"}, "E"),
            makeTransition("t2", "Gone", {"A"}, "E"),
            makeTransition("t3", "P", {"P"}, "Loop"),
            makeTransition("t4", "C", {"A", "F", "Gone"}, "Fork"),
            makeTransition("t5", "R", {}, "Stay"),
        };
        machine.layout.states["A"] = {0, 0, 10, 10};  // partial: ignored, laid out anew
        swivel::canvas::MachineScene scene;
        scene.setMachine(machine);
        QCOMPARE(scene.stateItemCount(), std::size_t(7));  // the duplicate C is dropped
        QVERIFY(scene.transitionItem("t1") == nullptr);   // dangling target
        QVERIFY(scene.transitionItem("t3") && scene.transitionItem("t4") &&
                scene.transitionItem("t5"));
        QCOMPARE(scene.transitionItem("t4")->paths().size(), 2);
        render(scene);
    }

    void refusesToStartWithoutDisplay() {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            environment.remove(QString::fromLatin1(name));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(SWIVEL_GUI_EXECUTABLE), {MainWindow::defaultFile()});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 2);
        const QString message = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(message.contains(QStringLiteral("no display available")), qPrintable(message));
        QVERIFY(message.contains(QStringLiteral("QT_QPA_PLATFORM=offscreen")));
    }
};

QTEST_MAIN(TestDesignerWindow)
#include "test_designer_window.moc"
