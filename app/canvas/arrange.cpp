#include "canvas/arrange.h"

#include <algorithm>
#include <limits>
#include <set>

#include "canvas/graphviz_layout.h"
#include "commands/layout_change.h"
#include "document/document.h"
#include "document/selection.h"

namespace swivel::canvas {

namespace {

// The selected states with everything below them, as ids.
std::set<std::string> subtree(const model::Machine& machine, const std::vector<std::string>& roots) {
    std::set<std::string> ids(roots.begin(), roots.end());
    // Parents come before children in document order, but a broken file may not keep
    // that: repeat until nothing is added (bounded by the number of states).
    for (std::size_t round = 0; round <= machine.states.size(); ++round) {
        const std::size_t before = ids.size();
        for (const model::State& state : machine.states) {
            if (!state.parent.empty() && ids.count(state.parent))
                ids.insert(state.id);
        }
        if (ids.size() == before)
            break;
    }
    return ids;
}

model::Layout selectionLayout(const model::Machine& machine,
                              const std::vector<std::string>& roots,
                              const ElementMetrics& metrics) {
    const std::set<std::string> ids = subtree(machine, roots);
    model::Machine part;
    for (const model::State& state : machine.states) {
        if (!ids.count(state.id))
            continue;
        model::State copy = state;
        if (!ids.count(copy.parent))
            copy.parent.clear();  // a selected root: top level of the part
        part.states.push_back(copy);
    }
    for (const model::Transition& transition : machine.transitions) {
        const bool inside =
            ids.count(transition.source) &&
            std::all_of(transition.targets.begin(), transition.targets.end(),
                        [&](const std::string& target) { return ids.count(target) > 0; });
        if (inside)
            part.transitions.push_back(transition);
    }
    model::Layout layout = graphvizLayout(part, metrics);
    // The part keeps its place: its new top-left corner is where its old one was.
    double left = std::numeric_limits<double>::max(), top = left;
    for (const std::string& id : ids) {
        if (const auto it = machine.layout.states.find(id); it != machine.layout.states.end()) {
            left = std::min(left, it->second.x);
            top = std::min(top, it->second.y);
        }
    }
    if (left == std::numeric_limits<double>::max())
        left = top = 0;
    for (auto& [id, rect] : layout.states) {
        rect.x += left;
        rect.y += top;
    }
    for (auto& [id, edge] : layout.transitions) {
        for (model::Point& point : edge.route) {
            point.x += left;
            point.y += top;
        }
        if (edge.label) {
            edge.label->x += left;
            edge.label->y += top;
        }
    }
    return layout;
}

} // namespace

bool arrange(document::Document& document, const document::Selection* selection,
             const ElementMetrics& metrics) {
    const model::Machine& machine = document.machine();
    const bool part = selection && !selection->states().empty();
    model::Layout layout = part ? selectionLayout(machine, selection->states(), metrics)
                                : graphvizLayout(machine, metrics);
    QUndoStack* stack = document.undoStack();
    const int count = stack->count();
    stack->push(new commands::SetLayout(&document, std::move(layout),
                                        part ? commands::SetLayout::Scope::Entries
                                             : commands::SetLayout::Scope::Whole));
    return stack->count() > count;
}

} // namespace swivel::canvas
