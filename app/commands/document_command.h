#pragma once
// Base of every undo command: the only code allowed to write a Document's machine.
// A command changes the model in redo()/undo() and announces what it touched; items
// and panels only observe those announcements.

#include <QUndoCommand>

#include "document/document.h"

namespace swivel::commands {

// Merge ids for mergeable commands, in one place (QUndoCommand::id()).
enum class MergeId {
    None = -1,
    MoveStates = 1,
    ResizeState,
    ChangeValue,
    RenameState,
};

class DocumentCommand : public QUndoCommand {
public:
    DocumentCommand(document::Document* document, const QString& text,
                    QUndoCommand* parent = nullptr)
        : QUndoCommand(text, parent), m_document(document) {}

protected:
    document::Document* document() const { return m_document; }
    model::Machine& machine() const { return m_document->mutableMachine(); }
    void announce(const document::Change& change) const { m_document->announce(change); }

private:
    document::Document* m_document;
};

} // namespace swivel::commands
