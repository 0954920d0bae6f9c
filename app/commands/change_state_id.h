#pragma once
// Renaming a state. A state's id is also its name, and the machine refers to it by id
// in many places, so this is not a plain ChangeValue.
// Like every command, each one here is owned by the document's QUndoStack once pushed.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "commands/document_command.h"

namespace swivel::commands {

// Renames a state and every structural reference to it: children's parent, any
// initial (the machine's too), transition sources and targets, and its layout key.
// Expressions (`in(Idle)`) are text and stay as written: validation points at them.
// Undo reverts exactly the references redo changed. Consecutive renames of one state
// (Idle -> Idl -> Id) merge into one step. Refused (not pushed) for an id in use or
// an empty one. Announced as StateRenamed {old, new} plus the changed references.
// Keeping the Selection on the state is the caller's business. Pushed by the inspector
// and in-place editing on the canvas.
class ChangeStateId : public DocumentCommand {
public:
    ChangeStateId(document::Document* document, const std::string& oldId, const std::string& newId);
    static bool canRename(const model::Machine& machine, const std::string& oldId,
                          const std::string& newId);
    int id() const override { return static_cast<int>(MergeId::RenameState); }
    bool mergeWith(const QUndoCommand* other) override;
    void redo() override;
    void undo() override;

private:
    // One rename and the references it changed, by index.
    struct Step {
        std::string from;
        std::string to;
        std::size_t state = 0;
        std::vector<std::size_t> parents;
        std::vector<std::size_t> initials;
        bool machineInitial = false;
        std::vector<std::size_t> sources;
        std::vector<std::pair<std::size_t, std::size_t>> targets; // transition, target
        std::optional<model::Rect> rect;      // the entry that moves from `from` to `to`
        std::optional<model::Rect> staleRect; // an entry `to` had already
    };
    void apply(Step& step);
    void revert(const Step& step);
    void announceStep(const Step& step, const std::string& from, const std::string& to);

    std::vector<Step> m_steps;
    bool m_done = false;
};

} // namespace swivel::commands
