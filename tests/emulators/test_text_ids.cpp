// The recorder's memory of the texts it wrote (emulators/text_ids.h): a text met again
// gets the id it was given, until the memory is full and starts again empty.

#include <QtTest>

#include <random>
#include <string>
#include <unordered_map>

#include "emulators/text_ids.h"

using namespace swivel::emu;

namespace {

// The rule as the recorder first wrote it, with a map: the reference.
class MapTextIds {
public:
    explicit MapTextIds(std::size_t capacity) : m_capacity(capacity) {}
    std::optional<std::int64_t> find(const std::string& text, std::int64_t newId) {
        if (const auto found = m_ids.find(text); found != m_ids.end())
            return found->second;
        if (m_ids.size() >= m_capacity)
            m_ids.clear();
        m_ids.emplace(text, newId);
        return std::nullopt;
    }

private:
    std::size_t m_capacity;
    std::unordered_map<std::string, std::int64_t> m_ids;
};

} // namespace

class TestTextIds : public QObject {
    Q_OBJECT
private slots:
    void aTextMetAgainHasTheIdItWasGiven() {
        TextIds ids(16);
        QCOMPARE(ids.find("{\"event\":\"Motion\"}", 1), std::nullopt);
        QCOMPARE(ids.find("[\"motion\"]", 2), std::nullopt);
        QCOMPARE(ids.find("{\"event\":\"Motion\"}", 3), std::optional<std::int64_t>(1));
        QCOMPARE(ids.find("[\"motion\"]", 3), std::optional<std::int64_t>(2));
        QCOMPARE(ids.find("", 3), std::nullopt);  // the empty text is a text too
        QCOMPARE(ids.find("", 4), std::optional<std::int64_t>(3));
    }

    void aFullMemoryStartsAgainEmpty() {
        TextIds ids(3);
        std::int64_t next = 1;
        for (const char* text : {"a", "b", "c"})
            QCOMPARE(ids.find(text, next++), std::nullopt);
        QCOMPARE(ids.find("a", next), std::optional<std::int64_t>(1));  // full, but known
        QCOMPARE(ids.find("d", next++), std::nullopt);                // full: starts again with d
        QCOMPARE(ids.find("a", next++), std::nullopt);                // forgotten: stored again
        QCOMPARE(ids.find("d", next), std::optional<std::int64_t>(4));
        QCOMPARE(ids.find("a", next), std::optional<std::int64_t>(5));
    }

    // Many texts, some recurring often and most once, past the capacity several times:
    // every answer is the one the map gave, so sessions keep their bytes.
    void answersAsTheMapDidOverALongRecording() {
        constexpr std::size_t kCapacity = 1000;
        TextIds ids(kCapacity);
        MapTextIds reference(kCapacity);
        std::mt19937_64 random(42);
        std::int64_t next = 1;
        int found = 0;
        for (int i = 0; i < 20000; ++i) {
            const std::uint64_t draw = random() % 100;
            const std::string text =
                draw < 30   ? "{\"recurring\":" + std::to_string(draw) + "}"  // a few, often
                : draw < 40 ? std::string(static_cast<std::size_t>(draw) * 7, 'x')  // long ones
                            : "{\"photo\":\"IMG_" + std::to_string(random()) + "\"}";  // new
            const std::optional<std::int64_t> expected = reference.find(text, next);
            const std::optional<std::int64_t> answer = ids.find(text, next);
            if (answer != expected)
                QFAIL(qPrintable(QString("text %1 (%2): %3 instead of %4")
                                     .arg(i)
                                     .arg(QString::fromStdString(text.substr(0, 40)))
                                     .arg(answer ? QString::number(*answer) : "new")
                                     .arg(expected ? QString::number(*expected) : "new")));
            if (answer)
                ++found;
            else
                ++next;
        }
        QVERIFY(found > 5000);        // recurring texts were found
        QVERIFY(next > 3 * static_cast<std::int64_t>(kCapacity));  // the memory started again, often
    }
};

QTEST_GUILESS_MAIN(TestTextIds)
#include "test_text_ids.moc"
