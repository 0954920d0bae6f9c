#pragma once
// The Inspector dock's widget: edits what is selected. Nothing selected shows the
// machine (MachinePage), one state its StatePage, one transition its TransitionPage,
// several elements a SelectionPage (a summary, shared fields). It follows the document: a change
// refreshes the shown page without overwriting the field being typed in; a selection change
// switches the page; an element that is gone (removed, undone away) gives the machine page. Every
// edit is one undo command on the document's stack (one step per commit: Enter or focus out; Escape
// reverts the field). Owned by its dock; observes the Document and the Selection, which outlive it.
//
// Object names, for tests and the end-to-end scripts (use findChild from here):
//   inspector (this), inspectorPages (QStackedWidget), machinePage, statePage,
//   transitionPage, selectionPage.
//   Several elements: selectionSummary (QLabel "3 states, 1 transition selected"),
//   sharedStateKind, sharedTransitionType (QComboBox).
//   Machine page: machineName, machineDescription, deviceType, machineInitial,
//   variables (QTableWidget; type column: variableType<row> combo boxes), addVariable,
//   removeVariable, variablesError.
//   State page: stateId, stateIdError, stateParent, stateKind, stateInitial,
//   stateDescription, entryActions, exitActions.
//   Transition page: transitionId (+ transitionIdError), transitionEnds, transitionEvent (its line edit
//   transitionEventEdit), transitionGuard, transitionGuardError, transitionAfter,
//   transitionType, transitionActions.
//   Inside each action list (entryActions, exitActions, transitionActions): actionList,
//   addAction, removeAction, moveActionUp, moveActionDown, actionKind, actionName (its
//   line edit actionNameEdit), actionLabel, actionExpr (+ actionExprError),
//   actionDelay, addArgument, argumentName<i>, argumentValue<i> (+ argumentValue<i>Error),
//   removeArgument<i>.

#include <string>

#include <QWidget>

#include "document/change.h"
#include "model/device_catalog.h"

class QLabel;
class QStackedWidget;

namespace swivel::document {
class Document;
class Selection;
} // namespace swivel::document

namespace swivel::inspector {

class MachinePage;
class SelectionPage;
class StatePage;
class TransitionPage;

class Inspector : public QWidget {
    Q_OBJECT
public:
    // Checks names against the built-in catalog (model::DeviceCatalog::builtin()).
    Inspector(document::Document* document, document::Selection* selection,
              QWidget* parent = nullptr);
    Inspector(document::Document* document, document::Selection* selection,
              const model::DeviceCatalog& catalog, QWidget* parent = nullptr);

    QSize sizeHint() const override;

private:
    enum class Shown { Nothing, Machine, State, Transition, Several };

    void documentChanged(const document::Change& change);
    // Shows the page for the selection; `again` when nothing but the model changed.
    void update(bool again);

    document::Document* m_document;
    document::Selection* m_selection;
    const model::DeviceCatalog& m_catalog;
    QStackedWidget* m_pages;
    MachinePage* m_machinePage;
    StatePage* m_statePage;
    TransitionPage* m_transitionPage;
    SelectionPage* m_selectionPage;
    Shown m_shown = Shown::Nothing;
    std::string m_shownId;
    std::string m_lastTransition;  // the same for transitions
    std::string m_lastState; // the state shown last, even if the selection was pruned
};

} // namespace swivel::inspector
