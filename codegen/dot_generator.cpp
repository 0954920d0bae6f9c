#include "dot_generator.h"

#include <sstream>

#include "model/labels.h"

namespace swivel::codegen {

namespace {

using model::Machine;
using model::State;
using model::StateKind;

constexpr const char* kPath = "machine.dot";

// A DOT double-quoted string: only '"', '\' and line breaks need care.
std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        if (c == '\r')
            continue;
        out += c;
    }
    return out + "\"";
}

class DotWriter {
public:
    explicit DotWriter(const Machine& machine) : m_machine(machine) {}

    std::string write() {
        m_out << "digraph " << quoted(m_machine.name.empty() ? "machine" : m_machine.name)
              << " {\n"
              << "    compound=true;\n    rankdir=LR;\n"
              << "    node [shape=box, style=rounded, fontname=\"DejaVu Sans\"];\n"
              << "    edge [fontname=\"DejaVu Sans\", fontsize=10];\n";
        if (!m_machine.initial.empty()) {
            m_out << "    \"__initial\" [shape=point, width=0.15, label=\"\"];\n";
            m_out << "    \"__initial\" -> " << quoted(anchor(m_machine.initial))
                  << lheadFor(m_machine.initial) << ";\n";
        }
        writeChildren("", 1);
        for (const auto& t : m_machine.transitions) {
            const std::size_t begin = offset();
            const std::string label = model::transitionLabel(t);
            const auto targets = t.targets.empty() ? std::vector<std::string>{t.source}
                                                   : t.targets;
            for (const auto& target : targets) {
                m_out << "    " << quoted(anchor(t.source)) << " -> " << quoted(anchor(target))
                      << " [label=" << quoted(label);
                if (isCluster(t.source))
                    m_out << ", ltail=" << quoted(clusterName(t.source));
                if (isCluster(target) && target != t.source)
                    m_out << ", lhead=" << quoted(clusterName(target));
                if (t.targets.empty())
                    m_out << ", style=dashed";
                m_out << "];\n";
            }
            m_regions.add({SourceElementKind::Transition, t.id}, begin, offset());
        }
        m_out << "}\n";
        return m_out.str();
    }

    // Each state's node or cluster, each transition's edges, by offset in write()'s text.
    const OffsetRegions& regions() const { return m_regions; }

private:
    std::size_t offset() { return static_cast<std::size_t>(m_out.tellp()); }

    bool isCluster(const std::string& id) const {
        const State* state = m_machine.findState(id);
        return state && (state->kind == StateKind::Parallel || m_machine.isCompound(*state));
    }
    std::string clusterName(const std::string& id) const { return "cluster_" + id; }
    // Edges attach to a node: clusters get an invisible anchor node inside them.
    std::string anchor(const std::string& id) const {
        return isCluster(id) ? "__anchor_" + id : id;
    }
    std::string lheadFor(const std::string& id) const {
        return isCluster(id) ? " [lhead=" + quoted(clusterName(id)) + "]" : "";
    }

    void writeChildren(const std::string& parent, int depth) {
        // Iterative over siblings, recursive over depth: validation bounds nesting.
        if (depth > 200)
            return;
        const std::string indent(4 * static_cast<std::size_t>(depth), ' ');
        for (const State* state : m_machine.children(parent)) {
            const std::size_t begin = offset();
            if (isCluster(state->id)) {
                const bool parallel = state->kind == StateKind::Parallel;
                m_out << indent << "subgraph " << quoted(clusterName(state->id)) << " {\n"
                      << indent << "    label=" << quoted(state->id + (parallel ? " (parallel)" : ""))
                      << ";\n"
                      << indent << "    style=rounded;\n"
                      << indent << "    " << quoted(anchor(state->id))
                      << " [shape=point, style=invis, width=0.01];\n";
                if (!state->initial.empty()) {
                    const std::string dot = "__initial_" + state->id;
                    m_out << indent << "    " << quoted(dot)
                          << " [shape=point, width=0.12, label=\"\"];\n"
                          << indent << "    " << quoted(dot) << " -> "
                          << quoted(anchor(state->initial)) << lheadFor(state->initial)
                          << ";\n";
                }
                if (parallel)
                    m_out << indent << "    style=\"rounded,dashed\";\n";
                writeChildren(state->id, depth + 1);
                m_out << indent << "}\n";
                m_regions.add({SourceElementKind::State, state->id}, begin, offset());
                continue;
            }
            m_out << indent << quoted(state->id) << " [";
            switch (state->kind) {
            case StateKind::Final:
                m_out << "shape=doublecircle, label=" << quoted(state->id);
                break;
            case StateKind::ShallowHistory:
                m_out << "shape=circle, label=\"H\"";
                break;
            case StateKind::DeepHistory:
                m_out << "shape=circle, label=\"H*\"";
                break;
            default: {
                std::string label = state->id;
                if (!state->onEntry.empty())
                    label += "\nentry / " + model::actionsSummary(state->onEntry);
                if (!state->onExit.empty())
                    label += "\nexit / " + model::actionsSummary(state->onExit);
                m_out << "label=" << quoted(label);
            }
            }
            m_out << "];\n";
            m_regions.add({SourceElementKind::State, state->id}, begin, offset());
        }
    }

    const Machine& m_machine;
    std::ostringstream m_out;
    OffsetRegions m_regions;
};

} // namespace

std::string toDot(const model::Machine& machine) { return DotWriter(machine).write(); }

GeneratorOutput DotGenerator::generate(const GeneratorInput& input) const {
    GeneratorOutput output;
    DotWriter writer(input.machine);
    const std::string text = writer.write();
    writer.regions().addTo(output.sourceMap, kPath, text);
    output.files.add(kPath, text);
    return output;
}

} // namespace swivel::codegen
