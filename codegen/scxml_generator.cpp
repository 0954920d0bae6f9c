#include "scxml_generator.h"

#include <cctype>
#include <functional>
#include <set>
#include <sstream>

#include <pugixml.hpp>

#include "codegen/scxml_codes.h"
#include "codegen/scxml_expression.h"
#include "codegen/scxml_values.h"

namespace swivel::codegen {

namespace {

using model::Action;
using model::ActionKind;
using model::Machine;
using model::State;
using model::StateKind;
using model::Transition;

bool usesExpressions(const Machine& machine) {
    if (!machine.variables.empty())
        return true;
    auto actionsUse = [](const std::vector<Action>& actions) {
        for (const Action& action : actions)
            if (!action.expr.empty() || !action.args.empty() || action.kind == ActionKind::Assign)
                return true;
        return false;
    };
    for (const State& state : machine.states)
        if (actionsUse(state.onEntry) || actionsUse(state.onExit))
            return true;
    for (const Transition& transition : machine.transitions)
        if (!transition.guard.empty() || actionsUse(transition.actions))
            return true;
    return false;
}

// ASCII letters, digits, '.', '-' and '_' are safe Nmtoken characters; everything
// else becomes '_'.
std::string nmtoken(const std::string& text) {
    std::string out;
    for (unsigned char c : text)
        out += (std::isalnum(c) || c == '.' || c == '-' || c == '_') ? static_cast<char>(c) : '_';
    return out;
}

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& word : words)
        out += (out.empty() ? "" : " ") + word;
    return out;
}

class ScxmlWriter {
public:
    explicit ScxmlWriter(const Machine& machine) : m_machine(machine) {
        for (const auto& variable : machine.variables)
            m_variables.insert(variable.name);
    }

    ScxmlExport write() {
        pugi::xml_node root = m_doc.append_child("scxml");
        root.append_attribute("xmlns") = kScxmlNamespace;
        root.append_attribute("xmlns:swivel") = kSwivelNamespace;
        if (!m_machine.layout.states.empty())
            root.append_attribute("xmlns:qt") = kQtCreatorNamespace;
        root.append_attribute("version") = "1.0";
        if (!m_machine.name.empty()) {
            // Qt SCXML wants an XML Nmtoken; the real name then goes beside it.
            const std::string token = nmtoken(m_machine.name);
            root.append_attribute("name") = token.c_str();
            if (token != m_machine.name)
                root.append_attribute("swivel:name") = m_machine.name.c_str();
        }
        root.append_attribute("datamodel") = usesExpressions(m_machine) ? "ecmascript" : "null";
        if (!m_machine.initial.empty())
            root.append_attribute("initial") = m_machine.initial.c_str();
        if (!m_machine.deviceType.empty())
            root.append_attribute("swivel:deviceType") = m_machine.deviceType.c_str();
        if (!m_machine.description.empty())
            root.append_attribute("swivel:description") = m_machine.description.c_str();

        if (!m_machine.variables.empty()) {
            pugi::xml_node datamodel = root.append_child("datamodel");
            for (const auto& variable : m_machine.variables) {
                if (isReservedEcmaScriptName(variable.name))
                    loss(variable.name, "name",
                         "variable '" + variable.name +
                             "' has a name ECMAScript reserves; Qt SCXML cannot use it");
                pugi::xml_node data = datamodel.append_child("data");
                data.append_attribute("id") = variable.name.c_str();
                const model::Value initial =
                    model::convertTo(variable.initial, variable.type).value_or(
                        model::defaultValue(variable.type));
                data.append_attribute("expr") = ecmaScriptLiteral(initial).c_str();
            }
        }

        writeChildren(root, "", 0);
        writeOrders(root);

        std::ostringstream out;
        m_doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
        ScxmlExport result;
        result.text = out.str();
        if (result.text.empty() || result.text.back() != '\n')
            result.text += '\n';
        result.diagnostics = std::move(m_diagnostics);
        return result;
    }

private:
    void loss(const std::string& elementId, const std::string& field, std::string message,
              model::Severity severity = model::Severity::Warning) {
        model::Diagnostic diagnostic;
        diagnostic.severity = severity;
        diagnostic.code = scxml_codes::ExportLoss;
        diagnostic.elementId = elementId;
        diagnostic.field = field;
        diagnostic.message = std::move(message);
        m_diagnostics.push_back(std::move(diagnostic));
    }

    // `name`="ECMAScript of text"; the Swivel text itself beside it when the ECMAScript
    // would not read back to exactly this text. Swivel's integer division truncates and
    // ECMAScript's `/` does not: it is written Math.trunc(a / b). A division whose type
    // the variables do not tell (it reads an event tag) may divide integers too: said,
    // not hidden.
    void setExpression(pugi::xml_node node, const char* name, const std::string& text) {
        const Divisions divisions = divisionsOf(text, m_machine.variables);
        if (!divisions.untyped.empty()) {
            const TextSpan& first = divisions.untyped.front();
            loss(m_owner, "",
                 "'" + text.substr(first.begin, first.end - first.begin) +
                     "' divides an event tag, whose type the export does not know: between "
                     "integers, Qt SCXML's '/' would not truncate as Swivel's does");
        }
        const std::string ecma = swivelToEcmaScript(text, divisions.integer);
        node.append_attribute(name) = ecma.c_str();
        const EcmaScriptImport back = ecmaScriptToSwivel(
            ecma,
            [this](std::string_view word) { return m_variables.count(std::string(word)) > 0; },
            [this](std::string_view division) {
                return isIntegerDivision(division, m_machine.variables);
            });
        if (!back.ok || back.text != text)
            node.append_attribute((std::string("swivel:") + name).c_str()) = text.c_str();
    }

