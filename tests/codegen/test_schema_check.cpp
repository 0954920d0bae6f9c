// Generated host.json and function.json are checked against SchemaStore's schemas
// (resources/schemas/) with draft-07 rules; a violation names the JSON pointer of the
// place, so that a user (or a template author) can find it.
#include <QtTest>

#include <string>

#include <nlohmann/json.hpp>

#include "codegen/schema_check.h"

using swivel::codegen::checkAgainstSchema;
using swivel::codegen::describeFirstProblem;
using swivel::codegen::SchemaCheck;
using swivel::codegen::schemaPath;

namespace {

// The shape the azure-cpp target writes (tests of the generator check it writes this).
nlohmann::json functionJson() {
    return nlohmann::json::parse(R"json({
      "bindings": [
        {"type": "eventHubTrigger", "direction": "in", "name": "deviceMessage",
         "connection": "IOTHUB_EVENTHUB_CONNECTION", "eventHubName": "%IOTHUB_EVENTHUB_NAME%",
         "consumerGroup": "$Default", "cardinality": "one"},
        {"type": "serviceBus", "direction": "out", "name": "commands",
         "queueName": "device-commands", "connection": "SERVICEBUS_CONNECTION"}
      ],
      "retry": {"strategy": "exponentialBackoff", "maxRetryCount": 5,
                "minimumInterval": "00:00:01", "maximumInterval": "00:00:30"}
    })json");
}

nlohmann::json hostJson() {
    return nlohmann::json::parse(R"json({
      "version": "2.0",
      "logging": {"logLevel": {"default": "Information"}},
      "extensionBundle": {"id": "Microsoft.Azure.Functions.ExtensionBundle",
                          "version": "[4.*, 5.0.0)"},
      "customHandler": {"description": {"defaultExecutablePath": "swivel-handler"},
                        "enableForwardingHttpRequest": false}
    })json");
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

class TestSchemaCheck : public QObject {
    Q_OBJECT
private slots:
    void aCorrectFunctionJsonValidates() {
        // Under strict draft-04 rules this fails: the sql binding's branches use
        // `const`, draft-04 ignores it, and those branches then match any binding.
        const SchemaCheck check = checkAgainstSchema(functionJson(), schemaPath("function.json"));
        QVERIFY2(check.valid(), describeFirstProblem(check).c_str());
    }

    void aCorrectHostJsonValidates() {
        const SchemaCheck check = checkAgainstSchema(hostJson(), schemaPath("host.json"));
        QVERIFY2(check.valid(), describeFirstProblem(check).c_str());
    }

    void aWrongCardinalityIsNamedByItsPointer() {
        nlohmann::json broken = functionJson();
        broken["bindings"][0]["cardinality"] = "many-ish";
        const SchemaCheck check = checkAgainstSchema(broken, schemaPath("function.json"));
        QVERIFY(!check.valid());
        // Of all the oneOf branches that fail, the eventHubTrigger's is the one meant.
        QCOMPARE(check.violations.front().pointer, std::string("/bindings/0/cardinality"));
        const std::string description = describeFirstProblem(check);
        QVERIFY2(contains(description, "at /bindings/0/cardinality"), description.c_str());
        QVERIFY2(contains(description, "\"many-ish\""), description.c_str());
    }

    void aBindingWithoutNameIsRejected() {
        nlohmann::json broken = functionJson();
        broken["bindings"][1].erase("name");
        const SchemaCheck check = checkAgainstSchema(broken, schemaPath("function.json"));
        QVERIFY(!check.valid());
        QCOMPARE(check.violations.front().pointer, std::string("/bindings/1"));
        QVERIFY2(contains(check.violations.front().message, "name"),
                 check.violations.front().message.c_str());
    }

    void aRetryIntervalOutsideTheDayIsRejected() {
        nlohmann::json broken = functionJson();
        broken["retry"]["maximumInterval"] = "25:00:00";
        const SchemaCheck check = checkAgainstSchema(broken, schemaPath("function.json"));
        QVERIFY(!check.valid());
        QCOMPARE(check.violations.front().pointer, std::string("/retry/maximumInterval"));
    }

    void anUnknownCustomHandlerKeyIsRejected() {
        // customHandler has additionalProperties: false; a misspelt key would be ignored
        // by the host without a word.
        nlohmann::json broken = hostJson();
        broken["customHandler"]["enableForwardingHttp"] = false;
        const SchemaCheck check = checkAgainstSchema(broken, schemaPath("host.json"));
        QVERIFY(!check.valid());
        QCOMPARE(check.violations.front().pointer, std::string("/customHandler"));
        QVERIFY2(contains(check.violations.front().message, "enableForwardingHttp"),
                 check.violations.front().message.c_str());
    }

    void aPointerEscapesSlashAndTilde() {
        nlohmann::json broken = hostJson();
        broken["logging"]["logLevel"]["Host/Results~x"] = "Loud";
        const SchemaCheck check = checkAgainstSchema(broken, schemaPath("host.json"));
        QVERIFY(!check.valid());
        QCOMPARE(check.violations.front().pointer,
                 std::string("/logging/logLevel/Host~1Results~0x"));
    }

    void aMissingSchemaIsReportedAsSuch() {
        const std::string missing = schemaPath("no-such-schema.json");
        const SchemaCheck check = checkAgainstSchema(hostJson(), missing);
        QVERIFY(!check.valid());
        QVERIFY(check.violations.empty());
        QVERIFY2(contains(check.schemaError, missing), check.schemaError.c_str());
    }
};

QTEST_APPLESS_MAIN(TestSchemaCheck)
#include "test_schema_check.moc"
