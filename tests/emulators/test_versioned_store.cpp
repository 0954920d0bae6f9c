// The versioned store: a put lands only on the version it was computed from; the
// record remembers its last few applied events with their side effects, and knows
// when an event is older than that; fault windows make it slow or unavailable.
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

std::vector<swivel::model::EmittedAction> sendSwivel(std::int64_t bearing) {
    swivel::model::EmittedAction send;
    send.kind = swivel::model::EmittedAction::Kind::Send;
    send.name = "Swivel";
    send.args = {{"Bearing", bearing}};
    return {send};
}

Configuration read(const VersionedStore& store, std::size_t device) {
    Configuration configuration;
    store.readConfiguration(device, configuration);
    return configuration;
}

} // namespace

class TestVersionedStore : public QObject {
    Q_OBJECT
private slots:
    void aPutLandsOnlyOnTheVersionItRead() {
        VersionedStore store(StoreSettings{}, Random(1));
        store.provision(2, configurationWith(0));
        QCOMPARE(store.get(0).version, std::uint64_t(0));
        QCOMPARE(read(store, 0), configurationWith(0));

        QVERIFY(store.putIfVersion(0, 0, configurationWith(1), 10, sendSwivel(90)));
        QCOMPARE(store.get(0).version, std::uint64_t(1));
        QCOMPARE(read(store, 0), configurationWith(1));

        // A second instance that also read version 0 conflicts and changes nothing.
        QVERIFY(!store.putIfVersion(0, 0, configurationWith(2), 11, sendSwivel(0)));
        QCOMPARE(store.get(0).version, std::uint64_t(1));
        QCOMPARE(read(store, 0), configurationWith(1));
        QCOMPARE(store.conflicts(), std::uint64_t(1));
        QVERIFY(!store.checkVersion(0, 0));
        QCOMPARE(store.conflicts(), std::uint64_t(2));
        QVERIFY(store.checkVersion(0, 1));
        QCOMPARE(store.get(1).version, std::uint64_t(0));  // records are per device
        QCOMPARE(read(store, 1), configurationWith(0));
    }

    // Events of one device may be applied out of their sending order (two instances,
    // a reordering link): an id below the newest applied one is looked up in the list.
    void eventsAppliedOutOfOrderAreStillRecognised() {
        VersionedStore store(StoreSettings{}, Random(1));
        store.provision(1, configurationWith(0));
        QVERIFY(store.putIfVersion(0, 0, configurationWith(1), 50, sendSwivel(50)));
        QVERIFY(store.putIfVersion(0, 1, configurationWith(2), 30, sendSwivel(30)));
        std::vector<swivel::model::EmittedAction> effects;
        QCOMPARE(store.lookup(0, 30, effects), AppliedLookup::Applied);
        QCOMPARE(effects, sendSwivel(30));
        QCOMPARE(store.lookup(0, 50, effects), AppliedLookup::Applied);
        QCOMPARE(effects, sendSwivel(50));
        QCOMPARE(store.lookup(0, 40, effects), AppliedLookup::NotApplied);
        QCOMPARE(store.lookup(0, 51, effects), AppliedLookup::NotApplied);
        // Ids past 32 bits still work (the newest applied id is kept in 32).
        const MessageId huge = MessageId{1} << 33;
        QVERIFY(store.putIfVersion(0, 2, configurationWith(3), huge, sendSwivel(7)));
        QCOMPARE(store.lookup(0, huge, effects), AppliedLookup::Applied);
        QCOMPARE(store.lookup(0, huge + 1, effects), AppliedLookup::NotApplied);
        QCOMPARE(store.lookup(0, 30, effects), AppliedLookup::Applied);
    }

    void theRecordRemembersItsLastEventsWithWhatTheyCaused() {
        VersionedStore store(StoreSettings{}, Random(1));
        store.provision(1, configurationWith(0));
        constexpr MessageId kEvents = 20;
        for (MessageId id = 1; id <= kEvents; ++id)
            QVERIFY(store.putIfVersion(0, id - 1, configurationWith(static_cast<int>(id)), id * 10,
                                       sendSwivel(static_cast<std::int64_t>(id))));
        std::vector<swivel::model::EmittedAction> effects;
        const MessageId oldestKept = kEvents - StoreRecord::kRecentEvents + 1;
        for (MessageId id = oldestKept; id <= kEvents; ++id) {
            QCOMPARE(store.lookup(0, id * 10, effects), AppliedLookup::Applied);
            QCOMPARE(effects, sendSwivel(static_cast<std::int64_t>(id)));
        }
        // Dropped from the list: the record cannot tell whether such an id was applied
        // (ids grow in sending order), so it is never applied again.
        QCOMPARE(store.lookup(0, (oldestKept - 1) * 10, effects), AppliedLookup::Forgotten);
        QCOMPARE(store.lookup(0, 15, effects), AppliedLookup::Forgotten);
        QCOMPARE(store.get(0).forgottenThrough, (oldestKept - 1) * 10);
        // Newer than anything dropped and not in the list: never applied.
        QCOMPARE(store.lookup(0, (oldestKept - 1) * 10 + 5, effects), AppliedLookup::NotApplied);
        QCOMPARE(store.lookup(0, 1000, effects), AppliedLookup::NotApplied);
    }

    void aRecordArmsTheTimersOfItsConfiguration() {
        VersionedStore store(StoreSettings{}, Random(1));
        Configuration armed = configurationWith(3);
        armed.timers = {{2, 41}, {5, 42}};
        store.provision(1, armed);
        QVERIFY(store.armsTimer(0, 41));
        QVERIFY(store.armsTimer(0, 42));
        QVERIFY(!store.armsTimer(0, 40));
        QVERIFY(store.putIfVersion(0, 0, configurationWith(1), 1, {}));
        QVERIFY2(!store.armsTimer(0, 41), "the put disarmed them");
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
