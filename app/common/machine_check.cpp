#include "common/machine_check.h"

#include <algorithm>

#include "model/device_catalog.h"
#include "model/diagnostic_codes.h"
#include "model/validation.h"

namespace swivel::app {

CheckedFile checkMachineFile(const std::string& path) {
    CheckedFile checked;
    checked.load = model::loadMachineFile(path);
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
