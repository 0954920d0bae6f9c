#pragma once
// SCXML 1.0 import: a W3C SCXML document (from Qt Creator's editor, another tool, a
// course, or Swivel's own export) read into a Swivel machine, with a diagnostic at the
// line and column of everything Swivel cannot represent: nothing is dropped silently.
//
// Why in codegen/: model/ knows no file format but its own (DESIGN.md), and the
// architecture has no interchange library; the importer is the exact inverse of
// scxml_generator.h and shares its vocabulary (namespaces, the timer pattern, the
// expression translation of scxml_expression.h), so it lives beside it, Qt-free, and
// the CLI and the designer both call it from here.
//
// What maps (see scxml_generator.h for the other direction):
//   state, parallel, final, history (shallow, deep) with their ids (an element without
//   an id gets a fresh one); initial as attribute or as <initial> element (a single
//   child target, no actions); a compound state without either starts in its first
//   child, as SCXML says, and gets that as its explicit initial;
//   transition with event lists, prefixes, "*", cond, type, several targets, none;
//   onentry/onexit/transition content: raise, log, assign, send (qt:signal or another
//   target: a command; no target: a delayed raise, the external queue; "#_internal":
//   a raise with tags), params and namelist as arguments;
//   <data> with a literal expr as variables (type from the literal);
//   cond/expr through ecmaScriptToSwivel();
//   Qt Creator's <qt:editorinfo scenegeometry|geometry> as the state's rectangle.
// Everything else (if, foreach, script, invoke, donedata, cancel, expressions Swivel
// cannot say, ...) is a diagnostic of scxml_codes.h with line and column.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.h"
#include "model/machine.h"

namespace swivel::codegen {

struct ScxmlImport {
    std::optional<model::Machine> machine;       // nullopt when the text is not usable SCXML
    std::vector<model::Diagnostic> diagnostics;  // line and column set (1-based, in bytes)
};

ScxmlImport importScxml(std::string_view text);
// Reads the file (FileUnreadable/FileTooLarge of model/diagnostic_codes.h when it
// cannot); a document without a name takes the file's stem.
ScxmlImport importScxmlFile(const std::string& path);

} // namespace swivel::codegen
