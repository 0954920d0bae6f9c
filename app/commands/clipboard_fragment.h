#pragma once
// A piece of a machine on its way through the clipboard: copy, cut, paste and
// duplicate, within one window or between windows. Written in the machine file format
// (a machine that holds only the copied states, transitions and layout), so one
// reader and one writer serve both; what comes back is checked like any untrusted
// input: broken clipboard data pastes nothing and never crashes.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/machine.h"

class QMimeData;

namespace swivel::commands {

// A value: the edit actions make one from the Selection and give it to QClipboard as
// QMimeData; Paste reads one back and pushes PasteElements with it.
class ClipboardFragment {
public:
    static constexpr const char* kMimeType = "application/x-swivel-fragment+json";

    // The states `stateIds` with all their descendants, the transitions whose source
    // and targets all lie among those states (selected or not: they belong to the
    // copied part), and their layout. `transitionIds` outside that part are left out:
    // a transition cannot be pasted without its ends.
    static ClipboardFragment copy(const model::Machine& machine,
                                  const std::vector<std::string>& stateIds,
                                  const std::vector<std::string>& transitionIds);
    // nullopt for anything that is not a usable fragment.
    static std::optional<ClipboardFragment> fromJson(std::string_view text);
    static std::optional<ClipboardFragment> fromMimeData(const QMimeData* mimeData);

    std::string toJson() const;
    // A new QMimeData with the fragment (and its text, for pasting into an editor); the
    // caller owns it, or hands it to QClipboard::setMimeData.
    QMimeData* toMimeData() const;

    bool isEmpty() const { return m_elements.states.empty(); }
    // The copied elements, their roots at the top level (parent ""), in document order;
    // every reference points inside the fragment. Only states, transitions and layout.
    const model::Machine& elements() const { return m_elements; }

private:
    explicit ClipboardFragment(model::Machine elements);
    // Makes any machine a well-formed fragment (see elements()).
    static model::Machine sanitized(model::Machine machine);

    model::Machine m_elements;
};

} // namespace swivel::commands
