// The Inspector dock, offscreen, with real key and mouse events on its real widgets:
// every edit must end as exactly one undo step that undo takes back exactly, the
// fields must follow the document and the selection, and expressions must be checked
// as they are typed.

#include <QtTest>

#include <QAbstractItemView>
#include <QComboBox>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QStackedWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QTemporaryDir>

#include "commands/add_transition.h"
#include "commands/change_transition.h"
#include "designer/main_window.h"
#include "document/document.h"
#include "document/selection.h"
#include "document_test_support.h"
#include "inspector/action_list_editor.h"
#include "inspector/expression_editor.h"
#include "inspector/inspector.h"
#include "model/labels.h"

using namespace swivel;

namespace {

// An inspector on the sample machine (written for the camera), shown and active so
// that focus, Enter and focus out behave as they do for a user.
struct Fixture {
    document::Document document;
    document::Selection selection;
    QWidget window;
    inspector::Inspector* inspector;

    Fixture() {
        document.reset(test::sampleMachine(), {});
        inspector = new inspector::Inspector(&document, &selection, &window);
        auto* layout = new QVBoxLayout(&window);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(inspector);
        window.resize(380, 900);
        window.show();
        window.activateWindow();
    }
    bool active() {
        window.activateWindow();
        return QTest::qWaitForWindowActive(&window);
    }

