#pragma once
// The list of a file's problems (loader and validator diagnostics) under the canvas:
// severity, code, line:column, element and message, one row each.

#include <vector>

#include <QTreeWidget>

#include "model/diagnostic.h"

namespace swivel::designer {

class DiagnosticsPanel : public QTreeWidget {
    Q_OBJECT
public:
    explicit DiagnosticsPanel(QWidget* parent = nullptr);
    void setDiagnostics(const std::vector<model::Diagnostic>& diagnostics);
};

} // namespace swivel::designer
