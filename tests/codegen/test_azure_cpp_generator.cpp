// The azure-cpp target's project files: host.json names the handler and the extension
// bundle, local.settings.json.example runs it locally, and one function folder holds
// function.json with exactly one eventHubTrigger, the command output and a retry
// policy. Both JSON files match SchemaStore's schemas for every shipped example.
#include <QtTest>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "example_machines.h"
#include "codegen/azure_cpp_generator.h"
#include "codegen/codegen_codes.h"
#include "codegen/generator.h"
#include "codegen/identifier.h"
#include "codegen/schema_check.h"
#include "model/device_catalog.h"
#include "model/diagnostic_codes.h"
#include "model/machine_file.h"

using swivel::codegen::AzureCppGenerator;
using swivel::codegen::AzureSettings;
using swivel::codegen::CommandOutput;
using swivel::codegen::GeneratorOutput;
using swivel::model::DeviceCatalog;
using swivel::model::Machine;

namespace {


GeneratorOutput generate(const Machine& machine, const AzureSettings& settings = {}) {
    return AzureCppGenerator(settings).generate({machine, DeviceCatalog::builtin()});
}

std::string problems(const GeneratorOutput& output) {
    std::string text;
    for (const auto& diagnostic : output.diagnostics)
        text += diagnostic.code + ": " + diagnostic.message + "\n";
    return text;
}

nlohmann::json json(const GeneratorOutput& output, const std::string& path) {
    const std::string* text = output.files.find(path);
    if (!text)
        qFatal("no %s generated", path.c_str());
    return nlohmann::json::parse(*text);
}

// The one function folder of a generated project.
std::string functionJsonPath(const GeneratorOutput& output) {
    std::string found;
    for (const std::string& path : output.files.paths())
        if (path.ends_with("/function.json")) {
            if (!found.empty())
                qFatal("two function.json files: %s and %s", found.c_str(), path.c_str());
            found = path;
        }
    return found;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Azure's rule, written out independently of codegen/identifier.cpp.
bool matchesAzureRule(const std::string& name) {
    static const std::regex rule("[A-Za-z][A-Za-z0-9_]*");
    return std::regex_match(name, rule) && name.size() <= 128;
}

} // namespace

class TestAzureCppGenerator : public QObject {
    Q_OBJECT
private slots:
    void isTheDefaultTarget() {
        const auto* generator = swivel::codegen::GeneratorRegistry::builtin().defaultGenerator();
        QVERIFY(generator);
        QCOMPARE(generator->id(), std::string("azure-cpp"));
    }

    void makesACompleteProjectWithOneFunctionFolder() {
        const GeneratorOutput output = generate(swivel::test::cameraExample());
        QVERIFY2(output.diagnostics.empty(), problems(output).c_str());
        for (const char* path :
             {"CameraPointFocusShoot/function.json", "host.json", "local.settings.json.example",
              "CMakeLists.txt", "README.md", "src/machine.h", "src/machine.cpp",
              "src/project_settings.h", "src/main.cpp", "src/statechart/statechart.cpp",
              "src/handler/handler.cpp", "src/store/azure_table_store.cpp",
              "src/store/memory_state_store.cpp", "tests/machine_test.cpp",
              "tests/machine_walk.json", "tests/handler_test.cpp"})
            QVERIFY2(output.files.contains(path), path);
        functionJsonPath(output);  // exactly one
        // The machine code is the lecture's: a switch on the event, then on the state.
        const std::string& code = *output.files.find("src/machine.cpp");
        QVERIFY(contains(code, "switch (eventNameOf(r.eventName()))"));
        QVERIFY(contains(code, "case EventName::Motion:"));
        QVERIFY(contains(code, "switch (static_cast<State>(state))"));
        QVERIFY(contains(code, "case State::Idle:"));
        QVERIFY(contains(code, "r.send(\"Swivel\", \"\", {{\"Bearing\", std::move(arg0)}});"));
        // Every file but the walk is the same on every run: generating is deterministic,
        // and so is the walk, from a fixed seed.
        QCOMPARE(generate(swivel::test::cameraExample()).files.files(), output.files.files());
    }

