#pragma once
// What the instance timeline's colours mean: the phase fills, the outcome outlines
// and the conflict tick, drawn as the lanes draw them and wrapped onto as many rows
// as the width needs.

#include <vector>

#include <QWidget>

namespace swivel::emulation_ui::timeline {

class TimelineLegend : public QWidget {
    Q_OBJECT
public:
    explicit TimelineLegend(QWidget* parent = nullptr);

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    enum class Swatch { Fill, Outline, Tick, Running };
    struct Item {
        Swatch swatch;
        QColor colour;
        QString label;
    };
    // Where each item goes at a width; the total height is that of the last row.
    std::vector<QRect> layoutItems(int width) const;

    std::vector<Item> m_items;
};

} // namespace swivel::emulation_ui::timeline
