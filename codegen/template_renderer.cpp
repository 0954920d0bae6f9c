#include "template_renderer.h"

#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>

#include <kainjow/mustache.hpp>

#include "model/resources.h"

namespace swivel::codegen {

namespace {

namespace mustache = kainjow::mustache;

mustache::data toMustache(const nlohmann::json& value) {
    switch (value.type()) {
    case nlohmann::json::value_t::object: {
        mustache::data object{mustache::data::type::object};
        for (const auto& [key, member] : value.items())
            object.set(key, toMustache(member));
        return object;
    }
    case nlohmann::json::value_t::array: {
        mustache::data list{mustache::data::type::list};
        for (const auto& item : value)
            list.push_back(toMustache(item));
        return list;
    }
    case nlohmann::json::value_t::string:
        return mustache::data{value.get<std::string>()};
    case nlohmann::json::value_t::boolean:
        return mustache::data{value.get<bool>()};
    case nlohmann::json::value_t::null:
        return mustache::data{false};
    default: // numbers: their JSON text
        return mustache::data{value.dump()};
    }
}

// A context that remembers the names it could not resolve: plain mustache renders
// them as nothing, which would hide a typo in a template.
class StrictContext : public mustache::context<std::string> {
public:
    explicit StrictContext(const mustache::data* data) : mustache::context<std::string>(data) {}

    const mustache::data* get(const std::string& name) const override {
        const mustache::data* value = mustache::context<std::string>::get(name);
        if (!value)
            m_missing.insert(name);
        return value;
    }
    const mustache::data* get_partial(const std::string& name) const override {
        m_partials.insert(name);
        return nullptr;
    }

    const std::set<std::string>& missing() const { return m_missing; }
    const std::set<std::string>& partials() const { return m_partials; }

private:
    mutable std::set<std::string> m_missing;
    mutable std::set<std::string> m_partials;
};

std::string joinNames(const std::set<std::string>& names, const char* open, const char* close) {
    std::string result;
    for (const std::string& name : names)
        result += (result.empty() ? "" : ", ") + (open + name + close);
    return result;
}

// kainjow reports "... at OFFSET"; a user wants "LINE:COLUMN: ..." after the path.
std::string withLineAndColumn(const std::string& message, const std::string& text) {
    static const std::regex atOffset(R"(^(.*) at (\d+)$)");
    std::smatch match;
    if (!std::regex_match(message, match, atOffset))
        return " " + message;
    const std::size_t offset = std::min<std::size_t>(std::stoul(match[2].str()), text.size());
    int line = 1;
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    return std::to_string(line) + ":" + std::to_string(offset - lineStart + 1) + ": " +
           match[1].str();
}

} // namespace

std::string escapeMarkdownText(const std::string& text) {
    static const std::string kMarkup = "\\`*_{}[]<>()#+-.!|~&";
    std::string out;
    for (const char c : text) {
        if (c == '\n' || c == '\r' || c == '\t')
            out += ' ';
        else if (kMarkup.find(c) != std::string::npos)
            out += std::string("\\") + c;
        else
            out += c;
    }
    return out;
}

std::string escapeJsonString(const std::string& text) {
    const std::string quoted =
        nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return quoted.substr(1, quoted.size() - 2);
}

TemplateRenderer::TemplateRenderer(std::string templatesDirectory)
    : m_templatesDirectory(std::move(templatesDirectory)) {}

std::string TemplateRenderer::templatePath(const std::string& target,
                                           const std::string& name) const {
    const std::string directory = m_templatesDirectory.empty()
                                      ? model::resourcesDirectory() + "/templates"
                                      : m_templatesDirectory;
    return directory + "/" + target + "/" + name + ".mustache";
}

RenderResult TemplateRenderer::render(const std::string& target, const std::string& name,
                                      const nlohmann::json& data, const Escape& escape) const {
    const std::string path = templatePath(target, name);
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return {std::nullopt, path + ": cannot read the template"};
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};

    mustache::mustache tmpl{text};
    if (!tmpl.is_valid())
        return {std::nullopt, path + ":" + withLineAndColumn(tmpl.error_message(), text)};
    tmpl.set_custom_escape(escape ? escape : [](const std::string& raw) { return raw; });

    const mustache::data values = toMustache(data);
    StrictContext context{&values};
    std::ostringstream out;
    tmpl.render(context, out);
    if (!tmpl.is_valid())
        return {std::nullopt, path + ": " + tmpl.error_message()};
    if (!context.partials().empty())
        return {std::nullopt, path + ": partials are not supported: " +
                                  joinNames(context.partials(), "{{> ", "}}")};
    if (!context.missing().empty())
        return {std::nullopt, path + ": the generator gives no value for " +
                                  joinNames(context.missing(), "{{", "}}")};
    return {out.str(), {}};
}

} // namespace swivel::codegen
