#include "azure_cpp_generator.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "codegen/codegen_codes.h"
#include "codegen/cpp_text.h"
#include "codegen/machine_source.h"
#include "codegen/machine_walk.h"
#include "codegen/identifier.h"
#include "codegen/schema_check.h"
#include "codegen/source_markers.h"
#include "model/diagnostic_codes.h"
#include "model/expression_scope.h"
#include "model/resources.h"

namespace swivel::codegen {

namespace {

constexpr const char* kTarget = "azure-cpp";

// Top-level entries of the project besides the function folder. A function folder
// must differ from each of them even ignoring case; parts of the project added
// later add their top-level names here.
const std::vector<std::string> kProjectTopLevel{"host.json", "local.settings.json.example",
                                                "CMakeLists.txt", "README.md", "src", "tests",
                                                "build", ".swivel-manifest.json"};

// Files the same in every project (the statechart runtime, the handler, the stores,
// their tests): resources/templates/azure-cpp/project/, copied as they are.
constexpr const char* kVerbatimFolder = "project";

// The generated machine test's walk: long enough to take every transition of the
// examples many times, short enough to keep the file small.
constexpr std::uint64_t kWalkSeed = 2026;
constexpr int kWalkLength = 400;

std::string lowercase(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return text;
}

std::string quoted(const std::string& text) {
    return "'" + text + "'";
}

model::Diagnostic error(const char* code, std::string field, std::string message) {
    model::Diagnostic diagnostic;
    diagnostic.code = code;
    diagnostic.field = std::move(field);
    diagnostic.message = std::move(message);
    return diagnostic;
}

nlohmann::json templateValues(const model::Machine& machine, const AzureSettings& settings,
                              const std::string& functionName) {
    const bool serviceBus = settings.commandOutput == CommandOutput::ServiceBusQueue;
    return {
        {"machineName", machine.name},
        {"deviceType", machine.deviceType},
        {"functionName", functionName},
        {"handlerExecutable", settings.handlerExecutable},
        {"extensionBundleId", settings.extensionBundleId},
        {"extensionBundleVersion", settings.extensionBundleVersion},
        {"logLevel", settings.logLevel},
        {"triggerBindingName", settings.triggerBindingName},
        {"iotHubConnectionSetting", settings.iotHubConnectionSetting},
        {"eventHubNameSetting", settings.eventHubNameSetting},
        {"consumerGroup", settings.consumerGroup},
        {"commandBindingType", serviceBus ? "serviceBus" : "queue"},
        {"commandBindingName", settings.commandBindingName},
        {"commandQueueName", settings.commandQueueName},
        {"commandConnectionSetting", serviceBus ? settings.serviceBusConnectionSetting
                                                : settings.storageQueueConnectionSetting},
        {"serviceBus", serviceBus},
        {"serviceBusConnectionSetting", settings.serviceBusConnectionSetting},
        // The storage account's own setting is in local.settings.json already.
        {"ownStorageQueueConnection",
         !serviceBus && settings.storageQueueConnectionSetting != "AzureWebJobsStorage"},
        {"storageQueueConnectionSetting", settings.storageQueueConnectionSetting},
        {"maxRetryCount", settings.retry.maxRetryCount},
        {"minimumInterval", retryInterval(settings.retry.minimumIntervalSeconds)},
        {"maximumInterval", retryInterval(settings.retry.maximumIntervalSeconds)},
        {"stateStoreConnectionSetting", settings.stateStoreConnectionSetting},
        {"stateTableSetting", settings.stateTableSetting},
        {"stateTable", stateTableName(settings, functionName)},
    };
}

// The event the README's curl example sends: the first event a transition names
// that the device type declares (with a plausible value for each tag), else the first
// event any transition names.
nlohmann::json exampleEvent(const model::Machine& machine, const model::DeviceType& device) {
    for (const model::Transition& transition : machine.transitions) {
        for (std::string_view token : model::descriptorTokens(transition.event)) {
            const model::EventType* type = device.findEvent(token);
            if (!type)
                continue;
            nlohmann::json tags = nlohmann::json::object();
            for (const model::Field& field : type->tags) {
                switch (field.type) {
                case model::Type::Bool:
                    tags[field.name] = true;
                    break;
                case model::Type::Int:
                    tags[field.name] = 90;
                    break;
                case model::Type::Double:
                    tags[field.name] = 1.5;
                    break;
                case model::Type::String:
                    tags[field.name] = field.values.empty() ? "text" : field.values.front();
                    break;
                }
            }
            nlohmann::json event = {{"event", type->name}, {"id", "msg-1"}};
            if (!tags.empty())
                event["tags"] = tags;
            return event;
        }
    }
    for (const model::Transition& transition : machine.transitions) {
        for (std::string_view token : model::descriptorTokens(transition.event)) {
            if (token != "*")
                return {{"event", std::string(token)}, {"id", "msg-1"}};
        }
    }
    return {{"event", "Hello"}, {"id", "msg-1"}};
}

// The walk with one step a line: small, and a diff shows which steps changed.
std::string walkText(const nlohmann::json& walk) {
    std::string text = "{\"start\": " + walk.value("start", nlohmann::json::object()).dump() +
                       ",\n \"steps\": [";
    const nlohmann::json steps = walk.value("steps", nlohmann::json::array());
    for (std::size_t i = 0; i < steps.size(); ++i)
        text += (i ? ",\n  " : "\n  ") + steps[i].dump();
    return text + "\n]}\n";
}

// Renders the files of one generate(): JSON files must be JSON and, where a schema
// is named, match it; C++ files get their values escaped for C++ string literals.
class ProjectFiles {
public:
    ProjectFiles(const std::string& resourcesDirectory, const nlohmann::json& values,
              GeneratorOutput& output)
        : m_renderer(resourcesDirectory + "/templates"), m_resourcesDirectory(resourcesDirectory),
          m_values(values), m_output(output) {}