    template <class T> T* find(const QString& name) const { return inspector->findChild<T*>(name); }
    template <class T> T* findIn(const QString& parent, const QString& name) const {
        auto* p = inspector->findChild<QWidget*>(parent);
        return p ? p->findChild<T*>(name) : nullptr;
    }
    QWidget* currentPage() const { return find<QStackedWidget>("inspectorPages")->currentWidget(); }
    int steps() { return document.undoStack()->count(); }
    const model::Transition& transition(const std::string& id) const {
        return *document.machine().findTransition(id);
    }
};

// Puts the text cursor in `edit` the way a user does, and replaces its text by typing.
void retype(QLineEdit* edit, const QString& text) {
    QTest::mouseClick(edit, Qt::LeftButton);
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

void typeAndEnter(QLineEdit* edit, const QString& text) {
    retype(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

// The same for an expression field (QScintilla): a user clicks into its text, which
// is in its viewport.
using inspector::ExpressionEditor;
void retype(ExpressionEditor* edit, const QString& text) {
    QTest::mouseClick(edit->viewport(), Qt::LeftButton);
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

void typeAndEnter(ExpressionEditor* edit, const QString& text) {
    retype(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

// Whether the error indicator underlines the character at `column` (1-based).
bool markedAt(ExpressionEditor* edit, int column) {
    return edit->SendScintilla(QsciScintillaBase::SCI_INDICATORVALUEAT,
                               ExpressionEditor::kErrorIndicator, column - 1) != 0;
}

// Undoes `count` steps and checks the model is `before` again, exactly.
QString undoesTo(Fixture& f, int count, const model::Machine& before) {
    for (int i = 0; i < count; ++i)
        f.document.undoStack()->undo();
    return test::difference(before, f.document.machine());
}

} // namespace

class TestInspector : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        qRegisterMetaType<document::Change>();
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("swivel-test"));
        QCoreApplication::setApplicationName(QStringLiteral("test_inspector"));
    }

    void showsThePageOfWhatIsSelected() {
        Fixture f;
        QCOMPARE(f.currentPage()->objectName(), QStringLiteral("machinePage"));
        QCOMPARE(f.find<QLineEdit>("machineName")->text(), QStringLiteral("Sample"));

        f.selection.selectState("Idle");
        QCOMPARE(f.currentPage()->objectName(), QStringLiteral("statePage"));
        QCOMPARE(f.find<QLineEdit>("stateId")->text(), QStringLiteral("Idle"));
        QCOMPARE(f.find<QLineEdit>("stateDescription")->text(), QStringLiteral("waiting"));
        QCOMPARE(f.find<QLabel>("stateParent")->text(), QStringLiteral("On"));

        f.selection.selectTransition("motion");
        QCOMPARE(f.currentPage()->objectName(), QStringLiteral("transitionPage"));
        QCOMPARE(f.find<QLabel>("transitionEnds")->text(), QStringLiteral("Idle → Swivel"));
        QCOMPARE(f.find<QLineEdit>("transitionEventEdit")->text(), QStringLiteral("Motion"));
        QCOMPARE(f.find<ExpressionEditor>("transitionGuard")->text(), QStringLiteral("in(Idle)"));
        auto* actions = f.findIn<QListWidget>("transitionActions", "actionList");
        QCOMPARE(actions->count(), 1);
        QCOMPARE(actions->item(0)->text(), QStringLiteral("log go 1"));

        f.selection.set({"Idle", "Off"}, {"motion"});
        QCOMPARE(f.currentPage()->objectName(), QStringLiteral("selectionPage"));
        QCOMPARE(f.find<QLabel>("selectionSummary")->text(),
                 QStringLiteral("2 states, 1 transition selected"));

        f.selection.clear();
        QCOMPARE(f.currentPage()->objectName(), QStringLiteral("machinePage"));
    }

    void severalElementsShareTheirKindAndType() {
        Fixture f;
        QVERIFY(f.active());
        const model::Machine before = f.document.machine();
        f.selection.set({"Off", "Both"}, {"motion", "self"});
        auto* kind = f.find<QComboBox>("sharedStateKind");
        auto* type = f.find<QComboBox>("sharedTransitionType");
        QCOMPARE(kind->currentIndex(), -1); // state and parallel: no shared kind
        QCOMPARE(type->currentIndex(), -1); // external and internal
        QTest::mouseClick(type, Qt::LeftButton);
        QTest::keyClick(type->view(), Qt::Key_Down);
        QTest::keyClick(type->view(), Qt::Key_Return);
        const auto chosen = static_cast<model::TransitionType>(type->currentData().toInt());
        QCOMPARE(f.transition("motion").type, chosen);
        QCOMPARE(f.transition("self").type, chosen);
        QCOMPARE(f.steps(), 1);
        QCOMPARE(undoesTo(f, 1, before), QString());
        QCOMPARE(type->currentIndex(), -1);

        f.selection.set({"Off", "Done"}, {});
        QVERIFY(!type->isVisibleTo(f.inspector));
        QVERIFY(kind->isVisibleTo(f.inspector));
    }

    void typingAnEventNameCompletesItFromTheDeviceType() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectTransition("motion");
        auto* combo = f.find<QComboBox>("transitionEvent");
        auto* edit = f.find<QLineEdit>("transitionEventEdit");
        // The device type's events are offered, with the ones the machine already uses.
        for (const char* event : {"PowerUp", "Motion", "NewIMG", "StorageWarning"})
            QVERIFY2(combo->findText(event) >= 0, event);

        const model::Machine before = f.document.machine();
        const int steps = f.steps();
        retype(edit, "FocusD");
        QCompleter* completer = edit->completer();
        QVERIFY(completer);
        QTRY_VERIFY(completer->popup()->isVisible());
        QCOMPARE(completer->completionCount(), 1);
        QTest::keyClick(completer->popup(), Qt::Key_Down);
        QTest::keyClick(completer->popup(), Qt::Key_Return);
        QCOMPARE(edit->text(), QStringLiteral("FocusDone"));
        QTest::keyClick(edit, Qt::Key_Return);

        QCOMPARE(f.transition("motion").event, std::string("FocusDone"));
        QCOMPARE(f.steps(), steps + 1);
        QCOMPARE(undoesTo(f, 1, before), QString());
        QCOMPARE(edit->text(), QStringLiteral("Motion"));
    }

    void aGuardIsCheckedAsItIsTyped() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectTransition("motion");
        auto* guard = f.find<ExpressionEditor>("transitionGuard");
        auto* error = f.find<QLabel>("transitionGuardError");
        QVERIFY(error->isHidden());

        const model::Machine before = f.document.machine();
        const int steps = f.steps();
        retype(guard, "in(Idle) && event.Bering > 0");
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().startsWith("column 13: "), qPrintable(error->text()));
        QVERIFY2(error->text().contains("'Bering'") && error->text().contains("'Bearing'"),
                 qPrintable(error->text()));
        QVERIFY(markedAt(guard, 13));            // the field is marked where it is wrong
        QCOMPARE(f.steps(), steps);              // nothing committed while typing

        // Fix the typo where it is: after "event.Be".
        QTest::keyClick(guard, Qt::Key_End);
        for (int i = 0; i < 8; ++i)
            QTest::keyClick(guard, Qt::Key_Left);
        QTest::keyClicks(guard, "a");
        QCOMPARE(guard->text(), QStringLiteral("in(Idle) && event.Bearing > 0"));
        QVERIFY(error->isHidden());
        QVERIFY(!markedAt(guard, 13));
        QTest::keyClick(guard, Qt::Key_Return);

        QCOMPARE(f.transition("motion").guard.text, std::string("in(Idle) && event.Bearing > 0"));
        QCOMPARE(f.steps(), steps + 1);
        QCOMPARE(undoesTo(f, 1, before), QString());
        QCOMPARE(guard->text(), QStringLiteral("in(Idle)"));
    }