    void writeParams(pugi::xml_node send, const std::vector<model::Argument>& args) {
        for (const model::Argument& argument : args) {
            pugi::xml_node param = send.append_child("param");
            param.append_attribute("name") = argument.name.c_str();
            setExpression(param, "expr", argument.value.text);
        }
    }

    void writeAction(pugi::xml_node parent, const Action& action) {
        switch (action.kind) {
        case ActionKind::Send:
        case ActionKind::Call: {
            pugi::xml_node send = parent.append_child("send");
            send.append_attribute("type") = "qt:signal";
            send.append_attribute("event") = action.name.c_str();
            if (action.kind == ActionKind::Call) {
                send.append_attribute("swivel:call") = "true";
                if (!action.reply.empty())
                    send.append_attribute("swivel:reply") = action.reply.c_str();
            }
            if (!action.target.empty())
                send.append_attribute("swivel:target") = action.target.c_str();
            writeParams(send, action.args);
            break;
        }
        case ActionKind::Assign: {
            pugi::xml_node assign = parent.append_child("assign");
            assign.append_attribute("location") = action.name.c_str();
            setExpression(assign, "expr", action.expr.text);
            break;
        }
        case ActionKind::Raise:
            if (!action.delayMs && action.args.empty()) {
                parent.append_child("raise").append_attribute("event") = action.name.c_str();
            } else {
                pugi::xml_node send = parent.append_child("send");
                send.append_attribute("event") = action.name.c_str();
                if (!action.delayMs)
                    send.append_attribute("target") = "#_internal";
                else if (*action.delayMs != 0)
                    send.append_attribute("delay") =
                        (std::to_string(*action.delayMs) + "ms").c_str();
                writeParams(send, action.args);
            }
            break;
        case ActionKind::Log: {
            pugi::xml_node log = parent.append_child("log");
            if (!action.label.empty())
                log.append_attribute("label") = action.label.c_str();
            if (!action.expr.empty())
                setExpression(log, "expr", action.expr.text);
            break;
        }
        }
    }

    void writeEditorInfo(pugi::xml_node node, const State& state) {
        const auto it = m_machine.layout.states.find(state.id);
        if (it == m_machine.layout.states.end())
            return;
        const model::Rect& rect = it->second;
        // Qt Creator's "x;y;left;top;width;height": the item's position, then its
        // rectangle (in the scene for scenegeometry; relative to the item for geometry,
        // whose position is relative to the parent item).
        double px = 0, py = 0;
        if (const auto parent = m_machine.layout.states.find(state.parent);
            !state.parent.empty() && parent != m_machine.layout.states.end()) {
            px = parent->second.x;
            py = parent->second.y;
        }
        // The item's position is the rectangle's corner: in the scene the rectangle
        // starts there, relative to the item at 0;0.
        auto size = formatNumber(rect.width) + ";" + formatNumber(rect.height);
        auto point = [](double x, double y) { return formatNumber(x) + ";" + formatNumber(y); };
        pugi::xml_node info = node.append_child("qt:editorinfo");
        info.append_attribute("scenegeometry") =
            (point(rect.x, rect.y) + ";" + point(rect.x, rect.y) + ";" + size).c_str();
        info.append_attribute("geometry") =
            (point(rect.x - px, rect.y - py) + ";0;0;" + size).c_str();
    }

    void writeTransition(pugi::xml_node parent, const Transition& transition) {
        m_owner = transition.id;
        pugi::xml_node node = parent.append_child("transition");
        if (transition.afterMs) {
            node.append_attribute("event") = (kTimerEventPrefix + transition.id).c_str();
            node.append_attribute("swivel:after") = std::to_string(*transition.afterMs).c_str();
        } else if (!transition.event.empty()) {
            node.append_attribute("event") = transition.event.c_str();
        }
        if (!transition.guard.empty())
            setExpression(node, "cond", transition.guard.text);
        if (!transition.targets.empty())
            node.append_attribute("target") = joined(transition.targets).c_str();
        if (transition.type == model::TransitionType::Internal)
            node.append_attribute("type") = "internal";
        node.append_attribute("swivel:id") = transition.id.c_str();
        if (const auto it = m_machine.layout.transitions.find(transition.id);
            it != m_machine.layout.transitions.end()) {
            std::string route;
            for (const model::Point& point : it->second.route)
                route += (route.empty() ? "" : " ") + formatNumber(point.x) + "," +
                         formatNumber(point.y);
            node.append_attribute("swivel:route") = route.c_str();
            if (it->second.label)
                node.append_attribute("swivel:labelPos") =
                    (formatNumber(it->second.label->x) + "," + formatNumber(it->second.label->y))
                        .c_str();
        }
        for (const Action& action : transition.actions)
            writeAction(node, action);
        m_transitionOrder.push_back(transition.id);
    }

