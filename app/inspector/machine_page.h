#pragma once
// The inspector's page for the machine itself (shown when nothing is selected): name,
// description, device type, initial state and the variables.
//
// Object names: machineName, machineDescription (CommitLineEdit), deviceType,
// machineInitial (QComboBox; item data: the id, "" for none), variables (QTableWidget:
// name, type, initial value; the type column holds a QComboBox), addVariable,
// removeVariable (QToolButton), variablesError (QLabel).

#include <QWidget>

#include "model/device_catalog.h"

class QComboBox;
class QLabel;
class QTableWidget;
class QTableWidgetItem;
class QToolButton;

namespace swivel::document {
class Document;
}

namespace swivel::inspector {

class CommitLineEdit;

class MachinePage : public QWidget {
    Q_OBJECT
public:
    MachinePage(document::Document* document, const model::DeviceCatalog& catalog,
                QWidget* parent = nullptr);

    // Shows the machine's current properties; `again`: the page was showing already,
    // so fields the user is editing are kept.
    void refresh(bool again);

private:
    void fillDeviceTypes();
    void fillInitial();
    void fillVariables();
    bool isEditingVariable() const;
    void variableEdited(QTableWidgetItem* item);
    void variableTypeChosen(int row, int index);
    void addVariable();
    void removeVariable();
    void showVariableError(const QString& message);

    document::Document* m_document;
    const model::DeviceCatalog& m_catalog;
    CommitLineEdit* m_name;
    CommitLineEdit* m_description;
    QComboBox* m_deviceType;
    QComboBox* m_initial;
    QTableWidget* m_variables;
    QToolButton* m_addVariable;
    QToolButton* m_removeVariable;
    QLabel* m_variablesError;
};

} // namespace swivel::inspector
