#include "scxml_import.h"

#include <algorithm>
#include <cmath>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include <pugixml.hpp>

#include "codegen/scxml_codes.h"
#include "codegen/scxml_expression.h"
#include "codegen/scxml_generator.h"
#include "codegen/scxml_values.h"
#include "model/diagnostic_codes.h"
#include "model/machine_file.h"

namespace swivel::codegen {

namespace {

using model::Action;
using model::ActionKind;
using model::Diagnostic;
using model::Machine;
using model::Severity;
using model::State;
using model::StateKind;
using model::Transition;

constexpr int kMaxDepth = 200;

// Byte offsets to 1-based line and column.
class LineIndex {
public:
    explicit LineIndex(std::string_view text) : m_text(text) {
        m_starts.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n')
                m_starts.push_back(i + 1);
    }
    std::pair<int, int> locate(std::size_t offset) const {
        offset = std::min(offset, m_text.size());
        const auto it = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
        const std::size_t line = static_cast<std::size_t>(it - m_starts.begin());
        return {static_cast<int>(line), static_cast<int>(offset - m_starts[line - 1] + 1)};
    }

private:
    std::string_view m_text;
    std::vector<std::size_t> m_starts;
};

std::vector<std::string> splitWords(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!word.empty())
                words.push_back(std::move(word));
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty())
        words.push_back(std::move(word));
    return words;
}

std::string joinWords(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& word : words)
        out += (out.empty() ? "" : " ") + word;
    return out;
}