    void writeChildren(pugi::xml_node parent, const std::string& parentId, int depth) {
        if (depth > 200) {
            loss(parentId, "", "nesting too deep to export", model::Severity::Error);
            return;
        }
        for (const State* state : m_machine.children(parentId)) {
            m_stateOrder.push_back(state->id);
            m_owner = state->id;
            const char* element = "state";
            switch (state->kind) {
            case StateKind::State: element = "state"; break;
            case StateKind::Parallel: element = "parallel"; break;
            case StateKind::Final: element = "final"; break;
            case StateKind::ShallowHistory:
            case StateKind::DeepHistory: element = "history"; break;
            }
            pugi::xml_node node = parent.append_child(element);
            node.append_attribute("id") = state->id.c_str();
            if (state->kind == StateKind::ShallowHistory)
                node.append_attribute("type") = "shallow";
            if (state->kind == StateKind::DeepHistory)
                node.append_attribute("type") = "deep";
            if (!state->initial.empty())
                node.append_attribute("initial") = state->initial.c_str();
            if (!state->description.empty())
                node.append_attribute("swivel:description") = state->description.c_str();
            writeEditorInfo(node, *state);

            const auto transitions = m_machine.transitionsFrom(state->id);
            std::vector<const Transition*> timers;
            for (const Transition* transition : transitions)
                if (transition->afterMs)
                    timers.push_back(transition);
            if (!state->onEntry.empty() || !timers.empty()) {
                pugi::xml_node onentry = node.append_child("onentry");
                for (const Action& action : state->onEntry)
                    writeAction(onentry, action);
                for (const Transition* timer : timers) {
                    pugi::xml_node send = onentry.append_child("send");
                    const std::string event = kTimerEventPrefix + timer->id;
                    send.append_attribute("event") = event.c_str();
                    send.append_attribute("id") = event.c_str();
                    send.append_attribute("delay") =
                        (std::to_string(*timer->afterMs) + "ms").c_str();
                    send.append_attribute("swivel:timer") = timer->id.c_str();
                }
            }
            if (!state->onExit.empty() || !timers.empty()) {
                pugi::xml_node onexit = node.append_child("onexit");
                for (const Action& action : state->onExit)
                    writeAction(onexit, action);
                for (const Transition* timer : timers) {
                    pugi::xml_node cancel = onexit.append_child("cancel");
                    cancel.append_attribute("sendid") = (kTimerEventPrefix + timer->id).c_str();
                    cancel.append_attribute("swivel:timer") = timer->id.c_str();
                }
            }
            for (const Transition* transition : transitions)
                writeTransition(node, *transition);
            m_owner = state->id;
            writeChildren(node, state->id, depth + 1);
        }
    }

    void writeOrders(pugi::xml_node root) {
        std::vector<std::string> states, transitions;
        for (const State& state : m_machine.states)
            states.push_back(state.id);
        for (const Transition& transition : m_machine.transitions)
            transitions.push_back(transition.id);
        if (states != m_stateOrder) {
            root.append_attribute("swivel:stateOrder") = joined(states).c_str();
            if (states.size() != m_stateOrder.size())
                loss("", "states",
                     "some states are not below the machine (a parent is missing or a cycle); "
                     "they are not exported",
                     model::Severity::Error);
        }
        if (transitions != m_transitionOrder) {
            root.append_attribute("swivel:transitionOrder") = joined(transitions).c_str();
            if (transitions.size() != m_transitionOrder.size())
                loss("", "transitions",
                     "some transitions leave no exported state; they are not exported",
                     model::Severity::Error);
        }
    }

    const Machine& m_machine;
    std::set<std::string> m_variables;
    pugi::xml_document m_doc;
    std::vector<std::string> m_stateOrder;
    std::vector<std::string> m_transitionOrder;
    std::vector<model::Diagnostic> m_diagnostics;
    std::string m_owner;  // the element whose expressions are being written
};

} // namespace

ScxmlExport toScxml(const model::Machine& machine) { return ScxmlWriter(machine).write(); }

std::string scxmlFileName(const model::Machine& machine) {
    std::string name;
    for (unsigned char c : machine.name) {
        if (std::isalnum(c))
            name += static_cast<char>(std::tolower(c));
        else if (!name.empty() && name.back() != '-')
            name += '-';
    }
    while (!name.empty() && name.back() == '-')
        name.pop_back();
    return (name.empty() ? std::string("machine") : name) + ".scxml";
}

GeneratorOutput ScxmlGenerator::generate(const GeneratorInput& input) const {
    ScxmlExport exported = toScxml(input.machine);
    GeneratorOutput output;
    output.files.add(scxmlFileName(input.machine), std::move(exported.text));
    output.diagnostics = std::move(exported.diagnostics);
    return output;
}

} // namespace swivel::codegen
