#pragma once
// How long the window's event loop goes without turning (issue 6: never more than
// 100 ms): a 5 ms timer notes the longest gap between two of its turns, and when that
// gap ended. Shared by app_test_emulate_mode, which holds the farm run to a generous
// bound, and bench_emulate_window, which measures it against the goal.

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace swivel::test {

class EventLoopProbe {
public:
    EventLoopProbe() {
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.elapsed();
            if (now - m_last > m_longest) {
                m_longest = now - m_last;
                m_longestEndedAt = now;
            }
            m_last = now;
            ++m_turns;
        });
    }

    void start() {
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }

    qint64 elapsedMs() const { return m_clock.elapsed(); }  // since start()
    qint64 longestWaitMs() const { return m_longest; }
    qint64 longestEndedAtMs() const { return m_longestEndedAt; }  // after start()
    qint64 lastTurnMs() const { return m_last; }                  // after start()
    int turns() const { return m_turns; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_longest = 0;
    qint64 m_longestEndedAt = 0;
    int m_turns = 0;
};

} // namespace swivel::test
