#include "catalog/handled_events_table.h"

#include <algorithm>
#include <unordered_map>

#include <QHeaderView>

#include "catalog/rotated_header.h"

namespace swivel::catalog {

namespace {

QString text(const std::string& s) { return QString::fromStdString(s); }

} // namespace

// Light tints that keep black text readable; unhandled stands out the most.
QColor HandledEventsTable::tint(model::HandledStatus status) {
    switch (status) {
    case model::HandledStatus::Handled:
        return {0xd5, 0xef, 0xd5};
    case model::HandledStatus::HandledByAncestor:
        return {0xdb, 0xe7, 0xf7};
    case model::HandledStatus::SelfLoop:
        return {0xf6, 0xec, 0xcc};
    case model::HandledStatus::Unhandled:
        break;
    }
    return {0xf9, 0xdf, 0xdf};
}

namespace {

QString joined(const std::vector<std::string>& ids) {
    QStringList list;
    for (const std::string& id : ids)
        list << text(id);
    return list.join(QStringLiteral(", "));
}

QString tooltip(const std::string& state, const std::string& event,
                const model::EventHandling& cell) {
    const QString head = QStringLiteral("%1 × %2: ").arg(text(state), text(event));
    QString body;
    switch (cell.status) {
    case model::HandledStatus::Unhandled:
        return head + HandledEventsTable::tr("not handled — the event is dropped in this state");
    case model::HandledStatus::Handled:
        body = HandledEventsTable::tr("handled by %1");
        break;
    case model::HandledStatus::SelfLoop:
        body = HandledEventsTable::tr("handled by %1, staying in the state");
        break;
    case model::HandledStatus::HandledByAncestor:
        body = HandledEventsTable::tr("handled by %1 of %2")
                   .arg(QStringLiteral("%1"), text(cell.handler));
        break;
    }
    QString tip = head + body.arg(joined(cell.transitions));
    if (cell.conditional)
        tip += HandledEventsTable::tr("\nOnly when a guard holds; otherwise the event goes on "
                                      "to the enclosing states.");
    return tip;
}

// Nesting depth of every state, for the row headers' indentation.
std::unordered_map<std::string, int> depths(const model::Machine& machine) {
    std::unordered_map<std::string, const model::State*> byId;
    for (const model::State& state : machine.states)
        byId.emplace(state.id, &state);
    std::unordered_map<std::string, int> result;
    for (const model::State& state : machine.states) {
        int depth = 0;
        for (auto it = byId.find(state.parent);
             it != byId.end() && depth < static_cast<int>(machine.states.size());
             it = byId.find(it->second->parent))
            ++depth;
        result[state.id] = depth;
    }
    return result;
}

} // namespace

HandledEventsTable::HandledEventsTable(QWidget* parent) : QTableWidget(parent) {
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setWordWrap(false);
    setHorizontalHeader(new RotatedHeader(this));
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    verticalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    connect(this, &QTableWidget::cellClicked, this, &HandledEventsTable::choose);
    connect(this, &QTableWidget::cellActivated, this, &HandledEventsTable::choose);
    connect(verticalHeader(), &QHeaderView::sectionClicked, this,
            [this](int row) { choose(row, -1); });
}

QString HandledEventsTable::glyph(model::HandledStatus status) {
    switch (status) {
    case model::HandledStatus::Handled:
        return QStringLiteral("✓");
    case model::HandledStatus::HandledByAncestor:
        return QStringLiteral("↑");
    case model::HandledStatus::SelfLoop:
        return QStringLiteral("↺");
    case model::HandledStatus::Unhandled:
        break;
    }
    return QString();
}

void HandledEventsTable::setMatrix(const model::HandledEvents& matrix,
                                   const model::Machine& machine,
                                   const model::DeviceType* device) {
    const bool sameShape = m_events == matrix.events && m_states.size() == matrix.rows.size();
    const int currentRowWas = currentRow();
    const int currentColumnWas = currentColumn();

    m_events = matrix.events;
    m_states.clear();
    m_transitions.clear();
    setRowCount(static_cast<int>(matrix.rows.size()));
    setColumnCount(static_cast<int>(matrix.events.size()));

    for (int column = 0; column < columnCount(); ++column) {
        const std::string& event = matrix.events[static_cast<std::size_t>(column)];
        auto* header = new QTableWidgetItem(text(event));
        if (device) {
            if (const model::EventType* type = device->findEvent(event))
                header->setToolTip(text(type->description));
        }
        setHorizontalHeaderItem(column, header);
    }

    const auto depth = depths(machine);
    for (int row = 0; row < rowCount(); ++row) {
        const model::HandledEventsRow& source = matrix.rows[static_cast<std::size_t>(row)];
        m_states.push_back(source.state);
        const auto level = depth.find(source.state);
        auto* header = new QTableWidgetItem(
            QString(level == depth.end() ? 0 : level->second * 3, QLatin1Char(' ')) +
            text(source.state));
        if (const model::State* state = machine.findState(source.state))
            header->setToolTip(text(state->description));
        setVerticalHeaderItem(row, header);

        m_transitions.emplace_back();
        for (int column = 0; column < columnCount(); ++column) {
            const model::EventHandling& cell = source.cells[static_cast<std::size_t>(column)];
            auto* item = new QTableWidgetItem(glyph(cell.status) +
                                              (cell.conditional ? QStringLiteral("?") : QString()));
            item->setTextAlignment(Qt::AlignCenter);
            item->setBackground(tint(cell.status));
            item->setForeground(QColor(0x20, 0x20, 0x20));
            item->setToolTip(
                tooltip(source.state, matrix.events[static_cast<std::size_t>(column)], cell));
            item->setData(Qt::UserRole, static_cast<int>(cell.status));
            setItem(row, column, item);
            m_transitions.back().push_back(cell.transitions);
        }
    }
    applyHighlight();
    if (sameShape && currentRowWas >= 0 && currentColumnWas >= 0)
        setCurrentCell(currentRowWas, currentColumnWas, QItemSelectionModel::NoUpdate);
}

QTableWidgetItem* HandledEventsTable::cellItem(const std::string& state,
                                               const std::string& event) const {
    const int row = rowOf(state);
    for (std::size_t column = 0; row >= 0 && column < m_events.size(); ++column) {
        if (m_events[column] == event)
            return item(row, static_cast<int>(column));
    }
    return nullptr;
}

void HandledEventsTable::setHighlightedStates(std::vector<std::string> states) {
    m_highlighted = std::move(states);
    applyHighlight();
}

void HandledEventsTable::applyHighlight() {
    for (int row = 0; row < rowCount(); ++row) {
        QTableWidgetItem* header = verticalHeaderItem(row);
        if (!header)
            continue;
        const std::string& state = m_states[static_cast<std::size_t>(row)];
        QFont font = header->font();
        font.setBold(std::find(m_highlighted.begin(), m_highlighted.end(), state) !=
                     m_highlighted.end());
        header->setFont(font);
    }
}

int HandledEventsTable::rowOf(const std::string& state) const {
    for (std::size_t row = 0; row < m_states.size(); ++row) {
        if (m_states[row] == state)
            return static_cast<int>(row);
    }
    return -1;
}

void HandledEventsTable::choose(int row, int column) {
    if (row < 0 || row >= static_cast<int>(m_states.size()))
        return;
    const auto& cells = m_transitions[static_cast<std::size_t>(row)];
    static const std::vector<std::string> none;
    const bool inside = column >= 0 && column < static_cast<int>(cells.size());
    emit elementChosen(m_states[static_cast<std::size_t>(row)],
                       inside ? cells[static_cast<std::size_t>(column)] : none);
}

} // namespace swivel::catalog
