#pragma once
// Renaming a transition. Its id names it in timers (`after:` events, the step output's
// timerStart), in generated code and in the layout, so students give the ones they
// talk about a name ("swivelTimeout") instead of the generated "t7".

#include <optional>
#include <string>

#include "commands/document_command.h"

namespace swivel::commands {

// Renames a transition and moves its layout entry. Refused (not pushed; obsolete when
// pushed anyway) for an empty id or one any state or transition already uses.
// Announced as TransitionsRemoved {old} then TransitionsAdded {new}, so that views
// drop the old item and build the new one, then TransitionRenamed {old, new}. Keeping the Selection on the transition is
// the caller's business.
class ChangeTransitionId : public DocumentCommand {
public:
    ChangeTransitionId(document::Document* document, const std::string& oldId,
                       const std::string& newId);
    static bool canRename(const model::Machine& machine, const std::string& oldId,
                          const std::string& newId);
    void redo() override;
    void undo() override;

private:
    void rename(const std::string& from, const std::string& to);

    std::string m_from;
    std::string m_to;
    bool m_checked = false;
};

} // namespace swivel::commands
