#pragma once
// A horizontal header whose labels read bottom to top, so that a matrix with many
// long column names (the device's events) stays narrow enough for a side dock.
// Owned by its table.

#include <QHeaderView>

namespace swivel::catalog {

class RotatedHeader : public QHeaderView {
    Q_OBJECT
public:
    explicit RotatedHeader(QWidget* parent = nullptr);

protected:
    void paintSection(QPainter* painter, const QRect& rect, int logicalIndex) const override;
    QSize sectionSizeFromContents(int logicalIndex) const override;

private:
    QString label(int logicalIndex) const;
};

} // namespace swivel::catalog
