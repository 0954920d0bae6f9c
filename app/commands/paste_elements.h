#pragma once
// Paste and Duplicate: a clipboard fragment becomes part of the machine.
// Like every command, each one here is owned by the document's QUndoStack once pushed.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "commands/clipboard_fragment.h"
#include "commands/document_command.h"

namespace swivel::commands {

// Inserts a fragment as one step: its top-level states become the last children of
// `parentId` ("" = top level), every element gets an id that is free in the machine
// (its own when free, else a numbered one: Idle -> Idle2), internal references follow
// the new ids, and the layout is moved by `offset`. A parent that had no children and
// no initial (or a machine without states) starts at the first pasted state. Read
// stateIds() / transitionIds() after pushing to select what was pasted. Refused (not
// pushed) for an empty fragment or a parent that cannot have children.
class PasteElements : public DocumentCommand {
public:
    PasteElements(document::Document* document, ClipboardFragment fragment,
                  const std::string& parentId = {}, model::Point offset = {},
                  const QString& text = QStringLiteral("Paste"));
    const std::vector<std::string>& stateIds() const { return m_stateIds; }
    const std::vector<std::string>& transitionIds() const { return m_transitionIds; }
    void redo() override;
    void undo() override;

private:
    void prepare();
    void announceChange(bool added);

    ClipboardFragment m_fragment;
    std::string m_parentId;
    model::Point m_offset;
    bool m_done = false;
    bool m_applied = false;
    // Decided at the first redo: the fragment with its final ids and positions.
    std::vector<model::State> m_states;
    std::vector<model::Transition> m_transitions;
    std::vector<std::pair<std::string, model::Rect>> m_rects;
    std::vector<std::pair<std::string, model::EdgeLayout>> m_edges;
    std::vector<std::string> m_stateIds;
    std::vector<std::string> m_transitionIds;
    // What each redo found, to put it back.
    std::size_t m_stateIndex = 0;
    std::size_t m_transitionIndex = 0;
    bool m_parentWasLeaf = false;
    std::optional<std::string> m_oldInitial; // set when redo chose the parent's initial
    std::vector<std::pair<std::string, std::optional<model::Rect>>> m_staleRects;
    std::vector<std::pair<std::string, std::optional<model::EdgeLayout>>> m_staleEdges;
};

} // namespace swivel::commands
