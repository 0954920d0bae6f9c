#pragma once
// One undo command for any property edit, after Tiled's ChangeValue: it holds the
// elements' keys and one value each, and undo and redo both swap the held values
// with the model's. A derived command only says how to get and set the value and
// what to announce. Consecutive edits of the same property of the same elements
// merge (MergeId::ChangeValue), so typing a description is one undo step; an edit
// that ends where it started disappears from the stack.
// Like every command, each one here is owned by the document's QUndoStack once pushed.

#include <algorithm>
#include <typeinfo>
#include <utility>
#include <vector>

#include "commands/document_command.h"

namespace swivel::commands {

template <class Value, class Key = std::string> class ChangeValue : public DocumentCommand {
public:
    // Sets each element to its own value (`values` parallel to `keys`).
    ChangeValue(document::Document* document, const QString& text, std::vector<Key> keys,
                std::vector<Value> values, QUndoCommand* parent = nullptr)
        : DocumentCommand(document, text, parent) {
        // A key given twice would swap twice: undo would not restore it.
        values.resize(keys.size());
        for (std::size_t i = 0; i < keys.size(); ++i) {
            if (std::find(m_keys.begin(), m_keys.end(), keys[i]) == m_keys.end()) {
                m_keys.push_back(std::move(keys[i]));
                m_values.push_back(std::move(values[i]));
            }
        }
    }
    // Sets every element to the same value.
    ChangeValue(document::Document* document, const QString& text, std::vector<Key> keys,
                const Value& value, QUndoCommand* parent = nullptr)
        : ChangeValue(document, text, keys, std::vector<Value>(keys.size(), value), parent) {}

    void redo() final {
        if (!m_done) {
            m_done = true;
            // Elements that do not exist are no part of the edit.
            for (std::size_t i = m_keys.size(); i-- > 0;) {
                if (!hasElement(m_keys[i])) {
                    m_keys.erase(m_keys.begin() + static_cast<std::ptrdiff_t>(i));
                    m_values.erase(m_values.begin() + static_cast<std::ptrdiff_t>(i));
                }
            }
            // A first redo that changes nothing is not an edit: the stack drops it.
            if (!swap())
                setObsolete(true);
            return;
        }
        swap();
    }
    void undo() final { swap(); }

    int id() const final { return static_cast<int>(MergeId::ChangeValue); }

    bool mergeWith(const QUndoCommand* other) final {
        const auto* next = dynamic_cast<const ChangeValue*>(other);
        // An obsolete edit (it changed nothing) is dropped by the stack, never merged.
        if (next == nullptr || next->isObsolete() || typeid(*next) != typeid(*this) ||
            next->m_keys != m_keys || !canMergeWith(*next))
            return false;
        // This command keeps the values from before both edits: nothing to copy. If the
        // model is back at them, the pair is no edit at all.
        bool unchanged = true;
        for (std::size_t i = 0; i < m_keys.size(); ++i)
            unchanged = unchanged && getValue(m_keys[i]) == m_values[i];
        setObsolete(unchanged);
        return true;
    }

    const std::vector<Key>& keys() const { return m_keys; }

protected:
    virtual bool hasElement(const Key& key) const = 0;
    virtual Value getValue(const Key& key) const = 0;
    virtual void setValue(const Key& key, const Value& value) const = 0;
    // What the edit touched, announced after every undo and redo.
    virtual document::Change change() const = 0;
    // Beyond the same class and keys: e.g. entry versus exit actions.
    virtual bool canMergeWith(const ChangeValue& /*other*/) const { return true; }

private:
    // Puts the held values into the model and keeps the model's; true if any differed.
    bool swap() {
        bool changed = false;
        for (std::size_t i = 0; i < m_keys.size(); ++i) {
            Value current = getValue(m_keys[i]);
            if (!(current == m_values[i]))
                changed = true;
            setValue(m_keys[i], m_values[i]);
            m_values[i] = std::move(current);
        }
        if (changed)
            announce(change());
        return changed;
    }

    std::vector<Key> m_keys;
    std::vector<Value> m_values;
    bool m_done = false;
};

} // namespace swivel::commands
