#include "catalog/rotated_header.h"

#include <QPainter>
#include <QStyleOptionHeader>

namespace swivel::catalog {

namespace {

constexpr int kPadding = 6;

} // namespace

RotatedHeader::RotatedHeader(QWidget* parent) : QHeaderView(Qt::Horizontal, parent) {
    setSectionsClickable(true);
    setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

QString RotatedHeader::label(int logicalIndex) const {
    return model() ? model()->headerData(logicalIndex, orientation(), Qt::DisplayRole).toString()
                   : QString();
}

void RotatedHeader::paintSection(QPainter* painter, const QRect& rect, int logicalIndex) const {
    if (!rect.isValid())
        return;
    // The style draws the section's frame and background; the label is ours.
    QStyleOptionHeader option;
    initStyleOption(&option);
    option.rect = rect;
    option.section = logicalIndex;
    painter->save();
    style()->drawControl(QStyle::CE_HeaderSection, &option, painter, this);
    painter->restore();

    painter->save();
    painter->setPen(palette().color(QPalette::ButtonText));
    painter->translate(rect.left(), rect.bottom());
    painter->rotate(-90);
    // Rotated: x runs up the section, y runs across it.
    const QRect text(kPadding, 0, rect.height() - 2 * kPadding, rect.width());
    painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter, label(logicalIndex));
    painter->restore();
}

QSize RotatedHeader::sectionSizeFromContents(int logicalIndex) const {
    const QFontMetrics metrics = fontMetrics();
    return {metrics.height() + 2 * kPadding,
            metrics.horizontalAdvance(label(logicalIndex)) + 2 * kPadding};
}

} // namespace swivel::catalog
