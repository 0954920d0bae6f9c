#include "render/machine_diagram.h"

#include "canvas/machine_scene.h"
#include "render/application_scope.h"

namespace swivel::render {

QByteArray renderMachineDiagram(const model::Machine& machine, DiagramFormat format,
                                DiagramOptions options, QString* error) {
    const ApplicationScope application;
    if (!application.usable()) {
        if (error)
            *error = QStringLiteral("drawing needs a QApplication, not a QCoreApplication");
        return {};
    }
    if (options.title.isEmpty())
        options.title = QString::fromStdString(machine.name);
    canvas::MachineScene scene;
    scene.setMachine(machine);
    return renderDiagram(scene, format, options, error);
}

} // namespace swivel::render
