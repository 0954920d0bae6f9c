#include "inspector/machine_page.h"

#include <QApplication>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "commands/change_machine.h"
#include "commands/change_variable.h"
#include "document/document.h"
#include "inspector/commit_line_edit.h"
#include "inspector/qt_text.h"
#include "inspector/push_edit.h"
#include "model/value.h"

namespace swivel::inspector {
namespace {

enum Column { NameColumn, TypeColumn, InitialColumn };

constexpr model::Type kTypes[] = {model::Type::Bool, model::Type::Int, model::Type::Double,
                                  model::Type::String};


// The initial value as the table shows it: strings without quotes.
QString valueText(const model::Value& value) {
    if (const auto* text = std::get_if<std::string>(&value))
        return QString::fromStdString(*text);
    return QString::fromStdString(model::toDisplayString(value));
}

std::optional<model::Value> parseValue(const QString& text, model::Type type) {
    const QString trimmed = text.trimmed();
    bool ok = false;
    switch (type) {
    case model::Type::Bool:
        if (trimmed == QLatin1String("true"))
            return model::Value{true};
        if (trimmed == QLatin1String("false"))
            return model::Value{false};
        return std::nullopt;
    case model::Type::Int: {
        const qlonglong v = trimmed.toLongLong(&ok);
        return ok ? std::optional<model::Value>(std::int64_t{v}) : std::nullopt;
    }
    case model::Type::Double: {
        const double v = trimmed.toDouble(&ok);
        return ok ? std::optional<model::Value>(v) : std::nullopt;
    }
    case model::Type::String:
        return model::Value{text.toStdString()};
    }
    return std::nullopt;
}

// A type change keeps the initial value when it converts exactly (0 -> 0.0), else
// starts from the type's default.
model::Value convertValue(const model::Value& value, model::Type type) {
    if (auto converted = parseValue(valueText(value), type);
        converted && type != model::Type::String)
        return *converted;
    return model::defaultValue(type);
}

// Items are updated in place: this also runs while the table reports an edit of one.
void setCellText(QTableWidget* table, int row, int column, const QString& text) {
    if (QTableWidgetItem* item = table->item(row, column))
        item->setText(text);
    else
        table->setItem(row, column, new QTableWidgetItem(text));
}

} // namespace

MachinePage::MachinePage(document::Document* document, const model::DeviceCatalog& catalog,
                         QWidget* parent)
    : QWidget(parent), m_document(document), m_catalog(catalog), m_name(new CommitLineEdit(this)),
      m_description(new CommitLineEdit(this)), m_deviceType(new QComboBox(this)),
      m_initial(new QComboBox(this)), m_variables(new QTableWidget(0, 3, this)),
      m_addVariable(new QToolButton(this)), m_removeVariable(new QToolButton(this)),
      m_variablesError(new QLabel(this)) {
    m_name->setObjectName(QStringLiteral("machineName"));
    m_description->setObjectName(QStringLiteral("machineDescription"));
    m_description->setPlaceholderText(tr("what this machine is for"));
    m_deviceType->setObjectName(QStringLiteral("deviceType"));
    m_initial->setObjectName(QStringLiteral("machineInitial"));
    m_variables->setObjectName(QStringLiteral("variables"));
    m_variables->setHorizontalHeaderLabels({tr("Name"), tr("Type"), tr("Initial value")});
    m_variables->verticalHeader()->hide();
    m_variables->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    // The type cells are combo boxes, which ResizeToContents does not measure: the
    // column gets the width a combo box needs for the longest type name.
    {
        QComboBox probe;
        for (model::Type t : kTypes)
            probe.addItem(qs(model::typeName(t)));
        m_variables->horizontalHeader()->setSectionResizeMode(TypeColumn, QHeaderView::Fixed);
        m_variables->setColumnWidth(TypeColumn, probe.sizeHint().width());
    }
    m_variables->horizontalHeader()->setSectionResizeMode(InitialColumn, QHeaderView::Stretch);
    m_variables->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_variables->setSelectionMode(QAbstractItemView::SingleSelection);
    m_variables->setEditTriggers(QAbstractItemView::DoubleClicked |
                                 QAbstractItemView::EditKeyPressed |
                                 QAbstractItemView::AnyKeyPressed);
    m_variables->setTabKeyNavigation(false);
    m_variables->setMinimumHeight(120);
    m_addVariable->setObjectName(QStringLiteral("addVariable"));
    m_addVariable->setText(tr("Add"));
    m_addVariable->setToolTip(tr("Add a variable"));
    m_removeVariable->setObjectName(QStringLiteral("removeVariable"));
    m_removeVariable->setText(tr("Remove"));
    m_removeVariable->setToolTip(tr("Remove the selected variable"));
    m_variablesError->setObjectName(QStringLiteral("variablesError"));
    m_variablesError->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_variablesError->setWordWrap(true);
    m_variablesError->hide();

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("Device &type:"), m_deviceType);
    form->addRow(tr("&Initial state:"), m_initial);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_addVariable);
    buttons->addWidget(m_removeVariable);
    buttons->addStretch();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Variables:"), this));
    layout->addWidget(m_variables);
    layout->addLayout(buttons);
    layout->addWidget(m_variablesError);
    layout->addStretch();

    connect(m_name, &CommitLineEdit::committed, this, [this](const QString& text) {
        pushEdit(m_document, new commands::ChangeMachineName(m_document, text.toStdString()));
    });
    connect(m_description, &CommitLineEdit::committed, this, [this](const QString& text) {
        pushEdit(m_document,
                 new commands::ChangeMachineDescription(m_document, text.toStdString()));
    });
    connect(m_deviceType, &QComboBox::activated, this, [this](int index) {
        const std::string id = m_deviceType->itemData(index).toString().toStdString();
        if (id != m_document->machine().deviceType)
            pushEdit(m_document, new commands::ChangeDeviceType(m_document, id));
    });
    connect(m_initial, &QComboBox::activated, this, [this](int index) {
        const std::string id = m_initial->itemData(index).toString().toStdString();
        if (id != m_document->machine().initial)
            pushEdit(m_document, new commands::ChangeMachineInitial(m_document, id));
    });
    connect(m_variables, &QTableWidget::itemChanged, this, &MachinePage::variableEdited);
    connect(m_variables, &QTableWidget::itemSelectionChanged, this,
            [this] { m_removeVariable->setEnabled(!m_variables->selectedItems().isEmpty()); });
    connect(m_addVariable, &QToolButton::clicked, this, &MachinePage::addVariable);
    connect(m_removeVariable, &QToolButton::clicked, this, &MachinePage::removeVariable);

    setTabOrder(m_name, m_description);
    setTabOrder(m_description, m_deviceType);
    setTabOrder(m_deviceType, m_initial);
    setTabOrder(m_initial, m_variables);
    setTabOrder(m_variables, m_addVariable);
    setTabOrder(m_addVariable, m_removeVariable);
}

