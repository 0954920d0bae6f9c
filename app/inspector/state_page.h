#pragma once
// The inspector's page for one state: its id (renamed with ChangeStateId, which
// updates every reference; a refused name is explained and the field restored), kind,
// initial child (compound states), description, and entry and exit actions.
//
// Object names: stateId (CommitLineEdit), stateIdError (QLabel), stateParent (QLabel),
// stateKind (QComboBox: state, parallel, final, history, deepHistory), stateInitial
// (QComboBox; item data: the child id), stateDescription (CommitLineEdit), entryActions
// and exitActions (ActionListEditor, see action_list_editor.h).

#include <string>

#include <QWidget>

#include "model/device_catalog.h"

class QComboBox;
class QFormLayout;
class QLabel;

namespace swivel::document {
class Document;
class Selection;
} // namespace swivel::document

namespace swivel::inspector {

class ActionListEditor;
class CommitLineEdit;

class StatePage : public QWidget {
    Q_OBJECT
public:
    StatePage(document::Document* document, document::Selection* selection,
              const model::DeviceCatalog& catalog, QWidget* parent = nullptr);

    // Shows state `id` (which exists); `again`: it was shown already.
    void show(const std::string& id, bool again);
    const std::string& stateId() const { return m_id; }

private:
    void rename(const QString& text);
    void fillInitial();

    document::Document* m_document;
    document::Selection* m_selection;
    const model::DeviceCatalog& m_catalog;
    std::string m_id;
    QFormLayout* m_form;
    CommitLineEdit* m_stateId;
    QLabel* m_idError;
    QLabel* m_parent;
    QComboBox* m_kind;
    QComboBox* m_initial;
    CommitLineEdit* m_description;
    ActionListEditor* m_entry;
    ActionListEditor* m_exit;
};

} // namespace swivel::inspector
