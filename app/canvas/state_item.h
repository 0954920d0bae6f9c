#pragma once
// Draws one state: a rounded box with its name and entry/exit summary; a compound or
// parallel state as a box holding its children (which are items of their own), a
// parallel state's regions split by dashed lines; a final state as a ring, a history
// state as an H or H* circle. Only observes: the scene sets what it shows.

#include <QGraphicsItem>
#include <QList>
#include <QLineF>
#include <QString>
#include <vector>

#include "canvas/element_metrics.h"
#include "model/machine.h"

namespace swivel::canvas {

class StateItem : public QGraphicsItem {
public:
    enum { Type = UserType + 1 };
    // How a region of a parallel state is set apart from its siblings.
    enum class RegionStyle { None, Stripe, Dashed };

    explicit StateItem(const ElementMetrics& metrics);

    // What to draw; `rows` as ElementMetrics::rows (transition rows are left blank here:
    // their transition items draw them).
    void setState(const model::State& state, bool container, std::vector<StateRow> rows);
    // The box, in scene coordinates.
    void setRect(const QRectF& rect);
    // Lines between the regions of a parallel state, in scene coordinates.
    void setRegionSeparators(const QList<QLineF>& separators);
    void setRegionStyle(RegionStyle style);
    RegionStyle regionStyle() const { return m_regionStyle; }
    // Highlights the box as where a drag would drop the dragged states.
    void setDropTarget(bool target);
    bool isDropTarget() const { return m_dropTarget; }
    // Emulation, view state only: active in the followed device's configuration, and
    // the share of the fleet's visits (0 to 1; negative: no heat map).
    void setEmulationLook(bool active, double heat);
    bool isActive() const { return m_active; }
    double heat() const { return m_heat; }
    // A compared session's first divergence, view state only: in the recorded
    // configuration but not in the current machine's, the other way round, or in
    // both when only the actions differ. Drawn over the emulation look.
    enum class DivergenceMark { None, RecordedOnly, RerunOnly, ActionsDiffer };
    void setDivergenceMark(DivergenceMark mark);
    DivergenceMark divergenceMark() const { return m_divergence; }

    const QString& stateId() const { return m_id; }
    model::StateKind kind() const { return m_kind; }
    bool isContainer() const { return m_container; }
    QRectF sceneRect() const { return QRectF(pos(), m_size); }

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option,
               QWidget* widget) override;

private:
    void paintShape(QPainter* painter) const;
    void paintBox(QPainter* painter) const;
    void paintRing(QPainter* painter) const;
    void paintHistory(QPainter* painter) const;
    void paintText(QPainter* painter) const;

    const ElementMetrics& m_metrics;
    QString m_id;
    model::StateKind m_kind = model::StateKind::State;
    bool m_container = false;
    std::vector<StateRow> m_rows;
    QSizeF m_size;
    QList<QLineF> m_separators;  // item coordinates
    RegionStyle m_regionStyle = RegionStyle::None;
    bool m_dropTarget = false;
    bool m_active = false;
    double m_heat = -1;
    DivergenceMark m_divergence = DivergenceMark::None;
};

} // namespace swivel::canvas