void MachinePage::refresh(bool again) {
    const model::Machine& machine = m_document->machine();
    if (again) {
        m_name->setValue(QString::fromStdString(machine.name));
        m_description->setValue(QString::fromStdString(machine.description));
    } else {
        m_name->resetValue(QString::fromStdString(machine.name));
        m_description->resetValue(QString::fromStdString(machine.description));
        m_variablesError->hide();
    }
    fillDeviceTypes();
    fillInitial();
    // An open cell editor belongs to the user; the table catches up on the next change.
    if (!again || !isEditingVariable())
        fillVariables();
}

// A cell editor (a line edit in the table) has the focus.
bool MachinePage::isEditingVariable() const {
    QWidget* focus = QApplication::focusWidget();
    return qobject_cast<QLineEdit*>(focus) && m_variables->isAncestorOf(focus);
}

void MachinePage::fillDeviceTypes() {
    const std::string& current = m_document->machine().deviceType;
    const QSignalBlocker blocker(m_deviceType);
    m_deviceType->clear();
    m_deviceType->addItem(tr("(none)"), QString());
    for (const model::DeviceType& device : m_catalog.devices())
        m_deviceType->addItem(QStringLiteral("%1 (%2)").arg(QString::fromStdString(device.name),
                                                            QString::fromStdString(device.id)),
                              QString::fromStdString(device.id));
    int index = m_deviceType->findData(QString::fromStdString(current));
    if (index < 0) {
        m_deviceType->addItem(tr("%1 (not in the catalog)").arg(QString::fromStdString(current)),
                              QString::fromStdString(current));
        index = m_deviceType->count() - 1;
    }
    m_deviceType->setCurrentIndex(index);
}

void MachinePage::fillInitial() {
    const model::Machine& machine = m_document->machine();
    const QSignalBlocker blocker(m_initial);
    m_initial->clear();
    m_initial->addItem(tr("(none)"), QString());
    for (const model::State* state : machine.children(""))
        m_initial->addItem(QString::fromStdString(state->id), QString::fromStdString(state->id));
    int index = m_initial->findData(QString::fromStdString(machine.initial));
    if (index < 0) {
        m_initial->addItem(tr("%1 (no such state)").arg(QString::fromStdString(machine.initial)),
                           QString::fromStdString(machine.initial));
        index = m_initial->count() - 1;
    }
    m_initial->setCurrentIndex(index);
}

