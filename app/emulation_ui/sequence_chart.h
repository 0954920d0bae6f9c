#pragma once
// The message sequence chart of the followed device: lifelines for the device, its
// link, the hub, the function instance, the store and the services; time runs down.
// Device-to-cloud arrows are blue, cloud-to-device arrows orange; a lost message ends
// in a cross on the link, a conflict at the put is red, retries and suppressed
// duplicates are marked. Click an arrow (or move with the arrow keys) to read its
// payload and tags below. It follows the latest row unless the user scrolled back.

#include <memory>
#include <optional>
#include <vector>

#include <QAbstractScrollArea>
#include <QWidget>

#include "emulation/sequence_rows.h"

class QLabel;
class QPlainTextEdit;

namespace swivel::emulation_ui {

class SequenceCanvas : public QAbstractScrollArea {
    Q_OBJECT
public:
    explicit SequenceCanvas(QWidget* parent = nullptr);

    void setRows(std::vector<emulation::SequenceRow> rows);
    const std::vector<emulation::SequenceRow>& rows() const { return m_rows; }
    void setHighlightStep(std::optional<std::uint64_t> step);
    std::optional<std::uint64_t> highlightStep() const { return m_highlightStep; }
    int selectedRow() const { return m_selected; }
    void selectRow(int row);
    // Where row `row` is drawn, in viewport coordinates (tests click there).
    QRect rowRect(int row) const;
    int lifelineX(emulation::Lifeline lifeline) const;

    static constexpr int kRowHeight = 22;
    static constexpr int kHeaderHeight = 26;
    static constexpr int kTimeGutter = 72;

signals:
    void rowSelected(int row);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void updateScrollRange();
    void paintRow(QPainter& painter, int index, int top) const;
    void paintHeader(QPainter& painter) const;

    std::vector<emulation::SequenceRow> m_rows;
    std::optional<std::uint64_t> m_highlightStep;
    int m_selected = -1;
};

class SequenceChart : public QWidget {
    Q_OBJECT
public:
    explicit SequenceChart(QWidget* parent = nullptr);

    void showHistory(const std::shared_ptr<const emu::DeviceHistory>& history, const QString& deviceName);
    // Marks the rows of a step (the first divergence of a compared session).
    void setHighlightStep(std::optional<std::uint64_t> step);

    SequenceCanvas* canvas() const { return m_canvas; }
    const std::vector<emulation::SequenceRow>& rows() const { return m_canvas->rows(); }
    // The payload and tags of the selected row, as shown.
    QString detailsText() const;

private:
    void showDetails(int row);

    QLabel* m_title;
    SequenceCanvas* m_canvas;
    QPlainTextEdit* m_details;
    std::shared_ptr<const emu::DeviceHistory> m_history;
};

} // namespace swivel::emulation_ui
