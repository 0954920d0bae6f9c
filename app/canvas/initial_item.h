#pragma once
// The initial pseudo-state of the machine or of a compound state: a filled dot with an
// arrow to the state it starts in.

#include <QGraphicsItem>

namespace swivel::canvas {

class InitialItem : public QGraphicsItem {
public:
    enum { Type = UserType + 3 };

    InitialItem() = default;
    // `owner` is the compound state's id, empty for the machine itself.
    void setGeometry(const QString& owner, const QPointF& dot, const QPointF& target);

    const QString& owner() const { return m_owner; }

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option,
               QWidget* widget) override;

private:
    QString m_owner;
    QPointF m_dot;
    QPointF m_target;
};

} // namespace swivel::canvas
