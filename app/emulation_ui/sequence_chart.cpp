#include "emulation_ui/sequence_chart.h"

#include <QFontDatabase>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QVBoxLayout>

namespace swivel::emulation_ui {

using emulation::ArrowKind;
using emulation::Lifeline;
using emulation::RowMark;
using emulation::SequenceRow;

namespace {

// The lecture's two directions, and the cloud's own conversations.
const QColor kUp{0x25, 0x63, 0xeb};
const QColor kDown{0xd9, 0x77, 0x06};
const QColor kDelivery{0x6b, 0x72, 0x80};
const QColor kStore{0x0f, 0x76, 0x6e};
const QColor kService{0x7c, 0x3a, 0xed};
const QColor kBad{0xdc, 0x26, 0x26};
const QColor kGood{0x16, 0xa3, 0x4a};
const QColor kRetry{0xb4, 0x53, 0x09};
const QColor kHighlight{0x7c, 0x3a, 0xed, 0x30};

QColor colourOf(const SequenceRow& row, const QPalette& palette) {
    switch (row.mark) {
    case RowMark::Conflict:
    case RowMark::Failed:
    case RowMark::Lost: return kBad;
    case RowMark::Applied: return kGood;
    case RowMark::Retry: return kRetry;
    default: break;
    }
    switch (row.kind) {
    case ArrowKind::Up: return kUp;
    case ArrowKind::Down: return kDown;
    case ArrowKind::Delivery: return kDelivery;
    case ArrowKind::StoreCall: return kStore;
    case ArrowKind::Service: return kService;
    case ArrowKind::Note: return palette.color(QPalette::Text);
    }
    return palette.color(QPalette::Text);
}

QString timeText(emu::VirtualTime time) {
    return QString::number(static_cast<double>(time) / 1e6, 'f', 3) + " s";
}

void drawArrowHead(QPainter& painter, QPointF tip, bool pointsRight) {
    const double d = pointsRight ? -7 : 7;
    QPainterPath head;
    head.moveTo(tip);
    head.lineTo(tip.x() + d, tip.y() - 4);
    head.lineTo(tip.x() + d, tip.y() + 4);
    head.closeSubpath();
    painter.fillPath(head, painter.pen().color());
}

} // namespace

SequenceCanvas::SequenceCanvas(QWidget* parent) : QAbstractScrollArea(parent) {
    setFocusPolicy(Qt::StrongFocus);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    viewport()->setBackgroundRole(QPalette::Base);
    setMinimumHeight(160);
    verticalScrollBar()->setSingleStep(kRowHeight);
}

void SequenceCanvas::setRows(std::vector<SequenceRow> rows) {
    QScrollBar* bar = verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum();
    // Keep the selection on the same row when it is still there.
    std::optional<std::pair<emu::VirtualTime, std::string>> selected;
    if (m_selected >= 0 && m_selected < static_cast<int>(m_rows.size()))
        selected.emplace(m_rows[static_cast<std::size_t>(m_selected)].time,
                         m_rows[static_cast<std::size_t>(m_selected)].label);
    m_rows = std::move(rows);
    m_selected = -1;
    if (selected) {
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            if (m_rows[i].time == selected->first && m_rows[i].label == selected->second) {
                m_selected = static_cast<int>(i);
                break;
            }
        }
    }
    updateScrollRange();
    if (atEnd)
        bar->setValue(bar->maximum());
    viewport()->update();
}

void SequenceCanvas::setHighlightStep(std::optional<std::uint64_t> step) {
    m_highlightStep = step;
    if (step) {
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            if (m_rows[i].step == *step && m_rows[i].invocation != 0) {
                selectRow(static_cast<int>(i));
                break;
            }
        }
    }
    viewport()->update();
}

void SequenceCanvas::selectRow(int row) {
    if (row < -1 || row >= static_cast<int>(m_rows.size()))
        return;
    m_selected = row;
    if (row >= 0) {
        // Into view.
        const int top = row * kRowHeight;
        QScrollBar* bar = verticalScrollBar();
        const int visible = viewport()->height() - kHeaderHeight;
        if (top < bar->value())
            bar->setValue(top);
        else if (top + kRowHeight > bar->value() + visible)
            bar->setValue(top + kRowHeight - visible);
    }
    viewport()->update();
    emit rowSelected(row);
}

QRect SequenceCanvas::rowRect(int row) const {
    return {0, kHeaderHeight + row * kRowHeight - verticalScrollBar()->value(), viewport()->width(), kRowHeight};
}

int SequenceCanvas::lifelineX(Lifeline lifeline) const {
    const int width = std::max(viewport()->width() - kTimeGutter, 6 * 40);
    const int column = width / emulation::kLifelineCount;
    return kTimeGutter + column * static_cast<int>(lifeline) + column / 2;
}

