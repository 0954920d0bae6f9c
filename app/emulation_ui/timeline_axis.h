#pragma once
// The instance timeline's x axis: virtual time over [from, to] mapped onto the lanes'
// plot, with round ticks (1, 2 or 5 times a power of ten) labelled in seconds. The
// lanes draw their grid at the same ticks, so the mapping lives here once.

#include <vector>

#include <QWidget>

#include "emulators/virtual_time.h"

namespace swivel::emulation_ui::timeline {

struct TimeScale {
    emu::VirtualTime from = 0, to = 1;
    double left = 0, right = 1;  // pixels of `from` and `to`

    double x(emu::VirtualTime t) const {
        const double span = to > from ? static_cast<double>(to - from) : 1.0;
        return left + static_cast<double>(t - from) * (right - left) / span;
    }
};

struct AxisTicks {
    emu::VirtualTime step = 0;
    std::vector<emu::VirtualTime> at;  // multiples of step within [from, to]
};

// Round ticks at least `minSpacing` pixels apart.
AxisTicks axisTicks(const TimeScale& scale, double minSpacing);
// "3 s" for whole-second steps, else as many decimals as the step needs: "3.25 s".
QString tickLabel(emu::VirtualTime t, emu::VirtualTime step);

class TimeAxis : public QWidget {
    Q_OBJECT
public:
    explicit TimeAxis(QWidget* parent = nullptr);
    void setScale(const TimeScale& scale);
    void setCornerText(const QString& text);  // above the lane labels

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    TimeScale m_scale;
    QString m_corner;
};

} // namespace swivel::emulation_ui::timeline
