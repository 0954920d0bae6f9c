// The versioned store: a put lands only on the version it was computed from; applied
// event ids stay known for the redelivery horizon; the side effects of the last few
// stay with the record; fault windows make it slow or unavailable.
#include <QtTest>

#include "emulators/versioned_store.h"

using namespace swivel::emu;
using swivel::model::Configuration;

namespace {

Configuration configurationWith(int state) {
    Configuration c;
    c.active = {state};
    return c;
}

RecentEvent applied(MessageId id) {
    RecentEvent event;
    event.eventId = id;
    swivel::model::EmittedAction send;
    send.kind = swivel::model::EmittedAction::Kind::Send;
    send.name = "Swivel";
    event.effects.push_back(send);
    return event;
}

} // namespace

class TestVersionedStore : public QObject {
    Q_OBJECT
private slots:
    void aPutLandsOnlyOnTheVersionItRead() {
        VersionedStore store(StoreSettings{}, Random(1));
        store.provision(2, configurationWith(0));
        QCOMPARE(store.get(0).version, std::uint64_t(0));

        Configuration first = configurationWith(1), second = configurationWith(2);
        QVERIFY(store.putIfVersion(0, 0, first, applied(10), 0));
        QCOMPARE(store.get(0).version, std::uint64_t(1));
        QCOMPARE(store.get(0).configuration, configurationWith(1));
        QCOMPARE(first, configurationWith(0));  // the old record comes back

        // A second instance that also read version 0 conflicts and changes nothing.
        QVERIFY(!store.putIfVersion(0, 0, second, applied(11), 0));
        QCOMPARE(store.get(0).version, std::uint64_t(1));
        QCOMPARE(store.get(0).configuration, configurationWith(1));
        QCOMPARE(store.conflicts(), std::uint64_t(1));
        QCOMPARE(store.get(1).version, std::uint64_t(0));  // records are per device
    }

    void appliedIdsAreKeptForTheHorizonAndEffectsForTheLastFew() {
        VersionedStore store(StoreSettings{}, Random(1));
        store.setIdempotencyHorizon(seconds(100));
        store.provision(1, configurationWith(0));
        for (MessageId id = 1; id <= 20; ++id) {
            Configuration next = configurationWith(static_cast<int>(id));
            QVERIFY(store.putIfVersion(0, id - 1, next, applied(id), seconds(static_cast<std::int64_t>(id))));
        }
        const StoreRecord& record = store.get(0);
        for (MessageId id = 1; id <= 20; ++id)
            QVERIFY(record.wasApplied(id));
        QVERIFY(!record.wasApplied(21));
        QVERIFY(record.findEffects(20) != nullptr);
        QCOMPARE(record.findEffects(20)->effects.front().name, std::string("Swivel"));
        QVERIFY2(record.findEffects(20 - StoreRecord::kRecentEffects) == nullptr, "older effects are overwritten");

        // 100 s after event 1 was applied it may be forgotten, not before.
        Configuration next = configurationWith(0);
        QVERIFY(store.putIfVersion(0, 20, next, applied(21), seconds(101) + 1));
        QVERIFY(!store.get(0).wasApplied(1));
        QVERIFY(store.get(0).wasApplied(2));
    }

    void faultWindowsSlowTheStoreOrTakeItAway() {
        StoreSettings settings;
        settings.latencyMinMs = 2;
        settings.latencyMaxMs = 8;
        settings.faults.push_back({StoreFault::Mode::Unavailable, {seconds(60), seconds(90), ""}, 1});
        settings.faults.push_back({StoreFault::Mode::Slow, {seconds(90), seconds(100), "cam-"}, 10});
        VersionedStore store(settings, Random(1));
        for (int i = 0; i < 100; ++i) {
            const auto normal = store.latency("cam-0001", seconds(10));
            QVERIFY(normal && *normal >= milliseconds(2) && *normal <= milliseconds(8));
            const auto slow = store.latency("cam-0001", seconds(95));
            QVERIFY(slow && *slow >= milliseconds(20) && *slow <= milliseconds(80));
            const auto other = store.latency("door-0001", seconds(95));
            QVERIFY(other && *other <= milliseconds(8));
        }
        QVERIFY(!store.latency("cam-0001", seconds(60)));
        QVERIFY(!store.latency("door-0001", seconds(89)));
    }
};

QTEST_APPLESS_MAIN(TestVersionedStore)
#include "test_versioned_store.moc"
