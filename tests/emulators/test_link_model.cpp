// A device's link: bytes take their time over the bandwidth and queue behind each
// other, latency and jitter add up, outages hold messages back (or let them expire),
// and loss and duplication happen at their rates.
#include <QtTest>

#include "emulators/link_model.h"

using namespace swivel::emu;

namespace {

// The camera's catalog link: 2,000 kbit/s, 40 ms, no jitter, no loss.
LinkParams cameraLink() {
    swivel::model::LinkProfile profile;
    profile.latencyMs = 40;
    profile.jitterMs = 0;
    profile.bandwidthKbps = 2000;
    profile.loss = 0;
    return LinkParams::resolve(profile, LinkSettings{});
}

} // namespace

class TestLinkModel : public QObject {
    Q_OBJECT
private slots:
    void aFullPhotoTakesItsTimeAThumbnailDoesNot() {
        LinkDirection up;
        Random random(1);
        // 3,000,000 bytes * 8 bits / 2,000 kbit/s = 12 s, then 40 ms of latency.
        QCOMPARE(up.send(cameraLink(), "camera-0001", 0, 3000000, random).arrival,
                 seconds(12) + milliseconds(40));
        LinkDirection other;
        // 20,000 bytes: 80 ms.
        QCOMPARE(other.send(cameraLink(), "camera-0001", 0, 20000, random).arrival,
                 milliseconds(80) + milliseconds(40));
    }

    void messagesQueueBehindWhatTheLinkIsStillSending() {
        LinkDirection up;
        Random random(1);
        up.send(cameraLink(), "camera-0001", 0, 3000000, random);
        // A 120-byte Motion sent 1 s later waits for the photo: 12 s + 0.48 ms + 40 ms.
        const Transmission motion = up.send(cameraLink(), "camera-0001", seconds(1), 120, random);
        QCOMPARE(motion.arrival, seconds(12) + microseconds(480) + milliseconds(40));
    }

    void anUploadThatIsNoMessageStillHoldsTheLink() {
        LinkDirection up;
        Random random(1);
        up.occupy(cameraLink(), 0, 3000000);
        QCOMPARE(up.send(cameraLink(), "camera-0001", 0, 0, random).arrival, seconds(12) + milliseconds(40));
    }

    void anOutageHoldsMessagesUntilTheLinkReturns() {
        LinkSettings settings;
        settings.outages.push_back({seconds(10), seconds(20), "camera-00"});
        swivel::model::LinkProfile profile;
        profile.jitterMs = 0;
        profile.bandwidthKbps = 0;  // unlimited: only the latency counts
        const LinkParams link = LinkParams::resolve(profile, settings);
        Random random(1);
        LinkDirection a, b;
        QCOMPARE(a.send(link, "camera-0001", seconds(12), 100, random).arrival, seconds(20) + milliseconds(20));
        // The window names devices by prefix: another fleet is not affected.
        QCOMPARE(b.send(link, "door-0001", seconds(12), 100, random).arrival, seconds(12) + milliseconds(20));
    }

    void withATimeToLiveAMessageExpiresInAnOutage() {
        LinkSettings settings;
        settings.outages.push_back({seconds(10), seconds(20), ""});
        settings.messageTtl = seconds(5);
        const LinkParams link = LinkParams::resolve(swivel::model::LinkProfile{}, settings);
        Random random(1);
        LinkDirection up;
        const Transmission t = up.send(link, "camera-0001", seconds(12), 100, random);
        QVERIFY(t.expired);
        QCOMPARE(t.arrival, seconds(17));
        QVERIFY(!up.send(link, "camera-0001", seconds(16), 100, random).expired);  // waits 4 s only
    }

    void jitterStaysWithinItsBounds() {
        swivel::model::LinkProfile profile;
        profile.latencyMs = 40;
        profile.jitterMs = 15;
        profile.bandwidthKbps = 0;
        const LinkParams link = LinkParams::resolve(profile, LinkSettings{});
        Random random(3);
        VirtualTime low = seconds(1), high = 0;
        for (int i = 0; i < 5000; ++i) {
            LinkDirection fresh;
            const VirtualTime t = fresh.send(link, "x", 0, 10, random).arrival;
            low = std::min(low, t);
            high = std::max(high, t);
        }
        QVERIFY(low >= milliseconds(25) && low < milliseconds(26));
        QVERIFY(high <= milliseconds(55) && high > milliseconds(54));
    }

    void lossAndDuplicationHappenAtTheirRates() {
        LinkSettings settings;
        settings.loss = 0.1;
        settings.duplication = 0.05;
        const LinkParams link = LinkParams::resolve(swivel::model::LinkProfile{}, settings);
        Random random(5);
        int lost = 0, copies = 0;
        for (int i = 0; i < 20000; ++i) {
            LinkDirection fresh;
            const Transmission t = fresh.send(link, "x", 0, 10, random);
            lost += t.lost;
            copies += t.copyArrival.has_value();
            if (t.copyArrival)
                QVERIFY(*t.copyArrival >= t.arrival);
        }
        QVERIFY2(lost > 1800 && lost < 2200, qPrintable(QString::number(lost)));
        QVERIFY2(copies > 850 && copies < 1150, qPrintable(QString::number(copies)));
    }
};

QTEST_APPLESS_MAIN(TestLinkModel)
#include "test_link_model.moc"
