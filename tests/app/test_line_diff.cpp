// The lines the Generate mode marks as changed since the user last looked: the lines
// of the new text that a longest common subsequence with the old one leaves out.
#include <QtTest>

#include <string>

#include "generate/line_diff.h"

using swivel::generate::changedLines;

namespace {

std::string numbered(int count, int changedAt = -1) {
    std::string text;
    for (int i = 1; i <= count; ++i)
        text += (i == changedAt ? "changed " : "line ") + std::to_string(i) + "\n";
    return text;
}

} // namespace

class TestLineDiff : public QObject {
    Q_OBJECT
private slots:
    void theSameTextHasNoChangedLines() {
        QVERIFY(changedLines("a\nb\nc\n", "a\nb\nc\n").empty());
        QVERIFY(changedLines("", "").empty());
    }

    void anEditedLineIsMarkedAndNothingElse() {
        QCOMPARE(changedLines("a\nb\nc\n", "a\nB\nc\n"), std::vector<int>{2});
        QCOMPARE(changedLines(numbered(500), numbered(500, 250)), std::vector<int>{250});
    }

    void insertedLinesAreMarkedWhereTheyNowStand() {
        QCOMPARE(changedLines("a\nd\n", "a\nb\nc\nd\n"), (std::vector<int>{2, 3}));
        QCOMPARE(changedLines("b\n", "a\nb\n"), std::vector<int>{1});
        QCOMPARE(changedLines("a\n", "a\nb"), std::vector<int>{2});  // no final newline
    }

    void removedLinesLeaveNothingToMark() {
        QVERIFY(changedLines("a\nb\nc\n", "a\nc\n").empty());
        QVERIFY(changedLines("a\nb\n", "").empty());
    }

    void aMovedBlockIsMarkedOnceNotEverythingBetween() {
        // x moves from the top to the bottom: the LCS keeps a..d, so only x is new.
        QCOMPARE(changedLines("x\na\nb\nc\nd\n", "a\nb\nc\nd\nx\n"), std::vector<int>{5});
    }

    void aFirstLookMarksNothingOnlyWhenThereIsNoOldText() {
        QCOMPARE(changedLines("", "a\nb\n"), (std::vector<int>{1, 2}));
    }

    void hugeMiddlesAreMarkedWholeRatherThanStallTheWindow() {
        // 3,000 × 3,000 changed middle lines exceed the diff's table: the whole
        // middle counts as changed, the common head and tail still do not.
        std::string before = "head\n", after = "head\n";
        for (int i = 0; i < 3000; ++i) {
            before += "old " + std::to_string(i) + "\n";
            after += "new " + std::to_string(i) + "\n";
        }
        before += "tail\n";
        after += "tail\n";
        const std::vector<int> changed = changedLines(before, after);
        QCOMPARE(changed.size(), std::size_t{3000});
        QCOMPARE(changed.front(), 2);
        QCOMPARE(changed.back(), 3001);
    }
};

QTEST_APPLESS_MAIN(TestLineDiff)
#include "test_line_diff.moc"
