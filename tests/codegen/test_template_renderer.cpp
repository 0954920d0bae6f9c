// Templates own the layout, code computes the values: the renderer fills
// resources/templates/<target>/<name>.mustache and is strict where plain mustache
// is silent, so that a broken template is found when it is rendered, not deployed.
#include <QtTest>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "codegen/template_renderer.h"

using swivel::codegen::escapeJsonString;
using swivel::codegen::RenderResult;
using swivel::codegen::TemplateRenderer;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

class TestTemplateRenderer : public QObject {
    Q_OBJECT

    QTemporaryDir m_directory;

    // Writes templates/t/<name>.mustache in the temporary folder; returns its renderer.
    TemplateRenderer withTemplate(const std::string& name, const std::string& text) {
        const std::string folder = m_directory.path().toStdString() + "/t";
        QDir().mkpath(QString::fromStdString(folder));
        std::ofstream(folder + "/" + name + ".mustache", std::ios::binary) << text;
        return TemplateRenderer(m_directory.path().toStdString());
    }

private slots:
    void jsonEscapingKeepsEveryValueInsideItsString() {
        // Names come from users: quotes, backslashes and line breaks must not end the
        // JSON string a template puts them in.
        const std::string hostile = "a\"b\\c\nd\t</e>\x01";
        const TemplateRenderer renderer =
            withTemplate("value", "{\"v\": \"{{v}}\", \"n\": {{n}}, \"raw\": {{{raw}}}}\n");
        const RenderResult result = renderer.render(
            "t", "value", {{"v", hostile}, {"n", 42}, {"raw", "[1, 2]"}}, escapeJsonString);
        QVERIFY2(result.text, result.error.c_str());
        const nlohmann::json parsed = nlohmann::json::parse(*result.text);
        QCOMPARE(parsed["v"].get<std::string>(), hostile);
        QCOMPARE(parsed["n"].get<int>(), 42);
        QCOMPARE(parsed["raw"], nlohmann::json::parse("[1, 2]"));
    }

    void invalidUtf8IsReplacedNotPassedOn() {
        QCOMPARE(escapeJsonString("a\xff"
                                  "b"),
                 std::string("a\xef\xbf\xbd"
                             "b"));
    }

    void sectionsAndListsComeFromJsonObjectsArraysAndBooleans() {
        const TemplateRenderer renderer = withTemplate(
            "list", "{{#items}}{{name}};{{/items}}{{#on}}on{{/on}}{{^off}}not off{{/off}}");
        const RenderResult result = renderer.render(
            "t", "list",
            {{"items", {{{"name", "a"}}, {{"name", "b"}}}}, {"on", true}, {"off", false}},
            escapeJsonString);
        QVERIFY2(result.text, result.error.c_str());
        QCOMPARE(*result.text, std::string("a;b;onnot off"));
    }

    void aTemplateThatDoesNotParseIsNamedWithLineAndColumn() {
        const TemplateRenderer renderer = withTemplate("broken", "first line\n  {{#open}} x\n");
        const RenderResult result =
            renderer.render("t", "broken", nlohmann::json::object(), escapeJsonString);
        QVERIFY(!result.text);
        QVERIFY2(contains(result.error, renderer.templatePath("t", "broken") + ":2:3: "),
                 result.error.c_str());
        QVERIFY2(contains(result.error, "Unclosed section \"open\""), result.error.c_str());
    }

    void aValueTheDataLacksIsAnErrorNotAnEmptyField() {
        // Plain mustache renders a misspelt name as nothing: a JSON file with an empty
        // connection setting would deploy and fail at run time.
        const TemplateRenderer renderer =
            withTemplate("typo", "{\"connection\": \"{{conection}}\"}");
        const RenderResult result =
            renderer.render("t", "typo", {{"connection", "X"}}, escapeJsonString);
        QVERIFY(!result.text);
        QVERIFY2(contains(result.error, renderer.templatePath("t", "typo")), result.error.c_str());
        QVERIFY2(contains(result.error, "{{conection}}"), result.error.c_str());
    }

    void partialsAreRefused() {
        const TemplateRenderer renderer = withTemplate("partial", "{{> header}}text");
        const RenderResult result =
            renderer.render("t", "partial", nlohmann::json::object(), escapeJsonString);
        QVERIFY(!result.text);
        QVERIFY2(contains(result.error, "{{> header}}"), result.error.c_str());
    }

    void aMissingTemplateIsNamed() {
        const TemplateRenderer renderer = withTemplate("present", "x");
        const RenderResult result =
            renderer.render("t", "absent", nlohmann::json::object(), escapeJsonString);
        QVERIFY(!result.text);
        QVERIFY2(contains(result.error, renderer.templatePath("t", "absent")),
                 result.error.c_str());
    }

    void theShippedTemplatesAreFoundInTheResources() {
        // No directory given: resources/templates (model/resources.h).
        const TemplateRenderer renderer;
        QVERIFY(
            QFile::exists(QString::fromStdString(renderer.templatePath("azure-cpp", "host.json"))));
    }
};

QTEST_APPLESS_MAIN(TestTemplateRenderer)
#include "test_template_renderer.moc"
