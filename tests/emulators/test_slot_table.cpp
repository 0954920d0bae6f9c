// The simulator's table of live messages: values by increasing id, found, erased in
// any order, visited in id order, their places reused, and never moved while alive.
#include <QtTest>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "emulators/slot_table.h"

using Table = swivel::emu::SlotTable<std::uint64_t, std::string>;

class TestSlotTable : public QObject {
    Q_OBJECT
private slots:
    void findsWhatWasInsertedUntilItIsErased() {
        Table table;
        table.insert(5) = "five";
        table.insert(9) = "nine";  // ids may skip
        QCOMPARE(table.size(), std::size_t(2));
        QCOMPARE(table.at(5), std::string("five"));
        QCOMPARE(*table.find(9), std::string("nine"));
        QVERIFY(table.find(7) == nullptr);
        QVERIFY(table.find(4) == nullptr);
        QVERIFY(table.find(10) == nullptr);
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, table.at(7));
        table.erase(5);
        table.erase(5);  // twice: nothing
        QVERIFY(!table.contains(5));
        QCOMPARE(table.size(), std::size_t(1));
        QCOMPARE(table.at(9), std::string("nine"));
    }

    void anErasedPlaceIsResetAndReused() {
        Table table;
        std::string* first = &table.insert(1);
        *first = "one";
        table.erase(1);
        QVERIFY(first->empty());
        QCOMPARE(&table.insert(2), first);
    }

    void matchesAMapOverAMillionRandomOperations() {
        // Ids come in order; most entries live briefly, some long (a window that
        // wraps its ring many times and grows it), as messages do in a run.
        Table table;
        std::map<std::uint64_t, std::string> expected;
        std::map<std::uint64_t, const std::string*> places;
        std::mt19937_64 random(42);
        std::uint64_t next = 1;
        for (int step = 0; step < 1000000; ++step) {
            const unsigned pick = random() % 100;
            if (pick < 50 || expected.empty()) {
                next += 1 + random() % 3;
                std::string& value = table.insert(next);
                QVERIFY(value.empty());
                value = std::to_string(next);
                expected[next] = value;
                places[next] = &value;
            } else {
                // Mostly among the newest entries, sometimes the oldest.
                auto it = pick < 95 ? std::prev(expected.end(), 1 + static_cast<long>(random() % std::min<std::size_t>(expected.size(), 8)))
                                    : expected.begin();
                table.erase(it->first);
                places.erase(it->first);
                expected.erase(it);
            }
            if (step % 99991 == 0 || expected.size() < 3) {
                QCOMPARE(table.size(), expected.size());
                std::vector<std::uint64_t> visited;
                table.forEach([&](std::uint64_t id, const std::string& value) {
                    visited.push_back(id);
                    QCOMPARE(value, expected.at(id));
                    QCOMPARE(&value, places.at(id));  // never moved
                });
                QCOMPARE(visited.size(), expected.size());
                QVERIFY(std::is_sorted(visited.begin(), visited.end()));
            }
        }
        for (const auto& [id, value] : expected)
            QCOMPARE(table.at(id), value);
    }
};

QTEST_APPLESS_MAIN(TestSlotTable)
#include "test_slot_table.moc"
