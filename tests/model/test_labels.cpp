// Every view names a transition the same way: `Event [guard] / actions`.
#include <QtTest>

#include "model/labels.h"

using namespace swivel::model;

namespace {

Action send(std::string command, std::vector<Argument> args = {}) {
    Action a;
    a.kind = ActionKind::Send;
    a.name = std::move(command);
    a.args = std::move(args);
    return a;
}

} // namespace

class TestLabels : public QObject {
    Q_OBJECT
private slots:
    void eventGuardAndActions() {
        Transition t;
        t.event = "Motion";
        t.guard.text = "event.Bearing > 10";
        t.actions = {send("Swivel", {{"Bearing", {"event.Bearing"}}}), send("Focus")};
        QCOMPARE(transitionLabel(t),
                 std::string("Motion [event.Bearing > 10] / Swivel(Bearing: event.Bearing); Focus()"));
    }

    void timerTransition() {
        Transition t;
        t.afterMs = 800;
        QCOMPARE(transitionLabel(t), std::string("after 800 ms"));
    }

    void eventlessWithGuardOnly() {
        Transition t;
        t.guard.text = "count > 3";
        QCOMPARE(transitionLabel(t), std::string("[count > 3]"));
    }

    void everyActionKindReads() {
        Action assign;
        assign.kind = ActionKind::Assign;
        assign.name = "lastUID";
        assign.expr.text = "event.UID";
        QCOMPARE(actionSummary(assign), std::string("lastUID := event.UID"));

        Action raise;
        raise.kind = ActionKind::Raise;
        raise.name = "Retry";
        raise.delayMs = 500;
        QCOMPARE(actionSummary(raise), std::string("raise Retry after 500 ms"));

        Action log;
        log.kind = ActionKind::Log;
        log.label = "idle";
        QCOMPARE(actionSummary(log), std::string("log idle"));

        Action call;
        call.kind = ActionKind::Call;
        call.name = "PhotoInterest";
        call.args = {{"UID", {"event.UID"}}};
        QCOMPARE(actionSummary(call), std::string("call PhotoInterest(UID: event.UID)"));

        Action other = send("Swivel");
        other.target = "cam-2";
        QCOMPARE(actionSummary(other), std::string("Swivel() to cam-2"));
    }
};

QTEST_APPLESS_MAIN(TestLabels)
#include "test_labels.moc"
