#pragma once
// The fonts and sizes of everything the canvas draws, in one place: the items paint
// with them and the automatic layout makes room with them, so text always fits its
// box. A value type; the scene owns one and hands it to its items.

#include <vector>

#include <QFont>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <QStringList>

#include "model/machine.h"

namespace swivel::canvas {

// One line of text under a state's name: an entry or exit summary, or a targetless
// transition ("StorageWarning / DeletePhoto(...)"), which is drawn by its own item.
struct StateRow {
    QString text;
    QString transitionId;  // empty for entry/exit rows
};

class ElementMetrics {
public:
    ElementMetrics();
    explicit ElementMetrics(const QFont& base);

    static constexpr qreal kPadding = 8;           // inside a state box
    static constexpr qreal kCornerRadius = 10;
    static constexpr qreal kMinStateWidth = 80;
    static constexpr qreal kMinStateHeight = 40;
    static constexpr qreal kRingDiameter = 26;      // final and history states
    static constexpr qreal kInitialDotDiameter = 12;
    static constexpr qreal kInitialArrow = 30;      // dot centre to the initial state's edge
    static constexpr qreal kMaxTextWidth = 340;     // longer lines are elided

    const QFont& nameFont() const { return m_nameFont; }
    const QFont& textFont() const { return m_textFont; }
    qreal nameHeight() const;
    qreal lineHeight() const;

    // Entry and exit summaries, then the state's targetless transitions.
    std::vector<StateRow> rows(const model::Machine& machine, const model::State& state) const;

    // The box of a state drawn as a node (atomic, final, history).
    QSizeF nodeSize(const model::Machine& machine, const model::State& state) const;
    // The header of a compound or parallel state: its name and rows.
    QSizeF headerSize(const model::Machine& machine, const model::State& state) const;
    // Where row `row` is drawn in a state box or a container's header.
    QRectF rowRect(const QRectF& stateRect, int row) const;

    // A routed transition's label: "Motion [guard]", then one line per action.
    QStringList labelLines(const model::Transition& transition) const;
    QSizeF labelSize(const QStringList& lines) const;
    // The single line a targetless transition shows inside its state.
    QString rowText(const model::Transition& transition) const;

    QString elided(const QString& text, const QFont& font) const;
    qreal textWidth(const QString& text, const QFont& font) const;

private:
    QFont m_nameFont;
    QFont m_textFont;
};

} // namespace swivel::canvas