void SequenceCanvas::updateScrollRange() {
    const int content = static_cast<int>(m_rows.size()) * kRowHeight;
    const int visible = std::max(0, viewport()->height() - kHeaderHeight);
    verticalScrollBar()->setPageStep(visible);
    verticalScrollBar()->setRange(0, std::max(0, content - visible));
}

void SequenceCanvas::resizeEvent(QResizeEvent* event) {
    QScrollBar* bar = verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum();
    QAbstractScrollArea::resizeEvent(event);
    updateScrollRange();
    if (atEnd)
        bar->setValue(bar->maximum());
}

void SequenceCanvas::paintEvent(QPaintEvent*) {
    QPainter painter(viewport());
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    const int height = viewport()->height();

    // Lifelines under everything.
    QPen lifelinePen(pal.color(QPalette::Mid), 1, Qt::DashLine);
    painter.setPen(lifelinePen);
    for (int i = 0; i < emulation::kLifelineCount; ++i) {
        const int x = lifelineX(static_cast<Lifeline>(i));
        painter.drawLine(x, kHeaderHeight, x, height);
    }

    const int offset = verticalScrollBar()->value();
    const int first = std::max(0, offset / kRowHeight);
    const int last = std::min(static_cast<int>(m_rows.size()), (offset + height) / kRowHeight + 1);
    painter.setClipRect(0, kHeaderHeight, viewport()->width(), height - kHeaderHeight);
    for (int i = first; i < last; ++i)
        paintRow(painter, i, kHeaderHeight + i * kRowHeight - offset);
    painter.setClipping(false);
    paintHeader(painter);

    if (m_rows.empty()) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(QRect(0, kHeaderHeight, viewport()->width(), height - kHeaderHeight),
                         Qt::AlignCenter | Qt::TextWordWrap,
                         tr("No messages yet: start a run, or step, to see the device talk to the cloud."));
    }
}

void SequenceCanvas::paintHeader(QPainter& painter) const {
    const QPalette& pal = palette();
    painter.fillRect(0, 0, viewport()->width(), kHeaderHeight, pal.color(QPalette::Window));
    painter.setPen(pal.color(QPalette::Mid));
    painter.drawLine(0, kHeaderHeight - 1, viewport()->width(), kHeaderHeight - 1);
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(pal.color(QPalette::WindowText));
    const int column = lifelineX(Lifeline::Link) - lifelineX(Lifeline::Device);
    for (int i = 0; i < emulation::kLifelineCount; ++i) {
        const int x = lifelineX(static_cast<Lifeline>(i));
        painter.drawText(QRect(x - column / 2, 0, column, kHeaderHeight), Qt::AlignCenter,
                         tr(emulation::lifelineName(static_cast<Lifeline>(i))));
    }
    painter.setFont(font());
    painter.drawText(QRect(4, 0, kTimeGutter - 8, kHeaderHeight), Qt::AlignVCenter | Qt::AlignLeft, tr("time"));
}

void SequenceCanvas::paintRow(QPainter& painter, int index, int top) const {
    const SequenceRow& row = m_rows[static_cast<std::size_t>(index)];
    const QPalette& pal = palette();
    const QRect band(0, top, viewport()->width(), kRowHeight);
    if (index == m_selected)
        painter.fillRect(band, pal.color(QPalette::Highlight).lighter(170));
    else if (m_highlightStep && row.step == *m_highlightStep)
        painter.fillRect(band, kHighlight);

    painter.setPen(pal.color(QPalette::PlaceholderText));
    painter.drawText(QRect(4, top, kTimeGutter - 8, kRowHeight), Qt::AlignVCenter | Qt::AlignRight,
                     timeText(row.time));

    const QColor colour = colourOf(row, pal);
    const int x1 = lifelineX(row.from);
    const int x2 = lifelineX(row.to);
    const int lineY = top + kRowHeight - 6;
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.92);
    painter.setFont(small);
    const QFontMetrics metrics(small);

    if (row.kind == ArrowKind::Note || x1 == x2) {
        // A note beside its lifeline, in a box.
        const QString text = QString::fromStdString(row.label);
        const int width = std::min(metrics.horizontalAdvance(text) + 10, viewport()->width() - x1 - 8);
        const QRect box(x1 + 6, top + 3, std::max(width, 20), kRowHeight - 6);
        painter.setPen(QPen(colour, 1));
        painter.setBrush(pal.color(QPalette::Base));
        painter.drawRoundedRect(box, 3, 3);
        painter.drawText(box.adjusted(5, 0, -3, 0), Qt::AlignVCenter | Qt::AlignLeft,
                         metrics.elidedText(text, Qt::ElideRight, box.width() - 8));
        painter.setBrush(colour);
        painter.drawEllipse(QPointF(x1, top + kRowHeight / 2.0), 3, 3);
        painter.setBrush(Qt::NoBrush);
        return;
    }

    Qt::PenStyle style = Qt::SolidLine;
    if (row.mark == RowMark::InFlight)
        style = Qt::DashLine;
    else if (row.mark == RowMark::Duplicate)
        style = Qt::DotLine;
    painter.setPen(QPen(colour, row.kind == ArrowKind::Up || row.kind == ArrowKind::Down ? 2 : 1.4, style));
    painter.drawLine(QPointF(x1, lineY), QPointF(x2, lineY));
    if (row.mark == RowMark::Lost) {
        painter.setPen(QPen(kBad, 2));
        painter.drawLine(x2 - 5, lineY - 5, x2 + 5, lineY + 5);
        painter.drawLine(x2 - 5, lineY + 5, x2 + 5, lineY - 5);
    } else {
        painter.setPen(QPen(colour, 1));
        drawArrowHead(painter, QPointF(x2, lineY), x2 > x1);
    }

    painter.setPen(colour.darker(row.kind == ArrowKind::Up || row.kind == ArrowKind::Down ? 110 : 100));
    const int left = std::min(x1, x2) + 6;
    const int span = std::abs(x2 - x1) - 12;
    const QString text = QString::fromStdString(row.label);
    painter.drawText(QRect(left, top, span, kRowHeight - 7), Qt::AlignHCenter | Qt::AlignBottom,
                     metrics.elidedText(text, Qt::ElideRight, span));
}

