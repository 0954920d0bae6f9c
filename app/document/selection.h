#pragma once
// What the user has selected in a document: state and transition ids. Shared by the
// canvas, the inspector, the catalog matrix and the diagnostics panel, so that
// selecting an element anywhere selects it everywhere. View state: never an undo
// step, never written to the file. Owned by the main window beside its Document.

#include <QObject>
#include <string>
#include <vector>

namespace swivel::document {

class Selection : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    const std::vector<std::string>& states() const { return m_states; }
    const std::vector<std::string>& transitions() const { return m_transitions; }
    bool isEmpty() const { return m_states.empty() && m_transitions.empty(); }
    bool contains(const std::string& id) const;
    // The single selected element's id, or "" when none or several are selected.
    std::string single() const;

    // Each setter emits changed() once, and only when the selection really changes.
    void set(std::vector<std::string> states, std::vector<std::string> transitions);
    void selectState(const std::string& id) { set({id}, {}); }
    void selectTransition(const std::string& id) { set({}, {id}); }
    void clear() { set({}, {}); }
    // Drops ids that no longer exist (after a removal or undo).
    void prune(const std::vector<std::string>& existingStates,
               const std::vector<std::string>& existingTransitions);

signals:
    void changed();

private:
    std::vector<std::string> m_states;
    std::vector<std::string> m_transitions;
};

} // namespace swivel::document
