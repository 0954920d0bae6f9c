#pragma once
// Layout edits: moving, resizing, and Arrange. Each holds the layout entries it
// touches as they were before and after, so undo restores the exact numbers (adding
// and subtracting a delta again would drift in floating point). Announced as
// LayoutChanged with the ids of the touched states and transitions.
// Like every command, each one here is owned by the document's QUndoStack once pushed.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "commands/document_command.h"

namespace swivel::commands {

// Base of the layout commands; derived commands only compute the two sets of entries.
class LayoutChange : public DocumentCommand {
public:
    void redo() override;
    void undo() override;

protected:
    // nullopt: the element has no layout entry.
    struct Entries {
        std::map<std::string, std::optional<model::Rect>> states;
        std::map<std::string, std::optional<model::EdgeLayout>> transitions;
        bool operator==(const Entries&) const = default;
    };

    LayoutChange(document::Document* document, const QString& text);
    // Fills both sets from the model as it is; called once, at the first redo, so a
    // command describes the model it is pushed onto.
    virtual void compute(Entries& before, Entries& after) const = 0;
    // Merging: this command now ends where `other` ends; it still starts where it did.
    void absorb(const LayoutChange& other);

private:
    void apply(const Entries& entries);

    Entries m_before;
    Entries m_after;
    bool m_computed = false;
};

// Moves states by a delta; descendants move with them (their rects are in scene
// coordinates too). A transition between moved states shifts its route and label by
// the delta; one with a single moved end shifts by half, which keeps a label between
// its ends. Consecutive moves of the same states in the same `series` merge (the arrow
// keys pass a series that changes with every mouse press, so that nudges after a click
// are a new undo step). Pushed by the arrow keys, and by the select tool inside a
// CanvasGesture.
class MoveStates : public LayoutChange {
public:
    MoveStates(document::Document* document, std::vector<std::string> stateIds, model::Point delta,
               int series = 0);
    int id() const override { return static_cast<int>(MergeId::MoveStates); }
    bool mergeWith(const QUndoCommand* other) override;

protected:
    void compute(Entries& before, Entries& after) const override;

private:
    std::vector<std::string> m_stateIds; // sorted: the identity of the moved set
    model::Point m_delta;
    int m_series;
};

// Gives one state a new rect (its children stay). Consecutive resizes of the same state
// merge. Pushed by the select tool's handles.
class ResizeState : public LayoutChange {
public:
    ResizeState(document::Document* document, const std::string& stateId, model::Rect rect);
    int id() const override { return static_cast<int>(MergeId::ResizeState); }
    bool mergeWith(const QUndoCommand* other) override;

protected:
    void compute(Entries& before, Entries& after) const override;

private:
    std::string m_stateId;
    model::Rect m_rect;
};

// Replaces layout entries: all of them (Arrange of the whole machine: entries missing
// from `layout` are dropped) or only those `layout` has (Arrange of a selection).
class SetLayout : public LayoutChange {
public:
    enum class Scope { Whole, Entries };
    SetLayout(document::Document* document, model::Layout layout, Scope scope,
              const QString& text = QStringLiteral("Arrange"));

protected:
    void compute(LayoutChange::Entries& before, LayoutChange::Entries& after) const override;

private:
    model::Layout m_layout;
    Scope m_scope;
};

} // namespace swivel::commands