    void theProjectSettingsAgreeWithTheJsonFiles() {
        const GeneratorOutput output = generate(swivel::test::cameraExample());
        const std::string& settings = *output.files.find("src/project_settings.h");
        QVERIFY(contains(settings, "kFunctionName = \"CameraPointFocusShoot\""));
        QVERIFY(contains(settings, "kTriggerBinding = \"deviceMessage\""));
        QVERIFY(contains(settings, "kCommandBinding = \"commands\""));
        QVERIFY(contains(settings, "kDefaultStateTable = \"CameraPointFocusShootState\""));
        const std::string& readme = *output.files.find("README.md");
        QVERIFY(contains(readme, "curl -s -X POST http://127.0.0.1:7072/CameraPointFocusShoot"));
        QVERIFY(contains(readme, "\"event\":\"Motion\""));
    }

    void hostJsonNamesTheHandlerAndTheExtensionBundle() {
        AzureSettings settings;
        settings.handlerExecutable = "camera-handler";
        const nlohmann::json host = json(generate(swivel::test::cameraExample(), settings), "host.json");
        QCOMPARE(host["version"], "2.0");
        QCOMPARE(host["customHandler"]["description"]["defaultExecutablePath"], "camera-handler");
        QCOMPARE(host["customHandler"]["enableForwardingHttpRequest"], false);
        QCOMPARE(host["extensionBundle"]["id"], "Microsoft.Azure.Functions.ExtensionBundle");
        QCOMPARE(host["extensionBundle"]["version"], "[4.*, 5.0.0)");
        QCOMPARE(host["logging"]["logLevel"]["default"], "Information");
    }

    void functionJsonHasExactlyOneEventHubTriggerACommandQueueAndRetries() {
        const GeneratorOutput output = generate(swivel::test::cameraExample());
        const nlohmann::json function = json(output, "CameraPointFocusShoot/function.json");
        int triggers = 0;
        for (const auto& binding : function["bindings"])
            triggers += binding["type"].get<std::string>().ends_with("Trigger") ? 1 : 0;
        QCOMPARE(triggers, 1);

        const nlohmann::json& trigger = function["bindings"][0];
        QCOMPARE(trigger["type"], "eventHubTrigger");
        QCOMPARE(trigger["direction"], "in");
        QCOMPARE(trigger["name"], "deviceMessage");
        QCOMPARE(trigger["connection"], "IOTHUB_EVENTHUB_CONNECTION");
        QCOMPARE(trigger["eventHubName"], "%IOTHUB_EVENTHUB_NAME%");
        QCOMPARE(trigger["consumerGroup"], "$Default");
        QCOMPARE(trigger["cardinality"], "one");

        const nlohmann::json& commands = function["bindings"][1];
        QCOMPARE(commands["type"], "serviceBus");
        QCOMPARE(commands["direction"], "out");
        QCOMPARE(commands["name"], "commands");
        QCOMPARE(commands["queueName"], "device-commands");
        QCOMPARE(commands["connection"], "SERVICEBUS_CONNECTION");

        QCOMPARE(function["retry"]["strategy"], "exponentialBackoff");
        QCOMPARE(function["retry"]["maxRetryCount"], 5);
        QCOMPARE(function["retry"]["minimumInterval"], "00:00:01");
        QCOMPARE(function["retry"]["maximumInterval"], "00:00:30");
    }

    void localSettingsRunTheCustomHandlerAgainstDevelopmentStorage() {
        const nlohmann::json settings = json(generate(swivel::test::cameraExample()), "local.settings.json.example");
        QCOMPARE(settings["IsEncrypted"], false);
        const nlohmann::json& values = settings["Values"];
        QCOMPARE(values["FUNCTIONS_WORKER_RUNTIME"], "Custom");
        QCOMPARE(values["AzureWebJobsStorage"], "UseDevelopmentStorage=true");
        QCOMPARE(values["STATE_STORE_CONNECTION"], "UseDevelopmentStorage=true");
        QCOMPARE(values["STATE_TABLE"], "CameraPointFocusShootState");
        // Every setting function.json names is there for the user to fill in.
        QVERIFY(values.contains("IOTHUB_EVENTHUB_CONNECTION"));
        QVERIFY(values.contains("IOTHUB_EVENTHUB_NAME"));
        QVERIFY(values.contains("SERVICEBUS_CONNECTION"));
    }

