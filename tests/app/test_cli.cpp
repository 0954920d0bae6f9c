// swivel-cli through run(): validate, step, --help and --version, exit codes.

#include <QtTest>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli.h"

namespace {

struct Run {
    int code = -1;
    std::string out;
    std::string err;
};

Run cli(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    Run run;
    run.code = swivel::cli::run(args, out, err);
    run.out = out.str();
    run.err = err.str();
    return run;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> result;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);)
        result.push_back(line);
    return result;
}

const std::string kExamples = SWIVEL_SOURCE_RESOURCES "/examples";
const std::string kCamera = kExamples + "/camera-point-focus-shoot.swivel.json";
const std::string kSyntaxError = SWIVEL_TEST_DATA "/syntax-error.swivel.json";

constexpr int kOk = static_cast<int>(swivel::cli::ExitCode::Ok);
constexpr int kErrors = static_cast<int>(swivel::cli::ExitCode::Errors);
constexpr int kUsage = static_cast<int>(swivel::cli::ExitCode::Usage);

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void validateExamplesIsSilent() {
        std::vector<std::string> files;
        for (const auto& entry : std::filesystem::directory_iterator(kExamples)) {
            const std::string path = entry.path().string();
            if (path.ends_with(".swivel.json"))
                files.push_back(path);
        }
        QVERIFY(!files.empty());
        for (const std::string& file : files) {
            const Run run = cli({"validate", file});
            QVERIFY2(run.code == kOk && run.out.empty() && run.err.empty(),
                     (file + ":\n" + run.out + run.err).c_str());
        }
        std::vector<std::string> all{"validate"};
        all.insert(all.end(), files.begin(), files.end());
        const Run run = cli(all);
        QCOMPARE(run.code, kOk);
        QVERIFY(run.out.empty());
    }

    void missingFileIsUsageError() {
        const std::string missing = SWIVEL_TEST_DATA "/no-such-file.swivel.json";
        const Run run = cli({"validate", missing});
        QCOMPARE(run.code, kUsage);
        QVERIFY2(run.out.find(missing + ":") == 0, run.out.c_str());
        QVERIFY(run.out.find("SW008") != std::string::npos);
        // One unreadable file among good ones still makes the run unusable.
        QCOMPARE(cli({"validate", kCamera, missing}).code, kUsage);
        QCOMPARE(cli({"step", missing, "Motion"}).code, kUsage);
    }

    void badArgumentsAreUsageErrors() {
        QCOMPARE(cli({}).code, kUsage);
        QCOMPARE(cli({"validate"}).code, kUsage);
        QCOMPARE(cli({"frobnicate", kCamera}).code, kUsage);
        QCOMPARE(cli({"validate", "--no-such-option", kCamera}).code, kUsage);
        QCOMPARE(cli({"step"}).code, kUsage);
        const Run run = cli({"validate"});
        QVERIFY(!run.err.empty());
        QVERIFY(run.out.empty());
    }

    void syntaxErrorNamesLineAndColumn() {
        // data/syntax-error.swivel.json has a stray '@' at line 4, column 14.
        const Run run = cli({"validate", kSyntaxError});
        QCOMPARE(run.code, kErrors);
        const auto output = lines(run.out);
        QVERIFY(!output.empty());
        const std::string expected = kSyntaxError + ":4:14: error: SW001: ";
        QVERIFY2(output.front().rfind(expected, 0) == 0, run.out.c_str());
        QVERIFY(output.front().size() > expected.size());  // and a message
    }

    void jsonOutputHasTheFields() {
        const Run run = cli({"validate", "--json", kSyntaxError, kCamera});
        QCOMPARE(run.code, kErrors);
        const auto json = nlohmann::json::parse(run.out, nullptr, false);
        QVERIFY2(json.is_array() && !json.empty(), run.out.c_str());
        for (const auto& d : json) {
            for (const char* field :
                 {"file", "line", "column", "severity", "code", "element", "field", "message"})
                QVERIFY2(d.contains(field), field);
        }
        QCOMPARE(json[0]["file"].get<std::string>(), kSyntaxError);
        QCOMPARE(json[0]["line"].get<int>(), 4);
        QCOMPARE(json[0]["column"].get<int>(), 14);
        QCOMPARE(json[0]["severity"].get<std::string>(), std::string("error"));
        QCOMPARE(json[0]["code"].get<std::string>(), std::string("SW001"));

        const Run clean = cli({"validate", "--json", kCamera});
        QCOMPARE(clean.code, kOk);
        QCOMPARE(nlohmann::json::parse(clean.out), nlohmann::json::array());
    }

    void stepPointFocusShoot() {
        const Run run = cli({"step", kCamera, R"(Motion={"Bearing":90})", "MoveDone", "FocusDone"});
        QVERIFY2(run.code == kOk, run.err.c_str());
        const auto output = lines(run.out);
        QCOMPARE(output.size(), std::size_t(4));
        std::vector<std::string> sends;
        std::vector<nlohmann::json> steps;
        for (const std::string& line : output) {
            const auto json = nlohmann::json::parse(line, nullptr, false);
            QVERIFY2(json.is_object(), line.c_str());
            QVERIFY(json.contains("event") && json.contains("configuration") &&
                    json.contains("actions"));
            for (const auto& action : json["actions"]) {
                QVERIFY(action.contains("kind"));
                if (action["kind"] == "send")
                    sends.push_back(action["command"].get<std::string>());
            }
            steps.push_back(json);
        }
        QVERIFY(steps[0]["event"].is_null());
        QCOMPARE(steps[1]["event"].get<std::string>(), std::string("Motion"));
        QCOMPARE(steps[3]["event"].get<std::string>(), std::string("FocusDone"));
        const auto& last = steps[3]["configuration"];
        QVERIFY2(std::find(last.begin(), last.end(), "TakePhoto") != last.end(),
                 output.back().c_str());
        QCOMPARE(sends, (std::vector<std::string>{"Swivel", "Focus", "TakePhoto"}));
        // The bearing is typed by the device type (int) and reaches the command.
        for (const auto& action : steps[1]["actions"]) {
            if (action["kind"] == "send")
                QCOMPARE(action["args"]["Bearing"], nlohmann::json(90));
        }
        // The lines are compact: one object each, keys in the documented order.
        QVERIFY2(output[0].rfind(R"({"event":null,"configuration":[)", 0) == 0,
                 output[0].c_str());
    }

    void stepBadPayloadIsUsageError() {
        for (const std::string argument :
             {R"(Motion={"Bearing":)", "Motion=[1,2]", R"(Motion={"Bearing":"north"})", "=x"}) {
            const Run run = cli({"step", kCamera, argument});
            QCOMPARE(run.code, kUsage);
            QVERIFY2(run.err.find(argument) != std::string::npos, run.err.c_str());
            QVERIFY(run.out.empty());
        }
    }

    void stepBrokenFilePrintsDiagnostics() {
        const Run run = cli({"step", kSyntaxError, "Motion"});
        QCOMPARE(run.code, kErrors);
        QVERIFY2(run.out.rfind(kSyntaxError + ":4:14: error: SW001: ", 0) == 0, run.out.c_str());
    }

    void helpForEverySubcommand() {
        const Run top = cli({"--help"});
        QCOMPARE(top.code, kOk);
        QVERIFY(top.out.find("validate") != std::string::npos);
        QVERIFY(top.out.find("step") != std::string::npos);
        const Run validate = cli({"validate", "--help"});
        QCOMPARE(validate.code, kOk);
        QVERIFY2(validate.out.find("--json") != std::string::npos, validate.out.c_str());
        const Run step = cli({"step", "--help"});
        QCOMPARE(step.code, kOk);
        QVERIFY2(step.out.find("EVENT") != std::string::npos, step.out.c_str());
    }

    void version() {
        const Run run = cli({"--version"});
        QCOMPARE(run.code, kOk);
        QCOMPARE(run.out, std::string("swivel-cli 0.1.0\n"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
