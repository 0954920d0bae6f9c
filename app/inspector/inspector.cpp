#include "inspector/inspector.h"

#include <QLabel>
#include <QScrollArea>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "document/document.h"
#include "document/selection.h"
#include "inspector/machine_page.h"
#include "inspector/selection_page.h"
#include "inspector/state_page.h"
#include "inspector/transition_page.h"

namespace swivel::inspector {
Inspector::Inspector(document::Document* document, document::Selection* selection, QWidget* parent)
    : Inspector(document, selection, model::DeviceCatalog::builtin(), parent) {}

Inspector::Inspector(document::Document* document, document::Selection* selection,
                     const model::DeviceCatalog& catalog, QWidget* parent)
    : QWidget(parent), m_document(document), m_selection(selection), m_catalog(catalog),
      m_pages(new QStackedWidget), m_machinePage(new MachinePage(document, catalog)),
      m_statePage(new StatePage(document, selection, catalog)),
      m_transitionPage(new TransitionPage(document, selection, catalog)),
      m_selectionPage(new SelectionPage(document, selection)) {
    setObjectName(QStringLiteral("inspector"));
    m_pages->setObjectName(QStringLiteral("inspectorPages"));
    m_machinePage->setObjectName(QStringLiteral("machinePage"));
    m_statePage->setObjectName(QStringLiteral("statePage"));
    m_transitionPage->setObjectName(QStringLiteral("transitionPage"));
    m_selectionPage->setObjectName(QStringLiteral("selectionPage"));

    m_pages->addWidget(m_machinePage);
    m_pages->addWidget(m_statePage);
    m_pages->addWidget(m_transitionPage);
    m_pages->addWidget(m_selectionPage);

    // Long action lists scroll; the width follows the dock.
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget;
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(8, 8, 8, 8);
    contentLayout->addWidget(m_pages);
    contentLayout->addStretch();
    scroll->setWidget(content);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    connect(m_document, &document::Document::changed, this, &Inspector::documentChanged);
    connect(m_selection, &document::Selection::changed, this, [this] { update(false); });
    update(false);
}

QSize Inspector::sizeHint() const {
    return {360, 600};
}

void Inspector::documentChanged(const document::Change& change) {
    using Kind = document::Change::Kind;
    // A renamed state is still the state being edited: follow it (also when undo
    // renames it back) and keep the selection on it. Whoever pruned the selection
    // first (the canvas, the main window) left it empty, hence the last state shown.
    if (change.kind == Kind::StateRenamed && change.ids.size() == 2 &&
        m_lastState == change.ids[0]) {
        m_lastState = change.ids[1];
        const auto& states = m_selection->states();
        if (m_selection->transitions().empty() &&
            (states.empty() || states == std::vector<std::string>{change.ids[0]}))
            m_selection->selectState(change.ids[1]); // emits changed: update(false)
    }
    // The same for a renamed transition, whose old id the selection lost on removal.
    if (change.kind == Kind::TransitionRenamed && change.ids.size() == 2 &&
        m_lastTransition == change.ids[0]) {
        m_lastTransition = change.ids[1];
        const auto& transitions = m_selection->transitions();
        if (m_selection->states().empty() &&
            (transitions.empty() || transitions == std::vector<std::string>{change.ids[0]}))
            m_selection->selectTransition(change.ids[1]);
    }
    update(change.kind != Kind::Reset);
}

void Inspector::update(bool again) {
    const model::Machine& machine = m_document->machine();
    const auto& states = m_selection->states();
    const auto& transitions = m_selection->transitions();
    Shown shown = Shown::Machine;
    std::string id;
    if (states.size() == 1 && transitions.empty() && machine.findState(states[0])) {
        shown = Shown::State;
        id = states[0];
    } else if (transitions.size() == 1 && states.empty() &&
               machine.findTransition(transitions[0])) {
        shown = Shown::Transition;
        id = transitions[0];
    } else if (states.size() + transitions.size() > 1) {
        shown = Shown::Several;
    }
    again = again && shown == m_shown && id == m_shownId;
    m_shown = shown;
    m_shownId = id;
    if (shown == Shown::State)
        m_lastState = id;
    else if (shown != Shown::Machine)
        m_lastState.clear();
    if (shown == Shown::Transition)
        m_lastTransition = id;
    else if (shown != Shown::Machine)
        m_lastTransition.clear();

    switch (shown) {
    case Shown::Nothing:
    case Shown::Machine:
        m_machinePage->refresh(again);
        m_pages->setCurrentWidget(m_machinePage);
        break;
    case Shown::State:
        m_statePage->show(id, again);
        m_pages->setCurrentWidget(m_statePage);
        break;
    case Shown::Transition:
        m_transitionPage->show(id, again);
        m_pages->setCurrentWidget(m_transitionPage);
        break;
    case Shown::Several:
        m_selectionPage->refresh();
        m_pages->setCurrentWidget(m_selectionPage);
        break;
    }
    // The stack is as tall as its current page, not as its tallest one.
    for (int i = 0; i < m_pages->count(); ++i) {
        QWidget* page = m_pages->widget(i);
        const auto policy =
            page == m_pages->currentWidget() ? QSizePolicy::Preferred : QSizePolicy::Ignored;
        page->setSizePolicy(policy, policy);
    }
    m_pages->updateGeometry();
}

} // namespace swivel::inspector