void MachinePage::fillVariables() {
    const std::vector<model::Variable>& variables = m_document->machine().variables;
    const int selected = m_variables->currentRow();
    const QSignalBlocker blocker(m_variables);
    m_variables->setRowCount(static_cast<int>(variables.size()));
    for (std::size_t i = 0; i < variables.size(); ++i) {
        const int row = static_cast<int>(i);
        const model::Variable& variable = variables[i];
        setCellText(m_variables, row, NameColumn, QString::fromStdString(variable.name));
        auto* type = qobject_cast<QComboBox*>(m_variables->cellWidget(row, TypeColumn));
        if (!type) {
            type = new QComboBox(m_variables);
            type->setObjectName(QStringLiteral("variableType%1").arg(row));
            for (model::Type t : kTypes)
                type->addItem(qs(model::typeName(t)), static_cast<int>(t));
            connect(type, &QComboBox::activated, this,
                    [this, row](int index) { variableTypeChosen(row, index); });
            m_variables->setCellWidget(row, TypeColumn, type);
        }
        const QSignalBlocker typeBlocker(type);
        type->setCurrentIndex(type->findData(static_cast<int>(variable.type)));
        setCellText(m_variables, row, InitialColumn, valueText(variable.initial));
    }
    if (selected >= 0 && selected < m_variables->rowCount())
        m_variables->setCurrentCell(selected, m_variables->currentColumn());
    m_removeVariable->setEnabled(!m_variables->selectedItems().isEmpty());
}

void MachinePage::showVariableError(const QString& message) {
    m_variablesError->setText(message);
    m_variablesError->setVisible(!message.isEmpty());
}

void MachinePage::variableEdited(QTableWidgetItem* item) {
    const auto& variables = m_document->machine().variables;
    const int row = item->row();
    if (row < 0 || row >= static_cast<int>(variables.size()))
        return;
    model::Variable variable = variables[static_cast<std::size_t>(row)];
    if (item->column() == NameColumn) {
        variable.name = item->text().trimmed().toStdString();
        if (variable.name.empty()) {
            showVariableError(tr("A variable needs a name."));
            fillVariables();
            return;
        }
    } else if (item->column() == InitialColumn) {
        const std::optional<model::Value> value = parseValue(item->text(), variable.type);
        if (!value) {
            showVariableError(tr("'%1' is not a valid %2; the initial value stays %3.")
                                  .arg(item->text(), qs(model::typeName(variable.type)),
                                       valueText(variable.initial)));
            fillVariables();
            return;
        }
        variable.initial = *value;
    }
    showVariableError({});
    if (variable == variables[static_cast<std::size_t>(row)])
        return;
    pushEdit(m_document,
             new commands::ChangeVariable(m_document, static_cast<std::size_t>(row), variable));
}

void MachinePage::variableTypeChosen(int row, int index) {
    const auto& variables = m_document->machine().variables;
    auto* type = qobject_cast<QComboBox*>(m_variables->cellWidget(row, TypeColumn));
    if (!type || row >= static_cast<int>(variables.size()))
        return;
    model::Variable variable = variables[static_cast<std::size_t>(row)];
    const auto chosen = static_cast<model::Type>(type->itemData(index).toInt());
    if (chosen == variable.type)
        return;
    variable.type = chosen;
    variable.initial = convertValue(variable.initial, chosen);
    pushEdit(m_document,
             new commands::ChangeVariable(m_document, static_cast<std::size_t>(row), variable));
}

// A new variable gets a fresh name (variable1, variable2, ...) ready to be typed over.
void MachinePage::addVariable() {
    const model::Machine& machine = m_document->machine();
    std::string name;
    for (int n = 1;; ++n) {
        name = "variable" + std::to_string(n);
        if (!machine.findVariable(name))
            break;
    }
    model::Variable variable;
    variable.name = name;
    pushEdit(m_document, new commands::AddVariable(m_document, variable));
    const int row = m_variables->rowCount() - 1;
    m_variables->setFocus(Qt::OtherFocusReason);
    m_variables->setCurrentCell(row, NameColumn);
    m_variables->editItem(m_variables->item(row, NameColumn));
}

void MachinePage::removeVariable() {
    const int row = m_variables->currentRow();
    const auto& variables = m_document->machine().variables;
    if (row < 0 || row >= static_cast<int>(variables.size()))
        return;
    pushEdit(m_document, new commands::RemoveVariable(
                             m_document, variables[static_cast<std::size_t>(row)].name));
}

} // namespace swivel::inspector
