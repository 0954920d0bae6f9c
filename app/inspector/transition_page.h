#pragma once
// The inspector's page for one transition: its source and targets (shown), event
// (chosen from the device type's events and the events the machine already uses, with
// completion), guard (checked as typed against the event's tags, the variables and
// the states), `after` timer, type (external or internal) and actions.
//
// Object names: transitionId (CommitLineEdit; a refused rename shows transitionIdError
// and restores the field), transitionEnds (QLabel "Idle → Swivel"), transitionEvent (NameCombo;
// its line edit transitionEventEdit), transitionGuard (ExpressionEditor inside an
// ExpressionField) with transitionGuardError (QLabel), transitionAfter
// (CommitLineEdit, milliseconds, empty for none), transitionType (QComboBox: external,
// internal), transitionActions (ActionListEditor, see action_list_editor.h).

#include <string>

#include <QWidget>

#include "model/device_catalog.h"

class QComboBox;
class QLabel;

namespace swivel::document {
class Document;
class Selection;
}

namespace swivel::inspector {

class ActionListEditor;
class CommitLineEdit;
class ExpressionField;
class NameCombo;

class TransitionPage : public QWidget {
    Q_OBJECT
public:
    TransitionPage(document::Document* document, document::Selection* selection,
                   const model::DeviceCatalog& catalog, QWidget* parent = nullptr);

    // Shows transition `id` (which exists); `again`: it was shown already.
    void show(const std::string& id, bool again);
    const std::string& transitionId() const { return m_id; }

private:
    QStringList eventNames() const;
    void rename(const QString& text);

    document::Document* m_document;
    document::Selection* m_selection;
    const model::DeviceCatalog& m_catalog;
    std::string m_id;
    CommitLineEdit* m_transitionId;
    QLabel* m_idError;
    QLabel* m_ends;
    NameCombo* m_event;
    ExpressionField* m_guard;
    CommitLineEdit* m_after;
    QComboBox* m_type;
    ActionListEditor* m_actions;
};

} // namespace swivel::inspector
