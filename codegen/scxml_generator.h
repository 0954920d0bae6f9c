#pragma once
// SCXML 1.0 export of a machine, for Qt SCXML, Qt Creator's editor and other tools;
// scxml_import.h reads it back to the same machine (import(export(m)) == m).
//
// The mapping, chosen so that every element maps back exactly:
//   * states, parallel, final, history (type shallow/deep) with their SCXML ids; the
//     history default is the <transition> inside <history>; `initial` as attribute.
//   * the data model is "ecmascript" when the machine has variables or any
//     expression (guards and arguments need one), and "null" otherwise (no script
//     engine needed). Variables are <data id expr>, their type read from the literal
//     (0 int, 0.0 double, "" string, false bool). Expressions are translated token by
//     token (scxml_expression.h); when the translation would not read back to the very
//     same Swivel text, the Swivel text is kept beside it in swivel:cond / swivel:expr.
//   * a command to the device is <send type="qt:signal" event="Command"> with <param>s
//     (Qt SCXML emits it as a signal, the way a Qt host receives commands; another
//     device is swivel:target); a µ-service call is the same with swivel:call="true"
//     and its reply in swivel:reply.
//   * raise without tags is <raise>; with tags <send target="#_internal"> with params;
//     a delayed raise is <send event delay="Nms"> to the machine itself (delay 0: no
//     delay attribute, the external queue).
//   * a timer transition (after N ms) is W3C's pattern: <send id delay> on entry of its
//     source, <cancel> on exit, and a transition on event "swivel.after.<id>", each
//     marked with swivel:timer / swivel:after so that import folds them back.
//   * the machine's name is <scxml name> when it is an XML Nmtoken (Qt SCXML insists),
//     else a sanitised one there and the real one in swivel:name;
//   * transition ids are swivel:id; the machine's device type and descriptions are
//     swivel: attributes (namespace kSwivelNamespace, which Qt SCXML ignores).
//   * layout: a state's rectangle is Qt Creator's <qt:editorinfo scenegeometry geometry>
//     ("x;y;left;top;width;height"); transition routes are swivel:route/swivel:labelPos.
//   * the order of states and transitions in the machine, when SCXML's nesting does not
//     give it, is kept in swivel:stateOrder / swivel:transitionOrder on <scxml>.

#include <string>
#include <vector>

#include "codegen/generator.h"
#include "model/diagnostic.h"
#include "model/machine.h"

namespace swivel::codegen {

inline constexpr const char* kScxmlNamespace = "http://www.w3.org/2005/07/scxml";
inline constexpr const char* kSwivelNamespace = "urn:x-swivel:scxml:1";
inline constexpr const char* kQtCreatorNamespace = "http://www.qt.io/2015/02/scxml-ext";
// The event a timer transition waits for in SCXML: this prefix + the transition id.
inline constexpr const char* kTimerEventPrefix = "swivel.after.";

struct ScxmlExport {
    std::string text;                            // UTF-8 XML, ending in "\n"
    std::vector<model::Diagnostic> diagnostics;  // what could not be said exactly
};

ScxmlExport toScxml(const model::Machine& machine);

// "Camera: point, focus, shoot" -> "camera-point-focus-shoot.scxml".
std::string scxmlFileName(const model::Machine& machine);

class ScxmlGenerator : public Generator {
public:
    std::string id() const override { return "scxml"; }
    std::string description() const override {
        return "W3C SCXML 1.0 (Qt SCXML, Qt Creator's editor)";
    }
    GeneratorOutput generate(const GeneratorInput& input) const override;
};

} // namespace swivel::codegen
