#pragma once
// What the azure-cpp target needs to know beyond the machine: names of app settings,
// bindings, queues and the handler executable, and the retry policy. Every field has
// a default that works with Azure Functions Core Tools and Azurite, so generating
// needs no settings at all. The names here are a contract with the generated handler:
// the host posts the trigger payload under Data.<triggerBindingName> and reads the
// commands from Outputs.<commandBindingName>.

#include <string>

namespace swivel::codegen {

// Where the commands a transition sends go: a queue the device's command relay reads.
enum class CommandOutput {
    ServiceBusQueue, // binding type "serviceBus" (the default)
    StorageQueue,    // binding type "queue", in the storage account
};

// Retries of a failed invocation by the Functions host (function.json's `retry`):
// the handler answers non-2xx when it cannot store the new state, and the host
// delivers the same message again after a growing pause.
struct RetryPolicy {
    int maxRetryCount = 5;
    int minimumIntervalSeconds = 1; // written as hh:mm:ss; below 24 hours
    int maximumIntervalSeconds = 30;
};

struct AzureSettings {
    // host.json
    std::string handlerExecutable = "swivel-handler"; // what the project's CMakeLists builds
    std::string extensionBundleId = "Microsoft.Azure.Functions.ExtensionBundle";
    std::string extensionBundleVersion = "[4.*, 5.0.0)";
    std::string logLevel = "Information"; // Trace, Debug, Information, Warning, Error, ...

    // The trigger: the IoT Hub's built-in, Event Hub-compatible endpoint.
    std::string triggerBindingName = "deviceMessage";
    std::string iotHubConnectionSetting = "IOTHUB_EVENTHUB_CONNECTION";
    std::string eventHubNameSetting = "IOTHUB_EVENTHUB_NAME"; // eventHubName is %SETTING%
    std::string consumerGroup = "$Default";

    // The output binding that carries the commands.
    CommandOutput commandOutput = CommandOutput::ServiceBusQueue;
    std::string commandBindingName = "commands";
    std::string commandQueueName = "device-commands";
    std::string serviceBusConnectionSetting = "SERVICEBUS_CONNECTION";
    std::string storageQueueConnectionSetting = "AzureWebJobsStorage";

    RetryPolicy retry;

    // The state store (Azure Table storage) the handler reads and conditionally writes.
    std::string stateStoreConnectionSetting = "STATE_STORE_CONNECTION";
    std::string stateTableSetting = "STATE_TABLE";
    std::string stateTable; // empty: <FunctionName>State, see stateTableName()
};

// The table name: settings.stateTable, or the function name's letters and digits
// followed by "State", cut to Azure's 63 characters (tables: [A-Za-z][A-Za-z0-9]{2,62}).
std::string stateTableName(const AzureSettings& settings, const std::string& functionName);

// A retry interval as function.json writes it: "hh:mm:ss".
std::string retryInterval(int seconds);

} // namespace swivel::codegen
