#pragma once
// The inspector's page for several selected elements: what is selected ("3 states,
// 1 transition selected") and the fields they share that are easy to set at once: the
// kind of all selected states and the type of all selected transitions (blank when
// they differ). Each choice is one undo step for all of them.
//
// Object names: selectionSummary (QLabel), sharedStateKind, sharedTransitionType
// (QComboBox; shown only when states, respectively transitions, are selected).

#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;

namespace swivel::document {
class Document;
class Selection;
} // namespace swivel::document

namespace swivel::inspector {

class SelectionPage : public QWidget {
    Q_OBJECT
public:
    SelectionPage(document::Document* document, document::Selection* selection,
                  QWidget* parent = nullptr);

    void refresh();

private:
    document::Document* m_document;
    document::Selection* m_selection;
    QFormLayout* m_form;
    QLabel* m_summary;
    QComboBox* m_kind;
    QComboBox* m_type;
};

} // namespace swivel::inspector
