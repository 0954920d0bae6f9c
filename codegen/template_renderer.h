#pragma once
// Renders the mustache templates of resources/templates/<target>/<name>.mustache
// (kainjow-mustache). Code computes every value; a template owns the layout of one
// generated file. Strict where plain mustache is silent: a value the template names
// but the data lacks is an error (so a typo in a template cannot blank a field), and
// so is a partial ({{> x}}), which no template uses.

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace swivel::codegen {

// How {{name}} is escaped for the kind of file being written; {{{name}}} never is.
// An empty Escape escapes nothing.
using Escape = std::function<std::string(const std::string&)>;

// The inside of a JSON string literal (no quotes): quotes, backslashes and control
// characters escaped; invalid UTF-8 replaced by U+FFFD.
std::string escapeJsonString(const std::string& text);

// Text for Markdown prose: one line, and the characters Markdown would read as markup
// (* _ ` [ ] < > # | \ and friends) escaped with a backslash.
std::string escapeMarkdownText(const std::string& text);

struct RenderResult {
    std::optional<std::string> text; // nullopt: see error
    std::string error;               // names the template file, and line and column if known
};

class TemplateRenderer {
public:
    // `templatesDirectory` empty: <resources>/templates (model/resources.h), looked up
    // at each render so that $SWIVEL_RESOURCES set later still counts.
    explicit TemplateRenderer(std::string templatesDirectory = {});

    std::string templatePath(const std::string& target, const std::string& name) const;

    // Renders <target>/<name>.mustache. `data` is a JSON object: objects and arrays
    // become mustache contexts and lists, strings and numbers text, booleans section
    // switches, null false.
    RenderResult render(const std::string& target, const std::string& name,
                        const nlohmann::json& data, const Escape& escape) const;

private:
    std::string m_templatesDirectory;
};

} // namespace swivel::codegen
