#include "commands/clipboard_fragment.h"

#include <QMimeData>

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "commands/machine_tree.h"
#include "model/machine_file.h"

namespace swivel::commands {

namespace {

// Pasted coordinates get an offset added; far beyond any scene they only cause harm.
constexpr double kMaxCoordinate = 1e7;

bool sane(double value) {
    return std::isfinite(value) && std::abs(value) <= kMaxCoordinate;
}

bool sane(const model::Rect& rect) {
    return sane(rect.x) && sane(rect.y) && sane(rect.width) && sane(rect.height) &&
           rect.width >= 0 && rect.height >= 0;
}

bool sane(const model::EdgeLayout& edge) {
    const auto point = [](const model::Point& p) { return sane(p.x) && sane(p.y); };
    return std::all_of(edge.route.begin(), edge.route.end(), point) &&
           (!edge.label || point(*edge.label));
}

} // namespace

ClipboardFragment::ClipboardFragment(model::Machine elements) : m_elements(std::move(elements)) {}

ClipboardFragment ClipboardFragment::copy(const model::Machine& machine,
                                          const std::vector<std::string>& stateIds,
                                          const std::vector<std::string>& /*transitionIds*/) {
    // Selected transitions need no separate pass: one is copied exactly when its ends are.
    const std::unordered_set<std::string> states = withDescendants(machine, stateIds);
    model::Machine fragment;
    for (const model::State& state : machine.states)
        if (states.count(state.id) != 0)
            fragment.states.push_back(state);
    for (const model::Transition& transition : machine.transitions) {
        const bool inside =
            states.count(transition.source) != 0 &&
            std::all_of(transition.targets.begin(), transition.targets.end(),
                        [&](const std::string& target) { return states.count(target) != 0; });
        if (inside)
            fragment.transitions.push_back(transition);
    }
    fragment.layout = machine.layout;
    return ClipboardFragment(sanitized(std::move(fragment)));
}

std::optional<ClipboardFragment> ClipboardFragment::fromJson(std::string_view text) {
    model::LoadResult loaded = model::loadMachine(text);
    if (!loaded.machine)
        return std::nullopt;
    ClipboardFragment fragment(sanitized(std::move(*loaded.machine)));
    if (fragment.isEmpty())
        return std::nullopt;
    return fragment;
}

std::optional<ClipboardFragment> ClipboardFragment::fromMimeData(const QMimeData* mimeData) {
    if (mimeData == nullptr || !mimeData->hasFormat(QString::fromLatin1(kMimeType)))
        return std::nullopt;
    const QByteArray data = mimeData->data(QString::fromLatin1(kMimeType));
    return fromJson(std::string_view(data.constData(), static_cast<std::size_t>(data.size())));
}

std::string ClipboardFragment::toJson() const {
    return model::saveMachine(m_elements);
}

QMimeData* ClipboardFragment::toMimeData() const {
    const std::string json = toJson();
    auto* mimeData = new QMimeData;
    mimeData->setData(QString::fromLatin1(kMimeType),
                      QByteArray(json.data(), static_cast<qsizetype>(json.size())));
    mimeData->setText(QString::fromStdString(json));
    return mimeData;
}

model::Machine ClipboardFragment::sanitized(model::Machine machine) {
    model::Machine fragment;

    // States: one per id; a parent outside the fragment makes a root.
    std::unordered_set<std::string> ids;
    for (model::State& state : machine.states)
        if (!state.id.empty() && ids.insert(state.id).second)
            fragment.states.push_back(std::move(state));
    for (model::State& state : fragment.states)
        if (ids.count(state.parent) == 0)
            state.parent.clear();

    // Parent cycles: everything the roots do not reach hangs in or under one; cutting
    // the first such state loose makes it a root and reaches its subtree.
    std::unordered_map<std::string, std::vector<std::size_t>> children;
    for (std::size_t i = 0; i < fragment.states.size(); ++i)
        if (!fragment.states[i].parent.empty())
            children[fragment.states[i].parent].push_back(i);
    std::vector<bool> reached(fragment.states.size(), false);
    const auto reach = [&](std::size_t root) {
        std::vector<std::size_t> work{root};
        while (!work.empty()) {
            const std::size_t index = work.back();
            work.pop_back();
            if (reached[index])
                continue;
            reached[index] = true;
            if (const auto it = children.find(fragment.states[index].id); it != children.end())
                work.insert(work.end(), it->second.begin(), it->second.end());
        }
    };
    for (std::size_t i = 0; i < fragment.states.size(); ++i)
        if (fragment.states[i].parent.empty())
            reach(i);
    for (std::size_t i = 0; i < fragment.states.size(); ++i) {
        if (!reached[i]) {
            fragment.states[i].parent.clear();
            reach(i);
        }
    }

    // Document order, so that a paste inserts one contiguous block.
    std::vector<model::State> ordered;
    ordered.reserve(fragment.states.size());
    for (std::size_t index : model::documentOrder(fragment.states))
        ordered.push_back(std::move(fragment.states[index]));
    fragment.states = std::move(ordered);

    std::unordered_map<std::string, std::string> parentOf;
    for (const model::State& state : fragment.states)
        parentOf[state.id] = state.parent;
    for (model::State& state : fragment.states) {
        const auto it = parentOf.find(state.initial);
        if (it == parentOf.end() || it->second != state.id)
            state.initial.clear(); // only a child of its own can be initial
    }

    // Transitions: one per id, every end inside the fragment.
    std::unordered_set<std::string> transitionIds;
    for (model::Transition& transition : machine.transitions) {
        const bool inside =
            ids.count(transition.source) != 0 &&
            std::all_of(transition.targets.begin(), transition.targets.end(),
                        [&](const std::string& target) { return ids.count(target) != 0; });
        if (inside && !transition.id.empty() && transitionIds.insert(transition.id).second)
            fragment.transitions.push_back(std::move(transition));
    }

    // The file's transition order (grouped by source in document order), so that a
    // fragment reads back equal to what was written.
    std::unordered_map<std::string, std::size_t> rank;
    for (std::size_t i = 0; i < fragment.states.size(); ++i)
        rank.emplace(fragment.states[i].id, i);
    std::stable_sort(fragment.transitions.begin(), fragment.transitions.end(),
                     [&](const model::Transition& a, const model::Transition& b) {
                         return rank.at(a.source) < rank.at(b.source);
                     });

    for (const auto& [id, rect] : machine.layout.states)
        if (ids.count(id) != 0 && sane(rect))
            fragment.layout.states.emplace(id, rect);
    for (const auto& [id, edge] : machine.layout.transitions)
        if (transitionIds.count(id) != 0 && sane(edge))
            fragment.layout.transitions.emplace(id, edge);
    return fragment;
}

} // namespace swivel::commands