    void aGuardMustBeABool() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectTransition("motion");
        auto* guard = f.find<ExpressionEditor>("transitionGuard");
        retype(guard, "event.Bearing + 1");
        auto* error = f.find<QLabel>("transitionGuardError");
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains("int") && error->text().contains("bool"),
                 qPrintable(error->text()));
        retype(guard, "count >");
        QVERIFY2(error->text().startsWith("column 8: "), qPrintable(error->text()));
    }

    void tabGoesThroughTheFieldsInOrder() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectTransition("motion");
        auto* event = f.find<QLineEdit>("transitionEventEdit");
        QTest::mouseClick(event, Qt::LeftButton);
        QVERIFY(event->hasFocus());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), f.find<ExpressionEditor>("transitionGuard"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), f.find<QLineEdit>("transitionAfter"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), f.find<QComboBox>("transitionType"));
    }

    void escapeRevertsAFieldAndCommitsNothing() {
        Fixture f;
        QVERIFY(f.active());
        auto* name = f.find<QLineEdit>("machineName");
        const int steps = f.steps();
        retype(name, "Changed");
        QTest::keyClick(name, Qt::Key_Escape);
        QCOMPARE(name->text(), QStringLiteral("Sample"));
        QTest::keyClick(name, Qt::Key_Return);
        QCOMPARE(f.steps(), steps);
        QCOMPARE(f.document.machine().name, std::string("Sample"));

        // Enter on an unchanged field pushes nothing either.
        QTest::keyClick(name, Qt::Key_Return);
        QCOMPARE(f.steps(), steps);
    }

    void eachCommitIsOneUndoStep() {
        Fixture f;
        QVERIFY(f.active());
        const model::Machine before = f.document.machine();
        auto* name = f.find<QLineEdit>("machineName");
        typeAndEnter(name, "Camera");
        typeAndEnter(name, "Camera 2");
        QCOMPARE(f.document.machine().name, std::string("Camera 2"));
        f.document.undoStack()->undo();
        QCOMPARE(f.document.machine().name, std::string("Camera"));
        QCOMPARE(name->text(), QStringLiteral("Camera"));
        QCOMPARE(undoesTo(f, 1, before), QString());
    }

    void renamingAStateRenamesItEverywhereAndUndoRestoresIt() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectState("Idle");
        auto* id = f.find<QLineEdit>("stateId");
        const model::Machine before = f.document.machine();
        const int steps = f.steps();
        typeAndEnter(id, "Waiting");

        const model::Machine& m = f.document.machine();
        QVERIFY(m.findState("Waiting") && !m.findState("Idle"));
        QCOMPARE(m.findState("On")->initial, std::string("Waiting"));
        QCOMPARE(f.transition("motion").source, std::string("Waiting"));
        QCOMPARE(f.transition("focused").targets, std::vector<std::string>{"Waiting"});
        QCOMPARE(f.steps(), steps + 1);
        QCOMPARE(f.selection.states(), std::vector<std::string>{"Waiting"});
        QCOMPARE(f.currentPage()->objectName(), QStringLiteral("statePage"));
        QCOMPARE(id->text(), QStringLiteral("Waiting"));

        QCOMPARE(undoesTo(f, 1, before), QString());
        QCOMPARE(f.selection.states(), std::vector<std::string>{"Idle"});
        QCOMPARE(id->text(), QStringLiteral("Idle"));
    }

    void renamingATransitionKeepsItSelectedAndUndoRestoresIt() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectTransition("motion");
        auto* id = f.find<QLineEdit>("transitionId");
        QCOMPARE(id->text(), QStringLiteral("motion"));
        const model::Machine before = f.document.machine();
        const int steps = f.steps();
        typeAndEnter(id, "swivelOnMotion");
        QVERIFY(f.document.machine().findTransition("swivelOnMotion"));
        QVERIFY(!f.document.machine().findTransition("motion"));
        QCOMPARE(f.steps(), steps + 1);
        QCOMPARE(f.selection.transitions(), std::vector<std::string>{"swivelOnMotion"});
        QCOMPARE(f.currentPage()->objectName(), QStringLiteral("transitionPage"));

        QCOMPARE(undoesTo(f, 1, before), QString());
        QCOMPARE(f.selection.transitions(), std::vector<std::string>{"motion"});
        QCOMPARE(id->text(), QStringLiteral("motion"));

        // A state's id, or not an id at all: refused with the reason, nothing pushed.
        auto* error = f.find<QLabel>("transitionIdError");
        typeAndEnter(id, "Idle");
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains("'Idle' is already"), qPrintable(error->text()));
        typeAndEnter(id, "no spaces");
        QVERIFY2(error->text().contains("not a valid id"), qPrintable(error->text()));
        QCOMPARE(id->text(), QStringLiteral("motion"));
        QCOMPARE(f.steps(), steps + 1);  // only the undone rename, still redoable
        QCOMPARE(f.document.machine(), before);
    }

    void aRefusedRenameSaysWhyAndRestoresTheField() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectState("Idle");
        auto* id = f.find<QLineEdit>("stateId");
        auto* error = f.find<QLabel>("stateIdError");
        const int steps = f.steps();

        typeAndEnter(id, "Off");
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains("'Off' is already"), qPrintable(error->text()));
        QCOMPARE(id->text(), QStringLiteral("Idle"));

        typeAndEnter(id, "2fast");
        QVERIFY2(error->text().contains("not a valid id"), qPrintable(error->text()));
        QCOMPARE(id->text(), QStringLiteral("Idle"));
        QCOMPARE(f.steps(), steps);
        QCOMPARE(f.document.machine(), test::sampleMachine());

        typeAndEnter(id, "Ready");
        QVERIFY(error->isHidden());
        QVERIFY(f.document.machine().findState("Ready"));
    }

    void stateKindAndDescription() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectState("Shooting");
        const model::Machine before = f.document.machine();
        auto* initial = f.find<QComboBox>("stateInitial");
        QVERIFY(initial->isVisibleTo(f.inspector));
        QCOMPARE(initial->currentText(), QStringLiteral("Swivel"));
        QTest::mouseClick(initial, Qt::LeftButton); // opens the list
        QTest::keyClick(initial->view(), Qt::Key_Down);
        QTest::keyClick(initial->view(), Qt::Key_Return);
        QCOMPARE(f.document.machine().findState("Shooting")->initial, std::string("Focus"));

        typeAndEnter(f.find<QLineEdit>("stateDescription"), "taking a photo");
        QCOMPARE(f.document.machine().findState("Shooting")->description,
                 std::string("taking a photo"));
        QCOMPARE(undoesTo(f, 2, before), QString());

        f.selection.selectState("Off");
        QVERIFY(!f.find<QComboBox>("stateInitial")->isVisibleTo(f.inspector));
        auto* kind = f.find<QComboBox>("stateKind");
        QCOMPARE(kind->currentText(), QStringLiteral("state"));
        QTest::mouseClick(kind, Qt::LeftButton);
        QTest::keyClick(kind->view(), Qt::Key_Down);
        QTest::keyClick(kind->view(), Qt::Key_Return);
        QCOMPARE(f.document.machine().findState("Off")->kind, model::StateKind::Parallel);
        QCOMPARE(undoesTo(f, 1, before), QString());
        QCOMPARE(kind->currentText(), QStringLiteral("state"));
    }

    void addingAVariable() {
        Fixture f;
        QVERIFY(f.active());
        const model::Machine before = f.document.machine();
        auto* table = f.find<QTableWidget>("variables");
        QCOMPARE(table->rowCount(), 2);
        QTest::mouseClick(f.find<QToolButton>("addVariable"), Qt::LeftButton);
        QCOMPARE(f.document.machine().variables.size(), std::size_t{3});
        QCOMPARE(f.document.machine().variables[2].name, std::string("variable1"));
        QCOMPARE(table->rowCount(), 3);

        // The new name is open for typing.
        QTRY_VERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
        QWidget* editor = QApplication::focusWidget();
        QVERIFY(table->isAncestorOf(editor));
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, "shots");
        QTest::keyClick(editor, Qt::Key_Return);
        // The table commits a cell after the key event (a queued call).
        QTRY_COMPARE(f.document.machine().variables[2].name, std::string("shots"));

        // Its type, then its initial value.
        auto* type = f.find<QComboBox>("variableType2");
        QVERIFY(type);
        QCOMPARE(type->currentText(), QStringLiteral("int"));
        QTest::mouseClick(type, Qt::LeftButton);
        QTest::keyClick(type->view(), Qt::Key_Down); // double
        QTest::keyClick(type->view(), Qt::Key_Return);
        QCOMPARE(f.document.machine().variables[2].type, model::Type::Double);
        QCOMPARE(f.document.machine().variables[2].initial, model::Value{0.0});
        // The offscreen platform leaves the closed list "active": take the window back.
        QTRY_VERIFY(!type->view()->isVisible());
        QVERIFY(f.active());

        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          table->visualItemRect(table->item(2, 2)).center());
        QTest::keyClick(table, Qt::Key_F2);
        editor = QApplication::focusWidget();
        QVERIFY(qobject_cast<QLineEdit*>(editor));
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, "2.5");
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(f.document.machine().variables[2].initial, model::Value{2.5});

        // A value of the wrong type is refused, with the reason.
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          table->visualItemRect(table->item(2, 2)).center());
        QTest::keyClick(table, Qt::Key_F2);
        editor = QApplication::focusWidget();
        QVERIFY(qobject_cast<QLineEdit*>(editor));
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, "lots");
        QTest::keyClick(editor, Qt::Key_Return);
        auto* error = f.find<QLabel>("variablesError");
        QTRY_VERIFY(!error->isHidden());
        QCOMPARE(f.document.machine().variables[2].initial, model::Value{2.5});
        QVERIFY2(error->text().contains("not a valid double"), qPrintable(error->text()));
        QCOMPARE(table->item(2, 2)->text(), QStringLiteral("2.5"));

        QCOMPARE(f.steps(), 4); // add, name, type, value
        QCOMPARE(undoesTo(f, 4, before), QString());
        QCOMPARE(table->rowCount(), 2);
    }

    void removingAVariable() {
        Fixture f;
        QVERIFY(f.active());
        const model::Machine before = f.document.machine();
        auto* table = f.find<QTableWidget>("variables");
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          table->visualItemRect(table->item(0, 0)).center());
        QTest::mouseClick(f.find<QToolButton>("removeVariable"), Qt::LeftButton);
        QCOMPARE(f.document.machine().variables.size(), std::size_t{1});
        QCOMPARE(f.document.machine().variables[0].name, std::string("label"));
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(undoesTo(f, 1, before), QString());
    }

    void addingASendActionWithAnArgument() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectTransition("motion");
        const model::Machine before = f.document.machine();
        const QString editor = QStringLiteral("transitionActions");
        QTest::mouseClick(f.findIn<QToolButton>(editor, "addAction"), Qt::LeftButton);
        QCOMPARE(f.transition("motion").actions.size(), std::size_t{2});
        QCOMPARE(f.transition("motion").actions[1].kind, model::ActionKind::Send);

        // The command, completed from the device type's commands.
        auto* name = f.findIn<QComboBox>(editor, "actionName");
        QVERIFY(name->findText("Swivel") >= 0 && name->findText("TakePhoto") >= 0);
        typeAndEnter(f.findIn<QLineEdit>(editor, "actionNameEdit"), "Swivel");
        QCOMPARE(f.transition("motion").actions[1].name, std::string("Swivel"));

        // A new argument takes the command's declared argument name.
        QTest::mouseClick(f.findIn<QToolButton>(editor, "addArgument"), Qt::LeftButton);
        QCOMPARE(f.transition("motion").actions[1].args.size(), std::size_t{1});
        QCOMPARE(f.transition("motion").actions[1].args[0].name, std::string("Bearing"));
        auto* value = f.findIn<ExpressionEditor>(editor, "argumentValue0");
        QVERIFY(value);
        auto* valueError = f.findIn<QLabel>(editor, "argumentValue0Error");
        retype(value, "\"left\"");
        QVERIFY2(valueError->text().contains("string") && valueError->text().contains("int"),
                 qPrintable(valueError->text()));
        retype(value, "event.Bearing + 10");
        QVERIFY(valueError->isHidden());
        QTest::keyClick(value, Qt::Key_Return);

        const model::Action& action = f.transition("motion").actions[1];
        QCOMPARE(model::actionSummary(action), std::string("Swivel(Bearing: event.Bearing + 10)"));
        auto* list = f.findIn<QListWidget>(editor, "actionList");
        QCOMPARE(list->item(1)->text(), QStringLiteral("Swivel(Bearing: event.Bearing + 10)"));
        QCOMPARE(f.steps(), 4); // add, name, argument, value
        QCOMPARE(undoesTo(f, 4, before), QString());
        QCOMPARE(list->count(), 1);
    }

    void actionsAreReorderedAndRemoved() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectTransition("motion");
        const model::Machine before = f.document.machine();
        const QString editor = QStringLiteral("transitionActions");
        QTest::mouseClick(f.findIn<QToolButton>(editor, "addAction"), Qt::LeftButton);
        // Make it an assignment: kind, variable, value.
        auto* kind = f.findIn<QComboBox>(editor, "actionKind");
        QTest::mouseClick(kind, Qt::LeftButton);
        QTest::keyClick(kind->view(), Qt::Key_Down); // assign
        QTest::keyClick(kind->view(), Qt::Key_Return);
        QCOMPARE(f.transition("motion").actions[1].kind, model::ActionKind::Assign);
        typeAndEnter(f.findIn<QLineEdit>(editor, "actionNameEdit"), "count");
        auto* expr = f.findIn<ExpressionEditor>(editor, "actionExpr");
        retype(expr, "count + \"1\"");
        QVERIFY(!f.findIn<QLabel>(editor, "actionExprError")->isHidden());
        typeAndEnter(expr, "count + 1");
        QVERIFY(f.findIn<QLabel>(editor, "actionExprError")->isHidden());
        QCOMPARE(model::actionSummary(f.transition("motion").actions[1]),
                 std::string("count := count + 1"));

        QTest::mouseClick(f.findIn<QToolButton>(editor, "moveActionUp"), Qt::LeftButton);
        QCOMPARE(model::actionsSummary(f.transition("motion").actions),
                 std::string("count := count + 1; log go 1"));
        auto* list = f.findIn<QListWidget>(editor, "actionList");
        QCOMPARE(list->currentRow(), 0);
        QTest::mouseClick(f.findIn<QToolButton>(editor, "removeAction"), Qt::LeftButton);
        QCOMPARE(model::actionsSummary(f.transition("motion").actions), std::string("log go 1"));
        QCOMPARE(f.steps(), 6); // add, kind, variable, value, up, remove
        QCOMPARE(undoesTo(f, 6, before), QString());
    }

    void entryActionsOfAState() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectState("Off");
        const model::Machine before = f.document.machine();
        auto* entry = f.findIn<QListWidget>("entryActions", "actionList");
        QCOMPARE(entry->count(), 1);
        auto* label = f.findIn<QLineEdit>("entryActions", "actionLabel");
        QCOMPARE(label->text(), QStringLiteral("power"));
        typeAndEnter(label, "powered");
        QCOMPARE(f.document.machine().findState("Off")->onEntry[0].label, std::string("powered"));
        // The message is checked against the machine's variables.
        auto* message = f.findIn<ExpressionEditor>("entryActions", "actionExpr");
        retype(message, "label + cnt");
        QVERIFY(!f.findIn<QLabel>("entryActions", "actionExprError")->isHidden());
        QTest::keyClick(message, Qt::Key_Escape);
        QCOMPARE(message->text(), QStringLiteral("\"off\""));

        QTest::mouseClick(f.findIn<QToolButton>("exitActions", "addAction"), Qt::LeftButton);
        QCOMPARE(f.document.machine().findState("Off")->onExit.size(), std::size_t{1});
        QCOMPARE(undoesTo(f, 2, before), QString());
    }

    void changingTheDeviceType() {
        Fixture f;
        QVERIFY(f.active());
        const model::Machine before = f.document.machine();
        auto* device = f.find<QComboBox>("deviceType");
        QCOMPARE(device->currentData().toString(), QStringLiteral("canon-eos-rebel"));
        QTest::mouseClick(device, Qt::LeftButton);
        QTest::keyClick(device->view(), Qt::Key_Down);
        QTest::keyClick(device->view(), Qt::Key_Return);
        const std::string chosen = device->currentData().toString().toStdString();
        QVERIFY(chosen != "canon-eos-rebel" && !chosen.empty());
        QCOMPARE(f.document.machine().deviceType, chosen);
        QCOMPARE(f.steps(), 1);

        // The events offered now are the new device's.
        f.selection.selectTransition("motion");
        auto* event = f.find<QComboBox>("transitionEvent");
        const model::DeviceType* type = model::DeviceCatalog::builtin().findDevice(chosen);
        QVERIFY(type && !type->events.empty());
        QCOMPARE(event->itemText(0), QString::fromStdString(type->events[0].name));

        QCOMPARE(undoesTo(f, 1, before), QString());
        f.selection.clear();
        QCOMPARE(device->currentData().toString(), QStringLiteral("canon-eos-rebel"));
    }

    void timerAndType() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectTransition("self");
        const model::Machine before = f.document.machine();
        QCOMPARE(f.find<QComboBox>("transitionType")->currentText(), QStringLiteral("internal"));
        auto* after = f.find<QLineEdit>("transitionAfter");
        typeAndEnter(after, "8x00"); // the x is not accepted
        QCOMPARE(f.transition("self").afterMs, std::optional<std::int64_t>(800));
        typeAndEnter(after, "");
        QCOMPARE(f.transition("self").afterMs, std::nullopt);
        auto* type = f.find<QComboBox>("transitionType");
        QTest::mouseClick(type, Qt::LeftButton);
        QTest::keyClick(type->view(), Qt::Key_Up);
        QTest::keyClick(type->view(), Qt::Key_Return);
        QCOMPARE(f.transition("self").type, model::TransitionType::External);
        QCOMPARE(undoesTo(f, 3, before), QString());
    }

    void aChangeFromElsewhereDoesNotClobberTheFieldBeingTyped() {
        Fixture f;
        QVERIFY(f.active());
        f.selection.selectTransition("motion");
        auto* guard = f.find<ExpressionEditor>("transitionGuard");
        retype(guard, "count > 3");
        f.document.undoStack()->push(
            new commands::ChangeTransitionEvent(&f.document, {"motion"}, "NewIMG"));
        QCOMPARE(f.find<QLineEdit>("transitionEventEdit")->text(), QStringLiteral("NewIMG"));
        QCOMPARE(guard->text(), QStringLiteral("count > 3"));
        QTest::keyClick(guard, Qt::Key_Return);
        QCOMPARE(f.transition("motion").guard.text, std::string("count > 3"));
        QCOMPARE(f.transition("motion").event, std::string("NewIMG"));
    }

    void anElementUndoneAwayGivesTheMachinePage() {
        Fixture f;
        auto* add = new commands::AddTransition(&f.document, "Off", {"Done"});
        const std::string added = add->transitionId();
        f.document.undoStack()->push(add);
        f.selection.selectTransition(added);
        QCOMPARE(f.currentPage()->objectName(), QStringLiteral("transitionPage"));
        f.document.undoStack()->undo();
        QCOMPARE(f.currentPage()->objectName(), QStringLiteral("machinePage"));
    }

    void theMainWindowDocksTheInspectorOnTheRight() {
        QTemporaryDir autosave;
        qputenv("SWIVEL_AUTOSAVE_DIR", autosave.path().toUtf8());
        designer::MainWindow window;
        window.show();
        QVERIFY(window.newDocument(QStringLiteral("canon-eos-rebel")));
        auto* dock = window.findChild<QDockWidget*>("inspectorDock");
        QVERIFY(dock);
        QVERIFY(dock->isVisible());
        QCOMPARE(window.dockWidgetArea(dock), Qt::RightDockWidgetArea);
        QVERIFY(dock->widget()->isEnabled());
        // View > Inspector hides and shows it.
        QAction* toggle = dock->toggleViewAction();
        bool inViewMenu = false;
        for (QAction* menu : window.menuBar()->actions())
            if (menu->menu() && menu->menu()->actions().contains(toggle))
                inViewMenu = menu->text().remove('&') == QStringLiteral("View");
        QVERIFY(inViewMenu);
        toggle->trigger();
        QVERIFY(!dock->isVisible());
        toggle->trigger();
        QVERIFY(dock->isVisible());

        auto* name = dock->findChild<QLineEdit*>("machineName");
        QVERIFY(name);
        typeAndEnter(name, "Door");
        QCOMPARE(window.document()->machine().name, std::string("Door"));
        QVERIFY(window.document()->undoStack()->canUndo());
    }

    // Not a check: pictures of the pages for a human to look at, when asked for with
    // SWIVEL_INSPECTOR_SCREENSHOTS=<directory>.
    void screenshots() {
        const QString directory = qEnvironmentVariable("SWIVEL_INSPECTOR_SCREENSHOTS");
        if (directory.isEmpty())
            QSKIP("set SWIVEL_INSPECTOR_SCREENSHOTS to a directory to take them");
        Fixture f;
        QVERIFY(f.active());
        f.window.resize(360, 760);
        QVERIFY(f.inspector->grab().save(directory + "/inspector-machine.png"));
        f.selection.selectTransition("motion");
        retype(f.find<ExpressionEditor>("transitionGuard"), "in(Idle) && event.Bering > 0");
        QTest::qWait(100);
        QVERIFY(f.inspector->grab().save(directory + "/inspector-transition.png"));
        f.selection.selectState("Off");
        QTest::qWait(100);
        QVERIFY(f.inspector->grab().save(directory + "/inspector-state.png"));

        // The dock in the main window, on the camera example.
        QTemporaryDir autosave;
        qputenv("SWIVEL_AUTOSAVE_DIR", autosave.path().toUtf8());
        designer::MainWindow window;
        window.show();
        QVERIFY(window.openFile(designer::MainWindow::defaultFile()));
        if (!window.document()->machine().transitions.empty())
            window.selection()->selectTransition(window.document()->machine().transitions[0].id);
        QTest::qWait(100); // let the layouts settle, as they do before a user sees them
        QVERIFY(window.grab().save(directory + "/inspector-window.png"));
    }
};

QTEST_MAIN(TestInspector)
#include "test_inspector.moc"
