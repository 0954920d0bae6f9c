#pragma once
// The handled-events matrix as a table: one row per state (indented by nesting), one
// column per event of the device type; each cell says with a colour, a glyph and a
// tooltip whether the state handles the event (✓), leaves it to an ancestor (↑),
// stays where it is (↺) or drops it (empty, red). A trailing "?" marks guarded
// handling. Clicking a cell asks for the state, or its handling transitions, to be
// selected. Read-only view; owned by the CatalogPanel.

#include <string>
#include <vector>

#include <QColor>
#include <QTableWidget>

#include "model/handled_events.h"
#include "model/machine.h"

namespace swivel::catalog {

class HandledEventsTable : public QTableWidget {
    Q_OBJECT
public:
    explicit HandledEventsTable(QWidget* parent = nullptr);

    // Shows `matrix` for `machine` (for nesting and descriptions); keeps the scroll
    // position and current cell when the shape did not change.
    void setMatrix(const model::HandledEvents& matrix, const model::Machine& machine,
                   const model::DeviceType* device);

    // The cell of `state` and `event`, or null.
    QTableWidgetItem* cellItem(const std::string& state, const std::string& event) const;
    int rowOf(const std::string& state) const;
    // Shows these states' row headers in bold (the selected states); kept across
    // setMatrix.
    void setHighlightedStates(std::vector<std::string> states);

    static QString glyph(model::HandledStatus status);
    static QColor tint(model::HandledStatus status);

signals:
    // The user chose a cell (or a row header: no transitions).
    void elementChosen(const std::string& state, const std::vector<std::string>& transitions);

private:
    void choose(int row, int column);
    void applyHighlight();

    std::vector<std::string> m_states;  // by row
    std::vector<std::string> m_events;  // by column
    std::vector<std::string> m_highlighted;
    std::vector<std::vector<std::vector<std::string>>> m_transitions;  // [row][column]
};

} // namespace swivel::catalog
