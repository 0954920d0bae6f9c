#include "azure_cpp_generator.h"

#include <algorithm>
#include <optional>

#include "codegen/codegen_codes.h"
#include "codegen/identifier.h"
#include "codegen/schema_check.h"
#include "model/diagnostic_codes.h"
#include "model/resources.h"

namespace swivel::codegen {

namespace {

constexpr const char* kTarget = "azure-cpp";

// Top-level entries of the project besides the function folder. A function folder
// must differ from each of them even ignoring case; parts of the project added
// later add their top-level names here.
const std::vector<std::string> kProjectTopLevel{"host.json", "local.settings.json.example"};

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

// Renders the JSON files of one generate(): each must be JSON, and where a schema
// is named, match it.
class JsonFiles {
public:
    JsonFiles(const std::string& resourcesDirectory, const nlohmann::json& values,
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
    const nlohmann::json values = templateValues(machine, m_settings, function);

    JsonFiles files(resourcesDirectory(), values, output);
    files.add("host.json", "host.json", "host.json");
    files.add("local.settings.json.example", "local.settings.json.example");
    files.add(function + "/function.json", "function.json", "function.json");
    return output;
}

} // namespace swivel::codegen
