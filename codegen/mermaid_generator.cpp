#include "mermaid_generator.h"

#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "model/labels.h"

namespace swivel::codegen {

namespace {

using model::Machine;
using model::State;
using model::StateKind;

constexpr const char* kPath = "machine.mmd";

// Mermaid text after ':' runs to the end of the line; ';', '#' and ':' would be
// read as syntax, so they become Mermaid's entity codes.
std::string labelText(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '\n':
        case '\r':
            out += ' ';
            break;
        case ';':
            out += "#59;";
            break;
        case '#':
            out += "#35;";
            break;
        case ':':
            out += "#58;";
            break;
        case '"':
            out += "#quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

class MermaidWriter {
public:
    explicit MermaidWriter(const Machine& machine) : m_machine(machine) {
        // Mermaid ids are plain words: sanitise and make unique, keep the real id as
        // the displayed name.
        std::set<std::string> used;
        for (const auto& state : machine.states) {
            std::string id;
            for (char c : state.id)
                id += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
            if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0])))
                id = "s_" + id;
            std::string unique = id;
            for (int n = 2; used.count(unique); ++n)
                unique = id + "_" + std::to_string(n);
            used.insert(unique);
            m_ids[state.id] = unique;
        }
    }

    std::string write() {
        m_out << "stateDiagram-v2\n";
        for (const auto& state : m_machine.states) {
            const std::string& id = m_ids[state.id];
            const std::size_t begin = offset();
            if (id != state.id)
                m_out << "    state \"" << labelText(state.id) << "\" as " << id << "\n";
            m_regions.add({SourceElementKind::State, state.id}, begin, offset());
        }
        if (!m_machine.initial.empty())
            m_out << "    [*] --> " << idOf(m_machine.initial) << "\n";
        writeChildren("", 1);
        for (const auto& t : m_machine.transitions) {
            const std::size_t begin = offset();
            const std::string label = model::transitionLabel(t);
            const auto targets = t.targets.empty() ? std::vector<std::string>{t.source}
                                                   : t.targets;
            for (const auto& target : targets) {
                m_out << "    " << idOf(t.source) << " --> " << idOf(target);
                if (!label.empty())
                    m_out << " : " << labelText(label);
                m_out << "\n";
            }
            m_regions.add({SourceElementKind::Transition, t.id}, begin, offset());
        }
        return m_out.str();
    }

    // Each state's lines (its alias, its composite block or its own line), each
    // transition's arrows, by offset in write()'s text.
    const OffsetRegions& regions() const { return m_regions; }

private:
    std::size_t offset() { return static_cast<std::size_t>(m_out.tellp()); }

    std::string idOf(const std::string& stateId) const {
        const auto it = m_ids.find(stateId);
        return it == m_ids.end() ? stateId : it->second;
    }

    void writeChildren(const std::string& parent, int depth) {
        if (depth > 200)
            return;
        const std::string indent(4 * static_cast<std::size_t>(depth), ' ');
        const State* parentState = parent.empty() ? nullptr : m_machine.findState(parent);
        const bool parallel = parentState && parentState->kind == StateKind::Parallel;
        bool first = true;
        for (const State* state : m_machine.children(parent)) {
            if (parallel && !first)
                m_out << indent << "--\n";
            first = false;
            const std::size_t begin = offset();
            const std::string& id = idOf(state->id);
            const bool composite = state->kind == StateKind::Parallel || m_machine.isCompound(*state);
            if (composite) {
                m_out << indent << "state " << id << " {\n";
                if (!state->initial.empty())
                    m_out << indent << "    [*] --> " << idOf(state->initial) << "\n";
                writeChildren(state->id, depth + 1);
                m_out << indent << "}\n";
            } else if (state->kind == StateKind::Final) {
                m_out << indent << id << " --> [*]\n";
            } else if (state->kind == StateKind::ShallowHistory ||
                       state->kind == StateKind::DeepHistory) {
                m_out << indent << "state \""
                      << (state->kind == StateKind::DeepHistory ? "H*" : "H") << "\" as " << id
                      << "\n";
            } else if (!state->onEntry.empty() || !state->onExit.empty()) {
                if (!state->onEntry.empty())
                    m_out << indent << id << " : entry / "
                          << labelText(model::actionsSummary(state->onEntry)) << "\n";
                if (!state->onExit.empty())
                    m_out << indent << id << " : exit / "
                          << labelText(model::actionsSummary(state->onExit)) << "\n";
            } else {
                m_out << indent << id << "\n";
            }
            m_regions.add({SourceElementKind::State, state->id}, begin, offset());
        }
    }

    const Machine& m_machine;
    std::map<std::string, std::string> m_ids;
    std::ostringstream m_out;
    OffsetRegions m_regions;
};

} // namespace

std::string toMermaid(const model::Machine& machine) { return MermaidWriter(machine).write(); }

GeneratorOutput MermaidGenerator::generate(const GeneratorInput& input) const {
    GeneratorOutput output;
    MermaidWriter writer(input.machine);
    const std::string text = writer.write();
    writer.regions().addTo(output.sourceMap, kPath, text);
    output.files.add(kPath, text);
    return output;
}

} // namespace swivel::codegen
