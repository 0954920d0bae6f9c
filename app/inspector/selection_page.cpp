#include "inspector/selection_page.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QSignalBlocker>

#include "commands/change_state.h"
#include "commands/change_transition.h"
#include "document/document.h"
#include "document/selection.h"
#include "inspector/push_edit.h"

namespace swivel::inspector {
namespace {

using model::StateKind;

constexpr StateKind kKinds[] = {StateKind::State, StateKind::Parallel, StateKind::Final,
                                StateKind::ShallowHistory, StateKind::DeepHistory};

QString count(std::size_t n, const QString& one, const QString& many) {
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

// The index of the value all elements share, or -1 (blank) when they differ.
template <class Value, class Get>
int sharedIndex(const QComboBox* box, const std::vector<std::string>& ids, Get&& get) {
    std::optional<Value> shared;
    for (const std::string& id : ids) {
        const std::optional<Value> value = get(id);
        if (!value)
            continue;
        if (shared && *shared != *value)
            return -1;
        shared = value;
    }
    return shared ? box->findData(static_cast<int>(*shared)) : -1;
}

} // namespace

SelectionPage::SelectionPage(document::Document* document, document::Selection* selection,
                             QWidget* parent)
    : QWidget(parent), m_document(document), m_selection(selection), m_form(new QFormLayout(this)),
      m_summary(new QLabel(this)), m_kind(new QComboBox(this)), m_type(new QComboBox(this)) {
    m_summary->setObjectName(QStringLiteral("selectionSummary"));
    m_summary->setWordWrap(true);
    m_kind->setObjectName(QStringLiteral("sharedStateKind"));
    for (StateKind kind : kKinds) {
        const std::string_view name = model::stateKindName(kind);
        m_kind->addItem(QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())),
                        static_cast<int>(kind));
    }
    m_type->setObjectName(QStringLiteral("sharedTransitionType"));
    m_type->addItem(tr("external"), static_cast<int>(model::TransitionType::External));
    m_type->addItem(tr("internal"), static_cast<int>(model::TransitionType::Internal));

    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->addRow(m_summary);
    m_form->addRow(tr("Kind of the states:"), m_kind);
    m_form->addRow(tr("Type of the transitions:"), m_type);
    auto* hint = new QLabel(tr("Select one element to edit all of it, or nothing to edit the "
                               "machine."),
                            this);
    hint->setWordWrap(true);
    m_form->addRow(hint);

    connect(m_kind, &QComboBox::activated, this, [this](int index) {
        const auto kind = static_cast<StateKind>(m_kind->itemData(index).toInt());
        std::vector<std::string> changed;
        for (const std::string& id : m_selection->states())
            if (const model::State* s = m_document->machine().findState(id); s && s->kind != kind)
                changed.push_back(id);
        if (!changed.empty())
            pushEdit(m_document, new commands::ChangeStateKind(m_document, changed, kind));
    });
    connect(m_type, &QComboBox::activated, this, [this](int index) {
        const auto type = static_cast<model::TransitionType>(m_type->itemData(index).toInt());
        std::vector<std::string> changed;
        for (const std::string& id : m_selection->transitions())
            if (const model::Transition* t = m_document->machine().findTransition(id);
                t && t->type != type)
                changed.push_back(id);
        if (!changed.empty())
            pushEdit(m_document, new commands::ChangeTransitionType(m_document, changed, type));
    });
}

void SelectionPage::refresh() {
    const model::Machine& machine = m_document->machine();
    const auto& states = m_selection->states();
    const auto& transitions = m_selection->transitions();
    QStringList parts;
    if (!states.empty())
        parts << count(states.size(), tr("state"), tr("states"));
    if (!transitions.empty())
        parts << count(transitions.size(), tr("transition"), tr("transitions"));
    m_summary->setText(tr("%1 selected").arg(parts.join(QStringLiteral(", "))));

    m_form->setRowVisible(m_kind, !states.empty());
    m_form->setRowVisible(m_type, !transitions.empty());
    const QSignalBlocker kindBlocker(m_kind);
    m_kind->setCurrentIndex(sharedIndex<StateKind>(m_kind, states, [&](const std::string& id) {
        const model::State* s = machine.findState(id);
        return s ? std::optional<StateKind>(s->kind) : std::nullopt;
    }));
    const QSignalBlocker typeBlocker(m_type);
    m_type->setCurrentIndex(
        sharedIndex<model::TransitionType>(m_type, transitions, [&](const std::string& id) {
            const model::Transition* t = machine.findTransition(id);
            return t ? std::optional<model::TransitionType>(t->type) : std::nullopt;
        }));
}

} // namespace swivel::inspector