    void everyExampleGivesFilesThatMatchTheSchemas() {
        const std::vector<std::string> files = swivel::test::exampleFiles();
        QVERIFY(files.size() >= 3);
        for (const std::string& file : files) {
            const GeneratorOutput output = generate(swivel::test::loadExample(file));
            QVERIFY2(output.diagnostics.empty(), (file + ":\n" + problems(output)).c_str());
            // Checked here again, not only inside generate(): a generator that forgot
            // to check would otherwise pass.
            for (const auto& [path, schema] :
                 {std::pair{std::string("host.json"), std::string("host.json")},
                  std::pair{functionJsonPath(output), std::string("function.json")}}) {
                const auto check = swivel::codegen::checkAgainstSchema(
                    json(output, path), swivel::codegen::schemaPath(schema));
                QVERIFY2(check.valid(),
                         (file + ": " + path + " " + describeFirstProblem(check)).c_str());
            }
            // Layout: no blank lines left by template sections that were off.
            for (const auto& [path, text] : output.files.files()) {
                if (path.ends_with(".json") && path != "tests/machine_walk.json")
                    QVERIFY2(!contains(text, "\n\n"), (path + " has a blank line").c_str());
            }
        }
    }

    void aStorageQueueCanCarryTheCommandsInstead() {
        AzureSettings settings;
        settings.commandOutput = CommandOutput::StorageQueue;
        settings.storageQueueConnectionSetting = "COMMAND_QUEUE_STORAGE";
        const GeneratorOutput output = generate(swivel::test::cameraExample(), settings);
        QVERIFY2(output.diagnostics.empty(), problems(output).c_str());
        const nlohmann::json commands =
            json(output, "CameraPointFocusShoot/function.json")["bindings"][1];
        QCOMPARE(commands["type"], "queue");
        QCOMPARE(commands["connection"], "COMMAND_QUEUE_STORAGE");
        const nlohmann::json values = json(output, "local.settings.json.example")["Values"];
        QCOMPARE(values["COMMAND_QUEUE_STORAGE"], "UseDevelopmentStorage=true");
        QVERIFY(!values.contains("SERVICEBUS_CONNECTION"));
        QVERIFY(!contains(*output.files.find("local.settings.json.example"), "\n\n"));
    }

    void aSettingTheSchemaRefusesIsAnErrorNamingTheFileAndThePlace() {
        AzureSettings settings;
        settings.retry.minimumIntervalSeconds = 25 * 3600; // "25:00:00": not a time of day
        const GeneratorOutput output = generate(swivel::test::cameraExample(), settings);
        QCOMPARE(output.diagnostics.size(), std::size_t{1});
        const auto& diagnostic = output.diagnostics.front();
        QCOMPARE(diagnostic.code, std::string(swivel::codegen::codes::SchemaViolation));
        QVERIFY2(contains(diagnostic.message, "CameraPointFocusShoot/function.json"),
                 diagnostic.message.c_str());
        QVERIFY2(contains(diagnostic.message, "/retry/minimumInterval"),
                 diagnostic.message.c_str());

        AzureSettings loud;
        loud.logLevel = "Loud";
        const GeneratorOutput hostOutput = generate(swivel::test::cameraExample(), loud);
        QCOMPARE(hostOutput.diagnostics.size(), std::size_t{1});
        QVERIFY2(contains(hostOutput.diagnostics.front().message, "host.json"),
                 hostOutput.diagnostics.front().message.c_str());
        QVERIFY2(contains(hostOutput.diagnostics.front().message, "/logging/logLevel/default"),
                 hostOutput.diagnostics.front().message.c_str());
    }

    void settingsWithQuotesStayInsideTheirJsonStrings() {
        AzureSettings settings;
        settings.commandQueueName = "queue\", \"injected\": \"yes\\";
        const GeneratorOutput output = generate(swivel::test::cameraExample(), settings);
        QVERIFY2(output.diagnostics.empty(), problems(output).c_str());
        const nlohmann::json commands =
            json(output, "CameraPointFocusShoot/function.json")["bindings"][1];
        QCOMPARE(commands["queueName"].get<std::string>(), settings.commandQueueName);
        QVERIFY(!commands.contains("injected"));
    }

    void anUnknownDeviceTypeIsAnErrorNamingIt() {
        Machine machine = swivel::test::cameraExample();
        machine.deviceType = "toaster-9000";
        const GeneratorOutput output = generate(machine);
        QCOMPARE(output.files.size(), std::size_t{0});
        QCOMPARE(output.diagnostics.size(), std::size_t{1});
        QCOMPARE(output.diagnostics.front().code,
                 std::string(swivel::model::codes::UnknownDeviceType));
        QVERIFY2(contains(output.diagnostics.front().message, "'toaster-9000'"),
                 output.diagnostics.front().message.c_str());
        QVERIFY2(contains(output.diagnostics.front().message, "canon-eos-rebel"),
                 output.diagnostics.front().message.c_str());
    }

