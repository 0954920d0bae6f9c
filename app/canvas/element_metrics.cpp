#include "canvas/element_metrics.h"

#include <algorithm>
#include <cmath>

#include <QFontMetricsF>

#include "model/labels.h"

namespace swivel::canvas {

namespace {

constexpr qreal kTopPadding = 6;
constexpr qreal kRowGap = 4;  // between the name and the first row
constexpr qreal kRingLabelGap = 6;

QString fromStd(const std::string& text) {
    return QString::fromStdString(text);
}

QFont defaultFont() {
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setStyleHint(QFont::SansSerif);
    font.setPointSizeF(9);
    return font;
}

} // namespace

ElementMetrics::ElementMetrics() : ElementMetrics(defaultFont()) {}

ElementMetrics::ElementMetrics(const QFont& base) : m_nameFont(base), m_textFont(base) {
    m_nameFont.setBold(true);
    m_nameFont.setPointSizeF(base.pointSizeF() * 1.1);
}

qreal ElementMetrics::nameHeight() const {
    return std::ceil(QFontMetricsF(m_nameFont).height());
}

qreal ElementMetrics::lineHeight() const {
    return std::ceil(QFontMetricsF(m_textFont).height()) + 1;
}

qreal ElementMetrics::textWidth(const QString& text, const QFont& font) const {
    return std::ceil(QFontMetricsF(font).horizontalAdvance(text));
}

QString ElementMetrics::elided(const QString& text, const QFont& font) const {
    return QFontMetricsF(font).elidedText(text, Qt::ElideRight, kMaxTextWidth);
}

std::vector<StateRow> ElementMetrics::rows(const model::Machine& machine,
                                           const model::State& state) const {
    std::vector<StateRow> result;
    if (!state.onEntry.empty())
        result.push_back({elided("entry / " + fromStd(model::actionsSummary(state.onEntry)),
                                 m_textFont),
                          {}});
    if (!state.onExit.empty())
        result.push_back(
            {elided("exit / " + fromStd(model::actionsSummary(state.onExit)), m_textFont), {}});
    for (const model::Transition& transition : machine.transitions) {
        if (transition.source == state.id && transition.targets.empty())
            result.push_back({rowText(transition), fromStd(transition.id)});
    }
    return result;
}

QSizeF ElementMetrics::nodeSize(const model::Machine& machine, const model::State& state) const {
    const QString name = elided(fromStd(state.id), m_nameFont);
    switch (state.kind) {
    case model::StateKind::ShallowHistory:
    case model::StateKind::DeepHistory:
        return {kRingDiameter, kRingDiameter};
    case model::StateKind::Final:
        return {kRingDiameter + kRingLabelGap + textWidth(name, m_nameFont),
                std::max(kRingDiameter, nameHeight())};
    case model::StateKind::State:
    case model::StateKind::Parallel:
        break;
    }
    const QSizeF header = headerSize(machine, state);
    return {std::max(kMinStateWidth, header.width()), std::max(kMinStateHeight, header.height())};
}

QSizeF ElementMetrics::headerSize(const model::Machine& machine, const model::State& state) const {
    qreal width = textWidth(elided(fromStd(state.id), m_nameFont), m_nameFont);
    const std::vector<StateRow> stateRows = rows(machine, state);
    for (const StateRow& row : stateRows)
        width = std::max(width, textWidth(row.text, m_textFont));
    qreal height = kTopPadding + nameHeight() + kTopPadding;
    if (!stateRows.empty())
        height += kRowGap + lineHeight() * static_cast<qreal>(stateRows.size());
    return {width + 2 * kPadding, height};
}

QRectF ElementMetrics::rowRect(const QRectF& stateRect, int row) const {
    const qreal top = stateRect.top() + kTopPadding + nameHeight() + kRowGap + lineHeight() * row;
    return {stateRect.left() + kPadding, top, stateRect.width() - 2 * kPadding, lineHeight()};
}

QStringList ElementMetrics::labelLines(const model::Transition& transition) const {
    model::Transition trigger = transition;
    trigger.actions.clear();
    QStringList lines;
    const QString head = fromStd(model::transitionLabel(trigger));
    if (!head.isEmpty())
        lines << elided(head, m_textFont);
    for (std::size_t i = 0; i < transition.actions.size(); ++i) {
        const QString prefix = i == 0 ? QStringLiteral("/ ") : QStringLiteral("  ");
        lines << elided(prefix + fromStd(model::actionSummary(transition.actions[i])),
                        m_textFont);
    }
    return lines;
}

QSizeF ElementMetrics::labelSize(const QStringList& lines) const {
    if (lines.isEmpty())
        return {0, 0};
    qreal width = 0;
    for (const QString& line : lines)
        width = std::max(width, textWidth(line, m_textFont));
    return {width + 6, lineHeight() * static_cast<qreal>(lines.size()) + 2};
}

QString ElementMetrics::rowText(const model::Transition& transition) const {
    return elided(fromStd(model::transitionLabel(transition)), m_textFont);
}

} // namespace swivel::canvas
