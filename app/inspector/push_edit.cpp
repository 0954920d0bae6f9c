#include "inspector/push_edit.h"

#include <QUndoStack>

#include "document/document.h"

namespace swivel::inspector {

void pushEdit(document::Document* document, QUndoCommand* command) {
    QUndoStack* stack = document->undoStack();
    stack->beginMacro(command->text());
    stack->push(command);
    stack->endMacro();
}

} // namespace swivel::inspector
