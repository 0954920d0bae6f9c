#pragma once
// The azure-cpp target (the default): an Azure Functions custom handler project for a
// machine and its device type. Files so far: host.json, local.settings.json.example
// and <FunctionName>/function.json (an eventHubTrigger on the IoT Hub's built-in
// endpoint, an output binding for the commands, a retry policy). Templates in
// resources/templates/azure-cpp/; host.json and function.json are checked against
// SchemaStore's schemas (resources/schemas/) before they are handed out.

#include <string>

#include "codegen/azure_settings.h"
#include "codegen/generator.h"
#include "codegen/template_renderer.h"

namespace swivel::codegen {

class AzureCppGenerator : public Generator {
public:
    // `resourcesDirectory` empty: model::resourcesDirectory() at each generate().
    explicit AzureCppGenerator(AzureSettings settings = {}, std::string resourcesDirectory = {});

    std::string id() const override { return "azure-cpp"; }
    std::string description() const override;
    GeneratorOutput generate(const GeneratorInput& input) const override;

    const AzureSettings& settings() const { return m_settings; }

    // The function (and its folder) the machine becomes: azureFunctionName() of its
    // name, with "Function" appended while it would clash, ignoring case (Windows and
    // macOS file systems do), with `takenNames` at the top of the project.
    static std::string functionName(const std::string& machineName,
                                    const std::vector<std::string>& takenNames);

private:
    std::string resourcesDirectory() const;

    AzureSettings m_settings;
    std::string m_resourcesDirectory;
};

} // namespace swivel::codegen
