#pragma once
// How the inspector pushes an edit: as an undo step of its own. The property commands
// merge with a following edit of the same property (made for edits pushed per
// keystroke); the inspector commits a field once per Enter or focus out, and each
// commit must stay one undo step, so the command is pushed inside a macro, which the
// stack never merges.

class QUndoCommand;

namespace swivel::document {
class Document;
}

namespace swivel::inspector {

void pushEdit(document::Document* document, QUndoCommand* command);

} // namespace swivel::inspector