void SequenceCanvas::mousePressEvent(QMouseEvent* event) {
    const int y = event->position().toPoint().y() - kHeaderHeight + verticalScrollBar()->value();
    if (event->position().y() >= kHeaderHeight && y >= 0) {
        const int row = y / kRowHeight;
        if (row < static_cast<int>(m_rows.size()))
            selectRow(row);
    }
    setFocus(Qt::MouseFocusReason);
}

void SequenceCanvas::keyPressEvent(QKeyEvent* event) {
    const int count = static_cast<int>(m_rows.size());
    switch (event->key()) {
    case Qt::Key_Up:
        if (count > 0)
            selectRow(m_selected <= 0 ? 0 : m_selected - 1);
        return;
    case Qt::Key_Down:
        if (count > 0)
            selectRow(m_selected < 0 ? count - 1 : std::min(m_selected + 1, count - 1));
        return;
    case Qt::Key_Home:
        if (count > 0)
            selectRow(0);
        return;
    case Qt::Key_End:
        if (count > 0)
            selectRow(count - 1);
        return;
    default:
        QAbstractScrollArea::keyPressEvent(event);
    }
}

SequenceChart::SequenceChart(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_canvas(new SequenceCanvas(this)),
      m_details(new QPlainTextEdit(this)) {
    setObjectName(QStringLiteral("sequenceChart"));
    m_canvas->setObjectName(QStringLiteral("sequenceCanvas"));
    m_details->setObjectName(QStringLiteral("sequenceDetails"));
    m_details->setReadOnly(true);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setPlaceholderText(tr("Click an arrow to see its payload and tags."));
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_canvas);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addWidget(splitter, 1);
    m_title->setText(tr("No device followed"));
    connect(m_canvas, &SequenceCanvas::rowSelected, this, &SequenceChart::showDetails);
}

void SequenceChart::showHistory(const std::shared_ptr<const emu::DeviceHistory>& history,
                                const QString& deviceName) {
    if (history == m_history)
        return;
    m_history = history;
    m_title->setText(history ? tr("<b>%1</b> — messages up to step %2 (%3)")
                                   .arg(deviceName.toHtmlEscaped())
                                   .arg(history->step)
                                   .arg(timeText(history->time))
                             : tr("No device followed"));
    m_canvas->setRows(history ? emulation::sequenceRows(*history) : std::vector<SequenceRow>{});
    showDetails(m_canvas->selectedRow());
}

void SequenceChart::setHighlightStep(std::optional<std::uint64_t> step) {
    m_canvas->setHighlightStep(step);
}

QString SequenceChart::detailsText() const {
    return m_details->toPlainText();
}

void SequenceChart::showDetails(int row) {
    if (row < 0 || row >= static_cast<int>(m_canvas->rows().size())) {
        m_details->clear();
        return;
    }
    const SequenceRow& shown = m_canvas->rows()[static_cast<std::size_t>(row)];
    m_details->setPlainText(QString::fromStdString(shown.label) + "\n" +
                            QString::fromStdString(shown.details.dump(2)));
}

} // namespace swivel::emulation_ui