    void hostileMachineNamesGiveValidFunctionNames_data() {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("expected"); // empty: any valid name
        QTest::newRow("lecture") << QByteArray("Camera: point, focus, shoot")
                                 << QByteArray("CameraPointFocusShoot");
        QTest::newRow("empty") << QByteArray("") << QByteArray("Machine");
        QTest::newRow("blank") << QByteArray(" \t\n ") << QByteArray("Machine");
        QTest::newRow("digits first") << QByteArray("3d printer") << QByteArray("Machine3dPrinter");
        QTest::newRow("path") << QByteArray("../../etc/passwd") << QByteArray("EtcPasswd");
        QTest::newRow("backslashes") << QByteArray("..\\..\\x") << QByteArray("X");
        QTest::newRow("include") << QByteArray("#include <cstdlib>")
                                 << QByteArray("IncludeCstdlib");
        QTest::newRow("comment end") << QByteArray("*/ x /*") << QByteArray("X");
        // "??/" was a backslash in C++ before C++17 (a trigraph).
        QTest::newRow("trigraph") << QByteArray("?"
                                                "?/")
                                  << QByteArray("Machine");
        QTest::newRow("quotes") << QByteArray("a\"b'c") << QByteArray("ABC");
        QTest::newRow("non-ASCII only") << QByteArray("Tür 3 — Süd") << QByteArray("TR3SD");
        QTest::newRow("emoji") << QByteArray("\xF0\x9F\x93\xB7") << QByteArray("Machine");
        QTest::newRow("underscore") << QByteArray("_private_name") << QByteArray("PrivateName");
        QTest::newRow("keyword") << QByteArray("class") << QByteArray("Class");
        QTest::newRow("very long") << QByteArray(500, 'x') << QByteArray();
        QTest::newRow("NUL inside") << QByteArray("a\0b", 3) << QByteArray("AB");
    }
    void hostileMachineNamesGiveValidFunctionNames() {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, expected);
        Machine machine = swivel::test::cameraExample();
        machine.name = name.toStdString();
        const GeneratorOutput output = generate(machine);
        QVERIFY2(output.diagnostics.empty(), problems(output).c_str());
        const std::string path = functionJsonPath(output);
        const std::string function = path.substr(0, path.find('/'));
        QVERIFY2(matchesAzureRule(function), function.c_str());
        QVERIFY(swivel::codegen::isAzureFunctionName(function));
        if (!expected.isEmpty())
            QCOMPARE(function, expected.toStdString());
        const auto check = swivel::codegen::checkAgainstSchema(
            json(output, path), swivel::codegen::schemaPath("function.json"));
        QVERIFY2(check.valid(), describeFirstProblem(check).c_str());
    }

    void theFunctionFolderNeverClashesWithTheHandlerIgnoringCase() {
        // On Windows and macOS "Camera/" and "camera" are the same entry.
        AzureSettings settings;
        settings.handlerExecutable = "camera";
        Machine machine = swivel::test::cameraExample();
        machine.name = "CAMERA";
        const GeneratorOutput output = generate(machine, settings);
        QVERIFY2(output.diagnostics.empty(), problems(output).c_str());
        QCOMPARE(functionJsonPath(output), std::string("CAMERAFunction/function.json"));
        QCOMPARE(AzureCppGenerator::functionName("camera", {"camera", "CameraFunction"}),
                 std::string("CameraFunction2"));
    }

    void aMissingTemplateIsAnErrorNamingIt() {
        QTemporaryDir empty;
        const AzureCppGenerator generator({}, empty.path().toStdString());
        const GeneratorOutput output = generator.generate({swivel::test::cameraExample(), DeviceCatalog::builtin()});
        QVERIFY(swivel::model::hasErrors(output.diagnostics));
        QCOMPARE(output.diagnostics.front().code,
                 std::string(swivel::codegen::codes::TemplateError));
        QVERIFY2(contains(output.diagnostics.front().message, "host.json.mustache"),
                 output.diagnostics.front().message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestAzureCppGenerator)
#include "test_azure_cpp_generator.moc"