    // `templateName` is resources/templates/azure-cpp/<templateName>.mustache;
    // `schema` a file of resources/schemas/, or empty for none.
    void add(const std::string& path, const std::string& templateName,
             const std::string& schema = {}) {
        const RenderResult rendered =
            m_renderer.render(kTarget, templateName, m_values, escapeJsonString);
        if (!rendered.text) {
            m_output.diagnostics.push_back(
                error(codes::TemplateError, {}, "cannot generate " + path + ": " + rendered.error));
            return;
        }
        m_output.files.add(path, *rendered.text);
        const nlohmann::json document = nlohmann::json::parse(*rendered.text, nullptr, false);
        if (document.is_discarded()) {
            m_output.diagnostics.push_back(
                error(codes::TemplateError, {},
                      "cannot generate " + path + ": the template " +
                          m_renderer.templatePath(kTarget, templateName) +
                          " renders text that is not JSON"));
            return;
        }
        if (schema.empty())
            return;
        const std::string schemaFile = m_resourcesDirectory + "/schemas/" + schema;
        const SchemaCheck check = checkAgainstSchema(document, schemaFile);
        if (!check.schemaError.empty())
            m_output.diagnostics.push_back(
                error(codes::SchemaUnusable, {},
                      "cannot check the generated " + path + ": " + check.schemaError));
        else if (!check.valid())
            m_output.diagnostics.push_back(error(codes::SchemaViolation, {},
                                                 "the generated " + path + " does not match the " +
                                                     schema + " schema " +
                                                     describeFirstProblem(check)));
    }

    // A text file from resources/templates/azure-cpp/<templateName>.mustache.
    void addText(const std::string& path, const std::string& templateName, const Escape& escape) {
        const RenderResult rendered = m_renderer.render(kTarget, templateName, m_values, escape);
        if (!rendered.text) {
            m_output.diagnostics.push_back(
                error(codes::TemplateError, {}, "cannot generate " + path + ": " + rendered.error));
            return;
        }
        m_output.files.add(path, *rendered.text);
    }

    // A text file whose template marks the lines of states and transitions with
    // `markers`: the file without the markers, the lines in the output's source map.
    void addMapped(const std::string& path, const std::string& templateName,
                   const Escape& escape, const SourceMarkers& markers) {
        const RenderResult rendered = m_renderer.render(kTarget, templateName, m_values, escape);
        if (!rendered.text) {
            m_output.diagnostics.push_back(
                error(codes::TemplateError, {}, "cannot generate " + path + ": " + rendered.error));
            return;
        }
        std::string problem;
        m_output.files.add(path, markers.strip(*rendered.text, path, m_output.sourceMap, problem));
        if (!problem.empty())
            m_output.diagnostics.push_back(error(
                codes::TemplateError, {},
                "cannot map " + path + " to the machine: the template " +
                    m_renderer.templatePath(kTarget, templateName) + " has " + problem));
    }

