#include "common/machine_check.h"

#include <algorithm>

#include "codegen/scxml_import.h"
#include "model/device_catalog.h"
#include "model/diagnostic_codes.h"
#include "model/validation.h"

namespace swivel::app {

bool isScxmlPath(const std::string& path) {
    constexpr std::string_view suffix = ".scxml";
    if (path.size() < suffix.size())
        return false;
    return std::equal(suffix.rbegin(), suffix.rend(), path.rbegin(), [](char a, char b) {
        return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
    });
}

CheckedFile checkMachineFile(const std::string& path) {
    CheckedFile checked;
    if (isScxmlPath(path)) {
        // The importer's diagnostics carry their own line and column.
        codegen::ScxmlImport imported = codegen::importScxmlFile(path);
        checked.load.machine = std::move(imported.machine);
        checked.load.diagnostics = std::move(imported.diagnostics);
    } else {
        checked.load = model::loadMachineFile(path);
    }
    checked.diagnostics = checked.load.diagnostics;
    checked.unreadable = std::any_of(
        checked.diagnostics.begin(), checked.diagnostics.end(),
        [](const model::Diagnostic& d) { return d.code == model::codes::FileUnreadable; });
    if (checked.load.machine) {
        for (model::Diagnostic diagnostic :
             model::validate(*checked.load.machine, model::DeviceCatalog::builtin())) {
            checked.load.sourceMap.locate(diagnostic);
            checked.diagnostics.push_back(std::move(diagnostic));
        }
    }
    return checked;
}

} // namespace swivel::app
