#pragma once
// The Id field of the state and transition pages: one rule and one wording for why a
// typed id cannot replace an element's id.

#include <QString>

namespace swivel::inspector {

// Why the typed id (trimmed) cannot be given to a `kind` ("state", "transition"), or
// "" when it can; `renamable` is the rename command's own answer (free, not the same).
// The message ends with the id that stays.
QString idRefusal(const QString& typed, const QString& kind, const QString& currentId,
                  bool renamable);

} // namespace swivel::inspector