    // Every file under resources/templates/azure-cpp/project/, at the same relative path.
    void addVerbatim() {
        namespace fs = std::filesystem;
        const fs::path root = fs::path(m_resourcesDirectory) / "templates" / kTarget / kVerbatimFolder;
        std::error_code failure;
        std::vector<fs::path> files;
        for (fs::recursive_directory_iterator it(root, failure), end; !failure && it != end;
             it.increment(failure)) {
            if (it->is_regular_file())
                files.push_back(it->path());
        }
        if (failure || files.empty()) {
            m_output.diagnostics.push_back(error(
                codes::TemplateError, {},
                "cannot generate the handler's sources: " + root.string() +
                    (failure ? " cannot be read (" + failure.message() + ")" : " is empty")));
            return;
        }
        for (const fs::path& file : files) {
            std::ifstream in(file, std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            if (!in) {
                m_output.diagnostics.push_back(error(codes::TemplateError, {},
                                                     "cannot read " + file.string()));
                continue;
            }
            m_output.files.add(file.lexically_relative(root).generic_string(), text.str());
        }
    }

private:
    TemplateRenderer m_renderer;
    std::string m_resourcesDirectory;
    const nlohmann::json& m_values;
    GeneratorOutput& m_output;
};

} // namespace

AzureCppGenerator::AzureCppGenerator(AzureSettings settings, std::string resourcesDirectory)
    : m_settings(std::move(settings)), m_resourcesDirectory(std::move(resourcesDirectory)) {}

std::string AzureCppGenerator::description() const {
    return "Azure Functions custom handler project (host.json, function.json)";
}

std::string AzureCppGenerator::resourcesDirectory() const {
    return m_resourcesDirectory.empty() ? model::resourcesDirectory() : m_resourcesDirectory;
}

std::string AzureCppGenerator::functionName(const std::string& machineName,
                                            const std::vector<std::string>& takenNames) {
    const std::string base = azureFunctionName(machineName);
    const auto taken = [&](const std::string& candidate) {
        return std::any_of(takenNames.begin(), takenNames.end(), [&](const std::string& other) {
            return lowercase(other) == lowercase(candidate);
        });
    };
    std::string name = base;
    // Each attempt is a new name, and there are only so many taken ones: this ends.
    for (std::size_t attempt = 1; taken(name); ++attempt) {
        const std::string suffix = "Function" + (attempt > 1 ? std::to_string(attempt) : "");
        name = base.substr(0, std::min(base.size(), kMaxAzureFunctionNameLength - suffix.size())) +
               suffix;
    }
    return name;
}

GeneratorOutput AzureCppGenerator::generate(const GeneratorInput& input) const {
    GeneratorOutput output;
    const model::Machine& machine = input.machine;
    // The device type says which events and commands exist: the handler is made for it.
    if (!input.catalog.findDevice(machine.deviceType)) {
        std::string known;
        for (const model::DeviceType& device : input.catalog.devices())
            known += (known.empty() ? "" : ", ") + device.id;
        output.diagnostics.push_back(
            error(model::codes::UnknownDeviceType, "deviceType",
                  machine.deviceType.empty()
                      ? "the machine names no device type; the catalog has: " + known
                      : "the machine is written for device type " + quoted(machine.deviceType) +
                            ", which is not in the device catalog (it has: " + known + ")"));
        return output;
    }

    std::vector<std::string> taken = kProjectTopLevel;
    taken.push_back(m_settings.handlerExecutable);
    const std::string function = functionName(machine.name, taken);
    nlohmann::json values = templateValues(machine, m_settings, function);
    const nlohmann::json example =
        exampleEvent(machine, *input.catalog.findDevice(machine.deviceType));
    values["exampleEvent"] = example["event"];
    values["exampleRequest"] =
        nlohmann::json{{"Data", {{m_settings.triggerBindingName, example}}},
                       {"Metadata",
                        {{"SystemProperties",
                          {{"iothub-connection-device-id", "my-device-1"}, {"message-id", "msg-1"}}}}}}
            .dump();
    SourceMarkers markers;
    const nlohmann::json machineValues = machineSourceValues(machine, markers, output.diagnostics);
    if (machineValues.empty())
        return output;  // the machine does not compile; the diagnostics say why
    values.update(machineValues);

    ProjectFiles files(resourcesDirectory(), values, output);
    files.add("host.json", "host.json", "host.json");
    files.add("local.settings.json.example", "local.settings.json.example");
    files.add(function + "/function.json", "function.json", "function.json");
    files.addMapped("src/machine.h", "machine.h", escapeCppString, markers);
    files.addMapped("src/machine.cpp", "machine.cpp", escapeCppString, markers);
    files.addText("src/project_settings.h", "project_settings.h", escapeCppString);
    // Only settings' names reach these two, never a machine's text unescaped into CMake.
    files.addText("CMakeLists.txt", "CMakeLists.txt", {});
    files.addText("README.md", "README.md", escapeMarkdownText);
    files.addVerbatim();
    // What Swivel's step() does on a walk through the machine: tests/machine_test.cpp
    // checks the generated code against it.
    output.files.add("tests/machine_walk.json",
                     walkText(machineWalk(machine, input.catalog, kWalkSeed, kWalkLength)));
    return output;
}

} // namespace swivel::codegen
