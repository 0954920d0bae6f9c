// The Document: the dirty flag follows the undo stack's clean state, reset and
// markSaved, the file path and the name shown in the title bar.

#include <QtTest>

#include "commands/change_machine.h"
#include "commands/change_state.h"
#include "document_test_support.h"

using namespace swivel;

class TestDocument : public QObject {
    Q_OBJECT

private slots:
    void startsEmptyAndClean() {
        document::Document document;
        QVERIFY(!document.isDirty());
        QCOMPARE(document.machine(), model::Machine{});
        QVERIFY(document.filePath().isEmpty());
        QCOMPARE(document.displayName(), QStringLiteral("Untitled"));
    }

    void resetReplacesTheMachine() {
        document::Document document;
        document.undoStack()->push(new commands::ChangeMachineName(&document, "x"));
        test::ChangeRecorder recorder(document);
        QSignalSpy dirty(&document, &document::Document::dirtyChanged);
        QSignalSpy path(&document, &document::Document::filePathChanged);
        document.reset(test::sampleMachine(), QStringLiteral("/tmp/a.swivel.json"));
        QCOMPARE(document.machine(), test::sampleMachine());
        QCOMPARE(document.undoStack()->count(), 0);
        QVERIFY(!document.isDirty());
        QCOMPARE(recorder.take(), test::Kinds{test::Kind::Reset});
        QCOMPARE(dirty.count(), 1);
        QCOMPARE(dirty.at(0).at(0).toBool(), false);
        QCOMPARE(path.count(), 1);
        QCOMPARE(path.at(0).at(0).toString(), QStringLiteral("/tmp/a.swivel.json"));
        QCOMPARE(document.displayName(), QStringLiteral("a.swivel.json"));
    }

    void recoveredMachineIsDirty() {
        document::Document document;
        QSignalSpy dirty(&document, &document::Document::dirtyChanged);
        document.reset(test::sampleMachine(), {}, true);
        QVERIFY(document.isDirty());
        QCOMPARE(dirty.count(), 1);
        QCOMPARE(document.displayName(), QStringLiteral("Sample")); // the machine's name
        document.markSaved(QStringLiteral("/tmp/b.swivel.json"));
        QVERIFY(!document.isDirty());
    }

    void dirtyFollowsTheUndoStack() {
        document::Document document;
        document.reset(test::sampleMachine(), QStringLiteral("/tmp/a.swivel.json"));
        QSignalSpy dirty(&document, &document::Document::dirtyChanged);
        QUndoStack& stack = *document.undoStack();

        stack.push(new commands::ChangeMachineName(&document, "one"));
        QVERIFY(document.isDirty());
        QCOMPARE(dirty.count(), 1);
        QCOMPARE(dirty.takeFirst().at(0).toBool(), true);

        stack.undo();
        QVERIFY(!document.isDirty()); // back at the saved state
        QCOMPARE(dirty.takeFirst().at(0).toBool(), false);

        stack.redo();
        QVERIFY(document.isDirty());
        document.markSaved(document.filePath());
        QVERIFY(!document.isDirty());
        QCOMPARE(dirty.count(), 2);
        QCOMPARE(dirty.at(1).at(0).toBool(), false);
        dirty.clear();

        // After a save an edit is not merged into the saved step: undo reaches the saved
        // state again.
        stack.push(new commands::ChangeMachineName(&document, "onetwo"));
        QCOMPARE(stack.count(), 2);
        QVERIFY(document.isDirty());
        stack.undo();
        QVERIFY(!document.isDirty());
        stack.undo();
        QVERIFY(document.isDirty()); // before the saved state is dirty too
        QCOMPARE(dirty.count(), 3);
    }

    void markSavedAnnouncesANewPathOnly() {
        document::Document document;
        QSignalSpy path(&document, &document::Document::filePathChanged);
        document.markSaved(QStringLiteral("/tmp/c.swivel.json"));
        document.markSaved(QStringLiteral("/tmp/c.swivel.json"));
        QCOMPARE(path.count(), 1);
        QCOMPARE(document.filePath(), QStringLiteral("/tmp/c.swivel.json"));
        document.markSaved(QStringLiteral("/tmp/d.swivel.json"));
        QCOMPARE(path.count(), 2);
    }

    void commandsWriteAndAnnounce() {
        document::Document document;
        document.reset(test::sampleMachine(), {});
        test::ChangeRecorder recorder(document);
        document.undoStack()->push(
            new commands::ChangeStateDescription(&document, {"Idle"}, "still waiting"));
        const auto changes = recorder.takeChanges();
        QCOMPARE(changes.size(), std::size_t(1));
        QCOMPARE(changes[0].kind, test::Kind::StatesChanged);
        QCOMPARE(changes[0].ids, std::vector<std::string>{"Idle"});
        QCOMPARE(document.machine().findState("Idle")->description, std::string("still waiting"));
    }
};

QTEST_GUILESS_MAIN(TestDocument)
#include "test_document.moc"
