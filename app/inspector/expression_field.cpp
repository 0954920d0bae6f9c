#include "inspector/expression_field.h"

#include <QLabel>
#include <QVBoxLayout>

namespace swivel::inspector {

ExpressionField::ExpressionField(const QString& name, QWidget* parent)
    : QWidget(parent), m_edit(new ExpressionEditor(this)), m_error(new QLabel(this)) {
    m_edit->setObjectName(name);
    m_error->setObjectName(name + QStringLiteral("Error"));
    m_error->setWordWrap(true);
    m_error->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    setFocusProxy(m_edit);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_edit);
    layout->addWidget(m_error);

    connect(m_edit, &QsciScintilla::textChanged, this, &ExpressionField::recheck);
    connect(m_edit, &ExpressionEditor::committed, this, &ExpressionField::committed);
}

void ExpressionField::setRules(ExpressionRules rules) {
    m_rules = std::move(rules);
    m_edit->setScope(m_rules.scope, m_rules.values);
    recheck();
}

bool ExpressionField::hasProblem() const {
    return !m_error->isHidden();
}

void ExpressionField::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitErrorHeight();
}

// The form around the field asks for the label's one-line height; a long message
// wraps, so the label asks for the height its lines need at the field's width.
void ExpressionField::fitErrorHeight() {
    if (m_error->isHidden())
        return;
    const int height = m_error->heightForWidth(width());
    if (height > 0 && height != m_error->minimumHeight())
        m_error->setMinimumHeight(height);
}

void ExpressionField::recheck() {
    const std::optional<ExpressionProblem> problem =
        firstProblem(m_edit->text().toStdString(), m_rules);
    m_edit->setProblem(problem);
    if (!problem) {
        m_error->clear();
        m_error->hide();
        return;
    }
    m_error->setText(problem->message);
    m_error->show();
    fitErrorHeight();
}

} // namespace swivel::inspector