bool isPlainName(std::string_view name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

// "800ms", "1.5s", "2min"? SCXML uses CSS2 times: ms and s. nullopt if malformed.
// The longest delay an import takes, in ms (about 31,700 years): a double above it
// would not convert to an integer safely, and no device waits that long.
constexpr double kLongestDelayMs = 1e15;

std::optional<std::int64_t> parseDelay(std::string_view text) {
    std::string_view unit;
    double factor = 1;
    if (text.size() > 2 && text.substr(text.size() - 2) == "ms") {
        unit = "ms";
    } else if (text.size() > 1 && text.back() == 's') {
        unit = "s";
        factor = 1000;
    } else {
        return std::nullopt;
    }
    const auto number = parseNumber(text.substr(0, text.size() - unit.size()));
    if (!number || *number < 0 || *number * factor > kLongestDelayMs)
        return std::nullopt;
    return static_cast<std::int64_t>(*number * factor + 0.5);
}

class Importer {
public:
    explicit Importer(std::string_view text) : m_text(text), m_lines(text) {}

    ScxmlImport run() {
        ScxmlImport result;
        const pugi::xml_parse_result parsed =
            m_doc.load_buffer(m_text.data(), m_text.size(), pugi::parse_default,
                              pugi::encoding_utf8);
        if (!parsed) {
            report(Severity::Error, scxml_codes::XmlSyntax, static_cast<std::size_t>(parsed.offset),
                   std::string("not well-formed XML: ") + parsed.description());
            result.diagnostics = std::move(m_diagnostics);
            return result;
        }
        const pugi::xml_node root = m_doc.document_element();
        if (!root || std::string_view(root.name()) != "scxml") {
            report(Severity::Error, scxml_codes::NotScxml, root ? elementOffset(root) : 0,
                   "the document's root element is not <scxml>");
            result.diagnostics = std::move(m_diagnostics);
            return result;
        }
        readNamespaces(root);
        collectNames(root, 0);
        readRoot(root);
        finish();
        result.machine = std::move(m_machine);
        result.diagnostics = std::move(m_diagnostics);
        return result;
    }

private:
    // ---- positions and diagnostics ------------------------------------------------

    std::size_t elementOffset(pugi::xml_node node) const {
        std::size_t offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(node.offset_debug(), 0));
        if (offset > 0 && offset <= m_text.size() && m_text[offset - 1] == '<')
            --offset;
        return offset;
    }

    // Where the value of attribute `name` of `node` starts (after its quote); the
    // element's offset when it cannot be found.
    std::size_t attributeOffset(pugi::xml_node node, std::string_view name) const {
        std::size_t pos = elementOffset(node);
        if (pos < m_text.size() && m_text[pos] == '<')
            ++pos;
        while (pos < m_text.size() && !std::isspace(static_cast<unsigned char>(m_text[pos])) &&
               m_text[pos] != '>' && m_text[pos] != '/')
            ++pos;
        while (pos < m_text.size()) {
            while (pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[pos])))
                ++pos;
            if (pos >= m_text.size() || m_text[pos] == '>' || m_text[pos] == '/')
                break;
            const std::size_t nameStart = pos;
            while (pos < m_text.size() && m_text[pos] != '=' &&
                   !std::isspace(static_cast<unsigned char>(m_text[pos])))
                ++pos;
            const std::string_view attribute = m_text.substr(nameStart, pos - nameStart);
            while (pos < m_text.size() && m_text[pos] != '"' && m_text[pos] != '\'')
                ++pos;
            if (pos >= m_text.size())
                break;
            const char quote = m_text[pos++];
            const std::size_t valueStart = pos;
            while (pos < m_text.size() && m_text[pos] != quote)
                ++pos;
            ++pos;
            if (attribute == name)
                return valueStart;
        }
        return elementOffset(node);
    }

    // The offset in the file of byte `k` of the (entity-decoded) attribute value.
    std::size_t valueOffset(pugi::xml_node node, std::string_view name, std::size_t k) const {
        std::size_t pos = attributeOffset(node, name);
        for (std::size_t decoded = 0; decoded < k && pos < m_text.size(); ++decoded) {
            if (m_text[pos] == '&') {
                const std::size_t end = m_text.find(';', pos);
                pos = end == std::string_view::npos ? pos + 1 : end + 1;
            } else {
                ++pos;
            }
        }
        return pos;
    }

    void report(Severity severity, const char* code, std::size_t offset, std::string message,
                std::string elementId = {}, std::string field = {}) {
        Diagnostic diagnostic;
        diagnostic.severity = severity;
        diagnostic.code = code;
        diagnostic.elementId = std::move(elementId);
        diagnostic.field = std::move(field);
        diagnostic.message = std::move(message);
        const auto [line, column] = m_lines.locate(offset);
        diagnostic.line = line;
        diagnostic.column = column;
        m_diagnostics.push_back(std::move(diagnostic));
    }

    void unsupported(pugi::xml_node node, const std::string& what, const std::string& owner) {
        report(Severity::Error, scxml_codes::Unsupported, elementOffset(node),
               "<" + std::string(node.name()) + "> " + what, owner);
    }

    // ---- names -------------------------------------------------------------------

    void readNamespaces(pugi::xml_node root) {
        for (pugi::xml_attribute attribute : root.attributes()) {
            const std::string_view name = attribute.name();
            if (name.substr(0, 6) != "xmlns:")
                continue;
            const std::string_view uri = attribute.value();
            if (uri == kSwivelNamespace)
                m_swivel = std::string(name.substr(6)) + ":";
            else if (uri == kQtCreatorNamespace)
                m_qt = std::string(name.substr(6)) + ":";
        }
    }

    std::string swivelName(std::string_view local) const {
        return m_swivel.empty() ? std::string() : m_swivel + std::string(local);
    }
    const char* swivelAttr(pugi::xml_node node, std::string_view local) const {
        if (m_swivel.empty())
            return "";
        return node.attribute(swivelName(local).c_str()).value();
    }
    bool hasSwivelAttr(pugi::xml_node node, std::string_view local) const {
        return !m_swivel.empty() && node.attribute(swivelName(local).c_str());
    }

    static bool isStateElement(std::string_view name) {
        return name == "state" || name == "parallel" || name == "final" || name == "history";
    }

    // Ids in use, so that fresh ones never collide; the data model's names.
    void collectNames(pugi::xml_node node, int depth) {
        if (depth > kMaxDepth)
            return;
        for (pugi::xml_node child : node.children()) {
            if (child.type() != pugi::node_element)
                continue;
            const std::string_view name = child.name();
            if (isStateElement(name) && child.attribute("id"))
                m_usedIds.insert(child.attribute("id").value());
            if (name == "transition" && hasSwivelAttr(child, "id"))
                m_usedIds.insert(swivelAttr(child, "id"));
            if (name == "data" && child.attribute("id"))
                m_dataNames.insert(child.attribute("id").value());
            collectNames(child, depth + 1);
        }
    }

    std::string freshId(const std::string& base) {
        std::string id = base;
        for (int n = 2; m_usedIds.count(id); ++n)
            id = base + "_" + std::to_string(n);
        m_usedIds.insert(id);
        return id;
    }

    // ---- attributes ----------------------------------------------------------------

    // Reports every attribute of `node` that is not in `known` (unprefixed), not a
    // namespace declaration, not Swivel's and not Qt Creator's.
    void checkAttributes(pugi::xml_node node, std::initializer_list<std::string_view> known,
                         const std::string& owner) {
        for (pugi::xml_attribute attribute : node.attributes()) {
            const std::string_view name = attribute.name();
            if (name == "xmlns" || name.substr(0, 6) == "xmlns:")
                continue;
            if ((!m_swivel.empty() && name.substr(0, m_swivel.size()) == m_swivel) ||
                (!m_qt.empty() && name.substr(0, m_qt.size()) == m_qt))
                continue;
            if (std::find(known.begin(), known.end(), name) != known.end())
                continue;
            const bool foreign = name.find(':') != std::string_view::npos;
            report(foreign ? Severity::Warning : Severity::Error,
                   scxml_codes::UnsupportedAttribute, attributeOffset(node, name) - 0,
                   "attribute '" + std::string(name) + "' of <" + node.name() + "> " +
                       (foreign ? "belongs to another namespace and is ignored"
                                : "cannot be represented in Swivel and is ignored"),
                   owner, std::string(name));
        }
    }

    // An expression attribute: the Swivel text kept in swivel:<name> when it still
    // matches, else the ECMAScript translated; untranslatable text is kept as it is
    // (Swivel's checks then flag it too) with a diagnostic at its position.
    model::ExpressionText expression(pugi::xml_node node, const char* name,
                                     const std::string& owner) {
        const std::string ecma = node.attribute(name).value();
        if (hasSwivelAttr(node, name)) {
            const std::string original = swivelAttr(node, name);
            if (swivelToEcmaScript(original, divisionsOf(original, m_machine.variables).integer) ==
                ecma)
                return {original};
            report(Severity::Warning, scxml_codes::Expression, attributeOffset(node, name),
                   std::string(name) + " was changed outside Swivel; swivel:" + name +
                       " no longer matches and is ignored",
                   owner, name);
        }
        const EcmaScriptImport translated = ecmaScriptToSwivel(
            ecma, [this](std::string_view word) { return m_dataNames.count(std::string(word)) > 0; },
            [this](std::string_view division) {
                return isIntegerDivision(division, m_machine.variables);
            });
        if (translated.ok)
            return {translated.text};
        report(Severity::Error, scxml_codes::Expression,
               valueOffset(node, name, translated.offset),
               std::string(name) + " \"" + ecma + "\": " + translated.message, owner, name);
        return {ecma};
    }

    // ---- structure ---------------------------------------------------------------

    void readRoot(pugi::xml_node root) {
        checkAttributes(root, {"version", "name", "datamodel", "initial", "binding"}, "");
        const std::string_view datamodel = root.attribute("datamodel").value();
        if (!datamodel.empty() && datamodel != "ecmascript" && datamodel != "null")
            report(Severity::Warning, scxml_codes::UnsupportedAttribute,
                   attributeOffset(root, "datamodel"),
                   "data model '" + std::string(datamodel) +
                       "': expressions are read as the ecmascript data model's",
                   "", "datamodel");
        if (std::string_view(root.attribute("binding").value()) == "late")
            report(Severity::Warning, scxml_codes::UnsupportedAttribute,
                   attributeOffset(root, "binding"),
                   "late binding: Swivel's variables are all initialised at the start "
                   "(early binding)",
                   "", "binding");
        m_machine.name = hasSwivelAttr(root, "name") ? swivelAttr(root, "name")
                                                      : root.attribute("name").value();
        m_machine.deviceType = swivelAttr(root, "deviceType");
        m_machine.description = swivelAttr(root, "description");

        readChildren(root, "", 0);

        const std::string_view initial = root.attribute("initial").value();
        if (!initial.empty()) {
            const auto targets = splitWords(initial);
            if (targets.size() == 1 && isChildOf(root, targets[0]))
                m_machine.initial = targets[0];
            else
                report(Severity::Error, scxml_codes::Unsupported, attributeOffset(root, "initial"),
                       "initial '" + std::string(initial) +
                           "': Swivel's initial state is one top-level state",
                       "", "initial");
        }
        if (m_machine.initial.empty())
            m_machine.initial = firstChildState(root);
    }

    static bool isChildOf(pugi::xml_node parent, const std::string& id) {
        for (pugi::xml_node child : parent.children())
            if (child.type() == pugi::node_element && isStateElement(child.name()) &&
                std::string_view(child.name()) != "history" && child.attribute("id").value() == id)
                return true;
        return false;
    }

    std::string firstChildState(pugi::xml_node parent) const {
        for (pugi::xml_node child : parent.children())
            if (child.type() == pugi::node_element && isStateElement(child.name()) &&
                std::string_view(child.name()) != "history") {
                const auto it = m_ids.find(child.internal_object());
                return it == m_ids.end() ? std::string() : it->second;
            }
        return {};
    }

    void readChildren(pugi::xml_node parent, const std::string& parentId, int depth) {
        for (pugi::xml_node child : parent.children()) {
            if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
                report(Severity::Warning, scxml_codes::Unsupported, elementOffset(child),
                       "text inside <" + std::string(parent.name()) + "> is ignored", parentId);
                continue;
            }
            if (child.type() != pugi::node_element)
                continue;
            const std::string_view name = child.name();
            if (isStateElement(name)) {
                if (depth >= kMaxDepth) {
                    unsupported(child, "is nested too deeply", parentId);
                    continue;
                }
                readState(child, parentId, depth);
            } else if (name == "transition" && !parentId.empty()) {
                readTransition(child, parentId);
            } else if ((name == "onentry" || name == "onexit") && !parentId.empty()) {
                checkAttributes(child, {}, parentId);
                State& state = stateById(parentId);
                readActions(child, name == "onentry" ? state.onEntry : state.onExit, parentId,
                            name == "onentry");
            } else if (name == "initial" && !parentId.empty()) {
                readInitialElement(child, parent, parentId);
            } else if (name == "datamodel") {
                readDatamodel(child, parentId);
            } else if (!m_qt.empty() && name == m_qt + "editorinfo") {
                if (!parentId.empty())
                    readEditorInfo(child, parentId);
            } else if (name.find(':') != std::string_view::npos) {
                report(Severity::Warning, scxml_codes::ForeignElement, elementOffset(child),
                       "element <" + std::string(name) + "> of another namespace is ignored",
                       parentId);
            } else if (name == "invoke") {
                unsupported(child, "cannot be represented: Swivel machines invoke no other "
                                   "machines (a µ-service call is a qt:signal send with "
                                   "swivel:call)",
                            parentId);
            } else if (name == "donedata") {
                unsupported(child, "cannot be represented: done events carry no data in Swivel",
                            parentId);
            } else if (name == "script") {
                unsupported(child, "cannot be represented: Swivel runs no scripts", parentId);
            } else {
                unsupported(child, "is not allowed here or not supported", parentId);
            }
        }
    }

    State& stateById(const std::string& id) {
        return m_machine.states[m_stateIndex.at(id)];
    }

    void readState(pugi::xml_node node, const std::string& parentId, int depth) {
        const std::string_view name = node.name();
        State state;
        state.parent = parentId;
        if (name == "state") {
            checkAttributes(node, {"id", "initial"}, "");
        } else if (name == "history") {
            checkAttributes(node, {"id", "type"}, "");
            const std::string_view type = node.attribute("type").value();
            if (type == "deep") {
                state.kind = StateKind::DeepHistory;
            } else {
                state.kind = StateKind::ShallowHistory;
                if (!type.empty() && type != "shallow")
                    report(Severity::Error, scxml_codes::BadValue, attributeOffset(node, "type"),
                           "history type '" + std::string(type) +
                               "' is neither shallow nor deep; read as shallow",
                           "", "type");
            }
        } else {
            checkAttributes(node, {"id"}, "");
            state.kind = name == "parallel" ? StateKind::Parallel : StateKind::Final;
        }
        if (node.attribute("id")) {
            state.id = node.attribute("id").value();
            if (m_stateIndex.count(state.id)) {
                report(Severity::Error, scxml_codes::DuplicateId, attributeOffset(node, "id"),
                       "state id '" + state.id + "' is used twice; this one is renamed",
                       state.id, "id");
                state.id = freshId(state.id);
            }
        } else {
            state.id = freshId(std::string(name) + "_" + std::to_string(m_machine.states.size() + 1));
        }
        state.description = swivelAttr(node, "description");
        m_ids[node.internal_object()] = state.id;
        m_stateIndex[state.id] = m_machine.states.size();
        m_machine.states.push_back(state);
        m_stateNodes[state.id] = node;
        const std::string id = state.id;

        readChildren(node, id, depth + 1);

        if (name == "state") {
            const std::string_view initial = node.attribute("initial").value();
            if (!initial.empty()) {
                const auto targets = splitWords(initial);
                if (targets.size() == 1 && isChildOf(node, targets[0]))
                    stateById(id).initial = targets[0];
                else
                    report(Severity::Error, scxml_codes::Unsupported,
                           attributeOffset(node, "initial"),
                           "initial '" + std::string(initial) +
                               "': Swivel's initial state is one child state",
                           id, "initial");
            }
            if (stateById(id).initial.empty())
                stateById(id).initial = firstChildState(node);
        }
    }

    void readInitialElement(pugi::xml_node node, pugi::xml_node parent, const std::string& owner) {
        checkAttributes(node, {}, owner);
        pugi::xml_node transition;
        int count = 0;
        for (pugi::xml_node child : node.children()) {
            if (child.type() != pugi::node_element)
                continue;
            if (std::string_view(child.name()) == "transition" && ++count == 1)
                transition = child;
            else
                unsupported(child, "inside <initial>: only one <transition> is allowed", owner);
        }
        if (!transition) {
            unsupported(node, "has no <transition>", owner);
            return;
        }
        checkAttributes(transition, {"target"}, owner);
        const auto targets = splitWords(transition.attribute("target").value());
        if (targets.size() != 1 || !isChildOf(parent, targets[0])) {
            report(Severity::Error, scxml_codes::Unsupported, attributeOffset(transition, "target"),
                   "the initial transition must target one child state in Swivel", owner,
                   "initial");
            return;
        }
        for (pugi::xml_node child : transition.children())
            if (child.type() == pugi::node_element &&
                !(std::string_view(child.name()).find(':') != std::string_view::npos))
                unsupported(child, "in an initial transition cannot be represented: Swivel's "
                                   "initial state has no transition actions",
                            owner);
        stateById(owner).initial = targets[0];
    }

    void readTransition(pugi::xml_node node, const std::string& source) {
        checkAttributes(node, {"event", "cond", "target", "type"}, source);
        Transition transition;
        transition.source = source;
        if (hasSwivelAttr(node, "id") && *swivelAttr(node, "id"))
            transition.id = swivelAttr(node, "id");
        else
            transition.id = freshId(source + ".t" + std::to_string(++m_transitionCount[source]));
        if (m_transitionIds.count(transition.id)) {
            report(Severity::Error, scxml_codes::DuplicateId, attributeOffset(node, swivelName("id")),
                   "transition id '" + transition.id + "' is used twice; this one is renamed",
                   transition.id, "id");
            transition.id = freshId(transition.id);
        }
        m_transitionIds.insert(transition.id);
        const std::string& id = transition.id;

        transition.event = joinWords(splitWords(node.attribute("event").value()));
        if (hasSwivelAttr(node, "after")) {
            const std::string after = swivelAttr(node, "after");
            std::int64_t ms = 0;
            const auto number = parseNumber(after);
            // In range before it is converted: a double past int64 does not convert.
            if (number && *number >= 0 && *number <= kLongestDelayMs && *number == std::floor(*number))
                ms = static_cast<std::int64_t>(*number);
            else
                report(Severity::Error, scxml_codes::BadValue,
                       attributeOffset(node, swivelName("after")),
                       "swivel:after '" + after +
                           "' is not a whole number of milliseconds from 0 to 10^15",
                       id, "after");
            if (transition.event == kTimerEventPrefix + id) {
                transition.afterMs = ms;
                transition.event.clear();
            } else {
                report(Severity::Warning, scxml_codes::BadValue,
                       attributeOffset(node, swivelName("after")),
                       "swivel:after is ignored: the transition's event is not the timer's (" +
                           std::string(kTimerEventPrefix) + id + ")",
                       id, "after");
            }
        }
        if (node.attribute("cond"))
            transition.guard = expression(node, "cond", id);
        transition.targets = splitWords(node.attribute("target").value());
        const std::string_view type = node.attribute("type").value();
        if (type == "internal")
            transition.type = model::TransitionType::Internal;
        else if (!type.empty() && type != "external")
            report(Severity::Error, scxml_codes::BadValue, attributeOffset(node, "type"),
                   "transition type '" + std::string(type) +
                       "' is neither internal nor external; read as external",
                   id, "type");

        if (hasSwivelAttr(node, "route") || hasSwivelAttr(node, "labelPos")) {
            model::EdgeLayout edge;
            for (const std::string& pair : splitWords(swivelAttr(node, "route"))) {
                if (auto point = parsePoint(pair))
                    edge.route.push_back(*point);
                else
                    report(Severity::Warning, scxml_codes::BadValue,
                           attributeOffset(node, swivelName("route")),
                           "route point '" + pair + "' is not x,y; ignored", id, "route");
            }
            if (hasSwivelAttr(node, "labelPos")) {
                if (auto point = parsePoint(swivelAttr(node, "labelPos")))
                    edge.label = *point;
                else
                    report(Severity::Warning, scxml_codes::BadValue,
                           attributeOffset(node, swivelName("labelPos")),
                           "label position is not x,y; ignored", id, "labelPos");
            }
            m_machine.layout.transitions[id] = edge;
        }

        // Qt Creator's own transition geometry is drawing detail Swivel routes itself.
        readActions(node, transition.actions, id, false);
        m_transitionsBySource[source].push_back(std::move(transition));
    }

    static std::optional<model::Point> parsePoint(std::string_view text) {
        const std::size_t comma = text.find(',');
        if (comma == std::string_view::npos)
            return std::nullopt;
        const auto x = parseNumber(text.substr(0, comma));
        const auto y = parseNumber(text.substr(comma + 1));
        if (!x || !y)
            return std::nullopt;
        return model::Point{*x, *y};
    }

    void readEditorInfo(pugi::xml_node node, const std::string& owner) {
        auto rectOf = [](std::string_view text) -> std::optional<std::array<double, 6>> {
            std::array<double, 6> numbers{};
            std::size_t i = 0;
            std::size_t start = 0;
            while (i < 6) {
                const std::size_t end = text.find(';', start);
                const auto number =
                    parseNumber(text.substr(start, end == std::string_view::npos ? end : end - start));
                if (!number)
                    return std::nullopt;
                numbers[i++] = *number;
                if (end == std::string_view::npos)
                    break;
                start = end + 1;
            }
            if (i != 6)
                return std::nullopt;
            return numbers;
        };
        const char* which = node.attribute("scenegeometry") ? "scenegeometry" : "geometry";
        if (!node.attribute(which))
            return;
        const auto numbers = rectOf(node.attribute(which).value());
        if (!numbers) {
            report(Severity::Warning, scxml_codes::BadValue, attributeOffset(node, which),
                   std::string(which) + " is not x;y;left;top;width;height; the layout of '" +
                       owner + "' is ignored",
                   owner, which);
            return;
        }
        // Qt Creator writes an item's position, then its rectangle around that position:
        // scenegeometry in scene coordinates (the rectangle too), geometry relative to
        // the parent item's position (the rectangle relative to the item's own).
        const auto& n = *numbers;
        if (std::string_view(which) == "scenegeometry") {
            m_scenePositions[owner] = model::Point{n[0], n[1]};
            m_machine.layout.states[owner] = model::Rect{n[2], n[3], n[4], n[5]};
            return;
        }
        model::Point origin{0, 0};
        if (const auto parent = m_scenePositions.find(stateById(owner).parent);
            parent != m_scenePositions.end())
            origin = parent->second;
        const model::Point position{origin.x + n[0], origin.y + n[1]};
        m_scenePositions[owner] = position;
        m_machine.layout.states[owner] =
            model::Rect{position.x + n[2], position.y + n[3], n[4], n[5]};
    }

    void readDatamodel(pugi::xml_node node, const std::string& owner) {
        checkAttributes(node, {}, owner);
        for (pugi::xml_node data : node.children()) {
            if (data.type() != pugi::node_element)
                continue;
            if (std::string_view(data.name()) != "data") {
                unsupported(data, "inside <datamodel> is not supported", owner);
                continue;
            }
            checkAttributes(data, {"id", "expr"}, owner);
            const std::string id = data.attribute("id").value();
            if (data.attribute("src")) {
                unsupported(data, "with src cannot be represented: Swivel's variables start "
                                  "from literals",
                            owner);
                continue;
            }
            const bool hasExpr = static_cast<bool>(data.attribute("expr"));
            const std::string literal = hasExpr ? data.attribute("expr").value() : data.text().get();
            const auto value = valueOfEcmaScriptLiteral(literal);
            if (!value) {
                report(Severity::Error, scxml_codes::DataType,
                       hasExpr ? attributeOffset(data, "expr") : elementOffset(data),
                       "the type of data '" + id + "' cannot be inferred from " +
                           (literal.empty() ? std::string("no value")
                                            : "'" + literal + "'") +
                           "; give it a literal (0, 0.0, \"\", false); it is not imported",
                       id, "expr");
                continue;
            }
            if (!isPlainName(id) || isReservedEcmaScriptName(id)) {
                report(Severity::Error, scxml_codes::BadValue, attributeOffset(data, "id"),
                       "data id '" + id + "' is not a usable variable name; it is not imported",
                       id, "id");
                continue;
            }
            model::Variable variable;
            variable.name = id;
            variable.type = model::typeOf(*value);
            variable.initial = *value;
            m_machine.variables.push_back(std::move(variable));
        }
    }

    // ---- executable content ------------------------------------------------------

    void readArguments(pugi::xml_node send, std::vector<model::Argument>& args,
                       const std::string& owner) {
        for (const std::string& name : splitWords(send.attribute("namelist").value()))
            args.push_back({name, {name}});
        for (pugi::xml_node child : send.children()) {
            if (child.type() != pugi::node_element)
                continue;
            const std::string_view name = child.name();
            if (name == "param") {
                checkAttributes(child, {"name", "expr", "location"}, owner);
                model::Argument argument;
                argument.name = child.attribute("name").value();
                if (child.attribute("expr"))
                    argument.value = expression(child, "expr", owner);
                else if (child.attribute("location"))
                    argument.value = {child.attribute("location").value()};
                else
                    unsupported(child, "needs expr or location", owner);
                args.push_back(std::move(argument));
            } else if (name == "content") {
                unsupported(child, "cannot be represented: Swivel events carry named tags "
                                   "(use <param>)",
                            owner);
            } else {
                unsupported(child, "is not allowed inside <send>", owner);
            }
        }
    }

    void readSend(pugi::xml_node node, std::vector<Action>& out, const std::string& owner) {
        checkAttributes(node, {"event", "type", "target", "delay", "id", "namelist", "eventexpr",
                               "typeexpr", "targetexpr", "delayexpr", "idlocation"},
                        owner);
        for (const char* dynamic : {"eventexpr", "typeexpr", "targetexpr", "delayexpr", "idlocation"})
            if (node.attribute(dynamic))
                report(Severity::Error, scxml_codes::UnsupportedAttribute,
                       attributeOffset(node, dynamic),
                       std::string(dynamic) + " cannot be represented: Swivel's sends are static",
                       owner, dynamic);
        Action action;
        action.name = node.attribute("event").value();
        if (action.name.empty())
            report(Severity::Error, scxml_codes::BadValue, elementOffset(node),
                   "<send> without an event", owner, "event");
        const std::string_view type = node.attribute("type").value();
        const std::string target = node.attribute("target").value();
        const bool qtSignal = type == "qt:signal";
        const bool scxmlProcessor =
            type.empty() || type == "scxml" ||
            type == "http://www.w3.org/TR/scxml/#SCXMLEventProcessor";
        std::optional<std::int64_t> delay;
        if (node.attribute("delay")) {
            delay = parseDelay(node.attribute("delay").value());
            if (!delay)
                report(Severity::Error, scxml_codes::BadValue, attributeOffset(node, "delay"),
                       std::string("delay '") + node.attribute("delay").value() +
                           "' is not a time such as 800ms or 1.5s",
                       owner, "delay");
        }
        if (node.attribute("id"))
            report(Severity::Warning, scxml_codes::UnsupportedAttribute,
                   attributeOffset(node, "id"),
                   "send id is ignored: Swivel cannot cancel a send", owner, "id");
        if (!qtSignal && !scxmlProcessor) {
            report(Severity::Error, scxml_codes::UnsupportedAttribute,
                   attributeOffset(node, "type"),
                   "send type '" + std::string(type) +
                       "' cannot be represented (only qt:signal and the SCXML event processor)",
                   owner, "type");
            return;
        }
        const bool command = qtSignal || (!target.empty() && target != "#_internal" &&
                                          target.rfind("#_", 0) != 0);
        if (!qtSignal && target.rfind("#_", 0) == 0 && target != "#_internal") {
            report(Severity::Error, scxml_codes::UnsupportedAttribute,
                   attributeOffset(node, "target"),
                   "send target '" + target + "' cannot be represented in Swivel", owner,
                   "target");
            return;
        }
        readArguments(node, action.args, owner);
        if (command) {
            action.kind = std::string_view(swivelAttr(node, "call")) == "true" ? ActionKind::Call
                                                                              : ActionKind::Send;
            action.reply = swivelAttr(node, "reply");
            action.target = qtSignal ? std::string(swivelAttr(node, "target")) : target;
            if (!action.target.empty() && !isPlainName(action.target))
                report(Severity::Error, scxml_codes::BadValue, attributeOffset(node, "target"),
                       "send target '" + action.target + "' is not a device id", owner, "target");
            if (delay)
                report(Severity::Error, scxml_codes::UnsupportedAttribute,
                       attributeOffset(node, "delay"),
                       "a delayed command cannot be represented: Swivel sends commands at once "
                       "(raise a delayed event and send the command on it)",
                       owner, "delay");
        } else {
            action.kind = ActionKind::Raise;
            if (target == "#_internal") {
                if (delay)
                    report(Severity::Error, scxml_codes::UnsupportedAttribute,
                           attributeOffset(node, "delay"),
                           "a delayed send to #_internal is an error in SCXML", owner, "delay");
            } else {
                action.delayMs = delay.value_or(0);
            }
        }
        out.push_back(std::move(action));
    }

    void readActions(pugi::xml_node container, std::vector<Action>& out, const std::string& owner,
                     bool entry) {
        for (pugi::xml_node node : container.children()) {
            if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
                report(Severity::Warning, scxml_codes::Unsupported, elementOffset(node),
                       "text inside <" + std::string(container.name()) + "> is ignored", owner);
                continue;
            }
            if (node.type() != pugi::node_element)
                continue;
            const std::string_view name = node.name();
            if (hasSwivelAttr(node, "timer") && (name == "send" || name == "cancel")) {
                // The entry/exit half of a timer transition: its transition says it all.
                const std::string timer = swivelAttr(node, "timer");
                if (name == "send" ? !entry : entry)
                    report(Severity::Warning, scxml_codes::BadValue, elementOffset(node),
                           "timer '" + timer + "' " + std::string(name) + " is misplaced; ignored",
                           owner);
                continue;
            }
            Action action;
            if (name == "raise") {
                checkAttributes(node, {"event"}, owner);
                action.kind = ActionKind::Raise;
                action.name = node.attribute("event").value();
                if (action.name.empty())
                    report(Severity::Error, scxml_codes::BadValue, elementOffset(node),
                           "<raise> without an event", owner, "event");
                out.push_back(std::move(action));
            } else if (name == "log") {
                checkAttributes(node, {"label", "expr"}, owner);
                action.kind = ActionKind::Log;
                action.label = node.attribute("label").value();
                if (node.attribute("expr"))
                    action.expr = expression(node, "expr", owner);
                out.push_back(std::move(action));
            } else if (name == "assign") {
                checkAttributes(node, {"location", "expr"}, owner);
                action.kind = ActionKind::Assign;
                action.name = node.attribute("location").value();
                if (!isPlainName(action.name))
                    report(Severity::Error, scxml_codes::Unsupported, attributeOffset(node, "location"),
                           "assign location '" + action.name +
                               "' cannot be represented: Swivel assigns whole variables",
                           owner, "location");
                if (node.attribute("expr"))
                    action.expr = expression(node, "expr", owner);
                else
                    unsupported(node, "without expr cannot be represented", owner);
                out.push_back(std::move(action));
            } else if (name == "send") {
                readSend(node, out, owner);
            } else if (name == "if" || name == "elseif" || name == "else") {
                unsupported(node, "cannot be represented: Swivel has no conditional actions "
                                  "(use guarded transitions)",
                            owner);
            } else if (name == "foreach") {
                unsupported(node, "cannot be represented: Swivel has no loops", owner);
            } else if (name == "script") {
                unsupported(node, "cannot be represented: Swivel runs no scripts", owner);
            } else if (name == "cancel") {
                unsupported(node, "cannot be represented: Swivel cannot cancel a send", owner);
            } else if (name.find(':') != std::string_view::npos) {
                if (m_qt.empty() || name != m_qt + "editorinfo")
                    report(Severity::Warning, scxml_codes::ForeignElement, elementOffset(node),
                           "element <" + std::string(name) + "> of another namespace is ignored",
                           owner);
            } else {
                unsupported(node, "is not executable content Swivel knows", owner);
            }
        }
    }

    // ---- the end -----------------------------------------------------------------

    // Transitions grouped by source in document order; the machine's own orders when the
    // document names them (Swivel's export of a machine whose lists are ordered
    // otherwise) and they still name exactly the imported elements.
    void finish() {
        for (const State& state : m_machine.states) {
            auto it = m_transitionsBySource.find(state.id);
            if (it == m_transitionsBySource.end())
                continue;
            for (Transition& transition : it->second)
                m_machine.transitions.push_back(std::move(transition));
        }
        const pugi::xml_node root = m_doc.document_element();
        reorder(m_machine.states, splitWords(swivelAttr(root, "stateOrder")),
                [](const State& s) { return s.id; });
        reorder(m_machine.transitions, splitWords(swivelAttr(root, "transitionOrder")),
                [](const Transition& t) { return t.id; });
    }

    template <typename T, typename Id>
    static void reorder(std::vector<T>& items, const std::vector<std::string>& order, Id idOf) {
        if (order.size() != items.size())
            return;
        std::map<std::string, std::size_t> position;
        for (std::size_t i = 0; i < order.size(); ++i)
            position[order[i]] = i;
        if (position.size() != order.size())
            return;
        for (const T& item : items)
            if (!position.count(idOf(item)))
                return;
        std::stable_sort(items.begin(), items.end(), [&](const T& a, const T& b) {
            return position[idOf(a)] < position[idOf(b)];
        });
    }

    std::string_view m_text;
    LineIndex m_lines;
    pugi::xml_document m_doc;
    std::string m_swivel;  // "swivel:" (the prefix bound to kSwivelNamespace), or empty
    std::string m_qt;      // "qt:" (Qt Creator's), or empty
    Machine m_machine;
    // Each state's position in Qt Creator's scene, for its children's relative geometry.
    std::map<std::string, model::Point> m_scenePositions;
    std::vector<Diagnostic> m_diagnostics;
    std::set<std::string> m_usedIds;
    std::set<std::string> m_dataNames;
    std::set<std::string> m_transitionIds;
    std::map<std::string, int> m_transitionCount;
    std::map<const void*, std::string> m_ids;  // state element -> its (maybe fresh) id
    std::map<std::string, std::size_t> m_stateIndex;
    std::map<std::string, pugi::xml_node> m_stateNodes;
    std::map<std::string, std::vector<Transition>> m_transitionsBySource;
};

} // namespace

ScxmlImport importScxml(std::string_view text) { return Importer(text).run(); }

ScxmlImport importScxmlFile(const std::string& path) {
    ScxmlImport result;
    auto fail = [&](const char* code, std::string message) {
        Diagnostic diagnostic;
        diagnostic.code = code;
        diagnostic.message = std::move(message);
        result.diagnostics.push_back(std::move(diagnostic));
        return result;
    };
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error)
        return fail(model::codes::FileUnreadable, "cannot read the file: " + error.message());
    if (size > model::kMaxFileBytes)
        return fail(model::codes::FileTooLarge, "the file is larger than " +
                                                    std::to_string(model::kMaxFileBytes / 1048576) +
                                                    " MB");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(model::codes::FileUnreadable, "cannot open the file");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    result = importScxml(buffer.str());
    if (result.machine && result.machine->name.empty())
        result.machine->name = std::filesystem::path(path).stem().string();
    return result;
}

} // namespace swivel::codegen
